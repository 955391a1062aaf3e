"""Typed records passed between pipeline stages.

Every stage takes and returns these records, never loose dicts, so that a stage can be
swapped (rules vs. a model) without the next one noticing. Records are plain dataclasses;
``to_dict`` gives the JSON shape of the public contracts in DESIGN.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

#: Where an article's publication date came from. ``"unknown"`` lowers time precision.
DateSource = Literal["jsonl", "html-meta", "cli", "feed", "unknown"]
ClaimKind = Literal["claim", "blame", "denial"]

#: The codebook fields that every extracted event carries, in output order.
EVENT_FIELDS: tuple[str, ...] = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "iso3",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injuries",
    "weapons",
    "target",
    "claims",
    "evidence",
    "confidence",
    "notes",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One report as ingested: the text every offset in the pipeline points into."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_source: DateSource = "unknown"
    source_path: str | None = None

    @property
    def content_hash(self) -> str:
        """Hash of what makes the article itself, so re-ingesting it is a no-op."""
        h = hashlib.sha256()
        for part in (self.title or "", self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence supporting an event, with character offsets into ``Article.text``."""

    doc: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Actor:
    """A side in an event, normalised, with its ACLED-style interaction code (1-8)."""

    name: str
    inter: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """Responsibility claimed, blame assigned or involvement denied: never an actor."""

    kind: ClaimKind
    by: str | None
    actor: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "by": self.by, "actor": self.actor}


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved location, as precise as the text allows (codebook ``geo_precision``)."""

    location: str
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    gazetteer_id: str | None = None
    feature: str | None = None


@dataclass(slots=True)
class Mention:
    """One event as one report describes it, before reports are merged.

    ``location_text`` and ``location_relation`` are the raw place phrase and how the text
    relates the event to it ("in", "near", "km"), filled by extraction; ``place`` is filled by
    the geo stage. ``context_places`` are the other place names in the article, which the geo
    stage uses as priors (a country or province named elsewhere in the text).
    """

    doc: str
    event_type: str
    sub_event_type: str
    event_date: date | None = None
    time_precision: int = 1
    actor1: Actor | None = None
    actor2: Actor | None = None
    location_text: str | None = None
    location_relation: str = "in"
    context_places: tuple[str, ...] = ()
    place: Place | None = None
    fatalities: int = 0
    injuries: int | None = None
    weapons: list[str] = field(default_factory=list)
    target: str | None = None
    claims: list[Claim] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    notes: str = ""
    # Provenance of the report, copied from the Article so later stages need not look it up.
    url: str | None = None
    outlet: str | None = None
    published: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``sigact extract`` JSON shape: ``doc`` plus every codebook field."""
        out: dict[str, Any] = {"doc": self.doc}
        out.update(event_fields(self))
        return out


@dataclass(slots=True)
class Source:
    """One report supporting a merged event."""

    doc: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(slots=True)
class Event(Mention):
    """A real-world event: the fused fields of every mention of it, and all their sources."""

    event_id: str = ""
    sources: list[Source] = field(default_factory=list)
    fatalities_high: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event_id": self.event_id}
        out.update(event_fields(self))
        out["fatalities_high"] = self.fatalities_high
        out["sources"] = [s.to_dict() for s in self.sources]
        return out


@dataclass(frozen=True, slots=True)
class Revision:
    """One recorded change to a stored event: a field's old and new value, and its cause.

    ``doc`` is the report whose arrival changed the event (``None`` for changes not caused by
    a report, such as a re-merge), ``at`` the UTC time it was recorded (ISO 8601). Values are
    JSON-shaped (the ``sigact export`` form of the field), so a history reads like the export.
    """

    event_id: str
    field: str
    old: Any
    new: Any
    doc: str | None
    at: str
    outlet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "doc": self.doc,
            "outlet": self.outlet,
            "at": self.at,
        }


def event_fields(m: Mention) -> dict[str, Any]:
    """Flatten a mention or event into the codebook's field names (DESIGN.md contract)."""
    p = m.place or Place(location=m.location_text or "")
    return {
        "event_date": m.event_date.isoformat() if m.event_date else None,
        "time_precision": m.time_precision,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "actor1": m.actor1.name if m.actor1 else None,
        "inter1": m.actor1.inter if m.actor1 else None,
        "actor2": m.actor2.name if m.actor2 else None,
        "inter2": m.actor2.inter if m.actor2 else None,
        "country": p.country,
        "iso3": p.iso3,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "location": p.location or None,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "geo_precision": p.geo_precision,
        "fatalities": m.fatalities,
        "injuries": m.injuries,
        "weapons": list(m.weapons),
        "target": m.target,
        "claims": [c.to_dict() for c in m.claims],
        "evidence": [e.to_dict() for e in m.evidence],
        "confidence": round(m.confidence, 3),
        "notes": m.notes,
    }

