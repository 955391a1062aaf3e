"""Which date of a clause is the day of its act, and which only dates the telling.

A clause often names two days: "mourning on Thursday after yesterday's missile attack", "named
on Monday the soldiers who died early on Sunday". ``find_dates`` finds them all; the rules
here pick the act's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import DAY, WEEK, DateRef, find_dates

__all__ = ["AfterPhrase", "act_after", "dated_lines", "dateline_date_end", "event_date", "in_quote",
           "is_report_date",
           "quoted_dates", "restates_date"]

_I = re.IGNORECASE

# "the Pentagon said on Thursday", "officials told reporters on Monday": the day of the report.
_REPORT_BEFORE = re.compile(
    r"\b(?:said|says|announced|reported|confirmed|stated|added|told\s+(?:\w+\s+){0,2}?"
    r"(?:reporters|journalists|\w+))\s+(?:late\s+|early\s+)?(?:on\s+)?$",
    _I,
)
# "The Pentagon on Monday named ...": a date between a subject and a speech verb.
_REPORT_AFTER = re.compile(
    r"^,?\s+(?:said|says|announced|named|confirmed|reported|stated|identified|released|"
    r"published|declared)\b",
    _I,
)
# "The attack happened on Wednesday", "the talks ended on Thursday": a sentence that only
# dates an act told before.
_RESTATES = re.compile(
    r"^\W*(?:the|that|this)\s+(?:[\w-]+,?\s+){0,6}?(?:attacks?|strikes?|raids?|assault|blasts?|"
    r"explosions?|bombings?|talks|clash(?:es)?|fighting|incident|ambush|killings?|massacre|"
    r"shelling|protests?|rally|demonstrations?|meeting)\b[^.;]{0,60}?\b(?:happened|took\s+place|"
    r"occurred|came|ended|began|started|was\s+carried\s+out|were\s+held|was\s+held|"
    r"concluded|unfolded)\b",
    _I,
)


# "since the offensive began in June": an anchor of the background, not the act's day.
_SINCE = re.compile(r"\bsince\b[^,;.]*$|\b(?:began|started|launched)\s+(?:\w+\s+)?$", _I)
_LATER_ACT = re.compile(r"\b(?:after|following|since)\b", _I)


def is_report_date(ref: DateRef, text: str) -> bool:
    """True when ``ref`` dates the telling (a speech verb), not the act told."""
    return bool(_REPORT_BEFORE.search(text[max(0, ref.start - 40) : ref.start])
                or _REPORT_AFTER.match(text[ref.end : ref.end + 30]))


def event_date(refs: list[DateRef], text: str, *, start: int, end: int) -> tuple[DateRef, bool]:
    """The date of the act whose cue spans ``start:end`` in ``text``, and if it is a report date.

    A clause often names two days: "mourning on Thursday after yesterday's missile attack",
    "named on Monday the soldiers who died early on Sunday". The day of the act is the one
    nearest its cue that does not date a speech verb; a report date is only a fallback, and
    is flagged so that a later "the attack happened on Wednesday" may correct it.
    """
    if not refs:
        raise ValueError("event_date needs at least one date reference")
    told = [r for r in refs if not is_report_date(r, text)
            and not _SINCE.search(text[max(0, r.start - 60) : r.start])]
    pool = told or list(refs)

    def gap(r: DateRef) -> int:
        # "put out a blaze on Saturday after the ship was hit": the day dates the later act.
        later = r.end <= start and _LATER_ACT.search(text[r.end : start]) is not None
        return max(0, start - r.end, r.start - end) + (1000 if later else 0)

    return min(pool, key=gap), not told


def restates_date(text: str) -> bool:
    """True when a clause without a cue of its own dates an act named earlier."""
    return _RESTATES.search(text) is not None


@dataclass(frozen=True, slots=True)
class AfterPhrase:
    """"two days after" before an act: the act is what the phrase counts from."""

    days: int
    precision: int
    start: int
    end: int

    def date_from(self, base: date) -> date:
        return base - timedelta(days=self.days)


_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_AFTER = re.compile(
    r"\b(?:(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a\s+few|few|several)\s+)?(?P<unit>hours?|days?|nights?|weeks?|months?|years?)\s+after\s+",
    _I)


def act_after(text: str, start: int) -> AfterPhrase | None:
    """The "N days after" phrase governing the cue at ``start``, if any.

    "The fall of the city came two days after the rebels seized the airport", "Nine days
    after drones struck the hospital, its wards are ash": the act after the phrase is N days
    before the day the sentence is about, not N days after the last act told.
    """
    window = text[max(0, start - 140) : start]
    found = None
    for m in _AFTER.finditer(window):
        found = m
    if found is None or re.search(r"[.;,]", window[found.end():]):
        return None
    unit = found["unit"].lower()
    word = " ".join((found["n"] or "").lower().split())
    n = int(word) if word.isdigit() else _NUM.get(word, 3 if word else 1)
    if unit.startswith("hour"):
        n = 0
    elif unit.startswith("week"):
        n *= 7
    elif unit[0] in "my":
        # "resumed talks three years after a car bomb killed 22": a background act
        n *= 30 if unit.startswith("month") else 365
    offset = start - len(window)
    precision = 3 if unit[0] in "my" else WEEK if unit.startswith("week") or word in (
        "a few", "few", "several") else DAY
    return AfterPhrase(n, precision, offset + found.start(), offset + found.end())


def in_quote(text: str, pos: int) -> bool:
    """True when ``pos`` lies inside quotation marks opened in its paragraph."""
    para = text[text.rfind("\n", 0, pos) + 1 : pos]
    return para.count("“") > para.count("”") or para.count('"') % 2 == 1


_QUOTED_RELATIVE = re.compile(r"\b(?:today|tonight|yesterday|this\s+(?:morning|afternoon|"
                              r"evening)|last\s+night)\b", _I)


def quoted_dates(refs: list[DateRef], clause: str, *, offset: int, text: str,
                 said: date | None, previous: date | None) -> list[DateRef]:
    """Re-resolve "today" and "yesterday" inside a quotation against ``said``, the day the
    quoted statement was made: "The ministry said in a statement: 'Today the enemy attacked
    ...'", reported the next morning, dates the attack to the day of the statement."""
    if said is None or not any(d.kind == "relative" and _QUOTED_RELATIVE.fullmatch(d.text)
                               and in_quote(text, offset + d.start) for d in refs):
        return refs
    again = {d.start: d for d in find_dates(clause, published=said, previous=previous)}
    return [again.get(d.start, d) if d.kind == "relative" and in_quote(text, offset + d.start)
            else d for d in refs]


