"""The write side of incremental merging: store an article's mentions, re-cluster, revise.

Called by :meth:`SQLiteStore.add_article` inside the article's transaction when the dedup
stage re-clusters stored mentions (``dedup.v2``), and by :meth:`SQLiteStore.remerge` for all
mentions at once. For every event of the re-clustered blocks:

* an event that keeps its id gets one revision per changed field (old -> new, the report
  and outlet that caused it, when);
* an event whose id changed (an earlier-published report joined it, so it names the event
  now) continues its predecessor's history, with an ``event_id`` revision (old -> new id);
* an event that absorbed another records ``merged``; one split off records ``split_from``;
* a retired id is deleted, its history ends with ``event_id`` (old -> the id it went into),
  and it stays resolvable as an alias (:meth:`SQLiteStore.resolve_event_id`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeGuard

from ..dedup import IncrementalDedup, Member, Update, mention_key
from ..records import Article, Event, Mention
from . import rows
from .mentions import MentionTable, lineage

if TYPE_CHECKING:
    from ..pipeline import DedupStage
    from .sqlite import SQLiteStore

#: How far before publication an undated mention may have happened (CODEBOOK: 30 days).
UNDATED_LOOKBACK_DAYS = 30


@dataclass(frozen=True, slots=True)
class Cause:
    """Who and when, for the revisions one article causes."""

    doc: str | None
    outlet: str | None
    at: str


def merge_article(
    store: SQLiteStore, article: Article, article_pk: int, mentions: Sequence[Mention], *,
    dedup: IncrementalDedup, now: str,
) -> list[Event]:
    """Re-cluster the blocks the article's mentions touch; write what changed; return it."""
    table = MentionTable(store._conn)
    new: dict[str, Member] = {}
    for m in mentions:
        key = mention_key(m)
        if table.has_key(key):  # another article with this id told the same
            key = mention_key(m, salt=article.content_hash)
        new.setdefault(key, Member(key, m))  # the same mention twice is one mention
    up = dedup.update(list(new.values()), index=table)
    who = Cause(doc=article.id, outlet=article.outlet, at=now)
    written = apply_update(store, up, who, article_id=article.id, article_pk=article_pk)
    table.write(up, new=list(new.values()), article_pk=article_pk,
                event_of={k: ev.event_id for ev, keys in up.events for k in keys})
    return written


def remerge(store: SQLiteStore, *, dedup: IncrementalDedup, now: str) -> list[Event]:
    """Recompute every event from all stored mentions (after a rule or version change, or
    to re-index the blocking columns); returns the events that changed.

    The changes are recorded as revisions with no report (``doc`` None: a re-merge).
    """
    table = MentionTable(store._conn)
    up = dedup.rebuild(table.all())
    written = apply_update(store, up, Cause(doc=None, outlet=None, at=now), article_id=None,
                           article_pk=None)
    table.rewrite(up, event_of={k: ev.event_id for ev, keys in up.events for k in keys})
    return written


def apply_update(
    store: SQLiteStore, up: Update, who: Cause, *, article_id: str | None,
    article_pk: int | None,
) -> list[Event]:
    """Write the events of re-clustered blocks with their lineage; return those that changed."""
    lin = lineage(up)
    written: list[Event] = []
    for ev, _keys in up.events:
        pred = lin.predecessor.get(ev.event_id)
        if pred is not None and pred != ev.event_id:
            if lin.retired.get(pred) == ev.event_id:
                revise(store, ev.event_id, "event_id", pred, ev.event_id, who, copy_from=pred)
            else:
                revise(store, ev.event_id, "split_from", pred, ev.event_id, who)
                pred = None
        for old in lin.absorbed.get(ev.event_id, []):
            if old != pred:
                revise(store, ev.event_id, "merged", old, ev.event_id, who)
        store._conn.execute("DELETE FROM event_aliases WHERE old_id = ?", (ev.event_id,))
        if store._upsert(ev, article_id=article_id, article_pk=article_pk, now=who.at,
                         outlet=who.outlet, before_id=pred):
            written.append(ev)
    for old, successor in lin.retired.items():
        retire(store, old, successor, who)
    return written


def revise(store: SQLiteStore, event_id: str, name: str, old: Any, new: Any, who: Cause, *,
           copy_from: str | None = None) -> None:
    """Record one revision; ``copy_from`` first carries another id's history over."""
    conn = store._conn
    if copy_from is not None:
        conn.execute(
            "INSERT INTO revisions (event_id, field, old, new, doc, outlet, at)"
            " SELECT ?, field, old, new, doc, outlet, at FROM revisions"
            " WHERE event_id = ? ORDER BY pk", (event_id, copy_from))
    conn.execute(
        "INSERT INTO revisions (event_id, field, old, new, doc, outlet, at)"
        " VALUES (?,?,?,?,?,?,?)",
        (event_id, name, rows.to_json(old), rows.to_json(new), who.doc, who.outlet, who.at))


def retire(store: SQLiteStore, old: str, successor: str, who: Cause) -> None:
    """Delete a merged-away event; its id becomes an alias and its history says where."""
    conn = store._conn
    revise(store, old, "event_id", old, successor, who)
    row = conn.execute("SELECT pk FROM events WHERE event_id = ?", (old,)).fetchone()
    if row is not None:
        if store._fts:
            conn.execute("DELETE FROM events_fts WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM events WHERE pk = ?", (row[0],))
    conn.execute("UPDATE event_aliases SET new_id = ? WHERE new_id = ?", (successor, old))
    conn.execute(
        "INSERT OR REPLACE INTO event_aliases (old_id, new_id, doc, at) VALUES (?,?,?,?)",
        (old, successor, who.doc, who.at))


def incremental(dedup: DedupStage) -> TypeGuard[IncrementalDedup]:
    """Whether the stage re-clusters stored mentions (a cheap test: it runs per article)."""
    return callable(getattr(dedup, "update", None))


def candidate_events(
    store: SQLiteStore, mentions: Sequence[Mention], *, window: int
) -> list[Event]:
    """For a stage that merges into fused events (``dedup.simple.v1``): the stored events a
    mention could merge with (same type, a date within ``window`` days, or unknown)."""
    ranges: dict[str, set[tuple[str, str] | None]] = {}
    for m in mentions:
        if m.event_date is not None:
            lo, hi = m.event_date - timedelta(window), m.event_date + timedelta(window)
        elif m.published is not None:
            lo = m.published - timedelta(UNDATED_LOOKBACK_DAYS + window)
            hi = m.published + timedelta(window)
        else:
            ranges.setdefault(m.event_type, set()).add(None)
            continue
        ranges.setdefault(m.event_type, set()).add((lo.isoformat(), hi.isoformat()))
    found: dict[str, Any] = {}
    for event_type, spans in ranges.items():
        clauses = ["event_date IS NULL"]
        params: list[Any] = [event_type]
        for span in spans:
            if span is not None:
                clauses.append("event_date BETWEEN ? AND ?")
                params.extend(span)
        sql = f"SELECT * FROM events WHERE event_type = ? AND ({' OR '.join(clauses)})"
        for row in store._conn.execute(sql + " ORDER BY pk", params):
            found[row["event_id"]] = row
    return store._hydrate(list(found.values()))
