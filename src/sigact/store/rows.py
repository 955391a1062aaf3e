"""Event <-> SQLite row conversion, kept apart from the queries so both stay readable.

Scalars get a column each; lists (weapons, claims, evidence, context places) are JSON text.
``place is None`` is stored as a NULL ``location`` (a resolved place always has a location
string, possibly empty), so an Event read back compares equal to the one written.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from ..records import Actor, Claim, Event, Evidence, Mention, Place, Revision, Source

#: Columns of ``events`` written from an Event, in insert order.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
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
    "gazetteer_id",
    "feature",
    "location_text",
    "location_relation",
    "context_places",
    "fatalities",
    "fatalities_high",
    "injuries",
    "weapons",
    "target",
    "claims",
    "evidence",
    "confidence",
    "notes",
    "doc",
    "url",
    "outlet",
    "published",
)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def evidence_json(evidence: list[Evidence]) -> str:
    return to_json([e.to_dict() for e in evidence])


def evidence_from_json(text: str) -> list[Evidence]:
    return [Evidence(**e) for e in json.loads(text)]


def event_row(ev: Event) -> dict[str, Any]:
    """The ``events`` row for an event (without ``pk``/timestamps)."""
    p = ev.place
    return {
        "event_id": ev.event_id,
        "event_date": _iso(ev.event_date),
        "time_precision": ev.time_precision,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1.name if ev.actor1 else None,
        "inter1": ev.actor1.inter if ev.actor1 else None,
        "actor2": ev.actor2.name if ev.actor2 else None,
        "inter2": ev.actor2.inter if ev.actor2 else None,
        "country": p.country if p else None,
        "iso3": p.iso3 if p else None,
        "admin1": p.admin1 if p else None,
        "admin2": p.admin2 if p else None,
        "location": p.location if p else None,
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "geo_precision": p.geo_precision if p else None,
        "gazetteer_id": p.gazetteer_id if p else None,
        "feature": p.feature if p else None,
        "location_text": ev.location_text,
        "location_relation": ev.location_relation,
        "context_places": to_json(list(ev.context_places)),
        "fatalities": ev.fatalities,
        "fatalities_high": ev.fatalities_high,
        "injuries": ev.injuries,
        "weapons": to_json(list(ev.weapons)),
        "target": ev.target,
        "claims": to_json([c.to_dict() for c in ev.claims]),
        "evidence": evidence_json(ev.evidence),
        "confidence": ev.confidence,
        "notes": ev.notes,
        "doc": ev.doc,
        "url": ev.url,
        "outlet": ev.outlet,
        "published": _iso(ev.published),
    }


#: Fields whose changes are recorded as revisions, with how each is read off an events row.
#: A place is one field (a better place changes location, admin1 and coordinates together).
REVISED_FIELDS: tuple[str, ...] = (
    "event_date",
    "time_precision",
    "sub_event_type",
    "actor1",
    "actor2",
    "place",
    "fatalities",
    "fatalities_high",
    "injuries",
    "weapons",
    "target",
    "claims",
)


def revised_values(row: dict[str, Any] | sqlite3.Row) -> dict[str, Any]:
    """The JSON-shaped value of every field in ``REVISED_FIELDS`` for an events row."""
    def place() -> dict[str, Any] | None:
        if row["location"] is None:
            return None
        keys = ("location", "admin1", "country", "latitude", "longitude", "geo_precision")
        return {k: row[k] for k in keys}

    return {
        "event_date": row["event_date"],
        "time_precision": row["time_precision"],
        "sub_event_type": row["sub_event_type"],
        "actor1": row["actor1"],
        "actor2": row["actor2"],
        "place": place(),
        "fatalities": row["fatalities"],
        "fatalities_high": row["fatalities_high"],
        "injuries": row["injuries"],
        "weapons": json.loads(row["weapons"]),
        "target": row["target"],
        "claims": json.loads(row["claims"]),
    }


def revision_from_row(row: sqlite3.Row) -> Revision:
    return Revision(
        event_id=row["event_id"],
        field=row["field"],
        old=json.loads(row["old"]),
        new=json.loads(row["new"]),
        doc=row["doc"],
        outlet=row["outlet"],
        at=row["at"],
    )


def search_body(ev: Event) -> str:
    """The text the ``text`` filter searches: notes, place, actors, target, evidence."""
    p = ev.place
    parts = [
        ev.notes,
        p.location if p else None,
        p.admin1 if p else None,
        p.country if p else None,
        ev.location_text,
        ev.actor1.name if ev.actor1 else None,
        ev.actor2.name if ev.actor2 else None,
        ev.target,
        *(e.text for e in ev.evidence),
    ]
    return "\n".join(x for x in parts if x)


def source_row(src: Source) -> dict[str, Any]:
    return {
        "doc": src.doc,
        "url": src.url,
        "outlet": src.outlet,
        "published": _iso(src.published),
        "evidence": evidence_json(src.evidence),
    }


def source_from_row(row: sqlite3.Row) -> Source:
    return Source(
        doc=row["doc"],
        url=row["url"],
        outlet=row["outlet"],
        published=_date(row["published"]),
        evidence=evidence_from_json(row["evidence"]),
    )


def _actor(name: str | None, inter: int | None) -> Actor | None:
    return None if name is None else Actor(name=name, inter=inter)


def event_from_row(row: sqlite3.Row, sources: list[Source]) -> Event:
    place = None
    if row["location"] is not None:
        place = Place(
            location=row["location"],
            country=row["country"],
            iso3=row["iso3"],
            admin1=row["admin1"],
            admin2=row["admin2"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            geo_precision=row["geo_precision"],
            gazetteer_id=row["gazetteer_id"],
            feature=row["feature"],
        )
    return Event(
        doc=row["doc"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        event_date=_date(row["event_date"]),
        time_precision=row["time_precision"],
        actor1=_actor(row["actor1"], row["inter1"]),
        actor2=_actor(row["actor2"], row["inter2"]),
        location_text=row["location_text"],
        location_relation=row["location_relation"],
        context_places=tuple(json.loads(row["context_places"])),
        place=place,
        fatalities=row["fatalities"],
        injuries=row["injuries"],
        weapons=json.loads(row["weapons"]),
        target=row["target"],
        claims=[Claim(**c) for c in json.loads(row["claims"])],
        evidence=evidence_from_json(row["evidence"]),
        confidence=row["confidence"],
        notes=row["notes"],
        url=row["url"],
        outlet=row["outlet"],
        published=_date(row["published"]),
        event_id=row["event_id"],
        sources=sources,
        fatalities_high=row["fatalities_high"],
    )


# -- mentions (schema v4): each stored as one JSON document ---------------------------------


def _place_dict(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "location": p.location, "country": p.country, "iso3": p.iso3, "admin1": p.admin1,
        "admin2": p.admin2, "latitude": p.latitude, "longitude": p.longitude,
        "geo_precision": p.geo_precision, "gazetteer_id": p.gazetteer_id, "feature": p.feature,
    }


def _actor_dict(a: Actor | None) -> dict[str, Any] | None:
    return None if a is None else {"name": a.name, "inter": a.inter}


def mention_json(m: Mention) -> str:
    """A mention (or a fused Event: events stored before schema v4) as JSON text."""
    out: dict[str, Any] = {
        "doc": m.doc, "event_type": m.event_type, "sub_event_type": m.sub_event_type,
        "event_date": _iso(m.event_date), "time_precision": m.time_precision,
        "actor1": _actor_dict(m.actor1), "actor2": _actor_dict(m.actor2),
        "location_text": m.location_text, "location_relation": m.location_relation,
        "context_places": list(m.context_places), "place": _place_dict(m.place),
        "fatalities": m.fatalities, "injuries": m.injuries, "weapons": list(m.weapons),
        "target": m.target, "claims": [c.to_dict() for c in m.claims],
        "evidence": [e.to_dict() for e in m.evidence], "confidence": m.confidence,
        "notes": m.notes, "url": m.url, "outlet": m.outlet, "published": _iso(m.published),
    }
    if isinstance(m, Event):
        out["event"] = {"event_id": m.event_id, "fatalities_high": m.fatalities_high,
                        "sources": [s.to_dict() for s in m.sources]}
    return to_json(out)


def mention_from_json(text: str) -> Mention:
    d = json.loads(text)
    place = d["place"]
    values: dict[str, Any] = {
        "doc": d["doc"], "event_type": d["event_type"], "sub_event_type": d["sub_event_type"],
        "event_date": _date(d["event_date"]), "time_precision": d["time_precision"],
        "actor1": Actor(**d["actor1"]) if d["actor1"] else None,
        "actor2": Actor(**d["actor2"]) if d["actor2"] else None,
        "location_text": d["location_text"], "location_relation": d["location_relation"],
        "context_places": tuple(d["context_places"]),
        "place": Place(**place) if place is not None else None,
        "fatalities": d["fatalities"], "injuries": d["injuries"], "weapons": d["weapons"],
        "target": d["target"], "claims": [Claim(**c) for c in d["claims"]],
        "evidence": [Evidence(**e) for e in d["evidence"]], "confidence": d["confidence"],
        "notes": d["notes"], "url": d["url"], "outlet": d["outlet"],
        "published": _date(d["published"]),
    }
    ev = d.get("event")
    if ev is None:
        return Mention(**values)
    sources = [
        Source(doc=s["doc"], url=s["url"], outlet=s["outlet"], published=_date(s["published"]),
               evidence=[Evidence(**e) for e in s["evidence"]])
        for s in ev["sources"]
    ]
    return Event(**values, event_id=ev["event_id"], fatalities_high=ev["fatalities_high"],
                 sources=sources)
