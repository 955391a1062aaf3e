"""OGC API - Features at /ogc: the documents the standard requires, and a real GIS client
(GDAL's ogrinfo) reading the events layer from a running server."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service_fixtures import N_LOCATED, need, running_server
from service_fixtures import service_db as service_db
from sigact.api import Settings, create_app
from sigact.api.routes.ogc import parse_datetime
from sigact.errors import SigactError

ITEMS = "/ogc/collections/events/items"


@pytest.fixture(scope="module")
def settings(service_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(db=service_db, web_dir=tmp_path_factory.mktemp("noweb"))


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_landing_and_conformance(client: TestClient) -> None:
    landing = client.get("/ogc").json()
    rels = {link["rel"] for link in landing["links"]}
    assert {"self", "service-desc", "service-doc", "conformance", "data"} <= rels
    conf = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conf
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conf


def test_collections_with_extent(client: TestClient) -> None:
    [coll] = client.get("/ogc/collections").json()["collections"]
    assert coll["id"] == "events" and coll["itemType"] == "feature"
    lo_lon, lo_lat, hi_lon, hi_lat = coll["extent"]["spatial"]["bbox"][0]
    assert (lo_lon, lo_lat) == pytest.approx((-0.04, 16.2666))
    assert (hi_lon, hi_lat) == pytest.approx((44.4009, 35.4681))
    assert coll["extent"]["temporal"]["interval"] == [["2024-01-05T00:00:00Z",
                                                       "2024-03-10T00:00:00Z"]]
    assert client.get("/ogc/collections/events").json()["id"] == "events"
    assert client.get("/ogc/collections/nope").status_code == 404


def test_items_page_with_links(client: TestClient) -> None:
    r = client.get(f"{ITEMS}?limit=2")
    assert r.headers["content-type"].startswith("application/geo+json")
    page = r.json()
    assert page["numberMatched"] == N_LOCATED and page["numberReturned"] == 2
    seen = [f["id"] for f in page["features"]]
    while nxt := next((x["href"] for x in page["links"] if x["rel"] == "next"), None):
        page = client.get(nxt).json()
        seen += [f["id"] for f in page["features"]]
    assert len(set(seen)) == N_LOCATED
    assert any(x["rel"] == "prev" for x in page["links"])
    feature = page["features"][0]
    assert feature["geometry"]["type"] == "Point" and "cameo_code" in feature["properties"]


def test_items_bbox_datetime_and_properties(client: TestClient) -> None:
    def matched(query: str) -> int:
        r = client.get(f"{ITEMS}?{query}")
        assert r.status_code == 200, r.text
        return int(r.json()["numberMatched"])

    assert matched("bbox=42,33,43,34") == 1
    assert matched("bbox=42,33,0,43,34,1000") == 1  # a 3D bbox; heights ignored
    assert matched("datetime=2024-02-01/2024-02-29") == 2
    assert matched("datetime=2024-02-01T00:00:00Z/..") == 3
    assert matched("datetime=../2024-01-31") == 2
    assert matched("datetime=2024-01-20") == 1
    assert matched("event_type=Protests") == 1
    assert matched("country=Iraq&min_fatalities=3") == 1
    assert client.get(f"{ITEMS}?datetime=last-week").status_code == 400
    assert client.get(f"{ITEMS}?limit=0").status_code == 422


def test_single_item(client: TestClient) -> None:
    first = client.get(f"{ITEMS}?limit=1").json()["features"][0]
    one = client.get(f"{ITEMS}/{first['id']}").json()
    assert one["id"] == first["id"] and one["type"] == "Feature"
    assert {x["rel"] for x in one["links"]} == {"self", "collection"}
    assert client.get(f"{ITEMS}/ev-nothing").status_code == 404


def test_parse_datetime() -> None:
    from datetime import date

    assert parse_datetime("2024-01-02T10:00:00+03:00") == (date(2024, 1, 2), date(2024, 1, 2))
    assert parse_datetime("../2024-01-02") == (None, date(2024, 1, 2))
    with pytest.raises(SigactError, match="RFC 3339"):
        parse_datetime("..")


@pytest.mark.slow
def test_ogrinfo_reads_the_events_layer(settings: Settings) -> None:
    ogrinfo = need("ogrinfo", what="Debian package gdal-bin")
    with running_server(settings) as base:
        out = subprocess.run(
            [ogrinfo, "-ro", "-so", f"OAPIF:{base}/ogc", "events"],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout
        assert "Geometry: Point" in out
        assert re.search(r"Feature Count: (\d+)", out).group(1) == str(N_LOCATED)  # type: ignore[union-attr]
        for field in ("event_date: Date", "fatalities: Integer", "sub_event_type: String",
                      "latitude: Real", "cameo_code: String", "plover_code: String"):
            assert field in out, field
        # Reading every feature through the paging links, and a spatial filter GDAL sends as bbox.
        full = subprocess.run(
            [ogrinfo, "-ro", "-al", "-q", "-oo", "PAGE_SIZE=2", f"OAPIF:{base}/ogc"],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout
        assert full.count("OGRFeature(events)") == N_LOCATED
        assert "Ain al-Asad Air Base" in full
        spat = subprocess.run(
            [ogrinfo, "-ro", "-al", "-q", "-spat", "42", "33", "43", "34", f"OAPIF:{base}/ogc"],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout
        assert spat.count("OGRFeature(events)") == 1
