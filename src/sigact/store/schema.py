"""SQLite schema and forward-only migrations, versioned by ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``. Each runs in the same
transaction as the version bump, so a database is always at exactly one version. A file
written by a newer sigact is refused (E030) rather than silently misread.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..errors import Errors, SigactError

log = logging.getLogger(__name__)

_V1_TABLES = (
    """
    CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        url TEXT,
        outlet TEXT,
        published TEXT,
        published_source TEXT NOT NULL,
        source_path TEXT,
        ingested_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX articles_id ON articles(id)",
    """
    CREATE TABLE events (
        pk INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        event_date TEXT,
        time_precision INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        actor1 TEXT,
        inter1 INTEGER,
        actor2 TEXT,
        inter2 INTEGER,
        country TEXT,
        iso3 TEXT,
        admin1 TEXT,
        admin2 TEXT,
        location TEXT,
        latitude REAL,
        longitude REAL,
        geo_precision INTEGER,
        gazetteer_id TEXT,
        feature TEXT,
        location_text TEXT,
        location_relation TEXT NOT NULL,
        context_places TEXT NOT NULL,
        fatalities INTEGER NOT NULL,
        fatalities_high INTEGER NOT NULL,
        injuries INTEGER,
        weapons TEXT NOT NULL,
        target TEXT,
        claims TEXT NOT NULL,
        evidence TEXT NOT NULL,
        confidence REAL NOT NULL,
        notes TEXT NOT NULL,
        doc TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        published TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX events_date ON events(event_date)",
    "CREATE INDEX events_type_date ON events(event_type, event_date)",
    "CREATE INDEX events_country ON events(country)",
    "CREATE INDEX events_latlon ON events(latitude, longitude)",
    """
    CREATE TABLE sources (
        pk INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        doc TEXT NOT NULL,
        article_pk INTEGER NOT NULL REFERENCES articles(pk),
        url TEXT,
        outlet TEXT,
        published TEXT,
        evidence TEXT NOT NULL,
        UNIQUE (event_id, ord)
    )
    """,
    "CREATE INDEX sources_article ON sources(article_pk)",
    "CREATE INDEX sources_doc ON sources(doc)",
)

#: Full-text index over each event's searchable text; rowid is ``events.pk``.
_V1_FTS = (
    "CREATE VIRTUAL TABLE events_fts USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
)


def _v1(conn: sqlite3.Connection) -> None:
    for stmt in _V1_TABLES:
        conn.execute(stmt)
    if fts5_available(conn):
        conn.execute(_V1_FTS)
    else:
        log.warning("SQLite here lacks FTS5; text search in this database will use LIKE")


_V2_TABLES = (
    """
    CREATE TABLE revisions (
        pk INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        old TEXT NOT NULL,
        new TEXT NOT NULL,
        doc TEXT,
        outlet TEXT,
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX revisions_event ON revisions(event_id, pk)",
)


def _v2(conn: sqlite3.Connection) -> None:
    """Revision history: one row per changed field of a stored event (old and new as JSON)."""
    for stmt in _V2_TABLES:
        conn.execute(stmt)


#: R*Tree over (longitude, latitude, day): a bbox + date query is one index search. Days are
#: Julian day numbers (exact in the R*Tree's 32-bit floats); undated events sit at day 0.
_RTREE_ROW = (
    "{t}.pk, {t}.longitude, {t}.longitude, {t}.latitude, {t}.latitude,"
    " coalesce(julianday({t}.event_date), 0), coalesce(julianday({t}.event_date), 0)"
)
_SPATIAL_INDEX = (
    "CREATE VIRTUAL TABLE events_rtree USING rtree("
    "id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)",
    f"""
    CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
    WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
        INSERT INTO events_rtree VALUES ({_RTREE_ROW.format(t="new")});
    END
    """,
    f"""
    CREATE TRIGGER events_rtree_update AFTER UPDATE OF latitude, longitude, event_date ON events
    BEGIN
        DELETE FROM events_rtree WHERE id = old.pk;
        INSERT INTO events_rtree SELECT {_RTREE_ROW.format(t="new")}
            WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
    END
    """,
    """
    CREATE TRIGGER events_rtree_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_rtree WHERE id = old.pk;
    END
    """,
    f"INSERT INTO events_rtree SELECT {_RTREE_ROW.format(t='events')} FROM events"
    " WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
)
#: The filters and facet counts that had no index (event_type and country have one).
_READ_INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_subtype_date ON events(sub_event_type, event_date)",
    "CREATE INDEX IF NOT EXISTS events_admin1 ON events(admin1)",
)


