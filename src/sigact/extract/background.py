"""Background mentions: recalled acts that are not the news of a report (CODEBOOK.md).

"The 2020 Iranian missile attack", an anniversary, "since the war began": a report may name
acts that happened long before it. By default nothing dated more than 30 days before
publication is emitted, and a clause that recalls the past is not an event; the extractor's
``include_background`` emits them, each with its own date.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["BACKGROUND_CUES", "is_background", "is_tally", "recalls_named", "recalls_past",
           "recalls_strongly"]

#: Cues that a sentence recalls an older event rather than reporting a new one.
BACKGROUND_CUES: re.Pattern[str] = re.compile(
    r"\b(?:anniversary|commemorat\w*|memorial\s+(?:service|ceremony)"
    r"|(?:years?|months?)\s+ago\s+(?:today|this\s+week)|years?\s+ago"
    r"|(?:a|one|two|\w+)\s+decades?\s+ago|(?:to|they)\s+remember"
    r"|since\s+(?:(?:(?:the\s+)?(?:war|conflict|fighting|clashes|coup|invasion|uprising|offensive|"
    r"insurgency|violence|crisis)|it|they)\s+(?:began|started|erupted|broke\s+out|flared(?:\s+up)?)"
    r"|the\s+start\s+of|the\s+beginning\s+of|(?:19|20)\d{2})"
    r"|(?:in|during|by)\s+(?:(?:early|mid|late)[\s-]+)?(?:19|20)\d{2}\b|the\s+(?:19|20)\d{2}\s+\w+"
    r"|(?:between|from)\s+(?:19|20)\d{2}\s+(?:and|to|until)\s+(?:19|20)\d{2}\b"
    r"|(?:in|during|since|by)\s+the\s+(?:early\s+|mid-?|late\s+)?(?:19|20)\d0s\b"
    r"|(?:spring|summer|autumn|fall|winter|start|end)\s+of\s+(?:19|20)\d{2}\b"
    r"|(?:many|countless|numerous)\s+times"
    r"|last\s+year|the\s+previous\s+year|a\s+year\s+(?:ago|earlier)|(?:last|past)\s+decade"
    r"|in\s+the\s+past\b(?!\s+(?:\d+|few|several|two|three|24|48|72)\s+(?:hours|days))|previously|reminiscent\s+of|recalled"
    r"|similar\s+(?:\w+\s+)?(?:attacks?|fighting|clashes|violence|bombings?|raids?|"
    r"strikes?|incidents?|assaults?)"
    r"|(?:years?|months?|decades?)\s+since|to\s+mark\s+(?:the\s+)?(?:\w+\s+)?(?:years?|months?)"
    r"|(?:years?|months?)\s+to\s+the\s+day)",
    re.IGNORECASE,
)


_CUE_YEAR = re.compile(r"(?:19|20)\d{2}")


# Cues that make the whole clause a recollection, whatever else it dates.
_STRONG_CUE = re.compile(r"anniversar|commemorat|memorial|recall|reminiscent|to\s+mark|"
                         r"remember|to\s+the\s+day|ago\s+(?:today|this)|"
                         # "marked two years since the troops withdrew": time counted since
                         r"(?:years?|decades?)\s+since", re.IGNORECASE)


def recalls_past(text: str, *, published: date | None, dated: bool = False) -> bool:
    """True when ``text`` recalls an older event (a ``BACKGROUND_CUES`` match).

    A cue that is only a year ("in 2021", "the 2021 attack") counts when that year is before
    the year of publication: a report of March 2021 saying "in 2021" tells this year's news.
    With ``dated`` (the clause dates its act to a recent day) only a strong cue counts:
    "killed 12 on Monday, the deadliest attack since 2019" is news; "marked on Sunday the
    anniversary of the 2017 bombing" is not.
    """
    for m in BACKGROUND_CUES.finditer(text):
        if _STRONG_CUE.search(m.group()):
            return True
        year = _CUE_YEAR.search(m.group())
        past = year is None or published is None or int(year.group()) < published.year
        if dated and not (past and year is not None and _DATING.match(m.group())):
            continue  # "the deadliest since 2019" compares; "killed 86 ... in 2016" dates
        if past:
            return True
    return False


_DATING = re.compile(r"(?:in|during|by|between|from)\s", re.IGNORECASE)


# "convicted of ordering the 2003 massacre in Bogoro, in which 200 were killed": an act named
# by its year, and the cues that tell of it (its own noun, a relative clause after it).
_NAMED_PAST = re.compile(
    r"(?<!since )(?<!than )\bthe\s+(?P<year>(?:19|20)\d{2})\s+(?:[\w'’-]+\s+){0,2}?(?:massacres?|"
    r"attacks?|bombings?|killings?|raids?|assaults?|siege|invasion|coup|genocide|uprising|war|"
    r"shelling|strikes?|ambush|kidnappings?|abductions?)\b(?P<rel>[^.;]{0,80}?\b(?:in which|during "
    r"which|which|that|when|where)\b)?", re.IGNORECASE)


# "the truck attack in Nice on Bastille Day 2016, which killed 86": the year after the name.
_YEAR_THEN_WHICH = re.compile(
    r"\b(?:massacres?|attacks?|bombings?|killings?|raids?|assaults?|siege|shelling|strikes?|"
    r"ambush)\b[^.;]{0,60}?\b(?P<year>(?:19|20)\d{2})\b,?\s+(?:in\s+which|which|that|when)\b",
    re.IGNORECASE)


def recalls_named(text: str, start: int, *, published: date | None) -> bool:
    """True when the cue at ``start`` is an act named by an earlier year ("the 2003
    massacre"), or tells of it in a relative clause after that name."""
    if published is None:
        return False
    for m in _NAMED_PAST.finditer(text):
        if int(m["year"]) < published.year and m.start() <= start and (
                start <= m.end() + 60 if m["rel"] else start < m.end()):
            return True
    return any(int(m["year"]) < published.year and m.end() <= start <= m.end() + 60
               for m in _YEAR_THEN_WHICH.finditer(text))



def is_background(d: date, *, published: date | None, max_days: int = 30) -> bool:
    """True when ``d`` is more than ``max_days`` before publication, or after it.

    Such a date is a recalled or a planned event, not a new one (CODEBOOK.md). Without a
    publication date nothing can be called background.
    """
    if published is None:
        return False
    return d > published or (published - d).days > max_days


# A tally over months or more, in the perfect: "more than 2,500 people have been killed
# since January", "the war, which has killed tens of thousands": the codebook codes acts,
# not their totals. Days or weeks of fighting told as one can be one event (precision 2),
# so "in recent weeks" is no tally.
_PERIOD = re.compile(
    r"\bsince\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|the\s+(?:start|beginning)\s+of)\b|\b(?:so\s+far\s+)?this\s+year\b|"
    r"\bso\s+far\s+this\s+month\b|"
    r"\bin\s+recent\s+(?:months|years)\b|\b(?:over|in)\s+the\s+(?:past|last)\s+(?:\w+\s+)?"
    r"(?:months|years)\b|\b(?:has|have)\s+(?:now\s+)?killed\s+(?:more\s+than\s+)?(?:tens\s+of\s+"
    r"thousands|thousands|millions)\b")
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
           r"December)")
