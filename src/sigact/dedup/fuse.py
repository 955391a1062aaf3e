"""Fuse the mentions of one real-world event into an Event, whatever order they came in.

Every field is a function of the *set* of mentions (ties broken by content, never by arrival),
so a batch run and a run that adds the same reports one by one store the same event:

* **place**: the most precise (``geo_precision`` 1 < 2 < 3, then having coordinates); among
  equally precise places the one most reports give, then the first in canonical order;
* **date**: the most precise ``time_precision``; then the day most reports give, then the
  earliest;
* **sub-type**: a specific sub-type beats the type's generic fallback; then the majority;
* **actors**: the pair naming the most sides (a name beats "Unidentified ..."), then majority;
* **fatalities** (CODEBOOK: the most conservative credible figure): reports that state no
  toll (0) are not counted; a later report's toll supersedes an earlier one's (tolls are
  revised as the wounded die or bodies are found), so the figure is the *lowest toll stated
  by the latest-published reports that state one*; ``fatalities_high`` is the highest toll
  any report states. ``injuries`` follow the same rule (``None`` when no report states any);
* **weapons, claims, context places**: the union, in canonical order;
* **target, notes**: the most common, then the first in canonical order;
* **confidence**: the highest of the mentions' (one well-supported report is enough);
* **sources**: one per report, ordered by publication date then report id, each with its
  evidence sentences; ``evidence`` is the union over the sources;
* **event_id**, ``doc``, ``url``, ``outlet``, ``published``: from the event's *id mention*,
  the earliest-published report (then the smallest content key), so the id a live feed gives
  an event with its first report stays when later reports join it. (An event stored before
  mentions were, which takes part as one member keyed by its id, keeps that id.)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ..records import Actor, Event, Evidence, Mention, Place, Source
from .similarity import is_generic

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Member:
    """A mention with its content key, as the merge sees it."""

    key: str
    mention: Mention


def event_id_from_key(key: str) -> str:
    return "ev-" + hashlib.sha1(("event\x1f" + key).encode("utf-8")).hexdigest()[:12]


def canonical(members: Sequence[Member]) -> list[Member]:
    """Members in canonical order: most precise place first, then by content key."""
    return sorted(members, key=lambda x: (place_rank(x.mention), x.mention.time_precision, x.key))


def id_member(members: Sequence[Member]) -> Member:
    """The earliest-published member (then the smallest key): the event id derives from it.

    An event stored before mentions were (schema v4) comes first: it keeps its id.
    """
    return min(members, key=lambda x: (not _legacy(x), x.mention.published or date.max, x.key))


def _legacy(x: Member) -> bool:
    return isinstance(x.mention, Event) and x.mention.event_id == x.key


def fuse(members: Sequence[Member]) -> Event:
    """One event from its members (see the module docstring for each rule)."""
    if not members:
        raise ValueError("fuse() needs at least one mention")
    ms = [x.mention for x in canonical(members)]
    head = id_member(members)
    first = head.mention

    placed = _best(ms, rank=place_rank, value=lambda m: _place_key(m))
    dated = _best(ms, rank=lambda m: m.time_precision, value=lambda m: m.event_date,
                  tie=lambda m: m.event_date or date.max)
    subtype = _best(ms, rank=lambda m: int(is_generic(m.event_type, m.sub_event_type)),
                    value=lambda m: m.sub_event_type)
    actors = _best(ms, rank=lambda m: -actor_rank(m), value=lambda m: (m.actor1, m.actor2))
    fatalities, fatalities_high = toll([(m.published, m.fatalities) for m in ms])
    fatalities_high = max([fatalities_high, *(m.fatalities_high for m in ms
                                              if isinstance(m, Event))])
    injuries, _ = toll([(m.published, m.injuries or 0) for m in ms])
    stated_injuries = any(m.injuries is not None for m in ms)

    sources = _sources(ms)
    return Event(
        doc=first.doc,
        event_type=first.event_type,
        sub_event_type=subtype.sub_event_type,
        event_date=dated.event_date,
        time_precision=dated.time_precision,
        actor1=actors.actor1,
        actor2=actors.actor2,
        location_text=placed.location_text,
        location_relation=placed.location_relation,
        context_places=tuple(_union(list(m.context_places) for m in ms)),
        place=placed.place,
        fatalities=fatalities,
        injuries=injuries if stated_injuries else None,
        weapons=_union(m.weapons for m in ms),
        target=_mode([m.target for m in ms if m.target]),
        claims=_union(m.claims for m in ms),
        evidence=[e for s in sources for e in s.evidence],
        confidence=max(m.confidence for m in ms),
        notes=_mode([m.notes for m in ms if m.notes]) or "",
        url=first.url,
        outlet=first.outlet,
        published=first.published,
        event_id=_id_of(head),
        sources=sources,
        fatalities_high=fatalities_high,
    )


def _id_of(head: Member) -> str:
    return head.key if _legacy(head) else event_id_from_key(head.key)


def toll(stated: Sequence[tuple[date | None, int]]) -> tuple[int, int]:
    """(conservative, highest) of the tolls stated, the latest-published reports deciding.

    A report with no publication date counts as older than every dated one.
    """
    counts = [(p, n) for p, n in stated if n > 0]
    if not counts:
        return 0, 0
    latest = max((p or date.min) for p, _ in counts)
    return min(n for p, n in counts if (p or date.min) == latest), max(n for _, n in counts)


def place_rank(m: Mention) -> tuple[int, int]:
    """Lower is more precise: geo_precision first, then having coordinates."""
    p = m.place
    if p is None:
        return (99, 1) if not m.location_text else (98, 1)
    precision = p.geo_precision if p.geo_precision is not None else 97
    return (precision, 0 if p.latitude is not None and p.longitude is not None else 1)


def _place_key(m: Mention) -> tuple[str, float | None, float | None]:
    p: Place | None = m.place
    if p is None:
        return (m.location_text or "", None, None)
    return (p.location, p.latitude, p.longitude)


def actor_rank(m: Mention) -> int:
    """How many sides are named; an "Unidentified ..." side counts for less than a name."""
    return sum(_actor_weight(a) for a in (m.actor1, m.actor2))


def _actor_weight(a: Actor | None) -> int:
    if a is None or not a.name:
        return 0
    return 1 if a.name.casefold().startswith("unidentified") else 2


def _best(
    ms: Sequence[Mention], *, rank: Callable[[Mention], object], value: Callable[[Mention], K],
    tie: Callable[[Mention], object] | None = None,
) -> Mention:
    """The mention with the best (lowest) rank; among those, the most common value, then
    ``tie`` (lowest), then canonical order (``ms`` is canonically sorted)."""
    if len(ms) == 1:
        return ms[0]
    top = min(rank(m) for m in ms)  # type: ignore[type-var]
    pool = [m for m in ms if rank(m) == top]
    counts = Counter(value(m) for m in pool)
    most = max(counts.values())
    pool = [m for m in pool if counts[value(m)] == most]
    if tie is not None:
        low = min(tie(m) for m in pool)  # type: ignore[type-var]
        pool = [m for m in pool if tie(m) == low]
    return pool[0]


def _mode(values: Sequence[T]) -> T | None:
    """The most common value; ties go to the first in canonical order."""
    if not values:
        return None
    counts = Counter(values)
    most = max(counts.values())
    return next(v for v in values if counts[v] == most)


def _union(lists: object) -> list[T]:
    out: list[T] = []
    for items in lists:  # type: ignore[attr-defined]
        for x in items:
            if x not in out:
                out.append(x)
    return out


def _sources(ms: Sequence[Mention]) -> list[Source]:
    """One source per report (ordered by publication, then id), each with its evidence."""
    by_doc: dict[str, Source] = {}
    for m in ms:
        for src in _sources_of(m):
            have = by_doc.get(src.doc)
            if have is None:
                by_doc[src.doc] = Source(doc=src.doc, url=src.url, outlet=src.outlet,
                                         published=src.published, evidence=list(src.evidence))
            else:
                have.evidence.extend(e for e in src.evidence if e not in have.evidence)
    out = sorted(by_doc.values(), key=lambda s: (s.published or date.max, s.doc))
    for s in out:
        s.evidence.sort(key=_evidence_order)
    return out


def _sources_of(m: Mention) -> list[Source]:
    if isinstance(m, Event) and m.sources:
        return m.sources
    return [Source(doc=m.doc, url=m.url, outlet=m.outlet, published=m.published,
                   evidence=list(m.evidence))]


def _evidence_order(e: Evidence) -> tuple[int, int, str]:
    return (e.start, e.end, e.text)
