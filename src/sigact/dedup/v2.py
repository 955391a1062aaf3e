"""``dedup.v2``: order-independent, incremental cross-report merging.

Pipeline: blocking (``blocking``: date window x grid cell, admin1, name) -> pairwise link
(``similarity``: hard rules, then weighed evidence) -> blocks and canonical complete-link
groups (``cluster``) -> fused events (``fuse``). Each step is a function of the set of
mentions, so

* ``merge(mentions)`` (batch, in memory) and ``update(new, index=...)`` (one report at a time,
  against a store's mention index) give the same events, whatever the order of the reports;
* event ids derive from each event's id mention (``fuse.id_member``), so they are stable
  across re-runs.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..errors import Errors, SigactError
from ..pipeline import register
from ..records import Event, Mention
from .blocking import BlockIndex
from .cluster import UnionFind, group
from .fuse import Member, fuse
from .similarity import Features, evidence_score, features, hard_ok, mention_key

log = logging.getLogger(__name__)

#: Pair scores and features memoised per merger, for the store's repeated re-clustering of a
#: block (pure caches: they never change an answer; cleared when full).
_PAIR_CACHE_MAX = 500_000
_FEATURE_CACHE_MAX = 100_000


@dataclass(frozen=True, slots=True)
class Stored:
    """A mention already in a store: its content key, the block and event it belongs to."""

    member: Member
    block: str
    event_id: str


class MentionIndex(Protocol):
    """What the incremental merge needs from a store (``store.mentions.MentionTable``)."""

    def candidates(self, f: Features, *, max_km: float) -> list[Stored]:
        """Stored mentions that share a blocking key and a reachable day with ``f``."""
        ...

    def block(self, blocks: set[str]) -> list[Stored]:
        """Every stored mention of the given blocks."""
        ...


@dataclass(slots=True)
class Update:
    """The events of the blocks one report touched, recomputed whole."""

    events: list[tuple[Event, list[str]]] = field(default_factory=list)  # event, member keys
    blocks: dict[str, str] = field(default_factory=dict)  # member key -> block id
    previous: dict[str, str] = field(default_factory=dict)  # stored key -> old event id
    members: dict[str, Member] = field(default_factory=dict)  # key -> new or stored member


@register("dedup", "dedup.v2")
def make_cluster_merger(
    *, max_km: float = 25.0, exact_km: float = 5.0, threshold: float = -0.5,
    margin: float = 0.5,
) -> ClusterMerger:
    """Build the order-independent merger; see ``similarity`` and ``cluster`` for the rules."""
    return ClusterMerger(max_km=max_km, exact_km=exact_km, threshold=threshold, margin=margin)


class ClusterMerger:
    """Merge mentions into events by blocking, pairwise rules and canonical grouping."""

    def __init__(
        self, *, max_km: float = 25.0, exact_km: float = 5.0, threshold: float = -0.5,
        margin: float = 0.5,
    ) -> None:
        for name, value in (("max_km", max_km), ("exact_km", exact_km), ("margin", margin)):
            if not value > 0:
                raise SigactError(Errors.E060.format(name=name, value=value))
        if exact_km > max_km:
            raise SigactError(Errors.E062.format(exact_km=exact_km, max_km=max_km))
        self.max_km = float(max_km)
        self.exact_km = float(exact_km)
        self.threshold = float(threshold)
        self.margin = float(margin)
        self._pairs: dict[tuple[str, str], float | None] = {}
        self._feats: dict[str, Features] = {}

    # -- the pairwise decision ------------------------------------------------------------

    def link(self, a: Features, b: Features) -> float | None:
        """The evidence score when ``a`` and ``b`` may be one act, else None."""
        pair = (a.key, b.key) if a.key < b.key else (b.key, a.key)
        if pair in self._pairs:
            return self._pairs[pair]
        score: float | None = None
        if hard_ok(a, b, max_km=self.max_km, exact_km=self.exact_km):
            s = evidence_score(a, b, exact_km=self.exact_km)
            score = s if s >= self.threshold else None
        if len(self._pairs) >= _PAIR_CACHE_MAX:
            self._pairs.clear()
        self._pairs[pair] = score
        return score

    def features(self, member: Member) -> Features:
        f = self._feats.get(member.key)
        if f is None:
            if len(self._feats) >= _FEATURE_CACHE_MAX:
                self._feats.clear()
            f = self._feats[member.key] = features(member.mention, key=member.key)
        return f

    # -- batch ----------------------------------------------------------------------------

    def partition(self, members: Sequence[Member]) -> list[list[int]]:
        """Groups of indexes into ``members``, one per event (identical keys share one)."""
        return [g for _, groups in self.blocks(members) for g in groups]

    def blocks(self, members: Sequence[Member]) -> list[tuple[list[int], list[list[int]]]]:
        """Each connected block of linked mentions, with its groups (one per event)."""
        feats = [features(m.mention, key=m.key) for m in members]
        index = BlockIndex(max_km=self.max_km)
        uf = UnionFind(len(feats))
        edges: dict[tuple[int, int], float] = {}
        first: dict[str, int] = {}
        for i, f in enumerate(feats):
            if f.key in first:  # the same mention twice: one member
                uf.union(i, first[f.key])
                continue
            first[f.key] = i
            for j in index.candidates(f):
                s = self._score(f, feats[j])
                if s is not None:
                    edges[(i, j) if i < j else (j, i)] = s
                    uf.union(i, j)
            index.add(i, f)
        out: list[tuple[list[int], list[list[int]]]] = []
        for block in uf.groups():
            uniq = [i for i in block if first[feats[i].key] == i]
            if len(uniq) == 1:
                out.append((block, [block]))
                continue
            local = [feats[i] for i in uniq]

            def score(a: int, b: int, uniq: list[int] = uniq) -> float | None:
                i, j = uniq[a], uniq[b]
                return edges.get((i, j) if i < j else (j, i))

            groups = []
            for g in group(local, score, margin=self.margin):
                keys = {local[k].key for k in g}
                groups.append([i for i in block if feats[i].key in keys])
            out.append((block, groups))
        return out

    def _score(self, a: Features, b: Features) -> float | None:
        """As :meth:`link`, without the memo (the batch pass meets each pair once)."""
        if not hard_ok(a, b, max_km=self.max_km, exact_km=self.exact_km):
            return None
        s = evidence_score(a, b, exact_km=self.exact_km)
        return s if s >= self.threshold else None

    def merge(self, mentions: Iterable[Mention]) -> list[Event]:
        """All events of a batch of mentions (in memory), in canonical order of their ids."""
        with _gc_paused():
            members = [Member(mention_key(m), m) for m in mentions]
            events = [fuse([members[i] for i in g]) for g in self.partition(members)]
        return sorted(events, key=lambda ev: ev.event_id)

    def __call__(self, mentions: Sequence[Mention], existing: Sequence[Event]) -> list[Event]:
        """The ``DedupStage`` protocol, for callers that hold fused events, not mentions.

        Stored events take part as single members and keep their id when new mentions join
        them; the store does not use this path (it re-clusters stored mentions, see
        :meth:`update`), so only this path depends on what was merged before.
        """
        members = [Member(ev.event_id, ev) for ev in existing]
        members += [Member(mention_key(m), m) for m in mentions]
        old = {ev.event_id for ev in existing}
        out: list[Event] = []
        for g in self.partition(members):
            if all(i < len(existing) for i in g):
                continue  # no new mention: unchanged
            ev = fuse([members[i] for i in g])
            kept = sorted(members[i].key for i in g if members[i].key in old)
            if kept:
                ev.event_id = kept[0]
            out.append(ev)
        return out

    # -- incremental ----------------------------------------------------------------------

    def update(self, new: Sequence[Member], *, index: MentionIndex) -> Update:
        """Recompute the blocks that ``new`` mentions touch, reading the rest from ``index``.

        The result holds every event of those blocks (new, changed or unchanged) with its
        member keys, the block id of every member, and the event each stored member was in.
        """
        up = Update()
        fresh = {m.key: m for m in new}
        linked_blocks: set[str] = set()
        for m in fresh.values():
            f = self.features(m)
            for s in index.candidates(f, max_km=self.max_km):
                if s.member.key not in fresh and self.link(f, self.features(s.member)) is not None:
                    linked_blocks.add(s.block)
        stored = index.block(linked_blocks) if linked_blocks else []
        for s in stored:
            up.previous[s.member.key] = s.event_id
            up.members[s.member.key] = s.member
        for key, m in fresh.items():
            up.members.setdefault(key, m)
        keys = sorted(up.members)
        feats = [self.features(up.members[k]) for k in keys]
        pos = {k: i for i, k in enumerate(keys)}
        uf = UnionFind(len(keys))
        by_block: dict[str, list[int]] = {}
        for s in stored:
            by_block.setdefault(s.block, []).append(pos[s.member.key])
        for idxs in by_block.values():
            for i in idxs[1:]:
                uf.union(idxs[0], i)
        new_idx = [pos[k] for k in fresh]
        for i in new_idx:
            for j in range(len(keys)):
                if i != j and self.link(feats[i], feats[j]) is not None:
                    uf.union(i, j)
        for block in uf.groups():
            block_id = min(keys[i] for i in block)
            local = [feats[i] for i in block]

            def score(a: int, b: int, local: list[Features] = local) -> float | None:
                return self.link(local[a], local[b])

            for g in group(local, score, margin=self.margin):
                ks = [local[k].key for k in g]
                up.events.append((fuse([up.members[k] for k in ks]), ks))
            for i in block:
                up.blocks[keys[i]] = block_id
        log.debug("dedup: %d new mentions, %d stored loaded -> %d events in %d blocks",
                  len(fresh), len(stored), len(up.events), len(set(up.blocks.values())))
        return up


    def rebuild(self, stored: Sequence[Stored]) -> Update:
        """Every event of a store, recomputed from all its mentions in one batch pass."""
        up = Update()
        members = [s.member for s in stored]
        with _gc_paused():
            for s in stored:
                up.previous[s.member.key] = s.event_id
                up.members[s.member.key] = s.member
            for block, groups in self.blocks(members):
                block_id = min(members[i].key for i in block)
                for i in block:
                    up.blocks[members[i].key] = block_id
                for g in groups:
                    up.events.append((fuse([members[i] for i in g]), [members[i].key for i in g]))
        return up


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch pass, restoring it after.

    A batch allocates millions of small acyclic objects (features, keys, index lists); each
    collection would walk all of them, which made 100k mentions 2.5x slower. Reference
    counting still frees everything; only cycle detection waits until the pass is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@runtime_checkable
class IncrementalDedup(Protocol):
    """A dedup stage that re-clusters stored mentions (the store prefers this path)."""

    def __call__(self, mentions: Sequence[Mention], existing: Sequence[Event]) -> list[Event]: ...

    def update(self, new: Sequence[Member], *, index: MentionIndex) -> Update: ...

    def rebuild(self, stored: Sequence[Stored]) -> Update: ...
