"""The simple merger on hand-built mentions (our own invented reports, no third-party text)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigact.dedup import SimpleMerger, event_id_for, make_merger
from sigact.errors import SigactError
from sigact.pipeline import _REGISTRY
from sigact.records import Actor, Claim, Evidence, Mention, Place

DAY = date(2024, 3, 6)
# Two towns about 15 km apart, and the province they lie in (coded to its centroid).
TOWN_A = Place("Qaryat Alif", country="Iraq", iso3="IRQ", admin1="Anbar",
               latitude=33.40, longitude=43.30, geo_precision=1)
TOWN_B = Place("Qaryat Ba", country="Iraq", iso3="IRQ", admin1="Anbar",
               latitude=33.40, longitude=43.46, geo_precision=1)
PROVINCE = Place("Anbar", country="Iraq", iso3="IRQ", admin1="Anbar",
                 latitude=33.0, longitude=42.5, geo_precision=3)


def mention(doc: str, **kw: Any) -> Mention:
    values: dict[str, Any] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "event_date": DAY,
        "place": TOWN_A,
        "evidence": [Evidence(doc, f"A sentence in {doc}.", 0, 20)],
        "outlet": f"Outlet {doc}",
        "url": f"https://example.org/{doc}",
        "published": DAY,
    }
    values.update(kw)
    return Mention(doc=doc, **values)


def test_registered_and_factory_defaults() -> None:
    # Importing sigact.dedup registers it (the full list is pinned in the pipeline tests).
    merger = _REGISTRY["dedup"]["dedup.simple.v1"]()
    assert isinstance(merger, SimpleMerger)
    assert (merger.max_km, merger.day_window, merger.candidate_window) == (25.0, 1, 1)


def test_bad_options_are_refused() -> None:
    with pytest.raises(SigactError, match="max_km"):
        make_merger(max_km=0)
    with pytest.raises(SigactError, match="day_window"):
        make_merger(day_window=-1)


def test_two_reports_of_one_event_merge_conservatively() -> None:
    a = mention("wire", fatalities=2, injuries=5, weapons=["rocket"],
                actor1=Actor("Unidentified Armed Group (Iraq)", 3),
                claims=[Claim("blame", "officials", "a militia")], confidence=0.6)
    b = mention("local", fatalities=4, injuries=None, weapons=["rocket", "mortar"],
                actor1=Actor("Kata'ib Example", 3), confidence=0.8,
                claims=[Claim("blame", "officials", "a militia"), Claim("denial", "g", "g")],
                evidence=[Evidence("local", "Mortar rounds struck the town on Wednesday.", 0, 44)])
    [ev] = make_merger()([a, b], [])
    assert ev.fatalities == 2 and ev.fatalities_high == 4
    assert ev.injuries == 5
    assert ev.weapons == ["rocket", "mortar"]
    assert len(ev.claims) == 2
    assert ev.actor1 == Actor("Kata'ib Example", 3)  # named beats Unidentified
    assert ev.confidence == 0.8
    assert [s.doc for s in ev.sources] == ["wire", "local"]
    assert [s.outlet for s in ev.sources] == ["Outlet wire", "Outlet local"]
    assert ev.sources[1].evidence == b.evidence
    assert len(ev.evidence) == 2


def test_fatalities_ignore_reports_without_a_count() -> None:
    [ev] = make_merger()([mention("a", fatalities=0), mention("b", fatalities=3)], [])
    assert (ev.fatalities, ev.fatalities_high) == (3, 3)


def test_same_day_different_town_is_two_events() -> None:
    out = make_merger()([mention("a"), mention("b", place=TOWN_B)], [])
    assert len(out) == 2


def test_same_town_different_day_is_two_events() -> None:
    out = make_merger()([mention("a"), mention("b", event_date=date(2024, 3, 5))], [])
    assert len(out) == 2


def test_coarse_date_within_window_merges_and_exact_date_wins() -> None:
    week = mention("a", event_date=date(2024, 3, 5), time_precision=2)
    [ev] = make_merger()([week, mention("b")], [])
    assert (ev.event_date, ev.time_precision) == (DAY, 1)


def test_province_and_precise_place_same_day_is_one_event_at_the_precise_place() -> None:
    [ev] = make_merger()([mention("a", place=PROVINCE), mention("b")], [])
    assert ev.place == TOWN_A
    [ev] = make_merger()([mention("b"), mention("a", place=PROVINCE)], [])
    assert ev.place == TOWN_A


def test_province_does_not_match_a_town_in_another_province() -> None:
    other = Place("Elsewhere", country="Iraq", iso3="IRQ", admin1="Ninawa",
                  latitude=33.1, longitude=42.6, geo_precision=1)
    assert len(make_merger()([mention("a", place=PROVINCE), mention("b", place=other)], [])) == 2


def test_same_doc_two_places_is_two_events_even_when_close() -> None:
    near = Place("Base Alif", country="Iraq", iso3="IRQ", admin1="Anbar",
                 latitude=33.41, longitude=43.31, geo_precision=1)  # ~1.5 km from TOWN_A
    out = make_merger()([mention("a"), mention("a", place=near)], [])
    assert len(out) == 2
    assert out[0].event_id != out[1].event_id
    # ...while the same place in another report is the same event.
    assert len(make_merger()([mention("a"), mention("b", place=near)], [])) == 1


def test_same_doc_identical_mentions_merge() -> None:
    [ev] = make_merger()([mention("a"), mention("a", evidence=[Evidence("a", "x", 40, 41)])], [])
    assert len(ev.sources) == 1 and len(ev.sources[0].evidence) == 2


def test_place_by_name_when_coordinates_missing() -> None:
    named = Place("Qaryat Alif", country="Iraq", admin1="Anbar")
    assert len(make_merger()([mention("a"), mention("b", place=named)], [])) == 1
    raw = mention("c", place=None, location_text="qaryat  alif")
    assert len(make_merger()([mention("a"), raw], [])) == 1
    other_admin = Place("Qaryat Alif", country="Iraq", admin1="Basra")
    assert len(make_merger()([mention("a"), mention("b", place=other_admin)], [])) == 2


def test_mentions_without_any_place_never_merge() -> None:
    out = make_merger()([mention("a", place=None), mention("b", place=None)], [])
    assert len(out) == 2


def test_sub_types_generic_vs_specific() -> None:
    clash = mention("a", event_type="Battles", sub_event_type="Armed clash")
    retake = mention("b", event_type="Battles", sub_event_type="Government regains territory")
    [ev] = make_merger()([clash, retake], [])
    assert ev.sub_event_type == "Government regains territory"
    drone = mention("c", sub_event_type="Air/drone strike")
    assert len(make_merger()([mention("a"), drone], [])) == 2


def test_existing_event_updated_by_copy_with_same_id() -> None:
    merger = make_merger()
    [stored] = merger([mention("a", fatalities=3)], [])
    before = stored.to_dict()
    [updated] = merger([mention("b", fatalities=1)], [stored])
    assert updated.event_id == stored.event_id
    assert updated is not stored and stored.to_dict() == before  # input untouched
    assert (updated.fatalities, updated.fatalities_high) == (1, 3)
    assert [s.doc for s in updated.sources] == ["a", "b"]


def test_unchanged_existing_events_are_not_returned() -> None:
    merger = make_merger()
    [stored] = merger([mention("a")], [])
    out = merger([mention("b", place=TOWN_B)], [stored])
    assert len(out) == 1 and out[0].event_id != stored.event_id
    assert out[0].place == TOWN_B


def test_event_ids_are_deterministic() -> None:
    batch = [mention("a"), mention("b", place=TOWN_B), mention("c")]
    first = [e.event_id for e in make_merger()(batch, [])]
    again = [e.event_id for e in make_merger()(batch, [])]
    assert first == again
    assert first[0] == event_id_for(batch[0])
    assert all(i.startswith("ev-") and len(i) == 15 for i in first)
