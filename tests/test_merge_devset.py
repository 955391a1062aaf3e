"""The merge dev set (bench/merge) is valid data: parseable, complete, and consistent with itself.

`bench/merge/dev.jsonl` holds reports we wrote about real events, hand-coded per CODEBOOK.md;
every event carries a `cluster` key naming the real-world act, and reports sharing a key are
the gold answer for cross-report merging. `bench/merge/near_misses.json` lists groups of
distinct clusters a merger must keep apart. These tests check the data, not the merger: a gold
cluster whose events disagree on type, day or place (beyond the codebook's tolerances) would
reward the wrong merges.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from sigact.extract.triggers import SUBTYPES
from sigact.geo import distance_km

MERGE = Path(__file__).resolve().parent.parent / "bench" / "merge"
DEV = MERGE / "dev.jsonl"
NEAR_MISSES = MERGE / "near_misses.json"

REPORT_FIELDS = ("id", "outlet", "url", "published", "title", "text", "events")
EVENT_FIELDS = ("cluster", "event_date", "time_precision", "event_type", "sub_event_type",
                "actor1", "inter1", "actor2", "inter2", "country", "iso3", "admin1",
                "location", "latitude", "longitude", "geo_precision", "fatalities",
                "injuries", "weapons", "target", "claims")
#: Same place, per the codebook's merge rule: precise places (geo_precision 1-2) this close.
MAX_KM = 50.0
#: The codebook's default: nothing dated more than this before publication is emitted.
MAX_AGE_DAYS = 30
CLUSTER_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
NEAR_MISS_KINDS = {"same_town_different_day", "same_city_same_day", "same_day_nearby_town",
                   "same_day_different_city", "same_week_nearby"}


def _load_reports() -> list[dict[str, Any]]:
    reports = []
    for n, line in enumerate(DEV.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"dev.jsonl line {n} is blank"
        try:
            rep = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"dev.jsonl line {n} is not JSON: {exc}")
        assert isinstance(rep, dict), f"dev.jsonl line {n} is not an object"
        reports.append(rep)
    return reports


REPORTS = _load_reports()
MENTIONS = [(rep, ev) for rep in REPORTS for ev in rep.get("events", [])]


def _clusters() -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    out: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for rep, ev in MENTIONS:
        out[ev["cluster"]].append((rep, ev))
    return dict(out)


CLUSTERS = _clusters()
MULTI = sorted(k for k, members in CLUSTERS.items() if len(members) > 1)


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _anchor(key: str) -> dict[str, Any]:
    """The cluster's most precisely placed event, to measure near-miss distances from."""
    return min((ev for _, ev in CLUSTERS[key]), key=lambda ev: ev["geo_precision"])


def test_every_report_has_the_required_fields() -> None:
    for rep in REPORTS:
        missing = [f for f in REPORT_FIELDS if f not in rep]
        assert not missing, f"{rep.get('id')}: missing {missing}"
        assert isinstance(rep["events"], list), rep["id"]
        _day(rep["published"])
        assert rep["url"] is None or rep["url"].startswith("https://example.org/"), rep["id"]
        for ev in rep["events"]:
            missing = [f for f in EVENT_FIELDS if f not in ev]
            assert not missing, f"{rep['id']} / {ev.get('cluster')}: missing {missing}"


def test_ids_are_unique_and_there_are_enough_reports() -> None:
    ids = [rep["id"] for rep in REPORTS]
    assert len(ids) == len(set(ids)), "duplicate report ids"
    assert len(REPORTS) >= 90


def test_texts_are_short_news_reports() -> None:
    for rep in REPORTS:
        words = len(rep["text"].split())
        assert 60 <= words <= 400, f"{rep['id']}: {words} words"
        assert rep["title"].strip(), rep["id"]


def test_at_least_30_events_are_told_by_two_to_five_reports() -> None:
    sizes = {k: len({rep["id"] for rep, _ in members}) for k, members in CLUSTERS.items()}
    assert max(sizes.values()) <= 5, {k: n for k, n in sizes.items() if n > 5}
    assert sum(1 for n in sizes.values() if 2 <= n <= 5) >= 30


def test_a_report_names_each_event_once() -> None:
    for rep in REPORTS:
        keys = [ev["cluster"] for ev in rep["events"]]
        assert len(keys) == len(set(keys)), f"{rep['id']}: {keys}"


@pytest.mark.parametrize("rep, ev", MENTIONS,
                         ids=[f"{r['id']}:{e['cluster']}" for r, e in MENTIONS])
