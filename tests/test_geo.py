"""Geo stage: gazetteer build, lookup and context-aware resolution, on a small built file."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from sigact.errors import SigactError
from sigact.geo import (
    Gazetteer,
    GazetteerGeocoder,
    build_gazetteer,
    distance_km,
    make_geocoder,
    sources,
)
from sigact.geo.build import input_version
from sigact.geo.names import index_keys, loose, parse_location, skeleton
from sigact.geo.resolve import demonym_countries, is_person_like
from sigact.pipeline import registered
from sigact.records import Mention

SMALL = {"IQ", "SY", "JO", "UA"}


@pytest.fixture(scope="session")
def gaz_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    build_gazetteer(path, countries=SMALL)
    return path


@pytest.fixture(scope="session")
def gaz(gaz_path: Path) -> Gazetteer:
    return Gazetteer.open(gaz_path, build=False)


@pytest.fixture()
def geo(gaz: Gazetteer) -> GazetteerGeocoder:
    return GazetteerGeocoder(gaz)


# --- names -------------------------------------------------------------------------------

def test_transliterations_share_a_key() -> None:
    spellings = ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir al-Zour"]
    assert len({skeleton(s) for s in spellings}) == 1
    assert loose("Ayn al-Asad") == loose("Ain al Asad") == loose("‘Ayn al-Asad")
    assert loose("Anbar Governorate") == loose("al-Anbar province") == "anbar"
    assert loose("Raqqah") == loose("Raqqa")
    assert index_keys("Mosul")["mosul"] == 0


@pytest.mark.parametrize(
    ("text", "core", "relation", "hint", "partial"),
    [
        ("near Raqqa", "Raqqa", "near", None, False),
        ("30 km south of Mosul", "Mosul", "km", None, False),
        ("Anbar province", "Anbar province", None, "admin1", False),
        ("the Ain al-Asad air base", "Ain al-Asad air base", None, "site", False),
        ("northern Iraq", "Iraq", None, None, True),
    ],
)
def test_parse_location(
    text: str, core: str, relation: str | None, hint: str | None, partial: bool
) -> None:
    assert parse_location(text) == (core, relation, hint, partial)


def test_distance_km() -> None:
    assert distance_km(33.34, 44.40, 36.34, 43.13) == pytest.approx(352, abs=10)
    assert distance_km(10.0, 20.0, 10.0, 20.0) == 0.0


# --- gazetteer ---------------------------------------------------------------------------

def test_lookup_mosul(gaz: Gazetteer) -> None:
    top = gaz.lookup("Mosul")[0]
    assert (top.country, top.admin1, top.feature) == ("Iraq", "Nineveh", "city")
    assert distance_km(top.lat or 0, top.lon or 0, 36.34, 43.13) < 5


def test_lookup_country_filter_and_is_place(gaz: Gazetteer) -> None:
    assert {c.iso2 for c in gaz.lookup("Sinjar", country="SY")} == {"SY"}
    assert {c.iso2 for c in gaz.lookup("Sinjar", country="Iraq")} == {"IQ"}
    assert gaz.is_place("Dayr az Zawr")
    assert not gaz.is_place("Qwertyuiopville")


def test_admin1_names_are_the_common_english_forms(gaz: Gazetteer) -> None:
    admin1 = {c.name for c in gaz.lookup("Salah ad Din Governorate") if c.feature == "admin1"}
    assert admin1 == {"Salah al-Din"}
    assert gaz.lookup("Ninawa")[0].name == "Nineveh"
    assert gaz.lookup("Ar-Raqqah", country="SY")[0].admin1 == "Raqqa"


def test_entity_patterns_load_into_spacy(gaz: Gazetteer) -> None:
    import spacy

    patterns = gaz.entity_patterns()
    labels = {p["label"] for p in patterns}
    assert {"GPE", "FAC"} <= labels
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    doc = nlp("Rockets hit Ain al-Asad air base in Anbar; police said Deir ez-Zor was calm.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Ain al-Asad air base", "FAC") in ents
    assert ("Anbar", "GPE") in ents
    assert ("Deir ez-Zor", "GPE") in ents
    assert all(e.text != "police" for e in doc.ents)


# --- resolution --------------------------------------------------------------------------

def test_spellings_resolve_to_one_place(geo: GazetteerGeocoder) -> None:
    ids = {geo.resolve(s, context=("Syria",)).gazetteer_id
           for s in ("Dayr az Zawr", "Deir ez-Zor", "Deir Ezzor")}
    assert len(ids) == 1


def test_site_with_feature_word(geo: GazetteerGeocoder) -> None:
    p = geo.resolve("Ain al-Asad air base", context=("Iraq",))
    assert p.feature == "site:base"
    assert (p.country, p.admin1, p.geo_precision) == ("Iraq", "Anbar", 1)
    assert distance_km(p.latitude or 0, p.longitude or 0, 33.80, 42.44) < 5


def test_near_a_town_is_precision_2(geo: GazetteerGeocoder) -> None:
    p = geo.resolve("Raqqa", relation="near")
    assert (p.admin1, p.feature, p.geo_precision) == ("Raqqa", "city", 2)
    assert geo.resolve("about 20 km south of Raqqa").geo_precision == 2
    assert geo.resolve("Raqqa").geo_precision == 1


def test_province_is_admin1_centroid(geo: GazetteerGeocoder) -> None:
    p = geo.resolve("Anbar province")
    assert (p.location, p.admin1, p.feature, p.geo_precision) == ("Anbar", "Anbar", "admin1", 3)
    assert p.latitude is not None and p.longitude is not None
    # Coded to the province capital, Ramadi, as the codebook asks for region-only places.
    assert distance_km(p.latitude, p.longitude, 33.42, 43.30) < 5


def test_homs_with_syria_context(geo: GazetteerGeocoder) -> None:
    p = geo.resolve("Homs", context=("Syria",))
    assert (p.country, p.feature, p.geo_precision) == ("Syria", "city", 1)


def test_same_name_in_two_countries_follows_the_article(geo: GazetteerGeocoder) -> None:
    assert geo.resolve("Sinjar", context=("Syria", "Idlib province")).country == "Syria"
    assert geo.resolve("Sinjar", context=("Iraq",)).country == "Iraq"


def test_unknown_place_has_no_coordinates(
    geo: GazetteerGeocoder, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="sigact.geo.resolve"):
        p = geo.resolve("Qwertyuiopville", doc="d1")
    assert p.location == "Qwertyuiopville"
    assert (p.country, p.latitude, p.longitude, p.geo_precision) == (None, None, None, None)
    assert "Qwertyuiopville" in caplog.text


def test_country_only_has_no_coordinates(geo: GazetteerGeocoder) -> None:
    p = geo.resolve("northern Iraq")
    assert (p.location, p.country, p.iso3) == ("Northern Iraq", "Iraq", "IRQ")
    assert p.latitude is None and p.longitude is None


def test_stage_sets_places_and_caches_lookups(gaz: Gazetteer) -> None:
    stage = make_geocoder(gazetteer=gaz)
    ms = [Mention(doc="a", event_type="Battles", sub_event_type="Armed clash",
                  location_text="Mosul", context_places=("Iraq",)) for _ in range(3)]
    ms.append(Mention(doc="b", event_type="Battles", sub_event_type="Armed clash"))
    out = stage(ms)
    assert [m.place.location if m.place else None for m in out] == ["Mosul"] * 3 + [None]
    info = stage._lookup.cache_info()
    assert info.hits >= 2 and info.misses <= 2
    assert "geo.gazetteer.v1" in registered("geo")


# --- build lifecycle ---------------------------------------------------------------------

def test_stale_version_triggers_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    build_gazetteer(path, countries={"JO"})
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = 'old' WHERE key = 'version'")
    con.commit()
    con.close()
    with pytest.raises(SigactError, match="out of date"):
        Gazetteer.open(path, build=False)
    g = Gazetteer.open(path)
    assert g.version == input_version()
    assert g.meta["countries"] == "JO"
    assert g.lookup("Amman")[0].iso2 == "JO"


def test_missing_file_without_build_raises(tmp_path: Path) -> None:
    with pytest.raises(SigactError, match="missing or out of date"):
        Gazetteer.open(tmp_path / "none.sqlite", build=False)


def test_interrupted_build_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom() -> list[sources.SiteRow]:
        raise KeyboardInterrupt

    monkeypatch.setattr(sources, "load_sites", boom)
    path = tmp_path / "g.sqlite"
    with pytest.raises(KeyboardInterrupt):
        build_gazetteer(path, countries={"JO"})
    assert list(tmp_path.iterdir()) == []


def test_unknown_country_code_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SigactError, match="XX"):
        build_gazetteer(tmp_path / "g.sqlite", countries={"XX"})


# --- article context: the countries an article names are a strong prior ------------------

WIDE = {"SO", "IT", "IN", "MM", "IQ", "ES", "UA", "ET", "RU"}


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> GazetteerGeocoder:
    path = tmp_path_factory.mktemp("wide") / "gazetteer.sqlite"
    build_gazetteer(path, countries=WIDE)
    return GazetteerGeocoder(Gazetteer.open(path, build=False))


def _mention(doc: str, text: str, *context: str) -> Mention:
    return Mention(doc=doc, event_type="Explosions/Remote violence",
                   sub_event_type="Suicide bomb", location_text=text, context_places=context)


def test_small_town_abroad_is_refused(
    wide: GazetteerGeocoder, caplog: pytest.LogCaptureFixture
) -> None:
    # Both names are towns elsewhere (Italy, India) but the article is about Somalia.
    with caplog.at_level(logging.WARNING, logger="sigact.geo.resolve"):
        lido = wide.resolve("Lido", context=("Somalia", "Mogadishu"), doc="so1")
        hassan = wide.resolve("Hassan", context=("Somalia", "Turkey"), doc="so1")
    assert (lido.country, lido.latitude) == (None, None)
    assert (hassan.country, hassan.latitude) == (None, None)
    assert "Lido (Italy)" in caplog.text and "outside the countries" in caplog.text
    # The same name with its own country named resolves as before.
    assert wide.resolve("Lido", context=("Italy",)).country == "Italy"


def test_strong_match_abroad_still_wins(wide: GazetteerGeocoder) -> None:
    # A large city or a province outside the article's countries is still believable.
    assert wide.resolve("Mumbai", context=("Somalia",)).country == "India"
    p = wide.resolve("Anbar province", context=("Somalia",))
    assert (p.country, p.geo_precision) == ("Iraq", 3)


def test_a_town_named_in_the_article_sets_its_country(wide: GazetteerGeocoder) -> None:
    stage = make_geocoder(gazetteer=wide.gazetteer)
    together = [_mention("a", "Mogadishu"), _mention("a", "Lido")]
    alone = [_mention("b", "Lido")]
    out = stage([*together, *alone])
    places = [m.place for m in out]
    assert all(p is not None for p in places)
    assert [p.country if p else "-" for p in places] == ["Somalia", None, "Italy"]


def test_mentions_lend_their_countries_to_each_other(wide: GazetteerGeocoder) -> None:
    # Only the first mention's context names Iraq; the second has no useful context.
    stage = make_geocoder(gazetteer=wide.gazetteer)
    out = stage([_mention("c", "Kirkuk", "Iraq"), _mention("c", "Safra", "Diyala")])
    assert out[0].place is not None and out[0].place.country == "Iraq"
    assert out[1].place is not None and out[1].place.country is None  # not Zafra, Spain


def test_a_province_named_lends_its_country(wide: GazetteerGeocoder) -> None:
    # Only the attacker's country is named; the province says where the town is.
    p = wide.resolve("Kramatorsk", context=("Russia", "Donetsk"))
    assert (p.country, p.admin1) == ("Ukraine", "Donetsk")
    # Without the province: a city of 100,000+ whose name is unique in the world still
    # resolves, but a small or person-like name abroad does not (see the Lido/Hassan test).
    assert wide.resolve("Kramatorsk", context=("Russia",)).country == "Ukraine"
    assert wide.resolve("Klin", context=("Somalia",)).country is None  # 80,000 people


def test_person_like_phrases_do_not_become_villages(
    wide: GazetteerGeocoder, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="sigact.geo.resolve"):
        for text in ("Aung San", "Kyi"):
            p = wide.resolve(text, context=("Myanmar", "Yangon"), doc="mm1")
            assert (p.country, p.latitude) == (None, None), text
    assert "person" in caplog.text
    # A real city stays a city, even one named like a person elsewhere.
    assert wide.resolve("Yangon", context=("Myanmar",)).country == "Myanmar"


def test_nationality_adjective_is_its_country(wide: GazetteerGeocoder) -> None:
    assert "ukraine" in demonym_countries("Ukrainian")
    assert "somalia" in demonym_countries("Somali")
    assert demonym_countries("Mosul") == []
    p = wide.resolve("Ukrainian", context=("Russia", "Donetsk"))
    assert (p.country, p.latitude, p.geo_precision) == ("Ukraine", None, 3)
    # Ethiopia's Somali region exists, but an article about Somalia means the country.
    assert wide.resolve("Somali", context=("Somalia",)).country == "Somalia"
    assert wide.resolve("Somali region").country == "Ethiopia"


def test_person_words_need_every_word() -> None:
    assert is_person_like("Aung San") and is_person_like("Hassan")
    assert not is_person_like("Mosul") and not is_person_like("Ali al-Gharbi")


def test_square_in_a_town_falls_back_to_the_town(geo: GazetteerGeocoder) -> None:
    p = geo.resolve("Zzyzx Square, Mosul", context=["Iraq"])
    assert (p.location, p.geo_precision) == ("Mosul", 1)


def test_unknown_village_near_a_town_is_coded_to_the_town_at_precision_2(
    geo: GazetteerGeocoder,
) -> None:
    p = geo.resolve("Zzyzx, Mosul", relation="near", context=["Iraq"])
    assert (p.location, p.geo_precision) == ("Mosul", 2)
    p = geo.resolve("Zzyzx, Mosul", context=["Iraq"])
    assert (p.location, p.geo_precision) == ("Mosul", 2)


def test_a_sea_area_is_its_own_place_at_precision_2(geo: GazetteerGeocoder) -> None:
    p = geo.resolve("Red Sea", context=["Yemen"])
    assert (p.location, p.feature, p.geo_precision) == ("Red Sea", "site:sea_area", 2)


def test_a_loose_spelling_guess_loses_to_the_town_named_with_it(geo: GazetteerGeocoder) -> None:
    # "the Ivana Franka hall in Lviv": a person's name for a hall, near-spelled like a village.
    p = geo.resolve("Ivana Franka, Lviv", context=["Ukraine"])
    assert p.location == "Lviv"
    # Without a town, the loose guess is still tried (it is all there is).
    assert geo.resolve("Ivana Franka", context=["Ukraine"]).location != "Lviv"
