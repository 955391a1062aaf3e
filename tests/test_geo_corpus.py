"""Golden test: every place coded in the demo corpus resolves to its coded place."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import demo_reports
from sigact.geo import Gazetteer, GazetteerGeocoder, distance_km


def _events() -> list[tuple[str, dict[str, Any]]]:
    return [(doc["id"], e) for doc in demo_reports() for e in doc["events"] if e.get("location")]


EVENTS = _events()


@pytest.fixture(scope="module")
def geo(gazetteer: Gazetteer) -> GazetteerGeocoder:
    # The session gazetteer (conftest) covers every country the demo corpus codes.
    return GazetteerGeocoder(gazetteer)


@pytest.mark.skipif(not EVENTS, reason="demo corpus not present")
@pytest.mark.parametrize(("doc", "event"), EVENTS, ids=[f"{d}:{e['location']}" for d, e in EVENTS])
def test_corpus_place_resolves(geo: GazetteerGeocoder, doc: str, event: dict[str, Any]) -> None:
    relation = "near" if event.get("geo_precision") == 2 else "in"
    text = event["location"]
    if event.get("geo_precision") == 3 and text == event.get("admin1"):
        text += " province"  # how the reports phrase a province-only place
    p = geo.resolve(text, relation=relation, context=(event["country"],), doc=doc)
    assert (p.country, p.admin1) == (event["country"], event.get("admin1"))
    if event.get("latitude") is None:
        assert p.latitude is None
    else:
        assert p.latitude is not None and p.longitude is not None
        assert distance_km(p.latitude, p.longitude, event["latitude"], event["longitude"]) < 15
    assert p.geo_precision == event.get("geo_precision")


@pytest.mark.skipif(not EVENTS, reason="demo corpus not present")
def test_corpus_articles_resolve_together(geo: GazetteerGeocoder) -> None:
    """The stage path: each report's places resolved together, the other places (not the
    country) as context, land in the coded country."""
    from sigact.records import Mention

    by_doc: dict[str, list[dict[str, Any]]] = {}
    for doc, e in EVENTS:
        by_doc.setdefault(doc, []).append(e)
    mentions, want = [], []
    for doc, events in by_doc.items():
        names = tuple(e["location"] for e in events)
        for e in events:
            relation = "near" if e.get("geo_precision") == 2 else "in"
            mentions.append(Mention(doc=doc, event_type="Battles", sub_event_type="Armed clash",
                                    location_text=e["location"], location_relation=relation,
                                    context_places=tuple(n for n in names if n != e["location"])))
            want.append(e["country"])
    got = [m.place.country if m.place else None for m in geo(mentions)]
    wrong = [(m.doc, m.location_text, g, w)
             for m, g, w in zip(mentions, got, want, strict=True) if g != w]
    assert len(wrong) <= len(want) // 20, wrong
