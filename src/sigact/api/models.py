"""The public shapes of the HTTP API, kept apart from the storage records they are built from.

Storage records (``sigact.records``) may change with the pipeline; these are the contract API
clients and the dashboard rely on, and what the OpenAPI document at ``/openapi.json`` shows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field

from ..export.codes import cameo_code, event_codes, plover_code
from ..records import Event, Evidence, Revision, Source, event_fields
from ..store import query
from .highlight import Span, highlight


class Link(BaseModel):
    href: str
    rel: str
    type: str | None = None
    title: str | None = None


class EvidenceOut(BaseModel):
    """A sentence supporting an event; ``start``/``end`` are offsets into the report's text."""

    text: str
    start: int
    end: int
    spans: list[Span] = Field(
        default_factory=list,
        description="where the event's fields were found in `text` (offsets into `text`)",
    )


class SourceOut(BaseModel):
    """One report supporting an event, with the sentences it was read from."""

    doc: str
    url: str | None
    outlet: str | None
    published: str | None
    evidence: list[EvidenceOut]


class RevisionOut(BaseModel):
    """One recorded change to an event: a field's old and new value, and the report that did it."""

    field: str
    old: Any
    new: Any
    doc: str | None
    outlet: str | None
    at: str


class EventSummary(BaseModel):
    """An event as listed: the codebook fields and who reported it, without evidence text."""

    event_id: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    inter1: int | None
    actor2: str | None
    inter2: int | None
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    fatalities_high: int
    injuries: int | None
    weapons: list[str]
    target: str | None
    confidence: float
    notes: str
    cameo_code: str | None = Field(description="CAMEO code mapped from the sub-event type")
    plover_code: str | None = Field(description="PLOVER event type mapped from the sub-event type")
    outlets: list[str] = Field(description="outlets that reported it, in the order they did")
    source_count: int


class ClaimOut(BaseModel):
    kind: str
    by: str | None
    actor: str


class EventDetail(EventSummary):
    """One event with every source's evidence (and highlighted spans) and its revision history."""

    location_text: str | None
    claims: list[ClaimOut]
    sources: list[SourceOut]
    revisions: list[RevisionOut]


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters (all pages)")
    limit: int
    offset: int
    sort: str
    items: list[EventSummary]
    links: list[Link]


class PointsOut(BaseModel):
    """Map markers as parallel arrays (compact for tens of thousands of events)."""

    total: int = Field(description="located events matching the filters")
    truncated: bool = Field(description="true when more matched than were returned")
    event_id: list[str]
    latitude: list[float]
    longitude: list[float]
    event_type: list[str]
    sub_event_type: list[str]
    event_date: list[str | None]
    fatalities: list[int]


class Bin(BaseModel):
    start: str = Field(description="first day of the bucket (YYYY-MM-DD)")
    count: int


class Timeline(BaseModel):
    bucket: str
    bins: list[Bin]


class FacetValue(BaseModel):
    value: str
    count: int


class Facets(BaseModel):
    total: int
    event_type: list[FacetValue]
    sub_event_type: list[FacetValue]
    country: list[FacetValue]
    admin1: list[FacetValue]


class ReportOut(BaseModel):
    """A stored report (``/sources``): its metadata and how many events it supports."""

    doc: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    ingested_at: str
    events: int


class ReportPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ReportOut]


class Health(BaseModel):
    status: str
    version: str
    events: int
    schema_version: int
    database: str


@lru_cache(maxsize=1)
def listing_extra() -> query.ListingMembers:
    """The summary fields the store does not know, by sub-event type: the mapped CAMEO and
    PLOVER codes (``query.listing_page``'s ``members``), built once per process."""
    return query.listing_members({sub: {"cameo_code": c.cameo, "plover_code": c.plover}
                                  for sub, c in event_codes().items()})


def _outlets(sources: list[Source]) -> list[str]:
    return list(dict.fromkeys(s.outlet or s.doc for s in sources))


def summary_dict(ev: Event) -> dict[str, Any]:
    """An :class:`EventSummary` as a plain dict: the export's fields (``event_fields``: an
    unplaced event's location is its place phrase) less claims and evidence, plus ours."""
    out = {"event_id": ev.event_id, **event_fields(ev), "fatalities_high": ev.fatalities_high}
    del out["claims"], out["evidence"]
    out["cameo_code"] = cameo_code(ev.sub_event_type)
    out["plover_code"] = plover_code(ev.sub_event_type)
    out["outlets"] = _outlets(ev.sources)
    out["source_count"] = len(ev.sources)
    return out


def _evidence(ev: Event, e: Evidence) -> EvidenceOut:
    return EvidenceOut(text=e.text, start=e.start, end=e.end, spans=highlight(e.text, ev))


def detail(ev: Event, revisions: list[Revision]) -> EventDetail:
    """The ``/events/{id}`` view of a stored event."""
    return EventDetail(
        **summary_dict(ev),
        location_text=ev.location_text,
        claims=[ClaimOut(**c.to_dict()) for c in ev.claims],
        sources=[
            SourceOut(
                doc=s.doc, url=s.url, outlet=s.outlet,
                published=s.published.isoformat() if s.published else None,
                evidence=[_evidence(ev, e) for e in s.evidence],
            )
            for s in ev.sources
        ],
        revisions=[
            RevisionOut(field=r.field, old=r.old, new=r.new, doc=r.doc, outlet=r.outlet, at=r.at)
            for r in revisions
        ],
    )
