"""The FastAPI application: JSON API, OGC API - Features and the dashboard, over one database.

``create_app(settings)`` builds a fresh app (tests build several); nothing is global. Requests
read through a pool of read-only SQLite connections, so serving never blocks ``sigact run``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .. import __version__
from ..errors import SigactError
from .pool import StorePool
from .routes import events, meta, ogc, sources, web
from .settings import Settings

log = logging.getLogger(__name__)

DESCRIPTION = """\
Events of political violence extracted from news reports, geolocated and merged across
outlets (ACLED-compatible types and fields). Every event links to the sentences it was read
from. Filters are the same on every view: the paged list, map points, timeline, facets and
the downloads (CSV, GeoJSON, JSON lines, Parquet). GIS clients: OGC API - Features at `/ogc`.
"""


def create_app(settings: Settings) -> FastAPI:
    """A sigact API app serving ``settings.db`` (which must exist, at the current schema)."""
    pool = StorePool(settings.db, max_idle=settings.pool_idle)
    # Fail now, with the store's message, rather than on the first request.
    with pool.store():
        pass

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(title=settings.title, version=__version__, description=DESCRIPTION,
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.pool = pool

    @app.exception_handler(SigactError)
    async def bad_request(request: Request, exc: SigactError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    for module in (meta, events, sources, ogc):
        app.include_router(module.router)
    web.mount_dashboard(app, settings)
    return app
