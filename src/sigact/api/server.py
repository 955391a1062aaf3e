"""Run the app under uvicorn: what ``sigact serve`` calls."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from ..store.sqlite import SQLiteStore
from .settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

#: How `serve` hands its settings to worker processes (uvicorn starts them by import string).
_SETTINGS_ENV = "SIGACT_SERVE_SETTINGS"


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
    if settings.workers > 1:
        os.environ[_SETTINGS_ENV] = settings.model_dump_json()
        uvicorn.run("sigact.api.server:app_from_parent", factory=True, host=settings.host,
                    port=settings.port, workers=settings.workers, log_level=settings.log_level)
        return
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level=settings.log_level)


def app_from_parent() -> FastAPI:
    """The app in a worker process: the settings `serve` validated, passed down as JSON (the
    one thing the server reads from its environment, and only from its own parent)."""
    from .app import create_app

    return create_app(Settings.model_validate_json(os.environ[_SETTINGS_ENV]))
