"""OGC API - Features (Part 1: Core) at ``/ogc``, so QGIS, GDAL/OGR and ArcGIS open sigact's
events as a live point layer: ``ogrinfo OAPIF:http://127.0.0.1:8000/ogc events``.

One collection, ``events``: every located event as a GeoJSON point in CRS84 with the export's
flat properties (ACLED columns, CAMEO and PLOVER codes). Items page with ``limit``/``offset``
and ``next``/``prev`` links, and filter by ``bbox``, ``datetime`` (an instant or an interval,
``..`` for open ends) and by the properties ``event_type``, ``sub_event_type``, ``country``,
``admin1``, ``actor`` and ``min_fatalities``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ...errors import Errors, SigactError
from ...export import flat_row
from ...records import Event
from ...store import query
from ...store.sqlite import EventFilters
from ..deps import SettingsDep, StoreDep, parse_bbox

router = APIRouter(prefix="/ogc", tags=["OGC API - Features"])

COLLECTION = "events"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]
GEOJSON = "application/geo+json"
JSON = "application/json"


def _url(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


def _json(content: dict[str, Any], media_type: str = JSON) -> JSONResponse:
    return JSONResponse(content=content, media_type=media_type)


@router.get("", summary="Landing page")
def landing(request: Request, settings: SettingsDep) -> JSONResponse:
    return _json({
        "title": f"{settings.title}: political violence events",
        "description": "Events extracted from news reports by sigact, as OGC API - Features.",
        "links": [
            {"href": _url(request, "/ogc"), "rel": "self", "type": JSON, "title": "this document"},
            {"href": _url(request, "/openapi.json"), "rel": "service-desc",
             "type": "application/vnd.oai.openapi+json;version=3.0", "title": "API definition"},
            {"href": _url(request, "/docs"), "rel": "service-doc", "type": "text/html",
             "title": "API documentation"},
            {"href": _url(request, "/ogc/conformance"), "rel": "conformance", "type": JSON,
             "title": "conformance classes"},
            {"href": _url(request, "/ogc/collections"), "rel": "data", "type": JSON,
             "title": "collections"},
        ],
    })


@router.get("/conformance", summary="Conformance classes")
def conformance() -> JSONResponse:
    return _json({"conformsTo": CONFORMANCE})


def _collection(request: Request, store: StoreDep) -> dict[str, Any]:
    ext = query.extent(store)
    extent: dict[str, Any] = {}
    if ext.bbox is not None:
        extent["spatial"] = {"bbox": [list(ext.bbox)], "crs": CRS84}
    extent["temporal"] = {
        "interval": [[_instant(ext.start), _instant(ext.end)]],
        "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
    }
    base = f"/ogc/collections/{COLLECTION}"
    return {
        "id": COLLECTION,
        "title": "Events",
        "description": "Located political violence events, one point per event.",
        "itemType": "feature",
        "crs": [CRS84],
        "extent": extent,
        "links": [
            {"href": _url(request, base), "rel": "self", "type": JSON},
            {"href": _url(request, base + "/items"), "rel": "items", "type": GEOJSON,
             "title": "events"},
        ],
    }


def _instant(day: str | None) -> str | None:
    return f"{day}T00:00:00Z" if day else None


@router.get("/collections", summary="Feature collections")
def collections(request: Request, store: StoreDep) -> JSONResponse:
    return _json({
        "links": [{"href": _url(request, "/ogc/collections"), "rel": "self", "type": JSON}],
        "collections": [_collection(request, store)],
    })


def _check_collection(collection_id: str) -> None:
    if collection_id != COLLECTION:
        raise HTTPException(404, f"no collection {collection_id!r}; the only one is {COLLECTION!r}")


@router.get("/collections/{collection_id}", summary="A feature collection")
def collection(collection_id: str, request: Request, store: StoreDep) -> JSONResponse:
    _check_collection(collection_id)
    return _json(_collection(request, store))


def parse_datetime(text: str) -> tuple[date | None, date | None]:
    """An RFC 3339 instant or interval (``a/b``, ``../b``, ``a/..``) as a day range."""
    def day(part: str) -> date | None:
        part = part.strip()
        if part in ("", ".."):
            return None
        try:
            return datetime.fromisoformat(part.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return date.fromisoformat(part[:10])
            except ValueError:
                raise SigactError(Errors.E107.format(value=text)) from None

    if "/" in text:
        start, end = text.split("/", 1)
        return day(start), day(end)
    instant = day(text)
    if instant is None:
        raise SigactError(Errors.E107.format(value=text))
    return instant, instant


def feature(ev: Event) -> dict[str, Any]:
    p = ev.place
    geometry = None
    if p is not None and p.latitude is not None and p.longitude is not None:
        geometry = {"type": "Point", "coordinates": [p.longitude, p.latitude]}
    return {"type": "Feature", "id": ev.event_id, "geometry": geometry,
            "properties": flat_row(ev)}


@router.get("/collections/{collection_id}/items", summary="Events as GeoJSON features",
            responses={200: {"content": {GEOJSON: {}}}})
def items(
    collection_id: str, request: Request, store: StoreDep, settings: SettingsDep,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    datetime_: Annotated[str | None, Query(alias="datetime",
                                           description="an instant or interval, '..' open")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    country: str | None = None,
    admin1: str | None = None,
    actor: str | None = None,
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
) -> JSONResponse:
    _check_collection(collection_id)
    limit = min(limit, settings.ogc_max_limit)
    since = until = None
    if datetime_:
        since, until = parse_datetime(datetime_)
    f = EventFilters(bbox=parse_bbox(bbox) if bbox else None, since=since, until=until,
                     event_type=event_type, sub_event_type=sub_event_type, country=country,
                     admin1=admin1, actor=actor, min_fatalities=min_fatalities, located=True)
    matched = store.count_events(**f)
    events = store.events(limit=limit, offset=offset, **f)
    self_url = request.url
    links = [{"href": str(self_url), "rel": "self", "type": GEOJSON}]
    if offset + len(events) < matched:
        links.append({"href": str(self_url.include_query_params(offset=offset + limit,
                                                                 limit=limit)),
                      "rel": "next", "type": GEOJSON})
    if offset > 0:
        links.append({"href": str(self_url.include_query_params(offset=max(0, offset - limit),
                                                                 limit=limit)),
                      "rel": "prev", "type": GEOJSON})
    links.append({"href": _url(request, f"/ogc/collections/{COLLECTION}"), "rel": "collection",
                  "type": JSON})
    return _json({
        "type": "FeatureCollection",
        "features": [feature(ev) for ev in events],
        "numberMatched": matched,
        "numberReturned": len(events),
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "links": links,
    }, GEOJSON)


@router.get("/collections/{collection_id}/items/{feature_id}", summary="One event",
            responses={200: {"content": {GEOJSON: {}}}, 404: {"description": "no such event"}})
def item(collection_id: str, feature_id: str, request: Request, store: StoreDep) -> Response:
    _check_collection(collection_id)
    ev = store.get_event(feature_id)
    if ev is None:
        current = store.resolve_event_id(feature_id)
        if current is not None and current != feature_id:  # renamed or merged: follow it
            return RedirectResponse(request.url_for(
                "item", collection_id=collection_id, feature_id=current).path, status_code=308)
    if ev is None or ev.place is None or ev.place.latitude is None:
        raise HTTPException(404, f"no located event {feature_id!r}")
    out = feature(ev)
    out["links"] = [
        {"href": str(request.url), "rel": "self", "type": GEOJSON},
        {"href": _url(request, f"/ogc/collections/{COLLECTION}"), "rel": "collection",
         "type": JSON},
    ]
    return _json(out, GEOJSON)
