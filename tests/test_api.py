"""The JSON API over a hand-built database: filters, paging, sorting, detail, downloads, errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service_fixtures import HOSTILE, HOSTILE_OUTLET, N_EVENTS, N_LOCATED, previous_schema_db
from service_fixtures import service_db as service_db
from sigact.api import Settings, create_app
from sigact.api.models import EventSummary, PointsOut, listing_extra, summary_dict
from sigact.errors import SigactError
from sigact.store import SQLiteStore, query

IRAQ_BBOX = "38.8,29.0,48.6,37.4"


@pytest.fixture(scope="module")
def client(service_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(db=service_db, page_size=2, web_dir=tmp_path_factory.mktemp("noweb"))
    with TestClient(create_app(settings)) as c:
        yield c


def ids(page: dict[str, object]) -> list[str]:
    return [str(e["event_id"]) for e in page["items"]]  # type: ignore[attr-defined, index]


def test_health(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["events"] == N_EVENTS


def test_list_pages_with_total_and_links(client: TestClient) -> None:
    first = client.get("/events").json()
    assert first["total"] == N_EVENTS and first["limit"] == 2 and len(first["items"]) == 2
    rels = {link["rel"]: link["href"] for link in first["links"]}
    assert "prev" not in rels
    seen = ids(first)
    nxt = rels["next"]
    while nxt:
        page = client.get(nxt).json()
        seen += ids(page)
        nxt = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    assert len(seen) == len(set(seen)) == N_EVENTS
    dates = [e["event_date"] for e in client.get("/events?limit=100").json()["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default


def test_filters(client: TestClient) -> None:
    def total(query: str) -> int:
        r = client.get(f"/events?{query}")
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert total(f"bbox={IRAQ_BBOX}") == 4  # Asad, Deir ez-Zor (inside the box), Baghdad, Kirkuk
    assert total(f"bbox={IRAQ_BBOX}&since=2024-02-01&until=2024-02-28") == 2
    assert total("country=Iraq") == 3 and total("country=IRQ") == 3
    assert total("event_type=Protests") == 1
    assert total("sub_event_type=Air/drone strike") == 1
    assert total("actor=Islamic Resistance") == 1
    assert total("admin1=Anbar") == 1
    assert total("min_fatalities=3") == 3
    assert total("q=teachers") == 1
    assert total("bbox=-5,10,5,20") == 1  # Gao


def test_antimeridian_bbox_and_bad_bbox(client: TestClient) -> None:
    assert client.get("/events?bbox=170,-90,-170,90").json()["total"] == 0
    r = client.get("/events?bbox=1,2,3")
    assert r.status_code == 400 and "min_lon,min_lat,max_lon,max_lat" in r.json()["detail"]
    assert client.get("/events?bbox=0,50,10,40").status_code == 400  # min_lat > max_lat


def test_sorting(client: TestClient) -> None:
    items = client.get("/events?sort=-fatalities&limit=100").json()["items"]
    deaths = [e["fatalities"] for e in items]
    assert deaths == sorted(deaths, reverse=True) and deaths[0] == 5
    dates = [e["event_date"] for e in client.get("/events?sort=date&limit=100").json()["items"]]
    assert dates == sorted(dates)
    r = client.get("/events?sort=sideways")
    assert r.status_code == 400 and "-fatalities" in r.json()["detail"]


def test_summary_fields(client: TestClient) -> None:
    [ev] = client.get("/events?sub_event_type=Air/drone strike").json()["items"]
    assert ev["outlets"] == ["Desert Wire", "River Post"] and ev["source_count"] == 2
    assert ev["cameo_code"] == "195" and ev["plover_code"] == "ASSAULT"
    assert ev["fatalities"] == 2 and ev["weapons"] == ["drone", "rocket"]
    assert "evidence" not in ev and "sources" not in ev


def test_detail_has_sources_evidence_spans_and_revisions(client: TestClient) -> None:
    [summary] = client.get("/events?sub_event_type=Air/drone strike").json()["items"]
    ev = client.get(f"/events/{summary['event_id']}").json()
    assert [s["outlet"] for s in ev["sources"]] == ["Desert Wire", "River Post"]
    [evidence] = ev["sources"][1]["evidence"]
    text = evidence["text"]
    spans = {(text[s["start"]:s["end"]], s["field"]) for s in evidence["spans"]}
    assert ("Ain al-Asad Air Base", "place") in spans
    assert ("rockets", "weapon") in spans and ("drone", "weapon") in spans
    assert ("2", "fatalities") in spans
    changed = {r["field"]: (r["old"], r["new"], r["doc"]) for r in ev["revisions"]}
    assert changed["fatalities"] == (0, 2, "asad-2")
    assert changed["weapons"] == (["drone"], ["drone", "rocket"], "asad-2")
    assert ev["claims"][0]["kind"] == "claim"


def test_detail_keeps_hostile_text_verbatim(client: TestClient) -> None:
    [summary] = client.get("/events?q=Kirkuk").json()["items"]
    ev = client.get(f"/events/{summary['event_id']}").json()
    assert ev["sources"][0]["evidence"][0]["text"] == HOSTILE  # escaping is the renderer's job
    assert ev["sources"][0]["outlet"] == HOSTILE_OUTLET


def test_unknown_event_is_404(client: TestClient) -> None:
    assert client.get("/events/ev-nothing").status_code == 404


def test_points_timeline_facets(client: TestClient) -> None:
    pts = client.get("/events/points").json()
    assert pts["total"] == N_LOCATED and len(pts["event_id"]) == N_LOCATED
    assert not pts["truncated"]
    two = client.get("/events/points?limit=2").json()
    assert two["truncated"] and two["total"] == N_LOCATED and len(two["event_id"]) == 2
    tl = client.get("/events/timeline?bucket=month").json()
    assert tl["bins"] == [{"start": "2024-01-01", "count": 2}, {"start": "2024-02-01", "count": 3},
                          {"start": "2024-03-01", "count": 1}]
    week = client.get("/events/timeline?bucket=week&country=Iraq").json()["bins"]
    assert [b["start"] for b in week] == ["2024-01-15", "2024-02-19", "2024-03-04"]  # Mondays
    facets = client.get("/events/facets?country=Iraq").json()
    assert facets["total"] == 3
    assert {f["value"]: f["count"] for f in facets["event_type"]} == {
        "Explosions/Remote violence": 2, "Protests": 1}


def test_sources(client: TestClient) -> None:
    page = client.get("/sources?limit=100").json()
    assert page["total"] == 7
    by_doc = {r["doc"]: r for r in page["items"]}
    assert by_doc["asad-2"]["events"] == 1 and by_doc["asad-2"]["outlet"] == "River Post"
    assert client.get("/sources?outlet=sahel daily").json()["total"] == 2


def test_csv_download(client: TestClient) -> None:
    r = client.get("/events.csv?country=Iraq")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 3 and {row["country"] for row in rows} == {"Iraq"}
    assert {row["cameo_code"] for row in rows} == {"195", "183", "141"}


def test_geojson_and_jsonl_downloads(client: TestClient) -> None:
    doc = client.get("/events.geojson").json()
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == N_LOCATED
    lines = client.get("/events.jsonl").text.splitlines()
    assert len(lines) == N_EVENTS and all("sources" in json.loads(x) for x in lines)


def test_parquet_download(client: TestClient) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    r = client.get("/events.parquet?min_fatalities=1")
    assert r.status_code == 200
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 4 and "plover_code" in table.column_names


def test_openapi_documents_the_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/events", "/events/{event_id}", "/sources", "/health", "/events.{fmt}",
                 "/ogc/collections/{collection_id}/items"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/events"]["get"]["parameters"]}
    assert {"bbox", "since", "until", "q", "min_fatalities", "limit", "offset", "sort"} <= params
    assert client.get("/docs").status_code == 200


def test_dashboard_not_built_says_how(client: TestClient) -> None:
    r = client.get("/app/")
    assert r.status_code == 503 and "make web" in r.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/app/"


def test_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SigactError, match="no such database"):
        create_app(Settings(db=tmp_path / "none.db"))


def test_listing_members_by_subtype_close_every_object(service_db: Path) -> None:
    """Members appended per sub-event type: each object stays valid JSON, and an event whose
    type has none gets the same names as null."""
    with SQLiteStore(service_db) as store:
        subs = {e.sub_event_type for e in store.events()}
        one = sorted(subs)[0]
        _, page = query.listing_page(
            store, members=query.listing_members({one: {"code": "x\"y", "n": 3}}))
    listed = [json.loads(x) for x in page]
    assert {(d["code"], d["n"]) for d in listed if d["sub_event_type"] == one} == {('x"y', 3)}
    others = [d for d in listed if d["sub_event_type"] != one]
    assert others and all(d["code"] is None and d["n"] is None for d in others)


def test_listing_json_is_the_summary_model(service_db: Path) -> None:
    """The list page's SQL-built JSON and the Python summary of each event agree exactly."""
    with SQLiteStore(service_db) as store:
        total, page = query.listing_page(store, members=listing_extra())
        listed = [json.loads(x) for x in page]
        events = store.events()
        assert total == len(events) == N_EVENTS
        assert query.listing_page(store, offset=N_EVENTS) == (N_EVENTS, [])
        assert query.listing_page(store, limit=2, offset=4, sort="date")[0] == N_EVENTS
        world = (-180.0, -90.0, 180.0, 90.0)  # the bbox path: count and page in one pass
        total, page = query.listing_page(store, members=listing_extra(), bbox=world, sort="date")
        assert total == N_LOCATED
        assert [json.loads(x)["event_id"] for x in page] == [
            e.event_id for e in store.events(bbox=world, sort="date")]
        assert query.listing_page(store, bbox=world, offset=99) == (N_LOCATED, [])
    assert [d["event_id"] for d in listed] == [e.event_id for e in events]
    for d, ev in zip(listed, events, strict=True):
        assert d == summary_dict(ev)
        EventSummary.model_validate(d)


