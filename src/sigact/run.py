"""Batch runner: ingest -> extract -> geo -> dedup -> store, each article stored atomically.

The CLI's ``run`` and ``extract`` commands and the benchmarks are thin shells over these two
functions. Bad input and extraction failures are reported through ``on_error`` and skipped, so
one broken article never stops a run; each stored article is atomic, so an interrupted run
leaves a consistent database that a re-run completes without duplicates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .errors import InputError
from .ingest import read_sources
from .pipeline import Pipeline
from .records import Article, Mention

if TYPE_CHECKING:
    from .store.sqlite import SQLiteStore

log = logging.getLogger(__name__)

ErrorHandler = Callable[[InputError], None]


@dataclass(slots=True)
class RunReport:
    """What a run did, for the CLI summary and for tests."""

    articles_read: int = 0
    articles_stored: int = 0
    articles_already_stored: int = 0
    mentions: int = 0
    events_written: int = 0
    errors: list[InputError] = field(default_factory=list)


def extract_batches(
    articles: Iterable[Article], *, pipeline: Pipeline, batch_size: int = 32,
    on_error: ErrorHandler | None = None,
) -> Iterator[tuple[Article, list[Mention]]]:
    """Yield each article with its geocoded mentions, batching the expensive parse.

    A batch never holds two articles with the same id, so mentions map back to their article
    by ``doc``. If a batch fails, its articles are retried one by one so that only the article
    that breaks the extractor is reported and skipped.
    """
    for group in _extracted_groups(articles, pipeline=pipeline, batch_size=batch_size,
                                   on_error=on_error):
        yield from group


def _extracted_groups(
    articles: Iterable[Article], *, pipeline: Pipeline, batch_size: int,
    on_error: ErrorHandler | None,
) -> Iterator[list[tuple[Article, list[Mention]]]]:
    """As :func:`extract_batches`, one list per parsed batch (the store commits each whole)."""
    batch: list[Article] = []
    for article in articles:
        if any(a.id == article.id for a in batch) or len(batch) >= batch_size:
            yield list(_process(batch, pipeline=pipeline, on_error=on_error))
            batch = []
        batch.append(article)
    if batch:
        yield list(_process(batch, pipeline=pipeline, on_error=on_error))


def _process(
    batch: Sequence[Article], *, pipeline: Pipeline, on_error: ErrorHandler | None
) -> Iterator[tuple[Article, list[Mention]]]:
    try:
        mentions = pipeline(batch)
    except Exception:
        if len(batch) == 1:
            log.debug("extraction failed", exc_info=True)
            err = InputError(_name(batch[0]), "extraction failed (a bug: please report it with "
                             "this article); article skipped")
            if on_error:
                on_error(err)
            return
        for article in batch:
            yield from _process([article], pipeline=pipeline, on_error=on_error)
        return
    by_doc: dict[str, list[Mention]] = {a.id: [] for a in batch}
    for m in mentions:
        by_doc.setdefault(m.doc, []).append(m)
    for article in batch:
        yield article, by_doc[article.id]


def _name(article: Article) -> str:
    return article.source_path or article.id


def read_articles(
    paths: Sequence[str], *, published: date | None = None, max_mb: float = 20.0,
    report: RunReport, on_error: ErrorHandler | None = None,
) -> Iterator[Article]:
    """Ingest, counting articles and routing unreadable inputs to ``on_error``."""
    for item in read_sources(paths, published=published, max_mb=max_mb):
        if isinstance(item, InputError):
            report.errors.append(item)
            if on_error:
                on_error(item)
            continue
        report.articles_read += 1
        yield item


def run(
    paths: Sequence[str], *, store: SQLiteStore, pipeline: Pipeline,
    published: date | None = None, max_mb: float = 20.0, batch_size: int = 32,
    on_error: ErrorHandler | None = None, on_article: Callable[[Article], None] | None = None,
) -> RunReport:
    """Ingest ``paths`` into ``store``; articles already stored (same content hash) are skipped."""
    report = RunReport()

    def new_articles() -> Iterator[Article]:
        seen: set[str] = set()
        for article in read_articles(
            paths, published=published, max_mb=max_mb, report=report, on_error=on_error
        ):
            h = article.content_hash
            if h in seen or store.has_article(h):
                report.articles_already_stored += 1
                if on_article:
                    on_article(article)
                continue
            seen.add(h)
            yield article

    def handle_error(err: InputError) -> None:
        report.errors.append(err)
        if on_error:
            on_error(err)

    # The articles of one parsed batch are stored in one transaction (each article still all
    # or nothing), so the store's commit cost is paid once per batch, not per article.
    for group in _extracted_groups(
        new_articles(), pipeline=pipeline, batch_size=batch_size, on_error=handle_error
    ):
        written = store.add_articles(group, dedup=pipeline.dedup)
        for (article, mentions), events in zip(group, written, strict=True):
            report.articles_stored += 1
            report.mentions += len(mentions)
            report.events_written += len(events)
            if on_article:
                on_article(article)
    return report
