"""``/events``: filtered, paged, sorted events; one event in full; map points, timeline, facets
and downloads (CSV, GeoJSON, JSON lines, Parquet) over the same filters."""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from ...export import BINARY_FORMATS, FORMATS
from ...store import query
from ..deps import FiltersDep, SettingsDep, StoreDep
from ..models import (
    Bin,
    EventDetail,
    EventPage,
    Facets,
    FacetValue,
    PointsOut,
    Timeline,
    detail,
    listing_extra,
)

router = APIRouter(tags=["events"])

Sort = Annotated[
    str | None,
    Query(description=f"sort order, one of: {', '.join(query.SORTS)} ('-' is descending)"),
]

DOWNLOADS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


@router.get("/events", response_model=EventPage, summary="List events")
async def list_events(
    request: Request, store: StoreDep, settings: SettingsDep, filters: FiltersDep,
    limit: Annotated[int | None, Query(ge=1, description="events per page")] = None,
    offset: Annotated[int, Query(ge=0)] = 0, sort: Sort = None,
) -> Response:
    """Events matching every filter given, a page at a time, with the total for paging.

    The page is assembled from JSON that SQLite builds per event (``EventSummary``'s fields;
    a test holds the two equal), the cheap path for the API's busiest route."""
    limit = min(limit or settings.page_size, settings.max_page_size)
    f = filters.filters()
    total, items = query.listing_page(store, members=listing_extra(), limit=limit, offset=offset,
                                      sort=sort, **f)
    params = {**filters.params(), "limit": str(limit)}
    if sort:
        params["sort"] = sort
    base = request.url.remove_query_params(list(request.query_params))
    links = [{"href": str(request.url), "rel": "self", "type": "application/json"}]
    if offset + limit < total:
        links.append({"href": str(base.include_query_params(**params, offset=offset + limit)),
                      "rel": "next", "type": "application/json"})
    if offset > 0:
        links.append({"href": str(base.include_query_params(
            **params, offset=max(0, offset - limit))), "rel": "prev", "type": "application/json"})
    head = json.dumps({"total": total, "limit": limit, "offset": offset,
                       "sort": sort or query.DEFAULT_SORT, "links": links})
    body = head[:-1] + ', "items": [' + ",".join(items) + "]}"
    return Response(body, media_type="application/json")


@router.get("/events/points", response_model=PointsOut, summary="Map points")
def event_points(
    store: StoreDep, settings: SettingsDep, filters: FiltersDep,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """Located events as parallel arrays, newest first: what the dashboard's clustered map
    draws. The arrays are built by SQLite (``PointsOut``'s shape; a test holds them equal)."""
    f = filters.filters()
    limit = min(limit or settings.max_points, settings.max_points)
    shown, arrays = query.points_json(store, limit=limit, **f)
    f["located"] = True
    total = store.count_events(**f) if shown >= limit else shown
    body = (f'{{"total": {total}, "truncated": {"true" if total > shown else "false"}, '
            + ", ".join(f'"{name}": {arrays[name]}' for name in query.POINT_COLUMNS) + "}")
    return Response(body, media_type="application/json")


@router.get("/events/timeline", response_model=Timeline, summary="Events per day/week/month")
def event_timeline(
    store: StoreDep, filters: FiltersDep,
    bucket: Literal["day", "week", "month", "year"] = "day",
) -> Timeline:
    """Counts of dated events per bucket, oldest first (the dashboard's histogram)."""
    bins = query.histogram(store, bucket=bucket, **filters.filters())
    return Timeline(bucket=bucket, bins=[Bin(start=s, count=n) for s, n in bins])


@router.get("/events/facets", response_model=Facets, summary="Values to filter by")
def event_facets(store: StoreDep, filters: FiltersDep) -> Facets:
    """Each event type, sub-event type, country and region with its number of events."""
    f = filters.filters()
    counts = query.facets(store, **f)
    return Facets(
        total=store.count_events(**f),
        **{name: [FacetValue(value=v, count=n) for v, n in values]
           for name, values in counts.items()},
    )


@router.get(
    "/events.{fmt}", summary="Download events",
    response_class=StreamingResponse,
    responses={200: {"content": {t: {} for t in DOWNLOADS.values()},
                     "description": "every matching event in the format asked for"}},
)
def download_events(
    fmt: Literal["csv", "geojson", "jsonl", "parquet"], store: StoreDep, filters: FiltersDep,
    limit: Annotated[int | None, Query(ge=1)] = None, sort: Sort = None,
) -> StreamingResponse:
    """Every event matching the filters as CSV (ACLED columns), GeoJSON, JSON lines or Parquet,
    with the CAMEO and PLOVER codes. Written in full before the first byte is sent, so a
    failure is an error response, never a truncated file."""
    events = store.iter_events(limit=limit, sort=sort, **filters.filters())
    buf: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed after the response)
    if fmt in BINARY_FORMATS:
        BINARY_FORMATS[fmt](events, buf)
    else:
        text = io.TextIOWrapper(buf, encoding="utf-8", newline="", write_through=True)
        FORMATS[fmt](events, text)
        text.flush()
        text.detach()
    buf.seek(0)
    return StreamingResponse(
        _chunks(buf), media_type=DOWNLOADS[fmt], background=BackgroundTask(buf.close),
        headers={"Content-Disposition": f'attachment; filename="sigact-events.{fmt}"'},
    )


def _chunks(buf: IO[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    while chunk := buf.read(size):
        yield chunk


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event in full",
            responses={404: {"description": "no event with this id"},
                       308: {"description": "the event was renamed or merged into another; "
                             "Location names its current id"}})
def get_event(event_id: str, request: Request, store: StoreDep) -> Response | EventDetail:
    """An event with every source's evidence sentences (and the spans where its fields were
    found) and the history of its revisions, oldest first.

    Ids stay valid when a later report renames an event or merges it into another: the old id
    redirects to the event it is part of now, so links and alerts sent earlier keep working.
    """
    ev = store.get_event(event_id)
    if ev is None:
        current = store.resolve_event_id(event_id)
        if current is None or current == event_id:
            raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
        return RedirectResponse(request.url_for("get_event", event_id=current).path,
                                status_code=308)
    return detail(ev, store.revisions(event_id))