def test_points_json_is_the_points_model(client: TestClient, service_db: Path) -> None:
    body = client.get("/events/points").json()
    pts = PointsOut.model_validate(body)
    with SQLiteStore(service_db) as store:
        located = store.events(located=True)
    assert pts.event_id == [e.event_id for e in located]
    assert pts.latitude == [e.place.latitude for e in located if e.place]
    assert pts.event_date == [e.event_date.isoformat() if e.event_date else None for e in located]
    assert pts.fatalities == [e.fatalities for e in located]
    assert client.get("/events/points?country=Nowhere").json()["event_id"] == []


def test_serve_refuses_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          ) -> None:
    from sigact.cli import main

    assert main(["serve", "--db", str(tmp_path / "none.db"), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "no such database" in err and "sigact run PATH --db" in err


def test_serve_migrates_an_older_database_before_serving(tmp_path: Path) -> None:
    from sigact.api.server import prepare_database
    from sigact.store.schema import MIGRATIONS

    settings = Settings(db=previous_schema_db(tmp_path / "old.db"))
    with pytest.raises(SigactError, match="migrates it on start"):
        create_app(settings)
    assert prepare_database(settings) == 0
    with TestClient(create_app(settings)) as c:
        assert c.get("/health").json()["schema_version"] == len(MIGRATIONS)


def test_an_id_renamed_by_a_later_report_redirects_to_the_event(tmp_path: Path) -> None:
    from datetime import timedelta

    from sigact.dedup import make_cluster_merger
    from test_store_merge import DAY, report

    merger = make_cluster_merger()
    db = tmp_path / "renamed.db"
    with SQLiteStore(db) as store:
        [late] = store.add_article(*report("late", fatalities=1), dedup=merger)
        [ev] = store.add_article(*report("early", published=DAY - timedelta(1)), dedup=merger)
    assert late.event_id != ev.event_id
    settings = Settings(db=db, web_dir=tmp_path / "noweb")
    with TestClient(create_app(settings)) as c:
        r = c.get(f"/events/{late.event_id}", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == f"/events/{ev.event_id}"
        assert c.get(f"/events/{late.event_id}").json()["event_id"] == ev.event_id
        r = c.get(f"/ogc/collections/events/items/{late.event_id}", follow_redirects=False)
        assert r.status_code == 308
        assert r.headers["location"] == f"/ogc/collections/events/items/{ev.event_id}"
        assert c.get("/events/ev-never-existed").status_code == 404


@pytest.mark.slow
def test_serve_with_workers_answers_and_stops_cleanly(service_db: Path) -> None:
    """``serve --workers 2`` as a user runs it: each worker has its own socket on the port
    (SO_REUSEPORT on Linux), both answer, and SIGTERM to the parent stops them all."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from service_fixtures import free_port

    port = free_port()
    sigact = Path(sys.executable).with_name("sigact")
    proc = subprocess.Popen([str(sigact), "serve", "--db", str(service_db), "--port", str(port),
                             "--workers", "2", "--log-level", "warning"],
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    assert json.load(r)["events"] == N_EVENTS
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
                time.sleep(0.1)
        # A second server on the same port is refused rather than sharing it silently.
        second = subprocess.run([str(sigact), "serve", "--db", str(service_db), "--port",
                                 str(port), "--workers", "2"], capture_output=True, text=True,
                                timeout=60)
        assert second.returncode == 1 and "is using the port" in second.stderr
        for _ in range(20):  # many connections: all answered, whichever worker takes them
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/events?limit=1") as r:
                assert r.status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
