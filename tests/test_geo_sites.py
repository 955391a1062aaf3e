"""Curated sites (src/sigact/geo/sites.csv): every row checked, every demo site present."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import REPORTS
from sigact.geo import Gazetteer, GazetteerGeocoder, sources
from sigact.geo.sitecheck import check_sites

SITES = sources.load_sites()

#: Conflict regions by the countries whose sites count towards them.
REGIONS = {
    "Iraq/Syria": {"IQ", "SY"},
    "Israel/Gaza/Lebanon": {"IL", "PS", "LB"},
    "Yemen/Red Sea/Gulf": {"YE", "DJ", "SA", "QA", "KW", "AE", "IR"},
    "Ukraine/Russia": {"UA", "RU"},
    "Sahel/Lake Chad": {"ML", "BF", "NE", "TD", "NG"},
    "Somalia/Horn": {"SO", "KE", "ET"},
    "Sudan": {"SD"},
    "Libya": {"LY"},
    "Afghanistan/Pakistan": {"AF", "PK"},
    "Myanmar": {"MM"},
    "DRC/Great Lakes": {"CD"},
    "Colombia/Mexico/Haiti": {"CO", "MX", "HT"},
}

#: Sites the demo reports name, spelled as the reports spell them.
DEMO_SITES = [
    "Ain al-Asad Air Base", "Al-Asad Air Base", "Harir air base", "al-Tanf garrison",
    "al-Tanf base", "Tower 22", "Green Village base", "K1 base", "Hostomel airport",
    "Lido beach", "Tayaran Square", "Bab el-Mandeb strait", "Hodeidah port",
    "Solovetsky Stone", "Okhmatdyt",
]


def test_every_row_passes_the_coordinate_checks() -> None:
    assert check_sites(SITES) == []


def test_enough_sites_across_enough_regions() -> None:
    assert len(SITES) >= 300
    per_region = {name: sum(s.iso2 in codes for s in SITES) for name, codes in REGIONS.items()}
    assert sum(n >= 5 for n in per_region.values()) >= 8, per_region


def test_every_row_has_aliases_a_source_and_a_kind() -> None:
    for s in SITES:
        assert s.aliases, s.name
        assert s.source.startswith("https://"), s.name
        assert s.kind and s.kind == s.kind.lower(), s.name
        assert s.kind == "sea_area" or (s.iso2 and len(s.iso2) == 2), s.name


def test_overrides_are_few_and_explained() -> None:
    overridden = [s for s in SITES if s.override]
    assert len(overridden) <= 10
    for s in overridden:
        for clause in s.override.split(";"):
            check, _, why = clause.partition(":")
            assert check.strip() in {"admin1", "border"}, s.name
            assert len(why.strip()) >= 40, s.name


def _corpus_text() -> str:
    return " ".join(p.read_text(encoding="utf-8")
                    for p in sorted(REPORTS.rglob("*")) if p.suffix in (".jsonl", ".html"))


@pytest.mark.parametrize("name", DEMO_SITES)
def test_every_demo_site_resolves_to_a_curated_site(gazetteer: Gazetteer, name: str) -> None:
    assert name.lower() in _corpus_text().lower(), f"{name!r} is no longer in the demo corpus"
    p = GazetteerGeocoder(gazetteer).resolve(name)
    assert p.feature is not None and p.feature.startswith("site:"), (name, p)
    assert p.latitude is not None and p.geo_precision in (1, 2)


# --- the check itself catches the typical typos -------------------------------------------

GOOD = sources.SiteRow(name="Test Base", aliases=("TB",), kind="base", iso2="IQ",
                       admin1="Anbar", lat=33.7856, lon=42.4412,
                       source="https://en.wikipedia.org/wiki/Al_Asad_Airbase")


@pytest.fixture(scope="module")
def places() -> list[tuple[float, float, str]]:
    return [(c["latitude"], c["longitude"], c["countrycode"]) for c in sources.load_cities(None)]


def _problems(row: sources.SiteRow, places: list[tuple[float, float, str]]) -> list[str]:
    return check_sites([row], places=places)


def test_a_good_row_passes(places: list[tuple[float, float, str]]) -> None:
    assert _problems(GOOD, places) == []


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        ({"lat": 42.4412, "lon": 33.7856}, "stated country IQ"),  # latitude and longitude swapped
        ({"lon": -42.4412}, "stated country IQ"),  # sign lost
        ({"admin1": "Basra"}, "stated admin1 'Basra'"),  # another province
        ({"lat": 20.5, "lon": 51.0, "iso2": "SA", "admin1": None}, "km from the nearest"),
        ({"kind": "square", "lat": 33.50, "lon": 41.60}, "for a square"),  # a square in desert
        ({"source": "Wikipedia"}, "public https URL"),
    ],
)
def test_typos_are_caught(
    places: list[tuple[float, float, str]], change: dict[str, object], expect: str
) -> None:
    problems = _problems(replace(GOOD, **change), places)  # type: ignore[arg-type]
    assert any(expect in p for p in problems), problems


def test_an_override_waives_only_its_own_check(places: list[tuple[float, float, str]]) -> None:
    wrong = replace(GOOD, admin1="Basra")
    waived = replace(wrong, override="admin1: a reason long enough to be read as a reason")
    assert _problems(waived, places) == []
    swapped = replace(waived, lat=42.4412, lon=33.7856)
    assert any("stated country" in p for p in _problems(swapped, places))


def test_duplicate_names_are_caught(places: list[tuple[float, float, str]]) -> None:
    other = replace(GOOD, name="Other Base", aliases=("Test Base",))
    assert any("also 'Test Base'" in p for p in check_sites([GOOD, other], places=places))


def test_a_malformed_row_names_file_and_line(tmp_path: Path) -> None:
    from sigact.errors import SigactError

    path = tmp_path / "sites.csv"
    path.write_text("name,aliases,kind,iso2,admin1,lat,lon,source\n"
                    "A,,base,IQ,Anbar,north,42.0,https://example.org\n", encoding="utf-8")
    with pytest.raises(SigactError, match="line 2"):
        sources.load_sites(path)
