"""Merge mentions that report the same real-world event (first, rule-based version).

The codebook's event is one act at one place on one day. Reports of it differ in wording,
precision and counts, so this stage decides which mentions are the same act (``compatible``)
and fuses them into one :class:`~sigact.records.Event` (``absorb``). The rules are written out
as small functions so that a scored version can replace them under a new registered name.

Rules, in order (all must hold):

* same ``event_type``; ``sub_event_type`` equal, or one of them the type's generic sub-type
  (``GENERIC_SUB_TYPES``) or empty;
* dates equal, or one unknown, or one of coarser ``time_precision`` and within ``day_window``;
* places: a region-only place (``geo_precision`` 3) matches a place in the same admin1;
  otherwise, with coordinates on both sides, within ``max_km`` (within ``max_km / 5`` when both
  are exact sites, ``geo_precision`` 1, so neighbouring towns stay apart); without coordinates
  on one side, the same location name with no conflicting admin1. Countries must not conflict.
  A mention with no place at all never merges: "somewhere, that day" is no evidence.
* two mentions from the same document are two events (the report chose to list them) unless
  they are identical in type, date and place.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import fields
from typing import TypeVar

from ..errors import Errors, SigactError
from ..pipeline import register
from ..records import Event, Mention, Place, Source
from .fuse import actor_rank as _actor_rank
from .similarity import GENERIC_SUB_TYPES

log = logging.getLogger(__name__)

T = TypeVar("T")


_EARTH_KM = 6371.0088
_NO_PLACE_RANK = 99


@register("dedup", "dedup.simple.v1")
def make_merger(*, max_km: float = 25.0, day_window: int = 1) -> SimpleMerger:
    """Build the rule-based merger; see the module docstring for the rules."""
    return SimpleMerger(max_km=max_km, day_window=day_window)


class SimpleMerger:
    """Merge new mentions into each other and into candidate stored events.

    Pure: the ``existing`` events passed in are never mutated; a changed one is returned as an
    updated copy with the same ``event_id``.
    """

    def __init__(self, *, max_km: float = 25.0, day_window: int = 1) -> None:
        if not max_km > 0:
            raise SigactError(Errors.E060.format(name="max_km", value=max_km))
        if day_window < 0:
            raise SigactError(Errors.E060.format(name="day_window", value=day_window))
        self.max_km = float(max_km)
        self.day_window = int(day_window)

    @property
    def candidate_window(self) -> int:
        """Days either side of a mention's date within which a stored event can match."""
        return self.day_window

    def __call__(self, mentions: Sequence[Mention], existing: Sequence[Event]) -> list[Event]:
        pool: list[Event] = list(existing)
        owned: set[int] = set()  # indexes of events we created or copied (safe to mutate)
        order: list[int] = []  # indexes of new or changed events, first change first
        ids = {ev.event_id for ev in pool}
        for m in mentions:
            idx = self._best(m, pool)
            if idx is None:
                ev = new_event(m, taken=ids)
                ids.add(ev.event_id)
                pool.append(ev)
                idx = len(pool) - 1
                owned.add(idx)
            else:
                if idx not in owned:
                    pool[idx] = copy.deepcopy(pool[idx])
                    owned.add(idx)
                absorb(pool[idx], m)
            if idx not in order:
                order.append(idx)
        log.debug("dedup: %d mentions -> %d new or changed events", len(mentions), len(order))
        return [pool[i] for i in order]

    def _best(self, m: Mention, pool: Sequence[Event]) -> int | None:
        """Index of the closest compatible event (nearest date, then place), or None."""
        best: tuple[int, float, int] | None = None
        for i, ev in enumerate(pool):
            if not self.compatible(m, ev):
                continue
            gap = 0
            if m.event_date and ev.event_date:
                gap = abs((m.event_date - ev.event_date).days)
            key = (gap, _distance(_place(m), _place(ev)) or 0.0, i)
            if best is None or key < best:
                best = key
        return None if best is None else best[2]

    def compatible(self, m: Mention, ev: Event) -> bool:
        """Whether mention ``m`` reports the same act as event ``ev``."""
        if m.event_type != ev.event_type or not _sub_types_compatible(m, ev):
            return False
        if not self._dates_compatible(m, ev):
            return False
        if m.doc in _docs(ev):
            return _identical(m, ev)
        return self._places_compatible(_place(m), _place(ev))

    def _dates_compatible(self, a: Mention, b: Mention) -> bool:
        if a.event_date is None or b.event_date is None or a.event_date == b.event_date:
            return True
        coarse = max(a.time_precision, b.time_precision) > 1
        return coarse and abs((a.event_date - b.event_date).days) <= self.day_window

    def _places_compatible(self, a: Place | None, b: Place | None) -> bool:
        if a is None or b is None or _country_conflict(a, b):
            return False
        if a.geo_precision == 3 or b.geo_precision == 3:
            if _region_keys(a) & _region_keys(b):
                return True
            # Without admin1 names, a region centroid can still be matched by distance.
            if a.admin1 and b.admin1:
                return False
        d = _distance(a, b)
        if d is not None:
            exact = a.geo_precision == 1 and b.geo_precision == 1
            return d <= (self.max_km / 5 if exact else self.max_km)
        return _norm(a.location) == _norm(b.location) and not _conflicts(a.admin1, b.admin1)


