"""Golden test: every place coded in the demo corpus resolves to its coded place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigact.geo import Gazetteer, GazetteerGeocoder, build_gazetteer, distance_km, sources

REPORTS = Path(__file__).resolve().parent.parent / "examples" / "reports"


def _events() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(REPORTS.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                out += [(doc["id"], e) for e in doc.get("events", []) if e.get("location")]
    return out


EVENTS = _events()


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> GazetteerGeocoder:
    by_name = {c.name: iso2 for iso2, c in sources.load_countries(None).items()}
    codes = {by_name[e["country"]] for _, e in EVENTS}
    path = tmp_path_factory.mktemp("corpus") / "gazetteer.sqlite"
    build_gazetteer(path, countries=codes)
    return GazetteerGeocoder(Gazetteer.open(path, build=False))


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
