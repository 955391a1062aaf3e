"""Dependencies shared by the routes, declared once (``Annotated[..., Depends(...)]``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from ..errors import Errors, SigactError
from ..store.query import BBox, check_bbox
from ..store.sqlite import EventFilters, SQLiteStore
from .pool import StorePool
from .settings import Settings


# Async, though they never wait: FastAPI runs a sync dependency through the thread pool, a
# round trip that costs more than these functions do.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_pool(request: Request) -> StorePool:
    pool: StorePool = request.app.state.pool
    return pool


async def get_store(pool: Annotated[StorePool, Depends(get_pool)]) -> AsyncIterator[SQLiteStore]:
    """A read-only store for this request, returned to the pool after the response is sent
    (so a download keeps it while it streams)."""
    with pool.store() as store:
        yield store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[SQLiteStore, Depends(get_store)]


def parse_bbox(text: str) -> BBox:
    """``"min_lon,min_lat,max_lon,max_lat"`` as numbers (a 6-number 3D bbox drops heights)."""
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        raise SigactError(Errors.E101.format(bbox=text)) from None
    if len(values) == 6:
        values = [values[0], values[1], values[3], values[4]]
    if len(values) != 4:
        raise SigactError(Errors.E101.format(bbox=text))
    return check_bbox((values[0], values[1], values[2], values[3]))


class EventQuery(BaseModel):
    """The event filters every event view accepts (list, map points, timeline, downloads)."""

    bbox: str | None = Field(
        default=None, description="min_lon,min_lat,max_lon,max_lat (WGS84 degrees)",
        examples=["38.0,32.0,48.0,37.5"],
    )
    since: date | None = Field(default=None, description="events on or after this day")
    until: date | None = Field(default=None, description="events on or before this day")
    event_type: str | None = Field(default=None, examples=["Explosions/Remote violence"])
    sub_event_type: str | None = Field(default=None, examples=["Air/drone strike"])
    actor: str | None = Field(default=None, description="part of actor1's or actor2's name")
    country: str | None = Field(default=None, description="country name or ISO3 code")
    admin1: str | None = Field(default=None, description="first-level region, e.g. 'Anbar'")
    q: str | None = Field(default=None, description="full-text search (places, actors, evidence)")
    min_fatalities: int | None = Field(default=None, ge=0)

    def filters(self) -> EventFilters:
        """The store's filter arguments for this query."""
        out: dict[str, Any] = {
            "since": self.since, "until": self.until, "event_type": self.event_type,
            "sub_event_type": self.sub_event_type, "actor": self.actor,
            "country": self.country, "admin1": self.admin1, "text": self.q,
            "min_fatalities": self.min_fatalities,
            "bbox": parse_bbox(self.bbox) if self.bbox else None,
        }
        return EventFilters(**{k: v for k, v in out.items() if v not in (None, "")})  # type: ignore[typeddict-item]

    def params(self) -> dict[str, str]:
        """The query as URL parameters (for next/prev links)."""
        return {k: str(v) for k, v in self.model_dump(exclude_none=True).items()}


FiltersDep = Annotated[EventQuery, Query()]
