"""Run the app under uvicorn: what ``sigact serve`` calls."""

from __future__ import annotations

import logging

from ..store.sqlite import SQLiteStore
from .settings import Settings

log = logging.getLogger(__name__)


def prepare_database(settings: Settings) -> int:
    """Migrate the database to this sigact's schema (the only write serving does); returns
    the number of events."""
    from ..errors import Errors, SigactError

    if not settings.db.is_file():
        raise SigactError(Errors.E103.format(path=settings.db))
    with SQLiteStore(settings.db) as store:
        return store.count_events()


def serve(settings: Settings) -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    from .app import create_app

    n = prepare_database(settings)
    if not (settings.web_dir / "index.html").is_file():
        log.warning("dashboard not built (%s); /app/ will say how to build it", settings.web_dir)
    log.info("serving %d events from %s", n, settings.db)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level=settings.log_level)
