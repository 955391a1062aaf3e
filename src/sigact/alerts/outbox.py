"""What was alerted: one row per (area, event), with the event's state when last delivered.

The row is the memory that keeps an event from being alerted twice for the same state, and
the queue (``pending``) that survives a restart: an alert is queued in the same place that
records it was sent, so a crash between the two cannot lose or double it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    area TEXT NOT NULL,
    event_id TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    sent_snapshot TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL,
    target TEXT,
    last_error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (area, event_id)
)
"""

#: ``pending``: queued; ``sent``: delivered; ``failed``: gave up until the event changes;
#: ``logged``: an area without a webhook (the log line was the alert).
STATUSES = ("pending", "sent", "failed", "logged")


@dataclass(frozen=True, slots=True)
class Queued:
    area: str
    event_id: str
    payload: dict[str, Any]
    target: str
    attempts: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Outbox:
    """The ``alerts`` table of the watch state file (created on first use)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._conn.execute(SCHEMA)

    def last(self, area: str, event_id: str) -> tuple[str | None, Any] | None:
        """``(snapshot queued last, state last delivered or None)``; None if never alerted."""
        row = self._conn.execute(
            "SELECT snapshot, sent_snapshot FROM alerts WHERE area = ? AND event_id = ?",
            (area, event_id),
        ).fetchone()
        if row is None:
            return None
        sent = json.loads(row[1]) if row[1] is not None else None
        return row[0], sent

    def queue(
        self, area: str, event_id: str, *, snapshot: str, payload: dict[str, Any],
        target: str | None,
    ) -> None:
        """Queue (or, without a target, record as logged) the alert for this state."""
        status = "pending" if target else "logged"
        with self._conn:
            self._conn.execute(
                "INSERT INTO alerts (area, event_id, snapshot, sent_snapshot, status, attempts,"
                " payload, target, updated_at) VALUES (:area, :ev, :snap, :sent, :status, 0,"
                " :payload, :target, :now) ON CONFLICT(area, event_id) DO UPDATE SET"
                " snapshot = :snap, status = :status, attempts = 0, payload = :payload,"
                " target = :target, last_error = NULL, updated_at = :now,"
                " sent_snapshot = coalesce(:sent, sent_snapshot)",
                {"area": area, "ev": event_id, "snap": snapshot, "status": status,
                 "sent": None if target else snapshot, "payload": json.dumps(payload),
                 "target": target, "now": _now()},
            )

    def pending(self) -> Iterator[Queued]:
        rows = self._conn.execute(
            "SELECT area, event_id, payload, target, attempts FROM alerts"
            " WHERE status = 'pending' ORDER BY updated_at, area, event_id"
        ).fetchall()
        for r in rows:
            yield Queued(r[0], r[1], json.loads(r[2]), r[3], r[4])

    def attempted(self, q: Queued, *, error: str | None, gave_up: bool = False) -> None:
        """Record one delivery attempt: success (``error`` None), a retry, or giving up."""
        with self._conn:
            if error is None:
                self._conn.execute(
                    "UPDATE alerts SET status = 'sent', sent_snapshot = snapshot,"
                    " attempts = attempts + 1, last_error = NULL, updated_at = ?"
                    " WHERE area = ? AND event_id = ?", (_now(), q.area, q.event_id))
            else:
                self._conn.execute(
                    "UPDATE alerts SET status = ?, attempts = attempts + 1, last_error = ?,"
                    " updated_at = ? WHERE area = ? AND event_id = ?",
                    ("failed" if gave_up else "pending", error, _now(), q.area, q.event_id))

    def status(self, area: str, event_id: str) -> tuple[str, int, str | None] | None:
        """``(status, attempts, last error)`` of an alert, for tests and ``watch --status``."""
        row = self._conn.execute(
            "SELECT status, attempts, last_error FROM alerts WHERE area = ? AND event_id = ?",
            (area, event_id),
        ).fetchone()
        return None if row is None else (row[0], int(row[1]), row[2])
