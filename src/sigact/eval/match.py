"""Match predicted events to gold events, one to one, per document.

A predicted event matches a gold one when the event type agrees, the date agrees (when the
gold has one), and the place is within ``max_km`` or, when either side lacks coordinates, the
admin1 or location name agrees. Used by the golden tests and by ``sigact eval``.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GoldEvent = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Match:
    pred: int
    gold: int
    km: float | None


def _norm(name: object) -> str:
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


def km_between(a: GoldEvent, b: GoldEvent) -> float | None:
    """Great-circle distance between two events' coordinates, None if either lacks them."""
    try:
        lat1, lon1 = float(a["latitude"]), float(a["longitude"])
        lat2, lon2 = float(b["latitude"]), float(b["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def same_place(pred: GoldEvent, gold: GoldEvent, *, max_km: float = 50.0) -> bool:
    km = km_between(pred, gold)
    if km is not None:
        return km <= max_km
    for key in ("admin1", "location"):
        if pred.get(key) and gold.get(key) and _norm(pred[key]) == _norm(gold[key]):
            return True
    return False


def is_match(pred: GoldEvent, gold: GoldEvent, *, max_km: float = 50.0) -> bool:
    if pred.get("event_type") != gold.get("event_type"):
        return False
    if gold.get("event_date") and pred.get("event_date") != gold.get("event_date"):
        return False
    return same_place(pred, gold, max_km=max_km)


def match_events(
    pred: Sequence[GoldEvent], gold: Sequence[GoldEvent], *, max_km: float = 50.0
) -> list[Match]:
    """Greedy one-to-one matching, preferring same sub-type, then the closest place."""
    candidates: list[tuple[int, float, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if is_match(p, g, max_km=max_km):
                km = km_between(p, g)
                same_sub = 0 if p.get("sub_event_type") == g.get("sub_event_type") else 1
                candidates.append((same_sub, km if km is not None else max_km, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[Match] = []
    for _, _, i, j in sorted(candidates):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append(Match(pred=i, gold=j, km=km_between(pred[i], gold[j])))
    return sorted(out, key=lambda m: m.gold)