# "killed between the beginning of January and late March", "from January to June"
_SPAN = re.compile(rf"\b(?:between|from)\s+(?:the\s+(?:beginning|start|end)\s+of\s+)?"
                   rf"(?:(?:early|mid|late)[\s-]+)?{_MONTHS}\s+(?:and|to|until)\s+"
                   rf"(?:the\s+(?:beginning|start|end)\s+of\s+)?(?:(?:early|mid|late)[\s-]+)?"
                   rf"{_MONTHS}\b")
_PERFECT = re.compile(r"\b(?:has|have)\s+(?:now\s+|also\s+)?(?:been\s+)?[a-z]+(?:ed|en|t)\b")


# "Odesa has suffered two lethal missile attacks in a week", "the third such bombing this
# month": acts counted, each told (or not) elsewhere.
_COUNTED = re.compile(
    r"\b(?:has|have|had)\s+(?:now\s+)?(?:suffered|seen|endured|witnessed|faced|recorded|"
    r"come\s+under|been\s+hit\s+by)\s+(?:at\s+least\s+)?(?:two|three|four|five|six|several|"
    r"many|numerous|repeated|multiple|dozens\s+of|\d+)\s+(?:[\w-]+\s+){0,2}?(?:attacks|strikes|"
    r"bombings|raids|assaults|explosions|blasts)\b|"
    r"\bthe\s+(?:second|third|fourth|fifth|sixth|seventh|\d+(?:st|nd|rd|th))\s+such\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attack|strike|bombing|raid|blast|incident)\s+(?:this|in)\b", re.I)


def is_tally(text: str) -> bool:
    """True when ``text`` sums up acts over weeks or more (in the perfect, or from one month
    to another), or counts them."""
    return (_PERIOD.search(text) is not None and _PERFECT.search(text) is not None) or (
        _COUNTED.search(text) is not None or _SPAN.search(text) is not None)


# A court case about an act: "found guilty", "the verdict", "sentenced ... for".
_PROCEEDINGS = re.compile(
    r"\b(?:verdicts?|convicted|acquitted|sentenced|(?:found|pleaded)\s+(?:\w+\s+){0,3}?guilty|"
    r"on\s+trial|trial\s+(?:of|over|for))\b", re.IGNORECASE)


def recalls_strongly(text: str) -> bool:
    """True when ``text`` (a report's lead) is about an older act: an anniversary, a memorial,
    a trial. The report's undated acts are then that act, not news (CODEBOOK.md)."""
    return any(_STRONG_CUE.search(m.group()) for m in BACKGROUND_CUES.finditer(text)) or (
        _PROCEEDINGS.search(text) is not None)
