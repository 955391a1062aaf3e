"""Confidence: what the extractor is sure of and what not, on reports we wrote.

The codebook asks that of events with confidence >= 0.8 at least 80 % be right; the figures
come from `sigact eval`. These tests pin the direction of each rule on a minimal pair.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sigact.extract.confidence import CAP_REGION, CAP_VAGUE_PLACE
from sigact.records import Article, Mention

PUB = date(2024, 5, 15)


def one(pipeline: Any, text: str, *, published: date | None = PUB) -> Mention:
    (m,) = pipeline([Article(id="c", text=text, published=published)])
    return m


def test_a_strong_cue_at_a_known_town_on_a_stated_day_is_confident(pipeline: Any) -> None:
    m = one(pipeline, "Russian drones struck Kharkiv on Tuesday, killing two people.")
    assert m.confidence >= 0.8


def test_an_event_placed_only_in_a_country_is_never_confident(pipeline: Any) -> None:
    m = one(pipeline, "Russian drones struck Ukraine on Tuesday, killing two people.")
    assert m.confidence <= CAP_VAGUE_PLACE < 0.8


def test_an_event_placed_only_in_a_region_is_capped(pipeline: Any) -> None:
    m = one(pipeline, "Russian drones struck the Kharkiv region on Tuesday, killing two "
                      "people.")
    assert m.confidence <= CAP_REGION < 0.8


class _Cand:
    def __init__(self, iso2: str) -> None:
        self.iso2, self.match = iso2, 0


class _Gaz:
    """Knows "Palma" in Spain only, "Trinidad" in Bolivia and Cuba, and the ISO2 codes of
    four countries."""

    def lookup(self, name: str, *, country: str | None = None, limit: int = 10) -> list[_Cand]:
        return {"Palma": [_Cand("ES")], "Trinidad": [_Cand("BO"), _Cand("CU")]}.get(name, [])

    def country_code(self, country: str) -> str | None:
        return {"Mozambique": "MZ", "Spain": "ES", "Brazil": "BR", "Bolivia": "BO"}.get(country)


def test_a_town_the_gazetteer_knows_only_abroad_costs_confidence() -> None:
    from sigact.extract.confidence import confidence

    home, abroad = (confidence(_event("Palma", c), gazetteer=_Gaz(), country=c)
                    for c in ("Spain", "Mozambique"))
    assert abroad < home and abroad < 0.8
    assert home >= 0.8


def _event(name: str, country: str, sub: str = "Armed clash") -> Any:
    from sigact.extract.events import OpenEvent
    from sigact.extract.places import RANK_TOWN, PlacePhrase

    m = Mention(doc="c", event_type="Battles", sub_event_type=sub)
    return OpenEvent(m, PlacePhrase(name, "in", RANK_TOWN, 0, len(name)), True, 0.8,
                     country=country)


def test_a_town_the_gazetteer_has_in_several_countries_costs_confidence() -> None:
    from sigact.extract.confidence import confidence

    single = confidence(_event("Palma", "Spain"), gazetteer=_Gaz(), country="Spain")
    namesake = confidence(_event("Trinidad", "Bolivia"), gazetteer=_Gaz(), country="Bolivia")
    assert namesake < single


def test_a_further_act_of_a_report_is_less_sure_than_its_first() -> None:
    from sigact.extract.confidence import confidence

    def conf(lead: str | None) -> float:
        return confidence(_event("Palma", "Spain"), gazetteer=_Gaz(), country="Spain",
                          lead=lead)

    # an act of another kind told after the first (an arrest after a bombing) costs most
    assert conf("Suicide bomb") < conf("Armed clash") < conf(None)


def test_a_place_borrowed_from_an_earlier_sentence_costs_confidence(pipeline: Any) -> None:
    own = one(pipeline, "Rockets hit Kherson on Monday, killing two people.")
    text = ("Officials described damage in Kherson on Monday. Rockets hit again on Monday, "
            "killing two people.")
    borrowed = one(pipeline, text)
    assert borrowed.location_text == "Kherson"
    assert borrowed.confidence < own.confidence


def test_a_peaceful_protest_is_less_sure_than_one_with_a_sign_of_force(pipeline: Any) -> None:
    calm = one(pipeline, "Thousands protested in Kati on Tuesday against the junta.")
    dispersed = one(pipeline, "Police fired tear gas at thousands protesting in Kati on "
                              "Tuesday against the junta.")
    assert calm.sub_event_type == "Peaceful protest"
    assert dispersed.sub_event_type == "Protest with intervention"
    assert calm.confidence < dispersed.confidence


def test_a_crime_named_as_a_kind_is_less_sure_than_an_act(pipeline: Any) -> None:
    act = one(pipeline, "Soldiers raped two women in a village near Gao on Monday.")
    kind = one(pipeline, "Sexual violence against women in a village near Gao was reported "
                         "on Monday.")
    assert act.sub_event_type == kind.sub_event_type == "Sexual violence"
    assert kind.confidence < act.confidence
