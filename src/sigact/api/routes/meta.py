"""``/health`` for monitors, and ``/`` sending people to the dashboard."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from ... import __version__
from ...store import SCHEMA_VERSION
from ..deps import StoreDep
from ..models import Health

router = APIRouter()


@router.get("/health", response_model=Health, tags=["meta"], summary="Is the service up")
def health(store: StoreDep) -> Health:
    """Answers only when the database can be read (a monitor's liveness and readiness check)."""
    return Health(status="ok", version=__version__, events=store.count_events(),
                  schema_version=SCHEMA_VERSION, database=store.path)


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/app/")