def test_event_fields_follow_the_codebook(rep: dict[str, Any], ev: dict[str, Any]) -> None:
    assert CLUSTER_KEY.match(ev["cluster"]), ev["cluster"]
    assert SUBTYPES.get(ev["sub_event_type"]) == ev["event_type"]
    assert ev["time_precision"] in (1, 2, 3)
    assert ev["geo_precision"] in (1, 2, 3)
    for inter in ("inter1", "inter2"):
        assert ev[inter] is None or ev[inter] in range(1, 9)
    assert (ev["actor2"] is None) == (ev["inter2"] is None)
    assert ev["actor1"] and ev["inter1"] in range(1, 9)
    assert isinstance(ev["fatalities"], int) and ev["fatalities"] >= 0
    assert ev["injuries"] is None or (isinstance(ev["injuries"], int) and ev["injuries"] >= 0)
    assert all(isinstance(w, str) and w for w in ev["weapons"])
    for c in ev["claims"]:
        assert c["kind"] in ("claim", "blame", "denial") and c["by"] and c["actor"], c
    assert len(ev["iso3"]) == 3 and ev["country"] and ev["admin1"] and ev["location"]
    assert -90 <= ev["latitude"] <= 90 and -180 <= ev["longitude"] <= 180
    assert (ev["latitude"], ev["longitude"]) != (0, 0)


@pytest.mark.parametrize("rep, ev", MENTIONS,
                         ids=[f"{r['id']}:{e['cluster']}" for r, e in MENTIONS])
def test_event_date_is_not_after_publication(rep: dict[str, Any], ev: dict[str, Any]) -> None:
    age = (_day(rep["published"]) - _day(ev["event_date"])).days
    assert 0 <= age <= MAX_AGE_DAYS, f"published {rep['published']}, event {ev['event_date']}"


@pytest.mark.parametrize("key", sorted(CLUSTERS))
def test_cluster_key_carries_the_event_date(key: str) -> None:
    found = KEY_DATE.search(key)
    assert found, f"{key}: a stable key names its day"
    exact = {ev["event_date"] for _, ev in CLUSTERS[key] if ev["time_precision"] == 1}
    assert exact <= {found.group(1)}, f"{key}: coded {sorted(exact)}"


@pytest.mark.parametrize("key", MULTI)
def test_reports_of_one_event_agree_on_type_day_and_place(key: str) -> None:
    events = [ev for _, ev in CLUSTERS[key]]
    assert len({ev["event_type"] for ev in events}) == 1, [ev["event_type"] for ev in events]
    assert len({ev["country"] for ev in events}) == 1
    for a, b in combinations(events, 2):
        gap = abs((_day(a["event_date"]) - _day(b["event_date"])).days)
        loose = a["time_precision"] > 1 or b["time_precision"] > 1
        assert gap <= (1 if loose else 0), f"{a['event_date']} vs {b['event_date']}"
        if a["geo_precision"] < 3 and b["geo_precision"] < 3:
            km = distance_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
            assert km <= MAX_KM, f"{a['location']} vs {b['location']}: {km:.0f} km"
    # A report that names only the province is the same place if the province is the same.
    provinces = {ev["admin1"] for ev in events if ev["geo_precision"] < 3}
    for ev in events:
        if ev["geo_precision"] == 3 and provinces:
            assert ev["admin1"] in provinces, f"{ev['admin1']} not in {sorted(provinces)}"


def _near_misses() -> list[dict[str, Any]]:
    doc = json.loads(NEAR_MISSES.read_text(encoding="utf-8"))
    return list(doc["groups"])


NEAR = _near_misses()


def test_there_are_enough_near_misses_of_every_kind() -> None:
    assert len(NEAR) >= 12
    kinds = {g["kind"] for g in NEAR}
    assert kinds <= NEAR_MISS_KINDS, kinds - NEAR_MISS_KINDS
    assert {"same_town_different_day", "same_city_same_day", "same_day_nearby_town"} <= kinds


@pytest.mark.parametrize("group", NEAR, ids=[g["clusters"][0] for g in NEAR])
def test_near_miss_groups_name_distinct_events_that_fit_their_kind(group: dict[str, Any]) -> None:
    keys = group["clusters"]
    assert len(keys) >= 2 and len(set(keys)) == len(keys), keys
    unknown = [k for k in keys if k not in CLUSTERS]
    assert not unknown, f"not in dev.jsonl: {unknown}"
    anchors = [_anchor(k) for k in keys]
    for a, b in combinations(anchors, 2):
        gap = abs((_day(a["event_date"]) - _day(b["event_date"])).days)
        km = distance_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
        pair = f"{a['cluster']} / {b['cluster']}: {gap} days, {km:.0f} km"
        if group["kind"] == "same_town_different_day":
            assert gap >= 1 and km <= MAX_KM, pair
        elif group["kind"] == "same_city_same_day":
            assert gap == 0 and km <= MAX_KM, pair
        elif group["kind"] == "same_day_nearby_town":
            assert gap == 0 and a["location"] != b["location"] and km <= MAX_KM, pair
        elif group["kind"] == "same_day_different_city":
            assert gap == 0 and km > MAX_KM, pair
        else:  # same_week_nearby
            assert 1 <= gap <= 10 and km <= MAX_KM, pair


def test_readme_figures_match_the_file() -> None:
    readme = (MERGE / "README.md").read_text(encoding="utf-8")
    told = sum(1 for members in CLUSTERS.values() if len({r["id"] for r, _ in members}) > 1)
    for figure in (f"{len(REPORTS)} reports", f"{len(CLUSTERS)} events",
                   f"{told} of them", f"{len(NEAR)} near-miss groups"):
        assert figure in readme, f"README.md should say '{figure}'"
