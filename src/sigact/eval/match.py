"""Match predicted events to gold events, one to one, per document.

A predicted event matches a gold one when the event type agrees, the date agrees, and the
place is within ``max_km`` or, when either side lacks coordinates, the admin1 agrees (the
location name when either lacks an admin1 too). Dates agree when they are at most a day
apart, a week when either side is known only to the week (``time_precision`` 2), 31 days to
the month (3), or when either side has no date: a gold event without one cannot be checked,
and a prediction without one (no publication date to resolve "on Monday" against) is found
but undated, which ``date exactness`` counts against it. Used by the golden tests and by
``sigact eval``.
"""

from __future__ import annotations

import csv
import logging
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

GoldEvent = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Match:
    pred: int
    gold: int
    km: float | None


def _norm(name: object) -> str:
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


# Arabic article in its assimilated spellings ("al-", "ar-", "as-", "ad-", "el "), written
# with a hyphen or a space; and the generic words that gazetteers append to province names.
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|adh|at|an|az)[\s\-‐-―'’]+")
_SUFFIX = re.compile(
    r"[\s\-]+(?:governorate|province|region|state|oblast|division|district|prefecture)$"
)
_ADMIN1_CSV = Path(__file__).resolve().parent.parent / "geo" / "admin1_names.csv"


def _admin1_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    text = _SUFFIX.sub("", _ARTICLE.sub("", text))
    return "".join(ch for ch in text if ch.isalnum())


@cache
def _admin1_aliases() -> dict[str, str]:
    """Spelling -> canonical key, from the geo stage's curated admin1 names, when present.

    Lets "Ninawa" and "Nineveh" compare equal; a missing or reshaped file only costs that.
    """
    out: dict[str, str] = {}
    try:
        with _ADMIN1_CSV.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                canon = _admin1_key(row.get("name") or "")
                if not canon:
                    continue
                names = [row.get("source_name") or "", *(row.get("aliases") or "").split("|")]
                for alias in names:
                    key = _admin1_key(alias)
                    if key:
                        out.setdefault(key, canon)
    except (OSError, csv.Error) as exc:
        log.debug("admin1 aliases not loaded from %s: %s", _ADMIN1_CSV, exc)
    return out


def norm_admin1(name: object) -> str:
    """A comparison key for a first-level region: case, diacritics, hyphens, an "al-"
    article and a "governorate"/"province" suffix do not count ("Al Anbar" == "Anbar")."""
    key = _admin1_key(str(name or ""))
    return _admin1_aliases().get(key, key)


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
    """Within ``max_km``; when either side lacks coordinates, the same admin1, or when either
    lacks that too (a gold "northern Iraq"), the same location name."""
    km = km_between(pred, gold)
    if km is not None:
        return km <= max_km
    if pred.get("admin1") and gold.get("admin1"):
        return norm_admin1(pred["admin1"]) == norm_admin1(gold["admin1"])
    return bool(
        pred.get("location") and gold.get("location")
        and _norm(pred["location"]) == _norm(gold["location"])
    )


#: Days two dates may differ and still agree, by the coarser ``time_precision`` of the two.
DATE_SLACK_DAYS: dict[int, int] = {1: 1, 2: 7, 3: 31}


def _day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _precision(value: object) -> int:
    try:
        return min(3, max(1, int(value)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 1


def dates_agree(pred: GoldEvent, gold: GoldEvent) -> bool:
    """The date part of a match (module docstring): close enough for their precision, or
    not checkable because either side has no date."""
    p, g = _day(pred.get("event_date")), _day(gold.get("event_date"))
    if p is None or g is None:
        return True
    slack = DATE_SLACK_DAYS[max(_precision(pred.get("time_precision")),
                                _precision(gold.get("time_precision")))]
    return abs((p - g).days) <= slack


def is_match(pred: GoldEvent, gold: GoldEvent, *, max_km: float = 50.0) -> bool:
    """Same event type, agreeing dates, and the same place."""
    if pred.get("event_type") != gold.get("event_type"):
        return False
    return dates_agree(pred, gold) and same_place(pred, gold, max_km=max_km)


def match_events(
    pred: Sequence[GoldEvent], gold: Sequence[GoldEvent], *, max_km: float = 50.0
) -> list[Match]:
    """Greedy one-to-one matching, preferring same sub-type, then the same day, then the
    closest place."""
    candidates: list[tuple[int, int, float, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if is_match(p, g, max_km=max_km):
                km = km_between(p, g)
                same_sub = 0 if p.get("sub_event_type") == g.get("sub_event_type") else 1
                same_day = 0 if p.get("event_date") == g.get("event_date") else 1
                candidates.append((same_sub, same_day, km if km is not None else max_km, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[Match] = []
    for _, _, _, i, j in sorted(candidates):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append(Match(pred=i, gold=j, km=km_between(pred[i], gold[j])))
    return sorted(out, key=lambda m: m.gold)
