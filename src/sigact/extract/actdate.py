"""Which date of a clause is the day of its act, and which only dates the telling.

A clause often names two days: "mourning on Thursday after yesterday's missile attack", "named
on Monday the soldiers who died early on Sunday". ``find_dates`` finds them all; the rules
here pick the act's.
"""

from __future__ import annotations

import re

from .dates import DateRef

__all__ = ["event_date", "is_report_date", "restates_date"]

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
