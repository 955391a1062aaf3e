"""Read-side queries the API and dashboard need beyond filtering: bbox, sort orders, compact map
points, date histograms, facets, the stored reports and the data's extent.

Kept apart from ``sqlite.py`` (which owns the write path) so both stay readable. Functions take
an open :class:`~sigact.store.sqlite.SQLiteStore` and reuse its filter SQL, so every view of the
data (list, map, timeline, export) agrees on what a filter means.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from ..errors import Errors, SigactError

if TYPE_CHECKING:
    from .sqlite import SQLiteStore

#: ``(min_lon, min_lat, max_lon, max_lat)`` in WGS84 degrees, as in GeoJSON and OGC API.
BBox = tuple[float, float, float, float]

#: Sort orders by name; a leading ``-`` is descending. Ties always break on ``event_id``.
SORTS: dict[str, str] = {
    # NULL sorts lowest, so descending dates put undated events last and can walk the index.
    "-date": "event_date DESC, event_id",
    "date": "event_date IS NULL, event_date ASC, event_id",
    "-fatalities": "fatalities DESC, event_date DESC, event_id",
    "fatalities": "fatalities ASC, event_date DESC, event_id",
    "-confidence": "confidence DESC, event_date DESC, event_id",
    "confidence": "confidence ASC, event_date DESC, event_id",
    "-updated": "updated_at DESC, event_id",
    "updated": "updated_at ASC, event_id",
}
DEFAULT_SORT = "-date"
#: Every column a sort order reads, and the primary key.
_SORT_COLUMNS = "pk, event_date, event_id, fatalities, confidence, updated_at"

Bucket = Literal["day", "week", "month", "year"]
_BUCKET_SQL: dict[str, str] = {
    "day": "event_date",
    "week": "date(event_date, '-6 days', 'weekday 1')",  # the Monday starting the week
    "month": "substr(event_date, 1, 7) || '-01'",
    "year": "substr(event_date, 1, 4) || '-01-01'",
}


def order_by(sort: str | None) -> str:
    """The ORDER BY body for a sort name (``None`` is the default, newest first)."""
    try:
        return SORTS[sort or DEFAULT_SORT]
    except KeyError:
        raise SigactError(Errors.E100.format(sort=sort, sorts=", ".join(SORTS))) from None


def check_bbox(bbox: BBox) -> BBox:
    """The bbox as floats; a west edge east of the east edge crosses the antimeridian."""
    if len(bbox) != 4:
        raise SigactError(Errors.E101.format(bbox=bbox))
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
    if not (-90 <= min_lat <= max_lat <= 90 and -180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise SigactError(Errors.E101.format(bbox=bbox))
    return min_lon, min_lat, max_lon, max_lat


#: Julian day numbers bounding every date (the R*Tree's day axis when no date is given).
_NO_DAY = (-1e7, 1e7)


def _julian(d: date | None, default: float) -> float:
    return default if d is None else d.toordinal() + 1721424.5


def bbox_clause(
    bbox: BBox, *, rtree: bool, since: date | None = None, until: date | None = None
) -> tuple[str, list[Any]]:
    """WHERE clause for events inside ``bbox`` (edges included).

    The R*Tree (longitude, latitude, day) answers bbox and date together in one search; it
    stores 32-bit floats rounded outwards, so it only narrows the candidates and the exact
    tests run on the events' own columns.
    """
    min_lon, min_lat, max_lon, max_lat = check_bbox(bbox)
    days = [_julian(since, _NO_DAY[0]), _julian(until, _NO_DAY[1])]
    lon_ranges = (
        [(min_lon, max_lon)] if min_lon <= max_lon else [(min_lon, 180.0), (-180.0, max_lon)]
    )
    clauses, params = [], []
    for lo, hi in lon_ranges:
        exact = "(longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?)"
        if rtree:
            clauses.append(
                "(pk IN (SELECT id FROM events_rtree WHERE max_lon >= ? AND min_lon <= ?"
                " AND max_lat >= ? AND min_lat <= ? AND max_day >= ? AND min_day <= ?)"
                f" AND {exact})"
            )
            params.extend([lo, hi, min_lat, max_lat, *days])
        else:
            clauses.append(exact)
        params.extend([lo, hi, min_lat, max_lat])
    return "(" + " OR ".join(clauses) + ")", params


def read_clauses(filters: dict[str, Any], *, rtree: bool) -> tuple[list[str], list[Any]]:
    """Clauses for the read-side filters ``bbox`` and ``located`` (see ``EventFilters``)."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.get("bbox") is not None:
        clause, values = bbox_clause(filters["bbox"], rtree=rtree, since=filters.get("since"),
                                     until=filters.get("until"))
        clauses.append(clause)
        params.extend(values)
    located = filters.get("located")
    if located is not None:
        clauses.append(
            "(latitude IS NOT NULL AND longitude IS NOT NULL)" if located
            else "(latitude IS NULL OR longitude IS NULL)"
        )
    return clauses, params


