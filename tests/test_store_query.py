"""The store's read side: bbox (R*Tree and plain), sort orders, read-only stores, migrations."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service_fixtures import N_EVENTS, N_LOCATED, build_db, previous_schema_db
from sigact.errors import SigactError
from sigact.store import SQLiteStore, query
from sigact.store.schema import MIGRATIONS, _read_indexes


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("query") / "events.db")


@pytest.fixture(scope="module")
def db_undated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same events, but Baghdad's (located) has lost its date: day 0 in the R*Tree."""
    path = build_db(tmp_path_factory.mktemp("query") / "undated.db")
    with SQLiteStore(path) as store:
        store._conn.execute("UPDATE events SET event_date = NULL WHERE location = 'Baghdad'")
    return path


def test_bbox_edges_are_included_exactly(db: Path) -> None:
    with SQLiteStore(db) as store:
        # Gao is at exactly (-0.04, 16.2666): a box whose corner is that point still holds it,
        # though the R*Tree rounds coordinates to 32-bit floats.
        assert store.count_events(bbox=(-0.04, 16.2666, 1.0, 17.0)) == 1
        assert store.count_events(bbox=(-1.0, 15.0, -0.04, 16.2666)) == 1
        assert store.count_events(bbox=(-0.0399, 16.2667, 1.0, 17.0)) == 0
        assert store.count_events(bbox=(-180, -90, 180, 90)) == N_LOCATED


def test_bbox_across_the_antimeridian(db: Path) -> None:
    with SQLiteStore(db) as store:
        # West edge east of the east edge: everything but a thin band around 0..50 E.
        assert store.count_events(bbox=(50.0, -90, 0.0, 90)) == 1  # only Gao (lon -0.04)


def test_bad_bbox_is_an_error(db: Path) -> None:
    with SQLiteStore(db) as store, pytest.raises(SigactError, match="bbox"):
        store.count_events(bbox=(0, 95, 10, 96))


def test_located_filter(db: Path) -> None:
    with SQLiteStore(db) as store:
        assert store.count_events(located=True) == N_LOCATED
        assert [e.location_text for e in store.events(located=False)] == ["an unnamed village"]


def test_rtree_kept_in_step_by_triggers(tmp_path: Path) -> None:
    path = build_db(tmp_path / "e.db")
    with SQLiteStore(path) as store:
        conn = store._conn
        assert conn.execute("SELECT count(*) FROM events_rtree").fetchone()[0] == N_LOCATED
        conn.execute("UPDATE events SET longitude = 10.5, latitude = 20.5 WHERE location = 'Gao'")
        assert store.count_events(bbox=(10, 20, 11, 21)) == 1
        assert store.count_events(bbox=(-1, 15, 1, 17)) == 0
        conn.execute("DELETE FROM events WHERE location = 'Gao'")
        assert conn.execute("SELECT count(*) FROM events_rtree").fetchone()[0] == N_LOCATED - 1


def test_sort_orders(db: Path) -> None:
    with SQLiteStore(db) as store:
        deaths = [e.fatalities for e in store.events(sort="-fatalities")]
        assert deaths == sorted(deaths, reverse=True)
        dated = [e.event_date for e in store.events(sort="date") if e.event_date]
        assert dated == sorted(dated)
        assert len(store.events(sort="-updated")) == N_EVENTS
        with pytest.raises(SigactError, match="Sort orders are"):
            store.events(sort="random")


def test_readonly_store_reads_and_cannot_write(db: Path) -> None:
    ro = SQLiteStore.open_readonly(db)
    try:
        assert ro.count_events() == N_EVENTS
        assert query.points_json(ro)[0] == N_LOCATED
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
            ro._conn.execute("DELETE FROM events")
        # Usable from another thread (one at a time), as the API's pool lends it.
        out: list[int] = []
        t = threading.Thread(target=lambda: out.append(ro.count_events(country="Iraq")))
        t.start()
        t.join()
        assert out == [3]
    finally:
        ro.close()


def test_readonly_refuses_missing_and_old_files(tmp_path: Path) -> None:
    with pytest.raises(SigactError, match="no such database"):
        SQLiteStore.open_readonly(tmp_path / "none.db")
    with pytest.raises(SigactError, match="migrates it on start"):
        SQLiteStore.open_readonly(previous_schema_db(tmp_path / "old.db"))


def test_spatial_index_migration_backfills_an_existing_database(tmp_path: Path) -> None:
    path = build_db(tmp_path / "e.db")
    with SQLiteStore(path) as store:  # take it back to the previous schema, then reopen
        store._conn.execute("DROP TABLE events_rtree")
        for name in ("insert", "update", "delete"):
            store._conn.execute(f"DROP TRIGGER events_rtree_{name}")
        store._conn.execute("DROP INDEX events_admin1")
        # The migrations after it (stored mentions) are undone too, so that all of them rerun.
        for table in ("mentions", "event_aliases"):
            store._conn.execute(f"DROP TABLE {table}")
        for trigger in ("events_listing_insert", "events_listing_update",
                        "sources_listing_insert", "sources_listing_delete",
                        "sources_listing_update"):
            store._conn.execute(f"DROP TRIGGER {trigger}")
        store._conn.execute("ALTER TABLE events DROP COLUMN listing")
        store._conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(_read_indexes)}")
    with SQLiteStore(path) as store:
        assert store._rtree
        assert store._conn.execute("SELECT count(*) FROM events_rtree").fetchone()[0] == N_LOCATED
        assert store.count_events(bbox=(42, 33, 43, 34)) == 1
        plan = store._conn.execute("EXPLAIN QUERY PLAN SELECT admin1, count(*) FROM events"
                                   " GROUP BY admin1").fetchall()
        assert "events_admin1" in str([tuple(r) for r in plan])


