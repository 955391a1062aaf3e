"""Where an event's fields appear in an evidence sentence, for the dashboard to highlight.

The pipeline stores each evidence sentence and its offsets in the report, not the offsets of
every field inside it, so the spans are found again here: the place phrase, actors, target,
weapons and casualty figures, matched as whole words, case-insensitively. Spans never overlap
(the earliest, then longest, wins) and are offsets into the sentence text.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from ..records import Event

SpanField = Literal["place", "actor", "target", "weapon", "fatalities", "injuries", "claim"]

_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)


class Span(BaseModel):
    start: int
    end: int
    field: SpanField


def _phrase(text: str) -> str:
    r"""A pattern for a phrase as whole words, any run of spaces matching any other."""
    words = [re.escape(w) for w in text.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)" if words else ""


def _number(n: int) -> str:
    alts = [str(n)]
    if n < len(_NUMBER_WORDS):
        alts.append(_NUMBER_WORDS[n])
    return r"(?<![\w.,])(?:" + "|".join(alts) + r")(?![\w]|[.,]\d)"


def _terms(ev: Event) -> list[tuple[str, SpanField]]:
    terms: list[tuple[str, SpanField]] = []
    place = ev.place
    for text in (ev.location_text, place.location if place else None,
                 place.admin1 if place else None):
        if text:
            terms.append((_phrase(text), "place"))
    for actor in (ev.actor1, ev.actor2):
        if actor:
            terms.append((_phrase(actor.name), "actor"))
    for claim in ev.claims:
        for name in (claim.by, claim.actor):
            if name:
                terms.append((_phrase(name), "claim"))
    if ev.target:
        terms.append((_phrase(ev.target), "target"))
    for weapon in ev.weapons:
        pattern = _phrase(weapon)
        if pattern:  # plurals: "drones", "IEDs", "missiles"
            terms.append((pattern[: -len(r"(?!\w)")] + r"(?:e?s)?(?!\w)", "weapon"))
    if ev.fatalities > 0:
        terms.append((_number(ev.fatalities), "fatalities"))
    if ev.injuries:
        terms.append((_number(ev.injuries), "injuries"))
    return [(p, f) for p, f in terms if p]


def highlight(sentence: str, ev: Event) -> list[Span]:
    """Non-overlapping spans of ``ev``'s fields in ``sentence``, in reading order."""
    found: list[tuple[int, int, SpanField]] = []
    for pattern, field in _terms(ev):
        for m in re.finditer(pattern, sentence, flags=re.IGNORECASE):
            if m.end() > m.start():
                found.append((m.start(), m.end(), field))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    spans: list[Span] = []
    end = 0
    for start, stop, field in found:
        if start >= end:
            spans.append(Span(start=start, end=stop, field=field))
            end = stop
    return spans
