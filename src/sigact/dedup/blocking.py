"""Blocking: which pairs of mentions are worth testing at all (date window x grid cell).

Every mention is filed under a few keys, each combined with a day bucket; a mention's
candidates are the mentions filed under the keys it queries, in the day buckets its date
window reaches. The keys are built so that any pair the hard rules could link shares one
(a superset, never a filter: the rules in ``similarity`` decide), so blocking changes how
fast the merge is, never what it decides:

* ``("c", cell)``: the grid cell (``CELL_DEG`` degrees) of a mention's coordinates; it
  queries every cell within ``max_km`` of itself;
* ``("a", admin1)``: every placed mention's admin1, queried by region-only mentions
  (a province matches any place in it), and ``("r", admin1)``, a region-only mention's
  admin1, queried by every other mention;
* ``("n", name)``: the location name, for places without coordinates.

Day buckets are one day for exact dates and 8 or 32 days for week- and month-precision
dates, so a query touches a handful of buckets whatever its window.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator

from .similarity import DAY_WINDOWS, Features

CELL_DEG = 0.25
_COLS = int(360 / CELL_DEG)
_KM_PER_DEG = 111.0
#: Day-bucket width for each ``time_precision``.
BUCKET_DAYS: dict[int, int] = {1: 1, 2: 8, 3: 32}

Key = tuple[Hashable, ...]


def write_keys(f: Features) -> list[Key]:
    """The spatial keys a mention is filed under (day buckets are added by the index)."""
    keys: list[Key] = []
    if f.lat is not None and f.lon is not None:
        keys.append(("c", cell_of(f.lat, f.lon)))
    if f.admin1:
        keys.append(("a", f.admin1))
        if f.geo_precision == 3:
            keys.append(("r", f.admin1))
    if f.name:
        keys.append(("n", f.name))
    return keys


def query_keys(f: Features, *, max_km: float) -> list[Key]:
    """The spatial keys under which a mention's possible partners are filed."""
    keys: list[Key] = []
    if f.lat is not None and f.lon is not None:
        keys.extend(("c", c) for c in cells_near(f.lat, f.lon, max_km=max_km))
    if f.admin1:
        keys.append(("a" if f.geo_precision == 3 else "r", f.admin1))
    if f.name:
        keys.append(("n", f.name))
    return keys


def cell_of(lat: float, lon: float) -> int:
    """The grid cell (``CELL_DEG`` degrees) holding a point, as one integer."""
    return _row(lat) * _COLS + _col(lon)


def cells_near(lat: float, lon: float, *, max_km: float) -> list[int]:
    """Every grid cell that holds a point within ``max_km`` of (lat, lon)."""
    dlat = max_km / _KM_PER_DEG
    coslat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    dlon = min(180.0, max_km / (_KM_PER_DEG * max(coslat, 1e-6)))
    cols = range(_col_raw(lon - dlon), _col_raw(lon + dlon) + 1)
    col_set = sorted({c % _COLS for c in cols}) if len(cols) < _COLS else range(_COLS)
    return [row * _COLS + col
            for row in range(_row(lat - dlat), _row(lat + dlat) + 1) for col in col_set]


def day_buckets(f: Features, classes: Iterable[int] = BUCKET_DAYS) -> Iterator[tuple[int, int]]:
    """(precision class, bucket) pairs a mention's window reaches, for the given classes."""
    assert f.day is not None
    for cls in classes:
        width = BUCKET_DAYS[cls]
        w = DAY_WINDOWS[max(f.precision, cls)]
        for bucket in range((f.day - w) // width, (f.day + w) // width + 1):
            yield cls, bucket


def own_bucket(f: Features) -> tuple[int, int]:
    assert f.day is not None
    return f.precision, f.day // BUCKET_DAYS[f.precision]


def _row(lat: float) -> int:
    return math.floor((lat + 90.0) / CELL_DEG)


def _col_raw(lon: float) -> int:
    return math.floor((lon + 180.0) / CELL_DEG)


def _col(lon: float) -> int:
    return _col_raw(lon) % _COLS


class BlockIndex:
    """In-memory blocking index over mention numbers (the batch merge's index)."""

    def __init__(self, *, max_km: float) -> None:
        self.max_km = max_km
        self._cells: defaultdict[tuple[tuple[int, int], Key], list[int]] = defaultdict(list)
        self._classes: set[int] = set()  # precision classes indexed so far

    def add(self, i: int, f: Features) -> None:
        if f.day is None:
            return
        bucket = own_bucket(f)
        self._classes.add(f.precision)
        for key in write_keys(f):
            self._cells[(bucket, key)].append(i)

    def candidates(self, f: Features) -> set[int]:
        """Numbers of indexed mentions that share a key and a reachable day bucket with ``f``."""
        if f.day is None:
            return set()
        out: set[int] = set()
        keys = query_keys(f, max_km=self.max_km)
        cells = self._cells
        for bucket in day_buckets(f, sorted(self._classes)):
            for key in keys:
                hit = cells.get((bucket, key))
                if hit:
                    out.update(hit)
        return out
