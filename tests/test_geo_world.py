"""Resolution beyond Iraq: places in other conflicts, in sentences' own spellings, with the
article's countries as context. Same-name towns must land in the article's country."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sigact.geo import Gazetteer, GazetteerGeocoder, build_gazetteer, distance_km
from sigact.records import Mention

WORLD = {"SD", "TD", "UA", "RU", "ML", "BF", "NE", "MM", "PS", "IL", "LB", "LY", "CD", "NG",
         "SO", "YE", "AF", "OM", "EG", "SY", "IQ", "US"}


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> GazetteerGeocoder:
    path: Path = tmp_path_factory.mktemp("world") / "gazetteer.sqlite"
    build_gazetteer(path, countries=WORLD)
    return GazetteerGeocoder(Gazetteer.open(path, build=False))


def _near(p: object, lat: float, lon: float, km: float = 15) -> bool:
    la, lo = getattr(p, "latitude", None), getattr(p, "longitude", None)
    return la is not None and lo is not None and distance_km(la, lo, lat, lon) <= km


# (phrase, article's countries, country, admin1, precision, lat, lon)
CASES = [
    # Sudan
    ("El Fasher", ("Sudan",), "Sudan", "North Darfur", 1, 13.63, 25.35),
    ("Al-Fashir", ("Sudan",), "Sudan", "North Darfur", 1, 13.63, 25.35),
    ("on the outskirts of El Fasher", ("Sudan",), "Sudan", "North Darfur", 2, 13.63, 25.35),
    ("Zamzam camp", ("Sudan",), "Sudan", "North Darfur", 1, 13.49, 25.31),
    ("North Darfur", ("Sudan",), "Sudan", "North Darfur", 3, None, None),
    ("Gezira state", ("Sudan",), "Sudan", "Al Jazirah", 3, None, None),
    ("Wad Medani", ("Sudan",), "Sudan", "Al Jazirah", 1, 14.40, 33.52),
    # Ukraine and Russia
    ("Kharkov", ("Ukraine",), "Ukraine", "Kharkiv", 1, 49.99, 36.23),
    ("20 km south of Pokrovsk", ("Ukraine",), "Ukraine", "Donetsk", 2, 48.28, 37.18),
    ("Donetsk Oblast", ("Ukraine",), "Ukraine", "Donetsk", 3, None, None),
    ("Hostomel airport", ("Ukraine",), "Ukraine", "Kyiv Oblast", 1, 50.60, 30.19),
    ("Engels air base", ("Russia", "Ukraine"), "Russia", "Saratov", 1, 51.48, 46.21),
    # Sahel
    ("Djibo", ("Burkina Faso",), "Burkina Faso", "Sahel", 1, 14.10, -1.63),
    ("near Tillabéri", ("Niger",), "Niger", "Tillaberi", 2, 14.21, 1.45),
    ("Ménaka region", ("Mali",), "Mali", "Menaka", 3, None, None),
    ("Tessalit camp", ("Mali",), "Mali", "Kidal", 1, 20.24, 0.98),
    # Myanmar
    ("Rangoon", ("Myanmar",), "Myanmar", "Yangon", 1, 16.81, 96.16),
    ("Sagaing Region", ("Myanmar",), "Myanmar", "Sagaing", 3, None, None),
    ("Karen State", ("Myanmar",), "Myanmar", "Kayin", 3, None, None),
    ("Lashio airport", ("Myanmar",), "Myanmar", "Shan", 1, 22.98, 97.75),
    # Gaza, West Bank, Lebanon
    ("Khan Younis", ("Palestine",), "Palestine", "Gaza Strip", 1, 31.35, 34.30),
    ("Jabalia camp", ("Palestine",), "Palestine", "Gaza Strip", 1, 31.53, 34.48),
    ("Nasser Hospital", ("Palestine",), "Palestine", "Gaza Strip", 1, 31.35, 34.29),
    ("Jenin refugee camp", ("Palestine", "Israel"), "Palestine", "West Bank", 1, 32.46, 35.29),
    ("Nabatieh", ("Lebanon",), "Lebanon", "Nabatieh", 1, 33.38, 35.48),
    # Great Lakes, Nigeria, Libya, Afghanistan, Somalia, Yemen
    ("Goma", ("DR Congo",), "Democratic Republic of the Congo", "North Kivu", 1, -1.68, 29.23),
    ("Bunia", ("DR Congo",), "Democratic Republic of the Congo", "Ituri", 1, 1.56, 30.25),
    ("Maiduguri", ("Nigeria",), "Nigeria", "Borno", 1, 11.85, 13.16),
    ("Sambisa Forest", ("Nigeria",), "Nigeria", "Borno", 1, 11.25, 13.42),
    ("Misurata", ("Libya",), "Libya", "Misrata", 1, 32.38, 15.09),
    ("Kandahar airfield", ("Afghanistan",), "Afghanistan", "Kandahar", 1, 31.51, 65.85),
    ("Kismaayo", ("Somalia",), "Somalia", "Lower Juba", 1, -0.36, 42.55),
    ("Al Hudaydah", ("Yemen",), "Yemen", "Hodeidah", 1, 14.80, 42.95),
]


@pytest.mark.parametrize(("text", "context", "country", "admin1", "prec", "lat", "lon"), CASES,
                         ids=[c[0] for c in CASES])
def test_places_in_other_conflicts(
    geo: GazetteerGeocoder, text: str, context: tuple[str, ...], country: str, admin1: str,
    prec: int, lat: float | None, lon: float | None,
) -> None:
    p = geo.resolve(text, context=context)
    assert (p.country, p.admin1, p.geo_precision) == (country, admin1, prec), p
    assert p.latitude is not None  # a province is coded to its capital or centroid
    if lat is not None and lon is not None:
        assert _near(p, lat, lon), p


@pytest.mark.parametrize(
    ("text", "context", "country"),
    [
        ("Tripoli", ("Libya",), "Libya"), ("Tripoli", ("Lebanon",), "Lebanon"),
        ("Rafah", ("Palestine",), "Palestine"), ("Rafah", ("Egypt",), "Egypt"),
        ("Sur", ("Lebanon",), "Lebanon"), ("Sur", ("Oman",), "Oman"),
        ("Palmyra", ("Syria", "United States"), "Syria"),  # US named as a belligerent
        ("Sinjar", ("Syria",), "Syria"), ("Sinjar", ("Iraq",), "Iraq"),
    ],
)
def test_same_name_towns_follow_the_article(
    geo: GazetteerGeocoder, text: str, context: tuple[str, ...], country: str
) -> None:
    assert geo.resolve(text, context=context).country == country


def test_an_article_lends_its_countries_to_every_mention(geo: GazetteerGeocoder) -> None:
    # Neither mention names a country; Nyala and El Fasher are only in Sudan.
    ms = [Mention(doc="sd", event_type="Battles", sub_event_type="Armed clash",
                  location_text=t, context_places=("Nyala", "El Fasher"))
          for t in ("Zamzam", "Abu Shouk")]
    out = geo(ms)
    assert [m.place.country if m.place else None for m in out] == ["Sudan", "Sudan"]


@pytest.mark.parametrize(
    ("text", "context", "location", "admin1", "prec"),
    [
        ("Darfur", ("Sudan",), "Darfur", None, 3),
        ("Donbas", ("Ukraine",), "Donbas", None, 3),  # not Donetsk city, which GeoNames
        ("Kurdistan region", ("Iraq",), "Kurdistan Region", None, 3),  # also spells so
    ],
)
def test_regions_larger_than_a_province(
    geo: GazetteerGeocoder, text: str, context: tuple[str, ...], location: str,
    admin1: str | None, prec: int,
) -> None:
    p = geo.resolve(text, context=context)
    assert (p.location, p.admin1, p.geo_precision) == (location, admin1, prec)


def test_a_country_is_never_a_point(geo: GazetteerGeocoder) -> None:
    for text in ("Sudan", "eastern Ukraine", "northern Mali", "Myanmar"):
        p = geo.resolve(text)
        assert p.country is not None and p.latitude is None and p.longitude is None, text
        assert p.geo_precision == 3


def test_unknown_places_are_left_empty_with_a_warning(
    geo: GazetteerGeocoder, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="sigact.geo.resolve"):
        p = geo.resolve("Qwertzuiop Heights", context=("Sudan",), doc="w1")
        base = geo.resolve("US base", context=("Mali",), doc="w1")
    assert (p.country, p.latitude) == (None, None)
    assert (base.country, base.latitude) == (None, None)  # an owner, not "Sebes" or "Sasebo"
    assert "Qwertzuiop Heights" in caplog.text and "w1" in caplog.text


@pytest.mark.parametrize(
    ("text", "context", "location", "prec"),
    [
        ("Maiduguri market", ("Nigeria",), "Maiduguri", 1),  # inside the town
        ("El Fasher hospital", ("Sudan",), "El Fasher", 1),
        ("Kaya checkpoint", ("Burkina Faso",), "Kaya", 2),  # outside it: near the town
        ("Wad Medani bridge", ("Sudan",), "Wad Medani", 2),
    ],
)
def test_a_site_the_gazetteer_lacks_falls_back_to_its_town(
    geo: GazetteerGeocoder, text: str, context: tuple[str, ...], location: str, prec: int
) -> None:
    p = geo.resolve(text, context=context)
    assert (p.location, p.geo_precision) == (location, prec)


@pytest.mark.parametrize(
    ("text", "context", "admin2"),
    [("Kramatorsk", ("Ukraine",), "Kramatorskyi"), ("Maiduguri", ("Nigeria",), "Maiduguri"),
     ("Kandahar", ("Afghanistan",), "Kandahar"), ("Fallujah", ("Iraq",), "Falluja")],
)
def test_admin2_comes_from_geonames_districts(
    geo: GazetteerGeocoder, text: str, context: tuple[str, ...], admin2: str
) -> None:
    assert geo.resolve(text, context=context).admin2 == admin2


def test_a_curated_airfield_takes_the_names_of_its_ourairports_twin(
    geo: GazetteerGeocoder,
) -> None:
    # sites.csv says "Tiyas Military Airbase"; OurAirports calls it "Tiyas Air Base".
    a = geo.resolve("Tiyas Air Base", context=("Syria",))
    b = geo.resolve("Tiyas Military Airbase", context=("Syria",))
    assert a.gazetteer_id == b.gazetteer_id and a.feature == "site:base"
    # an airfield no curated row covers is still there, from OurAirports alone
    c = geo.resolve("Jalalabad Airport", context=("Afghanistan",))
    assert c.feature == "site:airport" and c.admin1 == "Nangarhar"