def _read_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for the API's reads: an R*Tree over event coordinates and days for bbox
    (+ date) queries, kept in step with ``events`` by triggers (so the write path needs no
    change; its id is ``events.pk``), and B-trees for the sub-type and region filters."""
    from .query import rtree_available

    for stmt in _READ_INDEXES:
        conn.execute(stmt)
    if not rtree_available(conn):
        log.warning("SQLite here lacks R*Tree; bbox filters in this database will scan")
        return
    for stmt in _SPATIAL_INDEX:
        conn.execute(stmt)



def _mentions(conn: sqlite3.Connection) -> None:
    """Mentions, so that merging can re-cluster the reports behind events (``dedup.v2``).

    * ``mentions``: every stored mention (its JSON), its content key, the event and block it
      belongs to, and the blocking columns the candidate query uses (grid cell, day, admin1
      key and whether the place is only a region, name key and whether it has coordinates);
    * ``event_aliases``: an event id merged into another (or renamed) -> the id it now has;
    * ``revisions`` loses its foreign key, so the history of a merged-away id survives.

    Events stored before this version become one mention each (their fused fields and
    sources), so new reports still merge into them.
    """
    conn.execute(
        """
        CREATE TABLE mentions (
            pk INTEGER PRIMARY KEY,
            mkey TEXT NOT NULL UNIQUE,
            article_pk INTEGER REFERENCES articles(pk),
            doc TEXT NOT NULL,
            event_id TEXT NOT NULL,
            block TEXT NOT NULL,
            event_type TEXT NOT NULL,
            day INTEGER,
            precision INTEGER NOT NULL,
            cell INTEGER,
            admin1_key TEXT,
            region INTEGER NOT NULL,
            name_key TEXT,
            located INTEGER NOT NULL,
            body TEXT NOT NULL
        )
        """
    )
    # The candidate query's three keys, each with what it filters on, so that it is answered
    # from the index and reads only the rows it returns.
    for key in ("cell", "admin1_key, region", "name_key, located"):
        name = "mentions_" + key.split(",")[0]
        conn.execute(f"CREATE INDEX {name} ON mentions({key}, event_type, day, precision)")
    for cols in ("block", "event_id"):
        conn.execute(f"CREATE INDEX mentions_{cols} ON mentions({cols})")
    conn.execute(
        "CREATE TABLE event_aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL,"
        " doc TEXT, at TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX event_aliases_new ON event_aliases(new_id)")
    conn.execute("ALTER TABLE revisions RENAME TO revisions_v2")
    conn.execute(
        """
        CREATE TABLE revisions (
            pk INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT NOT NULL,
            new TEXT NOT NULL,
            doc TEXT,
            outlet TEXT,
            at TEXT NOT NULL
        )
        """
    )
    conn.execute("INSERT INTO revisions SELECT * FROM revisions_v2")
    conn.execute("DROP TABLE revisions_v2")
    conn.execute("CREATE INDEX revisions_event ON revisions(event_id, pk)")
    from .mentions import backfill_events

    backfill_events(conn)


def _listing(conn: sqlite3.Connection) -> None:
    """``events.listing``: each event's list-page JSON (``query.LISTING_FIELDS``), kept in step
    with ``events`` and ``sources`` by triggers, so the API's busiest route reads one string
    per row instead of building it (half its SQL time). The write path needs no change.

    The JSON is built from ``LISTING_FIELDS`` as they are when this runs: a release that
    changes those fields must add a migration that drops and recreates these triggers and
    refills the column (``tests/test_store_query.py`` fails until it does).
    """
    from .query import listing_object

    obj = listing_object()
    conn.execute("ALTER TABLE events ADD COLUMN listing TEXT")
    conn.execute(f"UPDATE events SET listing = {obj}")
    # Recursive triggers are off (SQLite's default), so a trigger's own UPDATE of ``listing``
    # fires nothing; the WHEN guard keeps it so even if a connection turns them on.
    conn.execute(
        f"CREATE TRIGGER events_listing_insert AFTER INSERT ON events BEGIN"
        f" UPDATE events SET listing = {obj} WHERE pk = new.pk; END"
    )
    conn.execute(
        f"CREATE TRIGGER events_listing_update AFTER UPDATE ON events"
        f" WHEN new.listing IS old.listing BEGIN"
        f" UPDATE events SET listing = {obj} WHERE pk = new.pk; END"
    )
    for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
        conn.execute(
            f"CREATE TRIGGER sources_listing_{event.lower()} AFTER {event} ON sources BEGIN"
            f" UPDATE events SET listing = {obj} WHERE event_id = {row}.event_id; END"
        )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1, _v2, _read_indexes, _mentions, _listing,
)
SCHEMA_VERSION = len(MIGRATIONS)


def fts5_available(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp._fts5_probe")
    except sqlite3.OperationalError:
        return False
    return True


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, path: str | Path) -> int:
    """Bring the database up to ``SCHEMA_VERSION``; returns the version it was found at.

    ``conn`` must be in autocommit mode (``isolation_level=None``); the write lock is taken
    before the version is read so two processes opening a new file do not both migrate it.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = user_version(conn)
        if found > SCHEMA_VERSION:
            raise SigactError(
                Errors.E030.format(path=path, found=found, supported=SCHEMA_VERSION)
            )
        for version in range(found, SCHEMA_VERSION):
            log.info("migrating %s from schema %d to %d", path, version, version + 1)
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found
