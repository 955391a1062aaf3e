"""api: the HTTP service over a sigact database (see DESIGN.md): the JSON API, OGC API -
Features for GIS clients, and the dashboard. Needs the ``serve`` extra (FastAPI, uvicorn)."""

from __future__ import annotations

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
