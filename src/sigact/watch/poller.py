"""The watcher: poll every source, ingest what is new through the pipeline, raise alerts.

One cycle polls each source that is due with a conditional GET, records the feed's new items
as pending in the state file, turns each pending item into an Article (the feed's own text,
or the page behind its link), runs new articles through extract -> geo -> dedup -> store in
batches, and matches the events each article wrote against the areas of interest. A source
that fails backs off exponentially (with jitter, persisted, so a restart does not hammer it)
while the others carry on; an item that fails is retried on later cycles, then given up.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import random
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..alerts import Alerter, DeliveryReport
from ..errors import Errors, InputError
from ..ingest.feeds import FeedItem, article_from_item, needs_page, parse_feed
from ..ingest.fetch import FetchError, FetchPolicy, Response, fetch
from ..ingest.html import article_from_html
from ..pipeline import Pipeline
from ..records import Article
from ..run import extract_batches
from ..store.sqlite import SQLiteStore
from .config import SourceConfig, WatchConfig
from .state import WatchState

log = logging.getLogger(__name__)


@dataclass(slots=True)
class CycleReport:
    """What one cycle did, for its log line and for tests."""

    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    backing_off: int = 0
    new_items: int = 0
    articles_stored: int = 0
    already_stored: int = 0
    items_failed: int = 0
    events_written: int = 0
    alerts_queued: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    def summary(self) -> str:
        d = self.delivery
        return (f"{self.polled} fetched ({self.not_modified} not modified, {self.failed} "
                f"failed, {self.backing_off} backing off); {self.new_items} new items; "
                f"{self.articles_stored} articles stored ({self.already_stored} already "
                f"stored, {self.items_failed} failed); {self.events_written} events written; "
                f"{self.alerts_queued} alerts ({d.sent} delivered, {d.failed} failed, "
                f"{d.left} waiting)")


@dataclass(slots=True)
class _Job:
    """An article to ingest, and what to record once it is stored (or has failed)."""

    article: Article
    done: Callable[[bool], None]


def doc_id(source: str, key: str) -> str:
    """A stable, readable article id for a feed item or page: ``<source>-<hash of key>``."""
    return f"{source}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


class Watcher:
    """Polls the sources of ``config`` into ``store``; ``state`` remembers between runs."""

    def __init__(
        self, config: WatchConfig, *, store: SQLiteStore, pipeline: Pipeline,
        state: WatchState, stop: threading.Event | None = None,
        clock: Callable[[], float] = time.time, rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.pipeline = pipeline
        self.state = state
        self.stop = stop or threading.Event()
        self.clock = clock
        self.rng = rng or random.Random()
        self.alerter = Alerter(config.areas, settings=config.alerts, outbox=state.outbox,
                               stop=self.stop)
        self.cycles = 0

    # -- the loop ------------------------------------------------------------------------

    def run(self, *, once: bool = False) -> CycleReport:
        """Cycle until stopped (``once``: a single cycle that polls every source not
        backing off, for cron); between cycles, sleep until the next source is due."""
        report = CycleReport()
        while not self.stop.is_set():
            report = self.cycle(respect_interval=not once)
            if once:
                break
            self.stop.wait(self.seconds_to_next())
        log.info("watch stopped after %d cycle(s)", self.cycles)
        return report

    def seconds_to_next(self) -> float:
        """Until the earliest source is due again (at least 1 s, at most ``interval``)."""
        now = self.clock()
        wait = self.config.watch.interval
        for src in self.config.sources:
            for url in self._urls(src):
                t = self.state.target(src.name, url)
                due = t.next_try if t.failures else (t.last_ok or 0) + self._interval(src)
                wait = min(wait, due - now)
        return max(1.0, wait)

    def cycle(self, *, respect_interval: bool = False) -> CycleReport:
        """One pass over every source; a failing or broken source never stops the rest."""
        self.cycles += 1
        report = CycleReport()
        for src in self.config.sources:
            if self.stop.is_set():
                break
            try:
                self._poll(src, report, respect_interval=respect_interval)
            except Exception:  # a bug must cost one source one cycle, never the watcher
                log.exception("source %r: unexpected error; skipped this cycle", src.name)
                report.failed += 1
        try:
            report.delivery = self.alerter.deliver_pending()
        except Exception:
            log.exception("alert delivery failed unexpectedly; queued alerts wait")
        log.info("watch cycle %d: %s", self.cycles, report.summary())
        return report

    # -- polling -------------------------------------------------------------------------

    def _interval(self, src: SourceConfig) -> float:
        return src.interval or self.config.watch.interval

    @staticmethod
    def _urls(src: SourceConfig) -> tuple[str, ...]:
        return (src.feed,) if src.feed else src.urls

    def _poll(self, src: SourceConfig, report: CycleReport, *, respect_interval: bool) -> None:
        policy = src.policy(self.config.watch)
        if src.feed:
            resp = self._get(src, src.feed, policy, report, respect_interval=respect_interval)
            if resp is not None and not resp.not_modified:
                try:
                    items = parse_feed(resp.body, url=resp.url, content_type=resp.content_type)
                except InputError as exc:
                    self._backoff(src, src.feed, exc.message, report)
                else:
                    report.new_items += self.state.add_items(src.name, items)
                    self._fetched(src, src.feed, resp)
            self._ingest(src, list(self._item_jobs(src, policy, report)), report)
            return
        for url in src.urls:
            if self.stop.is_set():
                return
            resp = self._get(src, url, policy, report, respect_interval=respect_interval)
            if resp is None:
                continue
            if resp.not_modified:
                self._fetched(src, url, resp)
                continue
            art = article_from_html(resp.utf8_body(), doc_id=doc_id(src.name, url), source=url,
                                    published=None)
            if isinstance(art, InputError):
                log.warning("source %r: %s", src.name, art)
                self._fetched(src, url, resp)  # the page answered; it has no report yet
                continue
            art = dataclasses.replace(art, url=art.url or url, outlet=src.outlet or art.outlet)
            self._ingest(src, [_Job(art, partial(self._page_done, src, url, resp))], report)

    def _get(
        self, src: SourceConfig, url: str, policy: FetchPolicy, report: CycleReport, *,
        respect_interval: bool,
    ) -> Response | None:
        """A conditional GET if the URL is due; None when not due or failed (backed off)."""
        now = self.clock()
        t = self.state.target(src.name, url)
        if t.failures and now < t.next_try:
            report.backing_off += 1
            return None
        if respect_interval and t.last_ok and now < t.last_ok + self._interval(src):
            return None
        report.polled += 1
        try:
            resp = fetch(url, policy=policy, etag=t.etag, last_modified=t.last_modified)
        except FetchError as exc:
            self._backoff(src, url, exc.message, report, retry_after=exc.retry_after)
            return None
        if resp.not_modified:
            report.not_modified += 1
        return resp

    def _page_done(self, src: SourceConfig, url: str, resp: Response, ok: bool) -> None:
        if ok:
            self._fetched(src, url, resp)
        else:  # polled, but keep the old validators so the next poll reads the page again
            self.state.fetched(src.name, url, etag=None, last_modified=None, now=self.clock())

    def _item_done(self, source: str, key: str, doc: str, ok: bool) -> None:
        self.state.item_done(source, key, doc=doc if ok else None,
                             status="done" if ok else "failed")

    def _fetched(self, src: SourceConfig, url: str, resp: Response) -> None:
        self.state.fetched(src.name, url, etag=resp.etag, last_modified=resp.last_modified,
                           now=self.clock())

    def _backoff(self, src: SourceConfig, url: str, error: str, report: CycleReport, *,
                 retry_after: float | None = None) -> None:
        """Exponential backoff with jitter (half to all of the step), honouring Retry-After."""
        w = self.config.watch
        failures = self.state.target(src.name, url).failures + 1
        step = min(w.backoff_max, w.backoff_base * 2 ** (failures - 1))
        delay = step * self.rng.uniform(0.5, 1.0)
        if retry_after is not None:
            delay = min(w.backoff_max, max(delay, retry_after))
        self.state.failed(src.name, url, error=error, next_try=self.clock() + delay)
        report.failed += 1
        log.warning(Errors.W130.format(source=src.name, target=url, error=error,
                                       failures=failures, delay=delay))

    # -- feed items ----------------------------------------------------------------------

    def _item_jobs(
        self, src: SourceConfig, policy: FetchPolicy, report: CycleReport
    ) -> Iterator[_Job]:
        for item, attempts in list(self.state.pending(src.name)):
            if self.stop.is_set():
                return
            try:
                art = self._item_article(src, item, policy, attempt=attempts + 1)
            except Exception:  # a bug will not go away on retry: the item is given up
                log.exception("source %r: item %r could not be read", src.name, item.key)
                art = InputError(item.key, "unexpected error")
            if art is None:
                self.state.item_retry(src.name, item.key)
                continue
            if isinstance(art, InputError):
                log.warning("source %r: %s", src.name, art)
                self.state.item_done(src.name, item.key, doc=None, status="failed")
                report.items_failed += 1
                continue
            yield _Job(art, partial(self._item_done, src.name, item.key, art.id))

    def _item_article(
        self, src: SourceConfig, item: FeedItem, policy: FetchPolicy, *, attempt: int
    ) -> Article | InputError | None:
        """The item's article; None to retry later (its page could not be fetched yet)."""
        w = self.config.watch
        doc = doc_id(src.name, item.key)
        mode: Any = src.fetch_pages or w.fetch_pages
        if needs_page(item, fetch_pages=mode, min_words=w.min_content_words):
            assert item.url is not None
            try:
                resp = fetch(item.url, policy=policy)
            except FetchError as exc:
                if attempt < w.item_attempts and not exc.refused:
                    log.warning(Errors.W131.format(source=src.name, key=item.key,
                                                   error=exc, attempt=attempt,
                                                   limit=w.item_attempts))
                    return None
                log.warning("source %r: %s; using the feed's own text", src.name, exc)
            else:
                page = article_from_html(resp.utf8_body(), doc_id=doc, source=item.url,
                                         published=item.published)
                if not isinstance(page, InputError):
                    return dataclasses.replace(
                        page, url=item.url, title=page.title or item.title,
                        outlet=src.outlet or item.outlet or page.outlet,
                        published_source="feed" if page.published_source == "cli"
                        else page.published_source)
                log.info("source %r: %s; using the feed's own text", src.name, page)
        art = article_from_item(item, doc_id=doc)
        if isinstance(art, Article) and src.outlet:
            art = dataclasses.replace(art, outlet=src.outlet)
        return art

    # -- ingest --------------------------------------------------------------------------

    def _ingest(self, src: SourceConfig, jobs: list[_Job], report: CycleReport) -> None:
        """Extract in batches, store each article in its own transaction, then alert."""
        pending = {}
        for job in jobs:
            if self.store.has_article(job.article.content_hash):
                report.already_stored += 1
                job.done(True)
            else:
                pending[job.article.id] = job

        def on_error(err: InputError) -> None:
            log.warning("source %r: %s", src.name, err)

        batches = extract_batches((j.article for j in pending.values()), pipeline=self.pipeline,
                                  batch_size=self.config.watch.batch_size, on_error=on_error)
        for article, mentions in batches:
            job = pending.pop(article.id)
            try:
                written = self.store.add_article(article, mentions, dedup=self.pipeline.dedup)
            except Exception:
                log.exception("source %r: article %s could not be stored", src.name, article.id)
                report.items_failed += 1
                job.done(False)
                continue
            report.articles_stored += 1
            report.events_written += len(written)
            job.done(True)
            try:
                events = [e for w in written if (e := self.store.get_event(w.event_id))]
                report.alerts_queued += self.alerter.consider(
                    events, article=article, former_ids=self.store.former_ids)
            except Exception:
                log.exception("source %r: alerts for article %s failed", src.name, article.id)
        for job in pending.values():  # extraction failed (reported through on_error)
            report.items_failed += 1
            job.done(False)


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and the first Ctrl-C finish the current item and stop; a second Ctrl-C
    interrupts at once (the store's transactions keep the database consistent)."""

    def handler(signum: int, _frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        log.warning("signal %d: stopping after the current item (Ctrl-C again to abort)",
                    signum)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
