"""The one typed configuration object of the API server, validated where it is built.

The CLI (``sigact serve``) or a test builds it and passes it to :func:`sigact.api.create_app`;
nothing is read from the environment, so two apps with different settings can run side by side.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

#: Where ``make web`` (``npm run build`` in ``src/sigact/web``) puts the dashboard.
DEFAULT_WEB_DIR = Path(__file__).resolve().parent.parent / "web" / "dist"


class Settings(BaseModel):
    """How ``sigact serve`` runs: which database, where it listens, how big a page may be."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db: Path = Field(description="SQLite database written by `sigact run`")
    host: str = Field(default="127.0.0.1", description="address to listen on (loopback)")
    port: int = Field(default=8000, ge=0, le=65535, description="TCP port; 0 picks a free one")
    workers: int = Field(default=1, ge=1, le=64, description="server processes")
    page_size: int = Field(default=100, ge=1, description="events per page by default")
    max_page_size: int = Field(default=1000, ge=1, description="largest /events limit")
    max_points: int = Field(default=100_000, ge=1, description="most markers /events/points sends")
    ogc_max_limit: int = Field(default=10_000, ge=1, description="largest OGC items limit")
    pool_idle: int = Field(default=32, ge=1, description="idle read-only connections kept open")
    web_dir: Path = Field(default=DEFAULT_WEB_DIR, description="the built dashboard")
    title: str = Field(default="sigact", description="name in the API docs and OGC landing page")
    log_level: str = Field(default="info", description="uvicorn's log level")
