"""Clauses: the spans of a sentence that each tell one act.

A sentence is split on ";" and line breaks (a strike list by place yields one clause per
place) and on a comma + "and" that opens another act with its own head noun. A trailing
"..., a day after a drone attack killed a contractor" is an earlier act, told elsewhere in
the report: it is cut off, so that its weapon and toll are not this act's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["clauses"]

# Clauses: ";", line breaks (strike lists; not a break before a lowercase word, which only
# wraps a sentence), and a comma + "and" that opens another act with its own head noun ("the
# attack on a market in X, and the car bomb attacks in Y on Monday") or its own verb: each act
# keeps its own weapon, place and day.
_ACT_NOUN = (r"(?:attacks?|bombings?|(?:air ?|drone |missile |rocket )?strikes?|raids?|"
             r"assaults?|explosions?|blasts?|shelling|ambush(?:es)?|massacres?|shootings?|"
             r"clashes|kidnappings?|abductions?|killings?)")
_CLAUSE_SPLIT = re.compile(
    r";\s*|\n+\s*(?:[.•·*-]\s*)?(?=(?-i:[^a-z\s]))|"
    r",\s+(?:and|as well as)\s+(?=(?:also\s+)?(?:the|a|an|another|two|three|four|several|"
    r"multiple|\d+)\s+(?:[\w'’-]+\s+){0,3}?" + _ACT_NOUN + r"\b)|"
    # "attacked seven towns, including Kayes and Niono, and shelled the base at Molodo": a
    # second act of the same subject, at its own place
    r",\s+and\s+(?:then\s+|also\s+|later\s+)?(?=(?:shelled|bombed|struck|attacked|raided|"
    r"stormed|seized|captured|overran|ambushed|torched|looted|burned|abducted|kidnapped)\b)", re.I)
_EARLIER_ACT = re.compile(r",\s+(?:(?:a|one|two|three|four|five|several|\d+)\s+)?(?:days?|hours?|"
                          r"weeks?|months?|years?)\s+after\s+(?:an?\s+|the\s+|(?=[a-z]+\s+"
                          r"[a-z]+ed\b))", re.I)


def clauses(sent: str, offset: int, skip: int, text: str) -> Iterator[tuple[int, int]]:
    """Clause spans (absolute offsets into ``text``) of a sentence at ``offset``."""
    for cs, ce in _clauses(sent, offset, skip):
        later = _EARLIER_ACT.search(text, cs, ce)
        yield cs, later.start() if later and later.start() - cs > 20 else ce


def _clauses(sent: str, offset: int, skip: int) -> Iterator[tuple[int, int]]:
    """Clause spans (absolute offsets) of a sentence: split on ";", line breaks, ", and"."""
    pos = 0
    for m in [*_CLAUSE_SPLIT.finditer(sent), None]:
        end = m.start() if m else len(sent)
        s, e = offset + pos, offset + end
        s = max(s, skip)
        if e - s > 3:
            yield s, e
        if m:
            pos = m.end()
