"""Deterministic clustering: connected blocks, then complete-link groups in canonical order.

Two mentions are *linked* when the pairwise rules say they may be the same act. Links never
depend on other mentions, so the connected components of the link graph ("blocks") are a
function of the set of mentions, and a new mention can only join blocks it links to. Within a
block the mentions are grouped greedily in *canonical* order (most precise place first, then
by content key), never in arrival order:

* a mention may join a group only if it is linked to **every** member (complete link: a
  province-level report does not chain two different towns into one event);
* it joins the eligible group with the highest mean evidence score;
* when two groups fit it within ``margin`` of each other, it joins neither and starts its own
  (a report that fits two events equally well is not evidence for either: a wrong merge
  hides an event, which is worse than a missed one).

So re-clustering just the block a new mention touches gives exactly the events a batch run
over every mention would give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .similarity import Features

Score = Callable[[int, int], "float | None"]


def order_key(f: Features) -> tuple[int, int, int, str]:
    """Canonical order: exact site before near-town before region, exact day first, key."""
    precision = f.geo_precision if f.geo_precision is not None else 97
    return (precision, 0 if f.lat is not None else 1, f.precision, f.key)


def group(feats: Sequence[Features], score: Score, *, margin: float) -> list[list[int]]:
    """Split one block (indexes into ``feats``) into events; see the module docstring."""
    groups: list[list[int]] = []
    for i in sorted(range(len(feats)), key=lambda k: order_key(feats[k])):
        fits: list[tuple[float, int]] = []
        for gi, members in enumerate(groups):
            total = 0.0
            for j in members:
                s = score(i, j)
                if s is None:
                    break
                total += s
            else:
                fits.append((total / len(members), gi))
        if not fits:
            groups.append([i])
            continue
        fits.sort(key=lambda t: (-t[0], t[1]))
        if len(fits) > 1 and fits[0][0] - fits[1][0] < margin:
            groups.append([i])
        else:
            groups[fits[0][1]].append(i)
    return groups


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by size)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())
