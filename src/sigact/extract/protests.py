"""How a protest is coded: peaceful, with intervention, excessive force, or a riot.

The sub-type turns on what the protest's sentences say the crowd or the authorities did
(CODEBOOK.md "Protests" and "Riots"); the cue that opened the event only says there was one.
"""

from __future__ import annotations

import re

__all__ = ["protest_subtype"]

_INTERVENTION = re.compile(
    r"\b(?:tear ?gas|water cannons?|dispers(?:ed|e|ing)|rubber bullets|batons?|arrest(?:ed|s)|"
    r"detain(?:ed|s)|baton[- ]charged|beat(?:en)?|stun grenades?|pepper spray|broke up|"
    r"(?:took|taken|hauled|dragged) away)\b",
    re.IGNORECASE,
)
_LETHAL = re.compile(
    r"\b(?:live (?:fire|ammunition|rounds|bullets)|opened fire|shot (?:dead|and killed)|"
    r"fired (?:on|at|into) (?:the )?(?:protesters|demonstrators|crowds?|marchers)|"
    r"(?:protesters|demonstrators) (?:were )?killed|killing (?:\w+ ){0,2}(?:protesters|"
    r"demonstrators)|shot (?:\w+ ){0,4}by (?:the )?(?:police|soldiers|troops|security forces))\b",
    re.IGNORECASE,
)
_RIOT = re.compile(
    r"\b(?:(?:protesters|demonstrators|crowds?) (?:(?!(?:were|was|been|being)\b)\w+ ){0,2}"
    r"(?:torched|stormed|burned|set fire|"
    r"threw (?:stones|rocks|petrol bombs|molotov)|vandali[sz]ed|attacked|smashed|looted)|"
    r"threw (?:[\w-]+ (?:and )?){0,3}?(?:stones|rocks|bottles|petrol bombs|molotov cocktails|"
    r"fireworks|firebombs)|set(?:ting)? fire to|set (?:\w+ )?(?:ablaze|alight)|"
    r"(?:tried|attempted|trying) to (?:force|storm|break) (?:their|its) way into|"
    r"forc(?:ed|ing) (?:their|its) way into|t(?:ore|earing) down|pelt(?:ed|ing)|"
    r"hurl(?:ed|ing) (?:stones|rocks|bottles|petrol bombs)|"
    r"(?:protesters|demonstrators|crowds?|marchers|students) (?:\w+ ){0,2}clash(?:ed|ing)? with|"
    r"clash(?:es|ed)? between (?:the )?(?:protesters|demonstrators|crowds?|students) and|"
    r"(?:protests?|demonstrations?|rall(?:y|ies)|marche?s?)\b[^.;]{0,80}\bturned violent|"
    r"(?:protesters|demonstrators|crowds?|marchers|students) (?:\w+ ){0,2}(?:fought|battled) "
    r"(?:pitched battles |running battles )?with|(?:pitched|running) battles|"
    r"broke (?:through|past) (?:police|security) (?:lines|cordons?|barricades))\b",
    re.IGNORECASE,
)
# "Police did not intervene and no arrests were reported": the words of force, denied.
_DENIED = re.compile(r"\b(?:no|not|never|without|nor|n't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _told(rx: re.Pattern[str], text: str) -> bool:
    return any(not _DENIED.search(text[max(0, m.start() - 30) : m.start()])
               for m in rx.finditer(text))


def protest_subtype(text: str) -> str:
    """Peaceful, with intervention, excessive force, or a riot: from the protest's sentences.

    Crowd violence decides first: a crowd that stormed parliament rioted even if police then
    shot at it (CODEBOOK.md: excessive force is lethal force against a peaceful protest).
    """
    if _told(_RIOT, text):
        return "Violent demonstration"
    if _told(_LETHAL, text):
        return "Excessive force against protesters"
    if _told(_INTERVENTION, text):
        return "Protest with intervention"
    return "Peaceful protest"
