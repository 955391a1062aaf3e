"""Alerts: events that fall in an area of interest become a log line and a webhook POST.

An alert fires when an event inside an area is new to that area, or when its state (the
fields the store tracks as revisions, plus its type) differs from the state last delivered;
the payload says which fields changed since. Delivery is retried with a growing delay and a
per-request timeout, and a cycle spends at most ``budget`` seconds on it, so a dead receiver
slows the watcher down by a bounded amount and never stops it; what is not delivered stays
queued in the state file.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Errors
from ..ingest.fetch import FetchError, FetchPolicy, fetch
from ..records import Article, Event
from ..store import rows
from .areas import Area
from .outbox import Outbox, Queued

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """The config's ``[alerts]`` table: how webhooks are delivered."""

    #: Default webhook for areas that name none; empty: alerts are log lines only.
    webhook: str | None = None
    timeout: float = 10.0
    attempts: int = 3
    #: Seconds before the first retry; each further retry waits twice as long.
    retry_delay: float = 2.0
    #: Most seconds one cycle spends delivering; the rest waits for the next cycle.
    budget: float = 120.0
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()
    #: Extra request headers, e.g. an ``Authorization`` token for the receiver.
    headers: tuple[tuple[str, str], ...] = ()

    def policy(self) -> FetchPolicy:
        return FetchPolicy(allow_private=self.allow_private, allow_networks=self.allow_networks,
                           timeout=self.timeout, max_bytes=64 * 1024, max_redirects=0)


@dataclass(slots=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    left: int = 0


def snapshot(ev: Event) -> dict[str, Any]:
    """The event's alert-relevant state: its type and every field the store revises."""
    return {"event_type": ev.event_type, **rows.revised_values(rows.event_row(ev))}


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"field": k, "old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v]


def payload(
    area: Area, ev: Event, *, why: str, changed: list[dict[str, Any]],
    article: Article | None,
) -> dict[str, Any]:
    """The webhook body: which alert, why (new, or revised and what changed), the event."""
    report = None
    if article is not None:
        report = {"doc": article.id, "url": article.url, "outlet": article.outlet,
                  "title": article.title}
    return {"alert": area.name, "why": why, "changed": changed, "report": report,
            "event": ev.to_dict()}


def send_test_alerts(
    areas: Sequence[Area], *, settings: AlertSettings
) -> list[tuple[str, bool, str]]:
    """POST a ``"why": "test"`` alert (no event) once to each area's webhook, so a receiver
    can be checked before a real alert depends on it: ``(area, delivered, what happened)``."""
    results = []
    for area in areas:
        target = area.webhook or settings.webhook
        if not target:
            results.append((area.name, True, "no webhook (alerts are log lines only)"))
            continue
        body: dict[str, Any] = {"alert": area.name, "why": "test", "changed": [],
                                "report": None, "event": None}
        try:
            resp = fetch(target, policy=settings.policy(), method="POST",
                         body=json.dumps(body).encode("utf-8"),
                         headers={"Content-Type": "application/json", **dict(settings.headers)})
        except FetchError as exc:
            results.append((area.name, False, f"{target}: failed: {exc.message}"))
        else:
            results.append((area.name, True, f"{target}: HTTP {resp.status}"))
    return results


def _describe(ev: Event) -> str:
    where = ev.place.location if ev.place else ev.location_text
    when = ev.event_date.isoformat() if ev.event_date else "undated"
    return f"{ev.sub_event_type}, {where or '?'}, {when}, {ev.fatalities} killed"


class Alerter:
    """Matches written events against the areas, queues alerts and delivers them."""

    def __init__(
        self, areas: Sequence[Area], *, settings: AlertSettings, outbox: Outbox,
        stop: threading.Event | None = None,
    ) -> None:
        self.areas = list(areas)
        self.settings = settings
        self.outbox = outbox
        self._stop = stop or threading.Event()

    def consider(
        self, events: Sequence[Event], *, article: Article | None = None,
        former_ids: Callable[[str], Sequence[str]] | None = None,
    ) -> int:
        """Queue an alert for each (area, event) whose state is new to that area; the count.

        ``former_ids`` gives the ids an event had before a later report renamed it or merged
        another into it (``SQLiteStore.former_ids``): what was alerted under those ids counts
        as alerted for the event, so a rename alone is not news.
        """
        queued = 0
        for ev in events:
            earlier = tuple(former_ids(ev.event_id)) if former_ids else ()
            for area in self.areas:
                if area.matches(ev) and self._queue(area, ev, article=article, earlier=earlier):
                    queued += 1
        return queued

    def _queue(
        self, area: Area, ev: Event, *, article: Article | None, earlier: Sequence[str] = ()
    ) -> bool:
        state = snapshot(ev)
        key = json.dumps(state, sort_keys=True, ensure_ascii=False)
        last = self.outbox.last(area.name, ev.event_id)
        for old_id in earlier:
            if last is not None:
                break
            last = self.outbox.last(area.name, old_id)
        if last is not None and last[0] == key:
            return False  # this state was alerted (or is queued) already
        sent = last[1] if last is not None else None
        why = "new" if sent is None else "revised"
        changed = changes(sent, state) if sent is not None else []
        target = area.webhook or self.settings.webhook
        body = payload(area, ev, why=why, changed=changed, article=article)
        self.outbox.queue(area.name, ev.event_id, snapshot=key, payload=body, target=target)
        fields = ", ".join(c["field"] for c in changed)
        log.info("alert %r: %s event %s (%s)%s%s", area.name, why, ev.event_id, _describe(ev),
                 f"; changed: {fields}" if fields else "",
                 "" if target else "; no webhook configured, logged only")
        return True

    def deliver_pending(self) -> DeliveryReport:
        """Send queued alerts, retrying each; stops at the cycle's budget or on shutdown."""
        report = DeliveryReport()
        deadline = time.monotonic() + self.settings.budget
        for q in self.outbox.pending():
            if self._stop.is_set() or time.monotonic() >= deadline:
                report.left += 1
                continue
            outcome = self._deliver(q, deadline=deadline)
            if outcome == "sent":
                report.sent += 1
            elif outcome == "failed":
                report.failed += 1
            else:
                report.left += 1
        return report

    def _deliver(self, q: Queued, *, deadline: float) -> str:
        """``sent``, ``failed`` (gave up) or ``left`` (out of time, still pending)."""
        body = json.dumps(q.payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", **dict(self.settings.headers)}
        attempt = q.attempts
        delay = self.settings.retry_delay * (2 ** attempt)
        while True:
            attempt += 1
            try:
                resp = fetch(q.target, policy=self.settings.policy(), method="POST",
                                  body=body, headers=headers)
            except FetchError as exc:
                gave_up = attempt >= self.settings.attempts or exc.refused
                self.outbox.attempted(q, error=exc.message, gave_up=gave_up)
                if gave_up:
                    log.error(Errors.E148.format(area=q.area, event_id=q.event_id,
                                                 attempts=attempt, error=exc))
                    return "failed"
                log.info("alert %r: delivery of %s failed (%s); retrying in %.1f s",
                         q.area, q.event_id, exc.message, delay)
                if time.monotonic() + delay >= deadline or self._stop.wait(delay):
                    return "left"  # out of time: pending until the next cycle
                delay *= 2
                continue
            self.outbox.attempted(q, error=None)
            log.info("alert %r: event %s delivered to %s (HTTP %d)", q.area, q.event_id,
                     q.target, resp.status)
            return "sent"
