"""The ``mentions`` table: the reports behind every event, indexed for blocking.

``MentionTable`` is the SQLite side of :class:`sigact.dedup.MentionIndex`: the candidate
query reads only the index columns (grid cell, admin1 and name keys, each with the day) and
decodes the JSON of the rows whose day is within reach, so merging a report costs a few index
seeks however large the database grows. ``lineage`` works out, for the blocks a report
re-clustered, which old event each new one continues, which it absorbed and which ids retire.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..dedup import Features, Member, Stored, Update, features
from ..dedup.blocking import cell_of, cells_near
from ..dedup.similarity import DAY_WINDOWS, MAX_DAY_WINDOW
from . import rows

_SELECT = "SELECT mkey, block, event_id, body FROM mentions"
_WINDOW_SQL = (
    "abs(day - :day) <= CASE max(precision, :precision) "
    + " ".join(f"WHEN {p} THEN {w}" for p, w in sorted(DAY_WINDOWS.items()))
    + f" ELSE {MAX_DAY_WINDOW} END"
)


def index_columns(f: Features) -> dict[str, object]:
    """The blocking columns of a mention's row (see ``sigact.dedup.blocking``)."""
    return {
        "event_type": f.event_type,
        "day": f.day,
        "precision": f.precision,
        "cell": cell_of(f.lat, f.lon) if f.lat is not None and f.lon is not None else None,
        "admin1_key": f.admin1 or None,
        "region": int(f.geo_precision == 3),
        "name_key": f.name or None,
        "located": int(f.lat is not None and f.lon is not None),
    }


class MentionTable:
    """Stored mentions over one connection; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def candidates(self, f: Features, *, max_km: float) -> list[Stored]:
        if f.day is None:
            return []
        terms: list[str] = []
        params: dict[str, object] = {"day": f.day, "precision": f.precision,
                                     "lo": f.day - MAX_DAY_WINDOW, "hi": f.day + MAX_DAY_WINDOW,
                                     "type": f.event_type}
        where = f"event_type = :type AND day BETWEEN :lo AND :hi AND {_WINDOW_SQL}"
        if f.lat is not None and f.lon is not None:
            cells = cells_near(f.lat, f.lon, max_km=max_km)
            marks = ",".join(str(int(c)) for c in cells)
            terms.append(f"SELECT pk FROM mentions WHERE cell IN ({marks}) AND {where}")
        if f.admin1:  # a region matches every place in it, a place only the region itself
            params["admin1"] = f.admin1
            region = "" if f.geo_precision == 3 else " AND region = 1"
            terms.append(f"SELECT pk FROM mentions WHERE admin1_key = :admin1{region}"
                         f" AND {where}")
        if f.name:  # by name only where coordinates are missing (else distance decides)
            params["name"] = f.name
            located = " AND located = 0" if f.lat is not None and f.lon is not None else ""
            terms.append(f"SELECT pk FROM mentions WHERE name_key = :name{located}"
                         f" AND {where}")
        if not terms:
            return []
        sql = f"{_SELECT} WHERE pk IN ({' UNION '.join(terms)}) ORDER BY mkey"
        return [_stored(r) for r in self.conn.execute(sql, params)]

    def block(self, blocks: set[str]) -> list[Stored]:
        ids = sorted(blocks)
        marks = ",".join("?" * len(ids))
        return [_stored(r) for r in self.conn.execute(
            f"{_SELECT} WHERE block IN ({marks}) ORDER BY mkey", ids)]

    def all(self) -> list[Stored]:
        return [_stored(r) for r in self.conn.execute(f"{_SELECT} ORDER BY mkey")]

    def rewrite(self, up: Update, *, event_of: dict[str, str]) -> None:
        """Every member's block, event and blocking columns, recomputed (after a re-merge)."""
        for key, block in up.blocks.items():
            f = features(up.members[key].mention, key=key)
            self.conn.execute(
                "UPDATE mentions SET block = :block, event_id = :event_id, event_type ="
                " :event_type, day = :day, precision = :precision, cell = :cell, admin1_key ="
                " :admin1_key, region = :region, name_key = :name_key, located = :located"
                " WHERE mkey = :mkey",
                {"mkey": key, "block": block, "event_id": event_of[key], **index_columns(f)})

    def has_key(self, mkey: str) -> bool:
        return self.conn.execute("SELECT 1 FROM mentions WHERE mkey = ?", (mkey,)).fetchone() \
            is not None

    def write(self, up: Update, *, new: Sequence[Member], article_pk: int,
              event_of: dict[str, str]) -> None:
        """Insert the new mentions and move every member to its (possibly new) block/event."""
        fresh = {m.key for m in new}
        for m in new:
            f = features(m.mention, key=m.key)
            self.conn.execute(
                "INSERT INTO mentions (mkey, article_pk, doc, event_id, block, event_type, day,"
                " precision, cell, admin1_key, region, name_key, located, body) VALUES (:mkey,"
                " :article_pk, :doc, :event_id, :block, :event_type, :day, :precision, :cell,"
                " :admin1_key, :region, :name_key, :located, :body)",
                {"mkey": m.key, "article_pk": article_pk, "doc": m.mention.doc,
                 "event_id": event_of[m.key], "block": up.blocks[m.key],
                 "body": rows.mention_json(m.mention), **index_columns(f)},
            )
        for key, block in up.blocks.items():
            if key not in fresh:
                self.conn.execute("UPDATE mentions SET block = ?, event_id = ? WHERE mkey = ?",
                                  (block, event_of[key], key))