# "Addis Ababa, 28 November 2020" alone on its line: the date a statement or a bulletin was
# written, which its "today" and weekdays count from (it may be days before publication).
_DATE_LINE = re.compile(
    r"^\W*(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},?\s+)?(?:\w+day,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?)"
    r"\s+(?:19|20)\d{2}\W*$")


def dated_lines(text: str, *, published: date | None) -> list[tuple[int, date]]:
    """(end offset, day) of each line that holds only a place and a full date in the month
    before publication (a later or older one dates something else)."""
    out: list[tuple[int, date]] = []
    if published is None:
        return out
    for m in re.finditer(r"[^\n]+", text):
        if len(m.group()) > 60 or not _DATE_LINE.match(m.group().strip()):
            continue
        found = [d for d in find_dates(m.group(), published=published)
                 if d.precision == 1 and d.date]
        day = found[0].date if found else None
        if day is not None and day <= published and (published - day).days <= 31:
            out.append((m.end(), day))
    return out


# "ALMATY, 6 January —", "KYIV, March 3 (Wire) -": a dateline that carries the day of writing.
_DATED_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'’ .-]+(?:/\s*[A-Z][A-Z'’ .-]+)*,\s+(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?"
    r"\s+\d{1,2})(?:,?\s+(?:19|20)\d{2})?\s*(?:\([^)]{1,60}\)\s*)?[—–-]+\s*")


def dateline_date_end(text: str) -> int:
    """Length of a leading dateline with a date in it, 0 when there is none: its date is the
    report's, never an act's."""
    m = _DATED_DATELINE.match(text[:160])
    return m.end() if m else 0
