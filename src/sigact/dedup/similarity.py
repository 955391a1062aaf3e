"""Whether two mentions report the same act: hard rules first, then weighed evidence.

A pair is *linked* when every hard rule holds (``hard_ok``) and the weighed evidence
(``evidence_score``) is not against it (score >= ``threshold``). Both are pure functions of
the two mentions' :class:`Features`, so a pair's answer never depends on which other reports
exist or on the order they came in; this is what makes the merge order-independent.

Hard rules (all must hold):

* **report**: two mentions from the same report are two events (the report chose to list
  them) unless they are identical in sub-type, day and place;
* **type**: the same ``event_type``; sub-types equal, or one of them the type's generic
  fallback (``GENERIC_SUB_TYPES``), or a pair outlets often disagree on
  (``CONFUSABLE_SUB_TYPES``: a suicide car bomb is a "car bomb" to some);
* **day**: both dated; two exact days (``time_precision`` 1) must be equal; a coarser date
  matches within the window of its precision (``DAY_WINDOWS``: a week-precision date +-3
  days, a month-precision date +-15 days). An undated mention never merges;
* **place**: both placed, no country conflict; two exact sites (``geo_precision`` 1) within
  ``exact_km``; otherwise within ``max_km``; a region-only place (precision 3) matches any
  place in the same admin1 (a precise place and its province can be one event), and without
  coordinates the same location name in no conflicting admin1. Two precise places farther
  apart than ``exact_km`` are two events.

Weighed evidence (sum of the terms below): a named actor in common (+1), or two different
perpetrators named (-1: on its own it separates, but one agreement such as similar wording or
the same target makes up for it, since an extractor may name the wrong side; a report naming
only the victims does not conflict with one naming only the attacker); weapon families shared
(+0.25: the sub-type mostly implies them) or disjoint (-0.5); targets sharing a word (+0.5) or
not (-0.5); stated tolls far apart (-0.5); two exact sites under different names more than
``exact_km / 5`` apart (-0.5) or under the same name (+0.25); evidence sentences alike (+0.5
when their content-word Jaccard is >= 0.2). Silence is never evidence: a term is 0 when either
side does not state it. Default threshold -0.5: a link survives one disagreement (reports do
disagree on a weapon, a target or a toll) but not two, nor a named different perpetrator on
its own.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..geo.names import loose
from ..records import Actor, Event, Mention, Place

#: Per event type, the sub-type a vague report falls back to; it yields to a specific one.
GENERIC_SUB_TYPES: dict[str, str] = {
    "Battles": "Armed clash",
    "Violence against civilians": "Attack",
    "Protests": "Peaceful protest",
    "Strategic developments": "Other",
}
#: Specific sub-types that reports of one act often disagree on: whether the bomber of a car
#: or vest bomb died is told one way by one outlet and the other way by the next.
CONFUSABLE_SUB_TYPES: frozenset[frozenset[str]] = frozenset({
    frozenset({"Suicide bomb", "Remote explosive/landmine/IED"}),
})
#: Days either side within which a date of each ``time_precision`` can be the same day.
DAY_WINDOWS: dict[int, int] = {1: 0, 2: 3, 3: 15}
MAX_DAY_WINDOW = max(DAY_WINDOWS.values())

#: Weapons that name the same kind of act, so "rocket" and "missile" do not disagree.
WEAPON_FAMILIES: dict[str, str] = {
    "rocket": "indirect", "mortar": "indirect", "artillery": "indirect",
    "missile": "indirect", "ballistic missile": "indirect", "RPG": "indirect",
    "drone": "air", "aircraft": "air",
    "IED": "explosive", "car bomb": "explosive", "suicide vest": "explosive",
    "grenade": "explosive",
    "small arms": "arms",
}  # fmt: skip

_EARTH_KM = 6371.0088
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
#: Words too common in reports of any attack to say two reports tell the same one.
_STOPWORDS = frozenset({
    "the", "and", "for", "with", "that", "this", "from", "were", "was", "are", "has", "have",
    "had", "been", "after", "said", "says", "killed", "wounded", "injured", "least", "people",
    "attack", "attacks", "struck", "hit", "near", "town", "city", "province", "village",
    "district", "officials", "official", "local", "sources", "source", "reported", "report",
    "reports", "told", "security", "forces", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "also", "on", "its", "their", "they", "which", "who", "when", "where",
    "while", "into", "over", "about", "against", "other", "more", "than", "some", "one", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today"
})
_GENERIC_ACTOR = re.compile(r"^(?:unidentified|civilians|protesters|rioters)\b", re.I)


@dataclass(frozen=True, slots=True)
class Features:
    """What the rules read off one mention, computed once (the pairwise test runs often)."""

    key: str
    docs: frozenset[str]
    event_type: str
    sub_event_type: str
    generic: bool
    day: int | None  # proleptic ordinal of event_date
    precision: int
    lat: float | None
    lon: float | None
    geo_precision: int | None
    iso3: str
    country: str
    admin1: str
    name: str
    actors: frozenset[str]
    actor1: str  # the named perpetrator's key, "" when unnamed or "Unidentified ..."
    weapons: frozenset[str]
    target: frozenset[str]
    words: frozenset[str]
    fatalities: int
    published: int | None


def mention_key(m: Mention, *, salt: str = "") -> str:
    """A content key for a mention: same report, type, day, place and evidence, same key.

    Ids derive from it, so re-running the same reports gives the same event ids whatever
    their order. ``salt`` tells apart two articles that share an id and a mention.
    """
    p = m.place
    parts = [
        m.doc, m.event_type, m.sub_event_type,
        m.event_date.isoformat() if m.event_date else "", str(m.time_precision),
        (p.location if p else m.location_text) or "",
        f"{p.latitude},{p.longitude}" if p else "",
        ",".join(f"{e.start}-{e.end}" for e in m.evidence),
        salt,
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def features(m: Mention, *, key: str | None = None) -> Features:
    p = _place(m)
    docs = frozenset({m.doc, *(s.doc for s in m.sources)}) if isinstance(m, Event) else (
        frozenset({m.doc}))
    has_xy = p is not None and p.latitude is not None and p.longitude is not None
    words: set[str] = set()
    for e in m.evidence:
        words.update(w for w in (t.casefold() for t in _WORD.findall(e.text))
                     if w not in _STOPWORDS)
    return Features(
        key=key or mention_key(m),
        docs=docs,
        event_type=m.event_type,
        sub_event_type=m.sub_event_type,
        generic=is_generic(m.event_type, m.sub_event_type),
        day=m.event_date.toordinal() if m.event_date else None,
        precision=m.time_precision if m.time_precision in DAY_WINDOWS else 3,
        lat=p.latitude if has_xy and p else None,
        lon=p.longitude if has_xy and p else None,
        geo_precision=p.geo_precision if p else None,
        iso3=(p.iso3 or "").upper() if p else "",
        country=_key(p.country) if p else "",
        admin1=_key(p.admin1) if p else "",
        name=_key(p.location) if p else "",
        actors=frozenset(_key(a.name) for a in (m.actor1, m.actor2) if a and _named(a)),
        actor1=_key(m.actor1.name) if m.actor1 and _named(m.actor1) else "",
        weapons=frozenset(WEAPON_FAMILIES.get(w, w.casefold()) for w in m.weapons),
        target=frozenset(w.casefold() for w in _WORD.findall(m.target or "")) - _STOPWORDS,
        words=frozenset(words),
        fatalities=m.fatalities,
        published=m.published.toordinal() if m.published else None,
    )


def is_generic(event_type: str, sub_event_type: str) -> bool:
    return not sub_event_type or GENERIC_SUB_TYPES.get(event_type) == sub_event_type


def placed(f: Features) -> bool:
    """A mention with no place can never be merged: "somewhere, that day" is no evidence."""
    return f.lat is not None or bool(f.name) or (f.geo_precision == 3 and bool(f.admin1))


# -- hard rules -----------------------------------------------------------------------------


def hard_ok(a: Features, b: Features, *, max_km: float, exact_km: float) -> bool:
    """Every hard rule of the module docstring holds for the pair."""
    if a.event_type != b.event_type:
        return False
    if not sub_types_ok(a, b):
        return False
    if not days_ok(a, b) or not placed(a) or not placed(b):
        return False
    if a.docs & b.docs:
        return _identical(a, b)
    return places_ok(a, b, max_km=max_km, exact_km=exact_km)


def sub_types_ok(a: Features, b: Features) -> bool:
    return (a.sub_event_type == b.sub_event_type or a.generic or b.generic
            or frozenset({a.sub_event_type, b.sub_event_type}) in CONFUSABLE_SUB_TYPES)


def days_ok(a: Features, b: Features) -> bool:
    if a.day is None or b.day is None:
        return False
    return abs(a.day - b.day) <= DAY_WINDOWS[max(a.precision, b.precision)]


def places_ok(a: Features, b: Features, *, max_km: float, exact_km: float) -> bool:
    if a.iso3 and b.iso3:
        if a.iso3 != b.iso3:
            return False
    elif a.country and b.country and a.country != b.country:
        return False
    # A region-only place matches by admin1; without both admin1 names, by its distance.
    if (a.geo_precision == 3 or b.geo_precision == 3) and a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    d = km(a, b)
    if d is not None:
        exact = a.geo_precision == 1 and b.geo_precision == 1
        return d <= (exact_km if exact else max_km)
    return bool(a.name) and a.name == b.name and not (
        a.admin1 and b.admin1 and a.admin1 != b.admin1)


def _identical(a: Features, b: Features) -> bool:
    return (a.sub_event_type == b.sub_event_type and a.day == b.day and a.name == b.name
            and (a.lat, a.lon) == (b.lat, b.lon))


# -- weighed evidence -----------------------------------------------------------------------


def evidence_score(a: Features, b: Features, *, exact_km: float) -> float:
    """Sum of the evidence terms of the module docstring (0 when nothing is stated)."""
    score = 0.0
    if a.actors & b.actors:
        score += 1.0
    elif a.actor1 and b.actor1:
        score -= 1.0  # two different perpetrators named (a victim named alone is no conflict)
    if a.weapons and b.weapons:
        score += 0.25 if a.weapons & b.weapons else -0.5
    if a.target and b.target:
        score += 0.5 if a.target & b.target else -0.5
    if a.fatalities > 0 and b.fatalities > 0:
        lo, hi = sorted((a.fatalities, b.fatalities))
        if hi > 3 * lo and hi - lo > 5:
            score -= 0.5
    if a.geo_precision == 1 and b.geo_precision == 1 and a.name and b.name:
        d = km(a, b)
        if a.name == b.name:
            score += 0.25
        elif d is None or d > exact_km / 5:
            score -= 0.5
    if a.words and b.words:
        shared = len(a.words & b.words)
        if shared / (len(a.words) + len(b.words) - shared) >= 0.2:
            score += 0.5
    return score


def km(a: Features, b: Features) -> float | None:
    """Great-circle distance in km, or None when either side lacks coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _named(a: Actor | None) -> bool:
    return a is not None and bool(a.name) and not _GENERIC_ACTOR.match(a.name)


@lru_cache(maxsize=1 << 16)
def _key(s: str | None) -> str:
    """A comparison key for a name (cached: towns, regions and groups recur in every feed)."""
    return loose(s) if s else ""


def _place(m: Mention) -> Place | None:
    if m.place is not None:
        return m.place
    return Place(location=m.location_text) if m.location_text else None


def to_day(ordinal: int) -> date:
    return date.fromordinal(ordinal)
