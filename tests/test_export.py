"""Exports parse back with the right columns, and awkward text survives the trip."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import date

import pytest

from sigact.errors import SigactError
from sigact.export import CSV_COLUMNS, FORMATS, get_writer, write_csv, write_geojson, write_jsonl
from sigact.records import Actor, Claim, Event, Evidence, Place, Source

AWKWARD = 'He said "hold, fire"; then\nleft, quickly — ça va'


def make_events() -> list[Event]:
    ev1 = Event(
        doc="r1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        event_date=date(2024, 1, 28), actor1=Actor("Unidentified Armed Group (Jordan)", 3),
        actor2=Actor("Military Forces of the United States", 8),
        place=Place("Outpost, \"North\"", country="Jordan", iso3="JOR", admin1="Mafraq",
                    latitude=32.3, longitude=38.7, geo_precision=1),
        fatalities=3, fatalities_high=4, injuries=30, weapons=["drone", "missile"],
        target="US military base", claims=[Claim("claim", "a group", "a group")],
        evidence=[Evidence("r1", AWKWARD, 5, 50)], confidence=0.9, notes=AWKWARD,
        event_id="ev-000000000001",
        sources=[
            Source("r1", url="https://example.org/a", outlet="Outlet A",
                   published=date(2024, 1, 29), evidence=[Evidence("r1", AWKWARD, 5, 50)]),
            Source("r2", url="https://example.org/b?x=1;y=2", outlet="Outlet B"),
        ],
    )
    ev2 = Event(
        doc="r3", event_type="Protests", sub_event_type="Peaceful protest",
        event_date=None, place=None, location_text="somewhere", event_id="ev-000000000002",
        sources=[Source("r3")],
    )
    return [ev1, ev2]


def test_formats_registry() -> None:
    assert set(FORMATS) == {"jsonl", "csv", "geojson"}
    assert get_writer("csv") is write_csv
    with pytest.raises(SigactError, match="xlsx"):
        get_writer("xlsx")


def test_jsonl_round_trips_to_dict() -> None:
    out = io.StringIO()
    events = make_events()
    assert write_jsonl(iter(events), out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    rows = [json.loads(line) for line in lines]
    assert rows == [json.loads(json.dumps(e.to_dict())) for e in events]
    assert rows[0]["notes"] == AWKWARD
    assert rows[0]["sources"][1]["doc"] == "r2"
    assert rows[0]["fatalities_high"] == 4


def test_jsonl_without_evidence() -> None:
    out = io.StringIO()
    write_jsonl(make_events(), out, evidence=False)
    row = json.loads(out.getvalue().splitlines()[0])
    assert "evidence" not in row and all("evidence" not in s for s in row["sources"])
    assert row["event_id"] == "ev-000000000001"


def test_csv_parses_back_with_acled_columns() -> None:
    out = io.StringIO(newline="")
    assert write_csv(make_events(), out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 2
    r = rows[0]
    assert r["event_id_cnty"] == "ev-000000000001"
    assert r["notes"] == AWKWARD
    assert r["location"] == 'Outpost, "North"'
    assert r["iso"] == "400" and r["iso3"] == "JOR"  # ACLED's iso is the numeric code
    assert r["source"] == "Outlet A; Outlet B"
    assert r["source_docs"] == "r1; r2"
    assert r["source_urls"].split(" ") == ["https://example.org/a", "https://example.org/b?x=1;y=2"]
    assert r["weapons"] == "drone;missile"
    assert json.loads(r["claims"]) == [{"kind": "claim", "by": "a group", "actor": "a group"}]
    assert (r["fatalities"], r["fatalities_high"], r["injuries"]) == ("3", "4", "30")
    assert float(r["latitude"]) == 32.3
    empty = rows[1]
    assert empty["event_date"] == "" and empty["latitude"] == "" and empty["iso"] == ""
    assert empty["location"] == "somewhere"


def test_geojson_skips_events_without_coordinates(caplog: pytest.LogCaptureFixture) -> None:
    out = io.StringIO()
    with caplog.at_level(logging.WARNING):
        assert write_geojson(make_events(), out) == 1
    assert "1 events without coordinates" in caplog.text
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection"
    [feature] = doc["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.7, 32.3]}
    props = feature["properties"]
    assert set(props) == set(CSV_COLUMNS)
    assert props["notes"] == AWKWARD and props["fatalities_high"] == 4


def test_geojson_empty_is_valid() -> None:
    out = io.StringIO()
    assert write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}