def event_id_for(m: Mention, *, salt: int = 0) -> str:
    """Stable id from the first mention, so re-running the same inputs gives the same ids."""
    p = _place(m)
    parts = [
        m.doc,
        m.event_date.isoformat() if m.event_date else "",
        m.sub_event_type,
        p.location if p else "",
        str(m.evidence[0].start) if m.evidence else "",
    ]
    if salt:
        parts.append(str(salt))
    return "ev-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def new_event(m: Mention, *, taken: set[str] | frozenset[str] = frozenset()) -> Event:
    """An event holding one mention; the id is salted only if it would collide."""
    values = {f.name: copy.deepcopy(getattr(m, f.name)) for f in fields(Mention)}
    ev = Event(**values, sources=[_source(m)], fatalities_high=m.fatalities)
    salt = 0
    ev.event_id = event_id_for(m)
    while ev.event_id in taken:
        salt += 1
        ev.event_id = event_id_for(m, salt=salt)
    return ev


def absorb(ev: Event, m: Mention) -> None:
    """Fuse mention ``m`` into ``ev`` in place, keeping the most precise of each field."""
    if _place_rank(m) < _place_rank(ev):
        ev.place = m.place
        ev.location_text = m.location_text
        ev.location_relation = m.location_relation
    if m.event_date and (ev.event_date is None or m.time_precision < ev.time_precision):
        ev.event_date = m.event_date
        ev.time_precision = m.time_precision
    if _is_generic(ev) and not _is_generic(m):
        ev.sub_event_type = m.sub_event_type
    if _actor_rank(m) > _actor_rank(ev):
        ev.actor1, ev.actor2 = m.actor1, m.actor2
    # Fatalities: the most conservative stated figure, and the highest as fatalities_high.
    # A report with 0 is treated as "no count stated" (records cannot tell the two apart).
    stated = [n for n in (ev.fatalities, m.fatalities) if n > 0]
    ev.fatalities = min(stated) if stated else 0
    ev.fatalities_high = max(ev.fatalities_high, ev.fatalities, m.fatalities)
    injuries = [n for n in (ev.injuries, m.injuries) if n is not None]
    ev.injuries = min(injuries) if injuries else None
    ev.weapons = _union(ev.weapons, m.weapons)
    ev.claims = _union(ev.claims, m.claims)
    ev.evidence = _union(ev.evidence, m.evidence)
    ev.context_places = tuple(_union(list(ev.context_places), list(m.context_places)))
    ev.target = ev.target or m.target
    ev.notes = ev.notes or m.notes
    ev.confidence = max(ev.confidence, m.confidence)
    ev.url = ev.url or m.url
    ev.outlet = ev.outlet or m.outlet
    ev.published = ev.published or m.published
    for src in ev.sources:
        if src.doc == m.doc:
            src.evidence = _union(src.evidence, m.evidence)
            break
    else:
        ev.sources.append(_source(m))


def _source(m: Mention) -> Source:
    return Source(
        doc=m.doc, url=m.url, outlet=m.outlet, published=m.published, evidence=list(m.evidence)
    )


def _union(a: list[T], b: list[T]) -> list[T]:
    out = list(a)
    out.extend(x for x in b if x not in out)
    return out


def _docs(ev: Event) -> set[str]:
    return {ev.doc, *(s.doc for s in ev.sources)}


def _identical(a: Mention, b: Mention) -> bool:
    pa, pb = _place(a), _place(b)
    return (
        a.sub_event_type == b.sub_event_type
        and a.event_date == b.event_date
        and pa is not None
        and pb is not None
        and _norm(pa.location) == _norm(pb.location)
        and (pa.latitude, pa.longitude) == (pb.latitude, pb.longitude)
    )


def _is_generic(m: Mention) -> bool:
    return not m.sub_event_type or GENERIC_SUB_TYPES.get(m.event_type) == m.sub_event_type


def _sub_types_compatible(a: Mention, b: Mention) -> bool:
    return a.sub_event_type == b.sub_event_type or _is_generic(a) or _is_generic(b)


def _place(m: Mention) -> Place | None:
    if m.place is not None:
        return m.place
    return Place(location=m.location_text) if m.location_text else None


def _place_rank(m: Mention) -> tuple[int, int]:
    """Lower is more precise: geo_precision first, then having coordinates."""
    p = _place(m)
    if p is None:
        return (_NO_PLACE_RANK, 1)
    precision = p.geo_precision if p.geo_precision is not None else _NO_PLACE_RANK - 1
    return (precision, 0 if p.latitude is not None and p.longitude is not None else 1)


def _norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().replace("-", " ").split())


def _conflicts(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and _norm(a) != _norm(b)


def _country_conflict(a: Place, b: Place) -> bool:
    if a.iso3 and b.iso3:
        return _conflicts(a.iso3, b.iso3)
    return _conflicts(a.country, b.country)


def _region_keys(p: Place) -> set[str]:
    """Names a place is known by at admin1 level (a region-only place is named by its region)."""
    keys = {_norm(p.admin1)} if p.admin1 else set()
    if p.geo_precision == 3 and p.location:
        keys.add(_norm(p.location))
    return keys


def _distance(a: Place | None, b: Place | None) -> float | None:
    """Great-circle distance in km, or None when either side lacks coordinates."""
    if a is None or b is None:
        return None
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