def test_histogram_facets_reports_extent(db: Path) -> None:
    with SQLiteStore(db) as store:
        assert query.histogram(store, bucket="year") == [("2024-01-01", N_EVENTS)]
        days = query.histogram(store, bucket="day", country="Iraq")
        assert days == [("2024-01-20", 1), ("2024-02-19", 1), ("2024-03-10", 1)]
        with pytest.raises(SigactError, match="Buckets are"):
            query.histogram(store, bucket="fortnight")  # type: ignore[arg-type]
        f = query.facets(store)
        assert f["country"][0] == ("Iraq", 3)
        total, page = query.reports(store, limit=3)
        assert total == 7 and len(page) == 3
        ext = query.extent(store)
        assert ext.events == N_EVENTS and ext.start == "2024-01-05" and ext.end == "2024-03-10"
        assert ext.bbox is not None and ext.bbox[0] == pytest.approx(-0.04)


coords = st.tuples(st.floats(-179.9, 179.9), st.floats(-89.9, 89.9))


days = st.one_of(st.none(), st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 3, 31)))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corner_a=coords, corner_b=coords, since=days, until=days, wide=st.booleans())
def test_rtree_and_plain_bbox_agree(db_undated: Path, corner_a: tuple[float, float],
                                    corner_b: tuple[float, float], since: date | None,
                                    until: date | None, wide: bool) -> None:
    """Any box (including ones across the antimeridian) and dates select the same events
    through the R*Tree as by plain column tests."""
    (lon1, lat1), (lon2, lat2) = corner_a, corner_b
    box = (-179.0, -60.0, 179.0, 60.0) if wide else (lon1, min(lat1, lat2), lon2, max(lat1, lat2))
    with SQLiteStore(db_undated) as store:
        with_rtree = {e.event_id for e in store.events(bbox=box, since=since, until=until)}
        store._rtree = False
        plain = {e.event_id for e in store.events(bbox=box, since=since, until=until)}
    assert with_rtree == plain


def test_bbox_with_dates_uses_the_rtree_day_axis(db_undated: Path) -> None:
    with SQLiteStore(db_undated) as store:
        world = (-180.0, -90.0, 180.0, 90.0)
        assert store.count_events(bbox=world, since=date(2024, 1, 20), until=date(2024, 1, 20)) == 1
        assert store.count_events(bbox=world, until=date(2024, 1, 19)) == 1  # Gao, not undated
        assert store.count_events(bbox=world) == N_LOCATED  # the undated one included
        where, _ = store._where({"bbox": world, "since": date(2024, 1, 1)})
        assert "max_day >= ?" in where  # the R*Tree narrows by day as well as place


def test_stored_listing_json_follows_every_write(tmp_path: Path) -> None:
    """``events.listing`` is kept by triggers: after merges, revisions and rewritten sources
    (the real write path) and after a direct update, it equals the JSON built afresh."""
    import json

    path = build_db(tmp_path / "events.db")
    fresh = f"SELECT event_id, listing, {query.listing_object()} FROM events"
    with SQLiteStore(path) as store:
        rows = store._conn.execute(fresh).fetchall()
        assert len(rows) == N_EVENTS
        assert all(listing == built for _, listing, built in rows)
        assert any(json.loads(listing)["source_count"] > 1 for _, listing, _ in rows)
        event_id = rows[0][0]
        store._conn.execute("UPDATE events SET fatalities = 41 WHERE event_id = ?", (event_id,))
        article_pk = store._conn.execute("SELECT min(pk) FROM articles").fetchone()[0]
        store._conn.execute(
            "INSERT INTO sources (event_id, ord, doc, article_pk, url, outlet, published,"
            " evidence) VALUES (?, 99, 'extra', ?, NULL, 'Late Outlet', NULL, '[]')",
            (event_id, article_pk))
        listing = json.loads(store._conn.execute(
            "SELECT listing FROM events WHERE event_id = ?", (event_id,)).fetchone()[0])
        assert listing["fatalities"] == 41 and listing["outlets"][-1] == "Late Outlet"
        store._conn.execute("DELETE FROM sources WHERE doc = 'extra'")
        after = json.loads(store._conn.execute(
            "SELECT listing FROM events WHERE event_id = ?", (event_id,)).fetchone()[0])
        assert "Late Outlet" not in after["outlets"]
        assert after["source_count"] == listing["source_count"] - 1