def _stored(r: sqlite3.Row) -> Stored:
    return Stored(Member(r["mkey"], rows.mention_from_json(r["body"])), r["block"], r["event_id"])


@dataclass(slots=True)
class Lineage:
    """How the events of re-clustered blocks relate to the events stored before."""

    predecessor: dict[str, str] = field(default_factory=dict)  # new id -> old id it continues
    absorbed: dict[str, list[str]] = field(default_factory=dict)  # new id -> other old ids
    retired: dict[str, str] = field(default_factory=dict)  # old id gone -> its successor


def lineage(up: Update) -> Lineage:
    """Match old and new events by shared mentions (most shared wins, then the lower id).

    A new event continues the old event whose id it kept, else the one it shares most
    mentions with; old ids that no new event kept retire into the event holding most of
    their mentions.
    """
    out = Lineage()
    new_ids = {ev.event_id for ev, _ in up.events}
    best_new: dict[str, tuple[int, str]] = {}
    for ev, keys in up.events:
        olds = Counter(up.previous[k] for k in keys if k in up.previous)
        if not olds:
            continue
        new = ev.event_id
        pred = new if new in olds else min(olds, key=lambda o: (-olds[o], o))
        out.predecessor[new] = pred
        gone = sorted(o for o in olds if o != pred and o not in new_ids)
        if gone:
            out.absorbed[new] = gone
        for old, n in olds.items():
            if old not in best_new or (-n, new) < (-best_new[old][0], best_new[old][1]):
                best_new[old] = (n, new)
    out.retired = {old: new for old, (_, new) in sorted(best_new.items()) if old not in new_ids}
    return out


def backfill_events(conn: sqlite3.Connection) -> None:
    """Schema v4: each event stored before it becomes one mention (its fused fields)."""
    events = conn.execute("SELECT * FROM events ORDER BY pk").fetchall()
    for row in events:
        sources = [rows.source_from_row(r) for r in conn.execute(
            "SELECT * FROM sources WHERE event_id = ? ORDER BY ord", (row["event_id"],))]
        ev = rows.event_from_row(row, sources)
        f = features(ev, key=ev.event_id)
        conn.execute(
            "INSERT INTO mentions (mkey, article_pk, doc, event_id, block, event_type, day,"
            " precision, cell, admin1_key, region, name_key, located, body) VALUES (:mkey, NULL,"
            " :doc, :mkey, :mkey, :event_type, :day, :precision, :cell, :admin1_key, :region,"
            " :name_key, :located, :body)",
            {"mkey": ev.event_id, "doc": ev.doc, "body": rows.mention_json(ev),
             **index_columns(f)},
        )
