"""How far an extracted event can be trusted, and the one-line note that summarises it.

Kept apart from extraction so the scoring rules, which reviewers tune against the gold set,
can be read and changed in one place.
"""

from __future__ import annotations

import re
from typing import Any

from ..records import Mention
from .coding import is_unknown
from .eventplace import known_place
from .events import OpenEvent
from .places import RANK_COUNTRY, RANK_REGION

# Forward-looking, diplomatic or commemorative wording: the act named may not have happened
# (yet), or is not the news of the sentence.
_NONFACTUAL = re.compile(
    r"\b(?:will|would|could|urged?|urging|call(?:ed|s|ing)? (?:on|for)|capabilit(?:y|ies)|"
    r"investigations?|condolences|press(?:ed|ing)? (?:the|them|him|her) to|cease)\b", re.I)


def confidence(ev: OpenEvent, *, gazetteer: Any) -> float:
    """How far the evidence pins the event down, not only how strong its cue is.

    A strong cue at a known, precise place on a stated day by a named actor is usually
    right; a country-level or unplaceable event, a date inferred or only the report's, and
    a cue in a forward-looking or diplomatic sentence ("will aid", "urged ... to stop")
    are where the extractor errs, so each costs confidence.
    """
    m = ev.mention
    conf = ev.strength
    if ev.place is None or ev.place.rank >= RANK_COUNTRY:
        conf -= 0.2
    elif ev.place.rank < RANK_REGION:
        conf += 0.1 if known_place(ev.place.text, gazetteer=gazetteer) else -0.15
    if not ev.explicit_date:
        conf -= 0.1
    elif not ev.reported_date:
        conf += 0.05
    if m.actor1 is not None and not is_unknown(m.actor1):
        conf += 0.05
    if ev.texts and _NONFACTUAL.search(ev.texts[0]):
        conf -= 0.3
    return round(max(0.05, min(0.95, conf)), 2)


def note(m: Mention) -> str:
    """A one-line summary of the event: sub-type, place, day and toll."""
    where = f" {'near' if m.location_relation != 'in' else 'in'} {m.location_text}" \
        if m.location_text else ""
    when = f" on {m.event_date.isoformat()}" if m.event_date and m.time_precision == 1 else ""
    toll = (f"{m.fatalities} killed" if m.fatalities else "no fatalities reported")
    return f"{m.sub_event_type}{where}{when}; {toll}."