#: What ``listing_page`` puts in each event's object: name -> SQL expression over ``events``.
LISTING_FIELDS: dict[str, str] = {
    **{c: c for c in ("event_id", "event_date", "time_precision", "event_type",
                      "sub_event_type", "actor1", "inter1", "actor2", "inter2", "country",
                      "iso3", "admin1", "admin2")},
    # As records.event_fields: an event with no resolved place shows its place phrase.
    "location": "CASE WHEN location IS NULL THEN nullif(location_text, '')"
                " ELSE nullif(location, '') END",
    **{c: c for c in ("latitude", "longitude", "geo_precision", "fatalities",
                      "fatalities_high", "injuries")},
    "weapons": "json(weapons)",
    "target": "target",
    "confidence": "round(confidence, 3)",
    "notes": "notes",
    "outlets": "(SELECT json_group_array(o) FROM (SELECT coalesce(outlet, doc) AS o, min(ord) AS"
               " first FROM sources s WHERE s.event_id = events.event_id GROUP BY o"
               " ORDER BY first))",
    "source_count": "(SELECT count(*) FROM sources s WHERE s.event_id = events.event_id)",
}


def listing_object() -> str:
    """The SQL expression of an event's list-page JSON, over a row of ``events``."""
    pairs = ", ".join(f"'{name}', {expr}" for name, expr in LISTING_FIELDS.items())
    return f"json_object({pairs})"


@dataclass(frozen=True, slots=True)
class ListingMembers:
    """Members a list page adds to each event's object by its sub-event type, held as the
    JSON text that closes the object: built once, appended to every page's rows."""

    tails: dict[str | None, str]  # sub-event type -> ',"name":value,...}'; None: all null

    def close(self, obj: str, sub: str | None) -> str:
        return obj[:-1] + self.tails.get(sub, self.tails[None])


def listing_members(by_subtype: Mapping[str, Mapping[str, Any]]) -> ListingMembers:
    """:class:`ListingMembers` from ``{sub-event type: {name: value}}``: every object gets
    the same names, null where its type has none."""
    names = list(dict.fromkeys(n for members in by_subtype.values() for n in members))

    def tail(members: Mapping[str, Any]) -> str:
        return "".join(f",{json.dumps(n)}:{json.dumps(members.get(n))}" for n in names) + "}"

    tails: dict[str | None, str] = {sub: tail(m) for sub, m in by_subtype.items()}
    tails[None] = tail({})
    return ListingMembers(tails)


def listing_page(
    store: SQLiteStore, *, members: ListingMembers | None = None,
    limit: int | None = None, offset: int = 0, sort: str | None = None, **filters: Any,
) -> tuple[int, list[str]]:
    """``(total matching, page)``: one JSON object per event on the page (``LISTING_FIELDS``),
    built by SQLite itself, plus ``members`` for the event's sub-event type.

    A list page without evidence, several times cheaper than reading events back as records
    and serialising them in Python: the page is chosen first, so objects (and their source
    subqueries) are built for its rows only, and the per-type members are appended as text
    rather than by SQLite re-parsing each object (a quarter of the query's time).
    """
    where, params = store._where(dict(filters))
    # The stored JSON (schema 5); built afresh only for a row that somehow lacks it.
    obj = f"coalesce(listing, {listing_object()}), sub_event_type"
    order = order_by(sort)
    page_args = [-1 if limit is None else limit, offset]
    if filters.get("bbox") is None:
        # Unbounded: a newest-first page walks the date index and stops early, and the
        # count has its own covering index; one pass over every match would cost more.
        sql = (f"SELECT {obj} FROM events WHERE pk IN (SELECT pk FROM events{where}"
               f" ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}")
        rows = store._conn.execute(sql, [*params, *page_args]).fetchall()
        return store.count_events(**filters), _with_members(rows, members)
    # A bbox bounds the matches (one R*Tree search): read them once for count and page.
    sql = (f"WITH m AS MATERIALIZED (SELECT {_SORT_COLUMNS} FROM events{where})"
           f" SELECT (SELECT count(*) FROM m), {obj} FROM events WHERE pk IN"
           f" (SELECT pk FROM m ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}")
    found = store._conn.execute(sql, [*params, *page_args]).fetchall()
    if not found:  # past the last page
        return store.count_events(**filters), []
    return int(found[0][0]), _with_members([r[1:] for r in found], members)


def _with_members(rows: list[Any], members: ListingMembers | None) -> list[str]:
    if members is None:
        return [r[0] for r in rows]
    return [members.close(obj, sub) for obj, sub in rows]


#: The map's per-event columns, as ``points_json`` returns them.
POINT_COLUMNS = ("event_id", "latitude", "longitude", "event_type", "sub_event_type",
                 "event_date", "fatalities")


