"""Which place an event is coded to, on sentences written for these tests in the styles of
several outlets: the larger place that locates a small one, names used for governments and
organisations, owners and destinations, provinces told beside their towns."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigact.extract.eventplace import narrows
from sigact.extract.places import RANK_REGION, RANK_TOWN, PlacePhrase, country_name, dateline_end
from sigact.extract.placeuse import destination, not_a_place, owned_by
from sigact.geo import GazetteerGeocoder
from sigact.records import Article, Mention

PUB = date(2024, 5, 15)  # a Wednesday


def _events(pipeline: Any, text: str) -> list[Mention]:
    return pipeline([Article(id="t", text=text, published=PUB)])


def _places(ms: list[Mention]) -> list[tuple[str | None, str | None, int | None]]:
    return [(m.place.location, m.place.admin1, m.place.geo_precision) if m.place else
            (None, None, None) for m in ms]


# --- the larger place that locates a small one -------------------------------------------

def test_a_province_after_its_town_is_no_second_event(pipeline: Any) -> None:
    ms = _events(pipeline, "Air strikes hit Saraqib in rebel-held Idlib province on Tuesday, "
                           "killing nine civilians, rescuers said.")
    assert _places(ms) == [("Saraqib", "Idlib", 1)]


def test_an_appositive_country_beats_a_large_namesake_abroad(pipeline: Any) -> None:
    # Madison is a city of 280,000 in Wisconsin; the text says this one is in Sudan.
    ms = _events(pipeline, "Fighters of the Rapid Support Forces stormed Madison, a farming "
                           "village in Sudan's North Darfur state, on Monday, killing 12 "
                           "people, residents said.")
    assert len(ms) == 1 and ms[0].place is not None
    assert (ms[0].place.country, ms[0].place.admin1) == ("Sudan", "North Darfur")


def test_an_unknown_village_is_coded_to_the_township_that_contains_it(pipeline: Any) -> None:
    ms = _events(pipeline, "Military jets bombed Nyaung Pin Thar village, Kanbalu township, "
                           "Sagaing region, on Friday, killing seven people, a local "
                           "resistance group said.")
    assert _places(ms) == [("Kanbalu", "Sagaing", 2)]


def test_a_village_near_a_town_is_one_place(pipeline: Any) -> None:
    ms = _events(pipeline, "Military jets bombed Nyaung Pin Thar village near Kanbalu on "
                           "Friday, killing seven people, a local resistance group said.")
    assert _places(ms) == [("Kanbalu", "Sagaing", 2)]


def test_a_site_and_a_town_joined_by_and_are_two_places(pipeline: Any) -> None:
    ms = _events(pipeline, "Rockets struck Ain al-Asad air base and the city of Erbil on "
                           "Tuesday, causing no casualties, officials said.")
    assert sorted(p[1] for p in _places(ms)) == ["Anbar", "Erbil"]


def test_where_a_spokesman_spoke_is_no_second_event(pipeline: Any) -> None:
    ms = _events(pipeline, "Gunmen killed 11 villagers near Menaka on Tuesday, an army "
                           "spokesman said in Bamako.")
    assert [p[0] for p in _places(ms)] == ["Menaka"]


def test_the_datelines_country_is_a_prior_for_namesakes(pipeline: Any) -> None:
    # Lido Beach is also a town on Long Island; the report is filed from Mogadishu.
    ms = _events(pipeline, "MOGADISHU — Gunmen stormed a seafront restaurant on Lido Beach "
                           "late on Friday, killing nine diners, police said.")
    assert ms and all(m.place is not None and m.place.country == "Somalia" for m in ms)


def test_a_village_in_a_province_named_later_is_one_strike(pipeline: Any) -> None:
    ms = _events(pipeline, "Junta jets bombed a village in the central Sagaing region on "
                           "Tuesday, killing 30 people, residents said.\n\nA jet dropped two "
                           "bombs on a crowd in Pazigyi village, Kanbalu township, a witness "
                           "said.")
    assert len(ms) == 1 and ms[0].place is not None
    assert ms[0].place.admin1 == "Sagaing" and ms[0].place.geo_precision in (1, 2)


def test_a_sea_describing_a_port_is_no_second_place(pipeline: Any) -> None:
    ms = _events(pipeline, "Jets bombed fuel depots at the Red Sea port of Hodeidah on "
                           "Saturday, killing six workers, port officials said.")
    assert [p[1] for p in _places(ms)] == ["Hodeidah"]


def test_a_name_in_another_spelling_is_found_after_its_preposition(pipeline: Any) -> None:
    # the gazetteer spells it "Ayn Isa"; the tagger matches exact spellings only
    ms = _events(pipeline, "Two soldiers were wounded by an IED in the vicinity of Ayn Issa "
                           "in northern Syria on Thursday, officials said.")
    assert [p[1] for p in _places(ms)] == ["Raqqa"]


def test_the_start_of_a_persons_name_is_not_respelled_as_a_place(pipeline: Any) -> None:
    ms = _events(pipeline, "Thousands marched in Mandalay on Sunday to demand the release of "
                           "Aung San Suu Kyi; police did not intervene.")
    assert [p[0] for p in _places(ms)] == ["Mandalay"]


def test_a_road_between_two_towns_lies_at_neither(pipeline: Any) -> None:
    ms = _events(pipeline, "Gunmen abducted 20 passengers from a bus on the Gao-Ansongo road "
                           "on Monday, a local official said.")
    assert ms and all(m.place is None or m.place.location not in ("Gao", "Ansongo")
                      for m in ms)


def test_a_district_named_after_its_province_is_the_place(pipeline: Any) -> None:
    ms = _events(pipeline, "Gunmen opened fire at a funeral in Kirkuk province's Hawija "
                           "district on Friday, killing three mourners, police said.")
    assert [(p[1], p[2]) for p in _places(ms)] == [("Kirkuk", 1)]


def test_a_number_opening_a_sentence_is_no_place() -> None:
    from sigact.geo.gazetteer import _phrases_from_rows

    rows = [("ten", "admin1", "admin1:LK:x"), ("kano", "city", "geonames:1")]
    assert [p.tokens for p in _phrases_from_rows(rows)] == [("kano",)]


def test_a_town_and_its_province_named_apart_are_one_strike(pipeline: Any) -> None:
    ms = _events(pipeline, "Drones struck several villages in Sudan's North Darfur state on "
                           "Monday, killing 12 people, medics said.\n\nA doctor said the "
                           "strikes hit the market in Kutum.")
    assert _places(ms) == [("Kutum", "North Darfur", 1)]


def test_a_recalled_attack_elsewhere_does_not_move_the_event(pipeline: Any) -> None:
    ms = _events(pipeline, "An air strike hit a building in Saraqib on Tuesday, killing four "
                           "people. The army said the strike targeted a commander it blamed "
                           "for the shelling of Hama last month.")
    assert [p[0] for p in _places(ms)] == ["Saraqib"]


# --- names that are not the place of anything ----------------------------------------------

def test_capitals_standing_for_governments_are_no_event_places(pipeline: Any) -> None:
    ms = _events(pipeline, "Baghdad accuses Damascus of sheltering the militants, who have "
                           "stepped up attacks on Iraqi forces this year.")
    assert all(m.location_text not in ("Baghdad", "Damascus") for m in ms)


def test_embassies_of_countries_leave_the_event_in_the_city(pipeline: Any) -> None:
    ms = _events(pipeline, "Angry crowds attacked several foreign embassies in Khartoum on "
                           "Tuesday. Demonstrators set fire to the gates of the embassies of "
                           "Russia, Iran and China, smashing windows.")
    assert ms and all(m.place is not None and m.place.location == "Khartoum" for m in ms)


@pytest.mark.parametrize(
    ("text", "name"),
    [("Islamabad accuses Kabul of sheltering the group.", "Islamabad"),
     ("Islamabad accuses Kabul of sheltering the group.", "Kabul"),
     ("Moscow has repeatedly warned Kyiv against strikes.", "Moscow"),
     ("Relations between Delhi and Dhaka have soured.", "Dhaka"),
     ("She ran for mayor for the governing Morena party last year.", "Morena"),
     ("Drones were used against Fano, a loosely organised Amhara militia.", "Fano"),
     ("A strike hit a meeting of the Siversk operational group.", "Siversk"),
     ("Sailors of the Black Sea Fleet were killed.", "Black Sea"),
     ("Moscow's forces fired two missiles at the port.", "Moscow"),
     ("Fighters loyal to Tehran's proxies shelled the border.", "Tehran"),
     ("Nine people died, an army spokesman said in Bamako on Tuesday.", "Bamako"),
     ("The governor told reporters in Kharkiv that the plant was hit.", "Kharkiv"),
     ("Speaking in Geneva, a UN official said the camp was shelled.", "Geneva"),
     ("Fans were chased after the match between Ajax and Maccabi Haifa.", "Ajax"),
     ("Fans were chased after the match between Ajax and Maccabi Haifa.", "Maccabi"),
     ("Ten members of the Kano Guard were killed.", "Kano")],
)
def test_not_a_place(text: str, name: str) -> None:
    start = text.index(name)
    assert not_a_place(text, start, start + len(name), country=False)


@pytest.mark.parametrize(
    ("text", "name"),
    [("Gunmen attacked a market in Kidal on Monday.", "Kidal"),
     ("Residents of Lashio said the town was shelled.", "Lashio"),
     ("Police dispersed a protest in Tbilisi.", "Tbilisi"),
     ("Fighting in Bakhmut claimed hundreds of lives.", "Bakhmut"),
     ("Kharkiv's mayor said three people died in the strike.", "Kharkiv"),
     ("Police said gunmen in Gao had fired on the patrol.", "Gao")],
)
def test_a_place_all_the_same(text: str, name: str) -> None:
    start = text.index(name)
    assert not not_a_place(text, start, start + len(name), country=False)


@pytest.mark.parametrize(
    ("before", "went"),
    [("Numerous wounded were evacuated toward ", True),
     ("the train was travelling from Quetta to ", True),
     ("thousands of residents fled into the bush or by boat towards ", True),
     ("families crossed the river and fled into ", True),
     ("the car carrier was seized while sailing from ", True),
     ("a flight from ", True),
     ("gunmen who had travelled from ", True),
     ("Ukrainian troops pushed into ", False),
     ("shells fired from ", False),
     ("a drone struck a depot in ", False),
     ("the injured were taken to hospital in ", False),
     ("some families have left for ", True),
     ("reinforcements were sent to ", True)],
)
def test_destination(before: str, went: bool) -> None:
    assert destination(before) is went


def test_owners() -> None:
    assert owned_by("protesters stormed the embassy of ")
    assert owned_by("they burned the flags of the ")
    assert not owned_by("a drone hit a base of ")


# --- datelines, names, what replaces what ----------------------------------------------------

@pytest.mark.parametrize("text", ["BOGOTÁ — Fighting between two armed groups",
                                  "ŞIRNAK, Turkey — Soldiers were killed",
                                  "N'DJAMENA — A base was attacked",
                                  "COTONOU, 10 January — Soldiers were killed",
                                  "DAKAR, 26 août — Des soldats ont été tués",
                                  "ADEN / RIYADH — Jets struck the port"])
def test_datelines_in_other_alphabets(text: str) -> None:
    assert dateline_end(text) == text.index("—") + 2


def test_congo_alone_is_the_drc() -> None:
    assert country_name("Congo") == "Democratic Republic of Congo"
    assert country_name("Republic of the Congo") == "Republic of Congo"
    assert country_name("Democratic Republic of the Congo") == "Democratic Republic of Congo"


def test_a_later_site_replaces_only_a_place_it_narrows() -> None:
    town = PlacePhrase("Saraqib", "in", RANK_TOWN, 0, 7, inside=True)
    region = PlacePhrase("Kanbalu", "in", RANK_REGION, 0, 7, inside=True)
    other = PlacePhrase("Hama", "in", RANK_TOWN, 50, 54)
    assert not narrows(town, other)
    assert narrows(region, other)
    assert narrows(None, other)


# --- the geocoder's side: containers ---------------------------------------------------------

def test_a_head_outside_its_containers_country_is_a_namesake(gazetteer: Any) -> None:
    geo = GazetteerGeocoder(gazetteer)
    p = geo.resolve("Madison, North Darfur", context=["Sudan"])
    assert (p.country, p.admin1, p.geo_precision) == ("Sudan", "North Darfur", 3)
    p = geo.resolve("Madison, Sudan", context=["Sudan"])
    assert (p.country, p.latitude) == ("Sudan", None)


def test_the_most_specific_known_container_is_used(gazetteer: Any) -> None:
    geo = GazetteerGeocoder(gazetteer)
    p = geo.resolve("Nyaung Pin Thar, Kanbalu, Sagaing region", context=["Myanmar"])
    assert (p.location, p.admin1, p.geo_precision) == ("Kanbalu", "Sagaing", 2)
    p = geo.resolve("Nyaung Pin Thar, Sagaing region", context=["Myanmar"])
    assert (p.admin1, p.geo_precision) == ("Sagaing", 3)


def test_a_namesake_far_from_the_town_named_with_it_is_not_the_village(gazetteer: Any) -> None:
    geo = GazetteerGeocoder(gazetteer)
    # a suburb may lie in another province than its city, but not 600 km away
    p = geo.resolve("Nyaung Pin Thar, Kanbalu", context=["Myanmar"])
    assert (p.location, p.geo_precision) == ("Kanbalu", 2)


class _Known:
    """A gazetteer that knows the given spellings only."""

    def __init__(self, *names: str) -> None:
        self.names = set(names)

    def is_place(self, name: str) -> bool:
        return name in self.names


@pytest.mark.parametrize(
    ("text", "found"),
    [("Shells hit a school in Deir al-Balah on Monday.", ["Deir al-Balah"]),
     ("Shells hit Deir al-Balah Hospital on Monday.", ["Deir al-Balah"]),
     ("Police fired in Hawija district on Monday.", ["Hawija"]),
     ("Police fired in Hawija on Monday.", []),  # one word alone: a month, a party, ...
     ("They demanded the release of Aung San Suu Kyi.", []),
     ("Crowds in Aung San Suu Kyi's home town marched.", []),
     ("The group's Khorasan Province claimed it.", [])],
)
def test_respelled_names_after_a_preposition(text: str, found: list[str]) -> None:
    from sigact.extract.spelled import spelled_spans

    gaz = _Known("Deir al-Balah", "Hawija", "Aung San", "Khorasan Province")
    assert [text[s:e] for s, e in spelled_spans(text, 0, [], gazetteer=gaz)] == found
