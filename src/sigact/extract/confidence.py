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


#: Highest confidence of an event placed only in a country (or nowhere), or in a region:
#: most wrong events on unseen reports are wrongly placed ones, and a vague place is
#: where the extractor most often took the wrong one, or one the geocoder cannot pin.
CAP_VAGUE_PLACE, CAP_REGION = 0.7, 0.75


def confidence(ev: OpenEvent, *, gazetteer: Any, country: str | None = None,
               lead: str | None = None) -> float:
    """How far the evidence pins the event down, not only how strong its cue is.

    A strong cue at a known, precise place on a stated day by a named actor is usually
    right; a country-level or unplaceable event, a place the gazetteer knows only in another
    country than the article's (``country``), a date inferred or only the report's, and a
    cue in a forward-looking or diplomatic sentence ("will aid", "urged ... to stop") are
    where the extractor errs, so each costs confidence. So do a place name the gazetteer has
    in several countries (the geocoder may take the wrong one) and any act after the first
    of a report (``lead`` is the first act's sub-type): the further acts a report tells (a
    follow-up arrest, a correction, an aside on another place) are where unseen reports most
    often mislead it, above all when of another kind than the first (a list of strikes is
    less often wrong than an arrest told after a bombing).
    """
    m = ev.mention
    conf = ev.strength
    cap = 0.95
    if ev.place is None or ev.place.rank >= RANK_COUNTRY:
        conf -= 0.2
        cap = CAP_VAGUE_PLACE
    elif ev.place.rank < RANK_REGION:
        conf += 0.1 if _known(ev.place.text, gazetteer) else -0.15
        if _elsewhere(ev.place.text, gazetteer, country):
            conf -= 0.2  # "Palma" in a report on Mozambique: the gazetteer has Spain's
        elif _namesakes(ev.place.text, gazetteer) > 1:
            conf -= 0.1  # "Lido Beach": Mogadishu's, or New York's
    else:
        cap = CAP_REGION
    if ev.borrowed_place:
        conf -= 0.1  # the place of an earlier sentence: the text may have moved on
    if lead is not None:
        conf -= 0.05 if lead == m.sub_event_type else 0.1
    if not ev.explicit_date:
        conf -= 0.1
    elif not ev.reported_date:
        conf += 0.05
    if m.actor1 is not None and not is_unknown(m.actor1):
        conf += 0.05
    if ev.texts and _NONFACTUAL.search(ev.texts[0]):
        conf -= 0.3
    if m.sub_event_type == "Peaceful protest":
        conf -= 0.1  # coded for want of any sign of force, which reports often word freely
    return round(max(0.05, min(cap, conf)), 2)


def _known(name: str, gazetteer: Any) -> bool:
    """The gazetteer knows the name, or the town that locates it ("Zobe junction, Mogadishu"),
    by spelling rather than by a fuzzy consonant match."""
    if gazetteer is None or not hasattr(gazetteer, "lookup"):
        return known_place(name, gazetteer=gazetteer)
    for part in dict.fromkeys((name, name.rpartition(", ")[2])):
        try:
            if any(c.match <= 1 for c in gazetteer.lookup(part, limit=3)):
                return True
        except Exception:  # a gazetteer miss must never stop extraction
            return True
    return False


def _exact(name: str, gazetteer: Any) -> list[Any]:
    """The gazetteer's entries spelled as the name (or the town that locates it)."""
    if gazetteer is None or not hasattr(gazetteer, "lookup"):
        return []
    try:
        return [c for c in gazetteer.lookup(name.rpartition(", ")[2], limit=8) if c.match <= 1]
    except Exception:  # a gazetteer miss must never stop extraction
        return []


def _namesakes(name: str, gazetteer: Any) -> int:
    """In how many countries the gazetteer has a place of that name."""
    return len({c.iso2 for c in _exact(name, gazetteer) if c.iso2})


def _elsewhere(name: str, gazetteer: Any, country: str | None) -> bool:
    """True when every exact gazetteer entry for the name lies outside the article's country."""
    if not country:
        return False
    exact = _exact(name, gazetteer)
    if not exact:
        return False
    try:
        iso2 = gazetteer.country_code(country)
    except Exception:  # no country table: do not guess
        return False
    return iso2 is not None and all(c.iso2 != iso2 for c in exact)


def note(m: Mention) -> str:
    """A one-line summary of the event: sub-type, place, day and toll."""
    where = f" {'near' if m.location_relation != 'in' else 'in'} {m.location_text}" \
        if m.location_text else ""
    when = f" on {m.event_date.isoformat()}" if m.event_date and m.time_precision == 1 else ""
    toll = (f"{m.fatalities} killed" if m.fatalities else "no fatalities reported")
    return f"{m.sub_event_type}{where}{when}; {toll}."
