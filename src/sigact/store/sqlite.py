"""The embedded event store: one SQLite file (WAL, foreign keys, FTS5 text search).

Adding an article is atomic: its row, its mentions, the events they create or change, their
sources and revisions are written together or not at all (one transaction, or one savepoint
of ``add_articles``' transaction), so a crash (even ``kill -9``) never leaves half an article,
and re-adding an article already stored (same content hash) is a no-op.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypedDict, Unpack

from ..errors import Errors, SigactError
from ..pipeline import DedupStage
from ..records import Article, Event, Mention, Revision, Source
from . import query, rows
from .merging import candidate_events, incremental, merge_article, remerge
from .schema import SCHEMA_VERSION, migrate, user_version

log = logging.getLogger(__name__)

#: Seconds a writer waits for another process's write lock before giving up.
BUSY_TIMEOUT_S = 30.0
_PAGE = 500
#: How much of the file a read-only store maps into memory (address space, not RAM).
READ_MMAP_BYTES = 1 << 30


class EventFilters(TypedDict, total=False):
    """Filters of :meth:`SQLiteStore.events`; all optional, combined with AND."""

    since: date | None
    until: date | None
    event_type: str | None
    sub_event_type: str | None
    country: str | None
    admin1: str | None
    actor: str | None
    text: str | None
    min_fatalities: int | None
    #: ``(min_lon, min_lat, max_lon, max_lat)``; west > east crosses the antimeridian.
    bbox: query.BBox | None
    #: True: only events with coordinates; False: only events without.
    located: bool | None


_FILTER_NAMES = frozenset(EventFilters.__annotations__)


class SQLiteStore:
    """Articles, merged events and their sources in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:" and not self.path.startswith("file:"):
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL survives a killed process; only an OS crash can drop the last commits.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self._conn, path=self.path)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise SigactError(Errors.E031.format(path=self.path, detail=exc)) from exc
        except BaseException:
            self._conn.close()
            raise
        self._fts = self._has_table("events_fts")
        self._rtree = self._has_table("events_rtree")

    @classmethod
    def open_readonly(cls, path: str | Path) -> SQLiteStore:
        """A store that can only read, safe to hand from thread to thread (one at a time).

        For serving: the connection cannot write, lock for writing or migrate, so readers never
        block ``sigact run`` adding articles to the same file. The file must already be at this
        sigact's schema (open it once with ``SQLiteStore(path)`` to migrate it).
        """
        store = cls.__new__(cls)
        store.path = str(path)
        if not Path(path).is_file():
            raise SigactError(Errors.E103.format(path=path))
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        store._conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S,
                                      isolation_level=None, check_same_thread=False)
        store._conn.row_factory = sqlite3.Row
        try:
            store._conn.execute("PRAGMA query_only = ON")
            # Pages read through the OS page cache, shared by every reader in the process,
            # instead of each connection's own small cache: about a third faster on the API.
            store._conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
            found = user_version(store._conn)
        except sqlite3.DatabaseError as exc:
            store._conn.close()
            raise SigactError(Errors.E031.format(path=path, detail=exc)) from exc
        if found != SCHEMA_VERSION:
            store._conn.close()
            raise SigactError(Errors.E104.format(path=path, found=found,
                                                 supported=SCHEMA_VERSION))
        store._fts = store._has_table("events_fts")
        store._rtree = store._has_table("events_rtree")
        return store

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; the lock is taken up front so reads inside it stay valid."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _has_table(self, name: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ? AND type = 'table'", (name,)
        ).fetchone()
        return row is not None

    # -- writing -------------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row is not None

    def add_article(
        self, article: Article, mentions: Sequence[Mention], *, dedup: DedupStage
    ) -> list[Event]:
        """Store an article and merge its mentions into the events; returns events written.

        One transaction. Returns ``[]`` without writing when an article with the same content
        is stored.
        """
        with self._write():
            return self._store(article, mentions, dedup=dedup)

    def add_articles(
        self, items: Iterable[tuple[Article, Sequence[Mention]]], *, dedup: DedupStage
    ) -> list[list[Event]]:
        """As :meth:`add_article` for several articles, committed together (much faster).

        Each article is still all or nothing (a savepoint): if one fails, the ones before it
        are committed, it is rolled back, and the error is raised. A crash loses at most the
        articles of this call, never half of one; re-running adds them.
        """
        out: list[list[Event]] = []
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for article, mentions in items:
                conn.execute("SAVEPOINT article")
                try:
                    out.append(self._store(article, mentions, dedup=dedup))
                except BaseException:
                    conn.execute("ROLLBACK TO article")
                    conn.execute("RELEASE article")
                    raise
                conn.execute("RELEASE article")
        finally:
            conn.execute("COMMIT")  # the articles stored before a failure are kept
        return out

    def remerge(self, *, dedup: DedupStage) -> list[Event]:
        """Recompute every event from the stored mentions, in one transaction; returns the
        events that changed (their revisions name no report: a re-merge).

        For a database merged under other rules or another sigact version; the stage must
        re-cluster stored mentions (``dedup.v2``), else E064.
        """
        if not incremental(dedup) or not callable(getattr(dedup, "rebuild", None)):
            raise SigactError(Errors.E064.format(stage=type(dedup).__name__))
        with self._write():
            now = datetime.now(UTC).isoformat(timespec="seconds")
            return remerge(self, dedup=dedup, now=now)

    def _store(
        self, article: Article, mentions: Sequence[Mention], *, dedup: DedupStage
    ) -> list[Event]:
        """The body of :meth:`add_article`, inside a transaction the caller holds."""
        for m in mentions:
            if m.doc != article.id:
                raise SigactError(Errors.E032.format(doc=m.doc, article=article.id))
        content_hash = article.content_hash
        if self.has_article(content_hash):
            log.debug("article %s already stored; skipped", article.id)
            return []
        conn = self._conn
        now = datetime.now(UTC).isoformat(timespec="seconds")
        article_pk = conn.execute(
            "INSERT INTO articles (id, content_hash, title, url, outlet, published,"
            " published_source, source_path, ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                content_hash,
                article.title,
                article.url,
                article.outlet,
                article.published.isoformat() if article.published else None,
                article.published_source,
                article.source_path,
                now,
            ),
        ).lastrowid
        assert article_pk is not None
        if incremental(dedup):
            events = merge_article(self, article, article_pk, mentions, dedup=dedup, now=now)
        else:
            window = int(getattr(dedup, "candidate_window", 1))
            events = dedup(mentions, candidate_events(self, mentions, window=window))
            for ev in events:
                self._upsert(ev, article_id=article.id, article_pk=article_pk, now=now,
                             outlet=article.outlet)
        log.info("article %s: %d mentions, %d events written", article.id, len(mentions),
                 len(events))
        return events

    def _upsert(
        self, ev: Event, *, article_id: str | None, article_pk: int | None, now: str,
        outlet: str | None = None, before_id: str | None = None,
    ) -> bool:
        """Write an event and its sources; False (nothing written) when it is unchanged.

        Revisions are recorded against the stored row of ``before_id`` (default: the event's
        own id), so an event that took over another's id continues its history.
        """
        row = rows.event_row(ev)
        before = self._conn.execute(
            "SELECT * FROM events WHERE event_id = ?", (ev.event_id,)
        ).fetchone()
        if before is not None and self._unchanged(before, row, ev):
            return False
        if before is None and before_id is not None:
            before = self._conn.execute(
                "SELECT * FROM events WHERE event_id = ?", (before_id,)).fetchone()
        if before is not None:
            self._record_revisions(before, row, doc=article_id, outlet=outlet, now=now)
        cols = ", ".join(rows.EVENT_COLUMNS)
        marks = ", ".join(f":{c}" for c in rows.EVENT_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in rows.EVENT_COLUMNS[1:])
        pk = self._conn.execute(
            f"INSERT INTO events ({cols}, created_at, updated_at) VALUES ({marks}, :now, :now)"
            f" ON CONFLICT(event_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at"
            " RETURNING pk",
            {**row, "now": now},
        ).fetchone()[0]
        if self._fts:
            self._conn.execute("DELETE FROM events_fts WHERE rowid = ?", (pk,))
            self._conn.execute(
                "INSERT INTO events_fts (rowid, body) VALUES (?, ?)", (pk, rows.search_body(ev))
            )
        # Sources are rewritten whole; each keeps the article row it was first stored with,
        # the article being added, or else the latest stored article with that id.
        known: dict[str, int] = {}
        for r in self._conn.execute(
            "SELECT doc, article_pk FROM sources WHERE event_id = ? ORDER BY ord", (ev.event_id,)
        ):
            known.setdefault(r["doc"], r["article_pk"])
        self._conn.execute("DELETE FROM sources WHERE event_id = ?", (ev.event_id,))
        for ord_, src in enumerate(ev.sources):
            src_pk = article_pk if src.doc == article_id else known.get(src.doc)
            if src_pk is None:
                src_pk = self._article_pk(src.doc)
            if src_pk is None:
                raise SigactError(Errors.E033.format(event_id=ev.event_id, doc=src.doc))
            self._conn.execute(
                "INSERT INTO sources (event_id, ord, doc, article_pk, url, outlet, published,"
                " evidence) VALUES (:event_id, :ord, :doc, :article_pk, :url, :outlet,"
                " :published, :evidence)",
                {"event_id": ev.event_id, "ord": ord_, "article_pk": src_pk,
                 **rows.source_row(src)},
            )
        return True

    def _unchanged(self, before: sqlite3.Row, row: dict[str, Any], ev: Event) -> bool:
        if any(before[c] != v for c, v in row.items()):
            return False
        stored = [rows.source_row(rows.source_from_row(r)) for r in self._conn.execute(
            "SELECT * FROM sources WHERE event_id = ? ORDER BY ord", (ev.event_id,))]
        return stored == [rows.source_row(s) for s in ev.sources]

    def _record_revisions(
        self, before: sqlite3.Row, after: dict[str, Any], *, doc: str | None,
        outlet: str | None, now: str,
    ) -> None:
        """One revisions row per tracked field that the update changes (old -> new)."""
        old_values, new_values = rows.revised_values(before), rows.revised_values(after)
        for name in rows.REVISED_FIELDS:
            if old_values[name] != new_values[name]:
                self._conn.execute(
                    "INSERT INTO revisions (event_id, field, old, new, doc, outlet, at)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (after["event_id"], name, rows.to_json(old_values[name]),
                     rows.to_json(new_values[name]), doc, outlet, now),
                )

    def _article_pk(self, doc: str) -> int | None:
        """The latest stored article with this id (a source names its article by id)."""
        row = self._conn.execute(
            "SELECT pk FROM articles WHERE id = ? ORDER BY pk DESC LIMIT 1", (doc,)
        ).fetchone()
        return None if row is None else int(row[0])

    # -- reading -------------------------------------------------------------------------

    def get_event(self, event_id: str) -> Event | None:
        row = self._conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return self._hydrate([row])[0] if row else None

    def events(
        self, *, limit: int | None = None, offset: int = 0, sort: str | None = None,
        **filters: Unpack[EventFilters],
    ) -> list[Event]:
        """Events matching every filter given, newest first (undated last), then by id.

        ``sort`` names another order (``query.SORTS``: ``date``, ``-fatalities``, ...).
        """
        return list(self.iter_events(limit=limit, offset=offset, sort=sort, **filters))

    def iter_events(
        self, *, limit: int | None = None, offset: int = 0, sort: str | None = None,
        **filters: Unpack[EventFilters],
    ) -> Iterator[Event]:
        """As :meth:`events`, streamed in pages, for exports that outgrow memory."""
        where, params = self._where(dict(filters))
        sql = f"SELECT * FROM events{where} ORDER BY {query.order_by(sort)} LIMIT ? OFFSET ?"
        cur = self._conn.execute(sql, [*params, -1 if limit is None else limit, offset])
        while page := cur.fetchmany(_PAGE):
            yield from self._hydrate(page)

    def revisions(self, event_id: str) -> list[Revision]:
        """The recorded changes to an event, oldest first (empty for an unrevised event)."""
        return [
            rows.revision_from_row(r)
            for r in self._conn.execute(
                "SELECT * FROM revisions WHERE event_id = ? ORDER BY pk", (event_id,)
            )
        ]

    def resolve_event_id(self, event_id: str) -> str | None:
        """The id an event has now: its own, or that of the event it was merged into (or
        renamed to) by a later report; None when no event ever had that id."""
        if self._conn.execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)).fetchone():
            return event_id
        row = self._conn.execute(
            "SELECT new_id FROM event_aliases WHERE old_id = ?", (event_id,)).fetchone()
        return None if row is None else str(row[0])

    def former_ids(self, event_id: str) -> list[str]:
        """The ids that now resolve to this event (it was renamed, or others merged into it),
        oldest alias first; the inverse of :meth:`resolve_event_id`."""
        return [str(r[0]) for r in self._conn.execute(
            "SELECT old_id FROM event_aliases WHERE new_id = ? ORDER BY at, old_id", (event_id,))]

    def created_at(self, event_id: str) -> str | None:
        """When the event's row was first written (UTC, ISO 8601); None if not stored."""
        row = self._conn.execute(
            "SELECT created_at FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return None if row is None else str(row[0])

    def count_events(self, **filters: Unpack[EventFilters]) -> int:
        where, params = self._where(dict(filters))
        return int(self._conn.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0])

    def count_articles(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def _hydrate(self, event_rows: Sequence[sqlite3.Row]) -> list[Event]:
        """Events for rows, with their sources fetched in one query."""
        ids = [r["event_id"] for r in event_rows]
        by_event: dict[str, list[Source]] = {i: [] for i in ids}
        if ids:
            marks = ",".join("?" * len(ids))
            for r in self._conn.execute(
                f"SELECT * FROM sources WHERE event_id IN ({marks}) ORDER BY event_id, ord", ids
            ):
                by_event[r["event_id"]].append(rows.source_from_row(r))
        return [rows.event_from_row(r, by_event[r["event_id"]]) for r in event_rows]

    def _where(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        unknown = set(filters) - _FILTER_NAMES
        if unknown:
            raise SigactError(
                Errors.E034.format(names=sorted(unknown), allowed=", ".join(sorted(_FILTER_NAMES)))
            )
        f = {k: v for k, v in filters.items() if v is not None}
        clauses: list[str] = []
        params: list[Any] = []
        if "since" in f:
            clauses.append("event_date >= ?")
            params.append(f["since"].isoformat())
        if "until" in f:
            clauses.append("event_date <= ?")
            params.append(f["until"].isoformat())
        for name in ("event_type", "sub_event_type", "admin1"):
            if name in f:
                clauses.append(f"{name} = ? COLLATE NOCASE")
                params.append(f[name])
        if "country" in f:
            clauses.append("(country = ? COLLATE NOCASE OR iso3 = ? COLLATE NOCASE)")
            params.extend([f["country"]] * 2)
        if "actor" in f:
            clauses.append("(actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\')")
            params.extend([_like(f["actor"])] * 2)
        if "min_fatalities" in f:
            clauses.append("fatalities >= ?")
            params.append(f["min_fatalities"])
        if "text" in f:
            clause, value = self._text_clause(f["text"])
            clauses.append(clause)
            params.append(value)
        more, values = query.read_clauses(f, rtree=self._rtree)
        clauses.extend(more)
        params.extend(values)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _text_clause(self, text: str) -> tuple[str, str]:
        """FTS5 match of every word in ``text`` (quoted, so no query syntax leaks in)."""
        words = re.findall(r"\w+", text)
        if self._fts and words:
            query = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            return "pk IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", query
        fields = ("notes", "location", "location_text", "actor1", "actor2", "target", "evidence")
        body = " || char(10) || ".join(f"coalesce({c}, '')" for c in fields)
        return f"({body}) LIKE ? ESCAPE '\\'", _like(text)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
