"""The dashboard at ``/app/``: static files built from ``src/sigact/web`` by ``make web``.

Everything it loads (Leaflet, marker clustering, Natural Earth borders) is served from here,
so it works with no internet. When the assets are not built, ``/app/`` says how to build them.
"""

from __future__ import annotations

import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from ...errors import Errors
from ..settings import Settings


def mount_dashboard(app: FastAPI, settings: Settings) -> None:
    web_dir = settings.web_dir
    if (web_dir / "index.html").is_file():
        app.mount("/app", StaticFiles(directory=web_dir, html=True), name="dashboard")
        return
    message = Errors.E108.format(path=web_dir)

    @app.get("/app/{path:path}", include_in_schema=False)
    def dashboard_not_built(path: str) -> HTMLResponse:
        return HTMLResponse(f"<!doctype html><title>sigact</title><p>{html.escape(message)}</p>",
                            status_code=503)
