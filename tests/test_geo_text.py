"""Where reports put their events, end to end: datelines, "near X", "N km south of X",
province-only mentions, sites by their kind word. Short reports written for the test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigact.extract.eventplace import dateline_place, refers_to_dateline
from sigact.records import Article, Mention


def _events(pipeline: Any, text: str, doc: str = "t1") -> list[Mention]:
    return pipeline([Article(id=doc, text=text, published=date(2024, 5, 10))])


def _place(pipeline: Any, text: str) -> Any:
    ms = _events(pipeline, text)
    assert len(ms) == 1, [(m.sub_event_type, m.location_text) for m in ms]
    assert ms[0].place is not None
    return ms[0].place


@pytest.mark.parametrize(
    ("text", "location", "admin1", "precision"),
    [
        # the dateline says where the report was filed, not where the act happened
        ("KHARTOUM (Nile Wire) — Drones struck fuel depots near Port Sudan airport on "
         "Thursday, officials said. No one was hurt.", "Port Sudan", "Red Sea", 2),
        # ... unless the text points back at it
        ("EL FASHER, Sudan, May 9 — Shelling by the Rapid Support Forces killed 12 civilians "
         "in the city on Thursday, medics said.", "El Fasher", "North Darfur", 1),
        # a place the text names beats the dateline; "N km south of X" is X at precision 2
        ("KYIV — A Russian missile struck a power plant 20 km south of Kharkiv on Friday, "
         "killing two workers, the city's mayor said.", "Kharkiv", "Kharkiv", 2),
        # "near X" is X at precision 2
        ("Gunmen ambushed an army convoy near Gao on Tuesday, killing four soldiers, Malian "
         "officials said.", "Gao", "Gao", 2),
    ],
    ids=["dateline-not-the-place", "dateline-pointed-at", "km-south-of", "near"],
)
def test_where_the_text_puts_the_event(
    pipeline: Any, text: str, location: str, admin1: str, precision: int
) -> None:
    p = _place(pipeline, text)
    assert location in p.location and (p.admin1, p.geo_precision) == (admin1, precision), p


def test_a_province_only_mention_is_precision_3_at_its_capital(pipeline: Any) -> None:
    p = _place(pipeline, "Militants attacked an army post in Tillabéri region on Monday, "
                         "killing five soldiers, Niger's defence ministry said.")
    assert (p.admin1, p.geo_precision, p.feature) == ("Tillaberi", 3, "admin1")
    assert p.latitude is not None


def test_a_country_only_mention_gets_no_coordinates(pipeline: Any) -> None:
    ms = _events(pipeline, "Clashes between the army and rebels in northern Mali killed "
                           "four soldiers on Monday, officials said.")
    assert ms and all(m.place is not None and m.place.latitude is None for m in ms)
    assert ms[0].place is not None and ms[0].place.country == "Mali"


def test_a_site_named_by_its_kind_word(pipeline: Any) -> None:
    p = _place(pipeline, "A suicide car bomb hit the Tessalit camp in northern Mali on "
                         "Sunday, killing three peacekeepers, the UN mission said.")
    assert (p.feature, p.admin1, p.geo_precision) == ("site:base", "Kidal", 1)


def test_a_name_the_model_cuts_is_widened_to_the_gazetteer_name(pipeline: Any) -> None:
    p = _place(pipeline, "Iraqi artillery shelled Tal Afar on Sunday, killing six "
                         "militants, the army said.")
    assert (p.country, p.admin1) == ("Iraq", "Nineveh")


def test_the_place_things_were_seized_from_is_the_event_place(pipeline: Any) -> None:
    p = _place(pipeline, "Militants seized weapons and vehicles from the Tessalit camp on "
                         "Friday after the army withdrew, residents said.")
    assert (p.feature, p.admin1) == ("site:base", "Kidal")


# --- the dateline helpers on their own ----------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name"),
    [("EL FASHER, Sudan, May 9 — Shelling killed 12.", "El Fasher, Sudan"),
     ("KHARTOUM (Nile Wire) — Drones struck.", "Khartoum"),
     ("BAMAKO, May 9 (Sahel Dispatch) - Gunmen attacked.", "Bamako"),
     ("Gunmen attacked a camp near Gao.", None)],
)
def test_dateline_place(text: str, name: str | None) -> None:
    p = dateline_place(text)
    assert (p.text if p else None) == name


@pytest.mark.parametrize(
    ("sentence", "points"),
    [("Shelling killed 12 civilians in the city.", True),
     ("Drones struck the capital overnight.", True),
     ("The capital of Iraq's Kurdistan region was hit.", False),  # names another place
     ("Shelling killed 12 civilians in Omdurman.", False)],
)
def test_refers_to_dateline(sentence: str, points: bool) -> None:
    assert refers_to_dateline(sentence) is points
