"""The watcher's memory, one SQLite file: per-URL fetch state, feed items, alerts sent.

Kept apart from the event database so that the store stays the pipeline's alone; losing it
costs one full re-poll (articles already stored are still skipped by content hash). Every
update is its own small transaction, written after the work it records, so a watcher killed
mid-cycle redoes at most the item it was on.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from ..alerts import Outbox
from ..errors import Errors, SigactError
from ..ingest.feeds import FeedItem

SCHEMA_VERSION = 1
_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS targets (
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_try REAL NOT NULL DEFAULT 0,
        last_ok REAL,
        last_error TEXT,
        PRIMARY KEY (source, url)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS items (
        source TEXT NOT NULL,
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        item TEXT NOT NULL,
        doc TEXT,
        last_seen REAL NOT NULL,
        PRIMARY KEY (source, key)
    )
    """,
)
#: Items gone from their feed this long are forgotten (a feed that re-lists one is harmless:
#: its article is already stored).
FORGET_AFTER_S = 90 * 86400.0


@dataclass(frozen=True, slots=True)
class Target:
    """Fetch state of one URL: validators for conditional GET, and the backoff clock."""

    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_try: float = 0.0
    last_ok: float | None = None


class WatchState:
    """Open (creating if needed) the state file at ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version > SCHEMA_VERSION or (version == 0 and tables - {"alerts"}):
                raise SigactError(Errors.E146.format(
                    path=self.path, detail=f"schema {version}, tables {sorted(tables)}"))
            self.conn.execute("PRAGMA journal_mode = WAL")
            with self.conn:
                for ddl in _TABLES:
                    self.conn.execute(ddl)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.outbox = Outbox(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise SigactError(Errors.E146.format(path=self.path, detail=exc)) from exc
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> WatchState:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- targets -------------------------------------------------------------------------

    def target(self, source: str, url: str) -> Target:
        row = self.conn.execute(
            "SELECT etag, last_modified, failures, next_try, last_ok FROM targets"
            " WHERE source = ? AND url = ?", (source, url)).fetchone()
        return Target(*row) if row else Target()

    def fetched(self, source: str, url: str, *, etag: str | None, last_modified: str | None,
                now: float | None = None) -> None:
        """A successful poll: new validators (a 304 keeps the old ones), failures reset."""
        with self.conn:
            self.conn.execute(
                "INSERT INTO targets (source, url, etag, last_modified, failures, next_try,"
                " last_ok) VALUES (?,?,?,?,0,0,?) ON CONFLICT(source, url) DO UPDATE SET"
                " etag = coalesce(excluded.etag, etag),"
                " last_modified = coalesce(excluded.last_modified, last_modified),"
                " failures = 0, next_try = 0, last_ok = excluded.last_ok, last_error = NULL",
                (source, url, etag, last_modified, now or time.time()))

    def failed(self, source: str, url: str, *, error: str, next_try: float) -> int:
        """A failed poll: one more failure in a row, no retry before ``next_try``."""
        with self.conn:
            self.conn.execute(
                "INSERT INTO targets (source, url, failures, next_try, last_error)"
                " VALUES (?,?,1,?,?) ON CONFLICT(source, url) DO UPDATE SET"
                " failures = failures + 1, next_try = excluded.next_try,"
                " last_error = excluded.last_error", (source, url, next_try, error))
        return self.target(source, url).failures

    # -- feed items ----------------------------------------------------------------------

    def add_items(self, source: str, items: list[FeedItem], *, now: float | None = None) -> int:
        """Record the feed's items; new ones become pending. Returns how many were new."""
        now = now or time.time()
        new = 0
        with self.conn:
            for item in items:
                cur = self.conn.execute("UPDATE items SET last_seen = ? WHERE source = ?"
                                        " AND key = ?", (now, source, item.key))
                if cur.rowcount == 0:
                    self.conn.execute(
                        "INSERT INTO items (source, key, status, item, last_seen)"
                        " VALUES (?,?,'pending',?,?)",
                        (source, item.key, json.dumps(item.to_json()), now))
                    new += 1
            self.conn.execute("DELETE FROM items WHERE source = ? AND status != 'pending'"
                              " AND last_seen < ?", (source, now - FORGET_AFTER_S))
        return new

    def pending(self, source: str) -> Iterator[tuple[FeedItem, int]]:
        """Items not yet ingested, with the attempts made so far, oldest first."""
        rows = self.conn.execute(
            "SELECT item, attempts FROM items WHERE source = ? AND status = 'pending'"
            " ORDER BY rowid", (source,)).fetchall()
        for item, attempts in rows:
            yield FeedItem.from_json(json.loads(item)), int(attempts)

    def item_done(self, source: str, key: str, *, doc: str | None, status: str = "done") -> None:
        with self.conn:
            self.conn.execute("UPDATE items SET status = ?, doc = ?, attempts = attempts + 1"
                              " WHERE source = ? AND key = ?", (status, doc, source, key))

    def item_retry(self, source: str, key: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE items SET attempts = attempts + 1"
                              " WHERE source = ? AND key = ?", (source, key))

    def item_status(self, source: str, key: str) -> str | None:
        row = self.conn.execute("SELECT status FROM items WHERE source = ? AND key = ?",
                                (source, key)).fetchone()
        return None if row is None else str(row[0])