def points_json(
    store: SQLiteStore, *, limit: int | None = None, **filters: Any
) -> tuple[int, dict[str, str]]:
    """``(n, arrays)``: up to ``limit`` located events matching ``filters``, newest first, as
    one JSON array per column (``POINT_COLUMNS``), built by SQLite: tens of thousands of map
    markers in milliseconds."""
    where, params = store._where({**filters, "located": True})
    arrays = ", ".join(f"json_group_array({c})" for c in POINT_COLUMNS)
    sql = (f"SELECT count(*), {arrays} FROM (SELECT {', '.join(POINT_COLUMNS)} FROM events{where}"
           f" ORDER BY {order_by(None)} LIMIT ?)")
    n, *row = store._conn.execute(sql, [*params, -1 if limit is None else limit]).fetchone()
    return int(n), dict(zip(POINT_COLUMNS, row, strict=True))


def histogram(
    store: SQLiteStore, *, bucket: Bucket = "day", **filters: Any
) -> list[tuple[str, int]]:
    """``(bucket start date, events)`` for dated events matching ``filters``, oldest first."""
    if bucket not in _BUCKET_SQL:
        raise SigactError(Errors.E102.format(bucket=bucket, buckets=", ".join(_BUCKET_SQL)))
    where, params = store._where(dict(filters))
    dated = "event_date IS NOT NULL"
    where = f"{where} AND {dated}" if where else f" WHERE {dated}"
    sql = (
        f"SELECT {_BUCKET_SQL[bucket]} AS b, count(*) FROM events{where} GROUP BY b ORDER BY b"
    )
    return [(str(r[0]), int(r[1])) for r in store._conn.execute(sql, params)]


#: Columns the facet counts are offered for (the dashboard's drop-downs).
FACETS = ("event_type", "sub_event_type", "country", "admin1")


def facets(store: SQLiteStore, **filters: Any) -> dict[str, list[tuple[str, int]]]:
    """Distinct values of each ``FACETS`` column with their event counts, commonest first."""
    where, params = store._where(dict(filters))
    out: dict[str, list[tuple[str, int]]] = {}
    for col in FACETS:
        notnull = f"{col} IS NOT NULL"
        w = f"{where} AND {notnull}" if where else f" WHERE {notnull}"
        sql = f"SELECT {col}, count(*) AS n FROM events{w} GROUP BY {col} ORDER BY n DESC, {col}"
        out[col] = [(str(r[0]), int(r[1])) for r in store._conn.execute(sql, params)]
    return out


@dataclass(frozen=True, slots=True)
class StoredReport:
    """One ingested report (an ``articles`` row) and how many stored events it supports."""

    doc: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    ingested_at: str
    events: int


def reports(
    store: SQLiteStore, *, outlet: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[int, list[StoredReport]]:
    """``(total, page)`` of stored reports, newest publication first."""
    where, params = ("", [])
    if outlet:
        where, params = " WHERE a.outlet = ? COLLATE NOCASE", [outlet]
    total = store._conn.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]
    sql = (
        "SELECT a.id, a.title, a.url, a.outlet, a.published, a.ingested_at,"
        " (SELECT count(DISTINCT s.event_id) FROM sources s WHERE s.article_pk = a.pk)"
        f" FROM articles a{where}"
        " ORDER BY a.published IS NULL, a.published DESC, a.pk DESC LIMIT ? OFFSET ?"
    )
    rows = store._conn.execute(sql, [*params, limit, offset])
    return int(total), [StoredReport(*tuple(r)) for r in rows]


@dataclass(frozen=True, slots=True)
class Extent:
    """The bounding box and date range of the stored events (``None`` where there is none)."""

    bbox: BBox | None
    start: str | None
    end: str | None
    events: int


def extent(store: SQLiteStore) -> Extent:
    row = store._conn.execute(
        "SELECT min(longitude), min(latitude), max(longitude), max(latitude),"
        " min(event_date), max(event_date), count(*) FROM events"
    ).fetchone()
    bbox = None if row[0] is None else (row[0], row[1], row[2], row[3])
    return Extent(bbox=bbox, start=row[4], end=row[5], events=int(row[6]))


def rtree_available(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._rtree_probe USING rtree(id, a, b)")
        conn.execute("DROP TABLE temp._rtree_probe")
    except sqlite3.OperationalError:
        return False
    return True


__all__ = [
    "DEFAULT_SORT",
    "FACETS",
    "LISTING_FIELDS",
    "POINT_COLUMNS",
    "SORTS",
    "BBox",
    "Bucket",
    "Extent",
    "ListingMembers",
    "StoredReport",
    "bbox_clause",
    "check_bbox",
    "extent",
    "facets",
    "histogram",
    "listing_members",
    "listing_page",
    "order_by",
    "points_json",
    "read_clauses",
    "reports",
    "rtree_available",
]
