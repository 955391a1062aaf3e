"""Alerts: area geometry and filters on hand-built events, webhook delivery to a local
receiver, no second alert for the same state, re-alert on revision, a dead receiver."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from feedserver import FeedServer, Route, closed_port, serving
from sigact.alerts import Alerter, AlertSettings, Area, Outbox
from sigact.alerts.areas import in_ring
from sigact.dedup import make_merger
from sigact.records import Actor, Article, Event, Evidence, Mention, Place, Source
from sigact.store import SQLiteStore

# Baghdad and Ramadi are about 100 km apart; Fallujah lies between them.
BAGHDAD = Place("Baghdad", country="Iraq", iso3="IRQ", admin1="Baghdad", latitude=33.3406,
                longitude=44.4009, geo_precision=1)
RAMADI = Place("Ramadi", country="Iraq", iso3="IRQ", admin1="Anbar", latitude=33.4206,
               longitude=43.3058, geo_precision=1)
FALLUJAH = Place("Fallujah", country="Iraq", iso3="IRQ", admin1="Anbar", latitude=33.3494,
                 longitude=43.7836, geo_precision=1)


def event(place: Place | None, *, event_id: str = "IRQ-1", fatalities: int = 2,
          sub: str = "Air/drone strike", kind: str = "Explosions/Remote violence") -> Event:
    return Event(doc="d1", event_type=kind, sub_event_type=sub, event_date=date(2024, 2, 7),
                 place=place, fatalities=fatalities, event_id=event_id,
                 actor1=Actor("Military Forces of the United States", 8),
                 sources=[Source("d1", url="https://wire.example/1", outlet="Test Wire")])


# -- geometry ----------------------------------------------------------------------------

SQUARE = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
# A "U": the notch between the arms (x 4..6, y 3..10) is outside.
U_SHAPE = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (6.0, 10.0), (6.0, 3.0), (4.0, 3.0),
           (4.0, 10.0), (0.0, 10.0))


@pytest.mark.parametrize(("x", "y", "inside"), [
    (5, 5, True), (0.1, 9.9, True), (-0.1, 5, False), (5, 10.1, False), (15, 5, False),
    (0, 0, True), (10, 5, True), (5, 0, True),  # vertex and edges count as inside
])
def test_square(x: float, y: float, inside: bool) -> None:
    assert in_ring(x, y, SQUARE) is inside


@pytest.mark.parametrize(("x", "y", "inside"), [
    (2, 8, True), (8, 8, True), (5, 1, True),  # left arm, right arm, base
    (5, 8, False), (5, 3.5, False),  # in the notch
    (5, 3, True), (4, 6, True),  # on the notch's edges
    (2, 3, True), (8, 3, True),  # a ray through the notch's vertices is counted once
    (11, 3, False), (-1, 10, False),
])
def test_concave_polygon(x: float, y: float, inside: bool) -> None:
    assert in_ring(x, y, U_SHAPE) is inside


def test_polygon_with_a_hole() -> None:
    hole = ((3.0, 3.0), (7.0, 3.0), (7.0, 7.0), (3.0, 7.0))
    area = Area("ring", polygon=(SQUARE, hole))
    assert area.contains(lat=1, lon=1)
    assert not area.contains(lat=5, lon=5)
    assert area.contains(lat=3, lon=5)  # on the hole's edge: still the area's boundary


# -- matching ----------------------------------------------------------------------------

def test_point_radius_hit_and_miss() -> None:
    area = Area("Baghdad 60 km", lat=33.3152, lon=44.3661, radius_km=60)
    assert area.matches(event(BAGHDAD))
    assert area.matches(event(FALLUJAH))  # about 55 km west
    assert not area.matches(event(RAMADI))  # about 100 km west
    assert not Area("tight", lat=33.3152, lon=44.3661, radius_km=50).matches(event(FALLUJAH))


def test_polygon_hit_and_miss() -> None:
    # Roughly Anbar's eastern end, [lon, lat] as GeoJSON: holds Ramadi and Fallujah.
    anbar = Area("east Anbar", polygon=(((43.0, 33.0), (44.0, 33.0), (44.0, 33.8),
                                         (43.0, 33.8)),))
    assert anbar.matches(event(RAMADI)) and anbar.matches(event(FALLUJAH))
    assert not anbar.matches(event(BAGHDAD))


def test_events_without_coordinates_never_match() -> None:
    area = Area("everywhere", polygon=(((-180.0, -90.0), (180.0, -90.0), (180.0, 90.0),
                                        (-180.0, 90.0)),))
    assert area.matches(event(BAGHDAD))
    assert not area.matches(event(None))
    assert not area.matches(event(Place("Somewhere", country="Iraq")))


def test_type_subtype_and_fatality_filters() -> None:
    base = Area("Baghdad", lat=33.3152, lon=44.3661, radius_km=60)
    strike = event(BAGHDAD)
    protest = event(BAGHDAD, sub="Peaceful protest", kind="Protests", fatalities=0)
    only_remote = replace(base, event_types=("Explosions/Remote violence",))
    assert only_remote.matches(strike) and not only_remote.matches(protest)
    only_protests = replace(base, sub_event_types=("Peaceful protest",))
    assert only_protests.matches(protest) and not only_protests.matches(strike)
    deadly = replace(base, min_fatalities=3)
    assert not deadly.matches(strike) and deadly.matches(event(BAGHDAD, fatalities=3))


# -- delivery ----------------------------------------------------------------------------

@pytest.fixture
def receiver() -> Iterator[FeedServer]:
    with serving() as s:
        s.routes["/hook"] = Route(b"ok", content_type="text/plain")
        yield s


def alerter(areas: list[Area], **settings: object) -> Alerter:
    options: dict[str, object] = {"allow_networks": ("127.0.0.1/32",), "timeout": 2.0,
                                  "retry_delay": 0.05, **settings}
    return Alerter(areas, settings=AlertSettings(**options),  # type: ignore[arg-type]
                   outbox=Outbox(sqlite3.connect(":memory:", isolation_level=None)))


def test_new_event_in_area_is_posted_once(receiver: FeedServer,
                                          caplog: pytest.LogCaptureFixture) -> None:
    area = Area("Baghdad", lat=33.3152, lon=44.3661, radius_km=60,
                webhook=receiver.url("/hook"))
    a = alerter([area])
    caplog.set_level(logging.INFO, logger="sigact.alerts")
    assert a.consider([event(BAGHDAD), event(RAMADI, event_id="IRQ-2")]) == 1
    assert a.deliver_pending().sent == 1
    (body,) = receiver.posts("/hook")
    assert body["alert"] == "Baghdad" and body["why"] == "new" and body["changed"] == []
    assert body["event"] == event(BAGHDAD).to_dict()  # the export shape
    assert receiver.hits("/hook", "POST")[0].headers["content-type"] == "application/json"
    assert "alert 'Baghdad': new event IRQ-1" in caplog.text
    # The same state again (a re-poll, a restart): no second alert.
    assert a.consider([event(BAGHDAD)]) == 0
    assert a.deliver_pending().sent == 0
    assert len(receiver.posts("/hook")) == 1


def test_revised_event_is_alerted_again_with_the_changed_fields(receiver: FeedServer) -> None:
    a = alerter([Area("Baghdad", lat=33.3152, lon=44.3661, radius_km=60)],
                webhook=receiver.url("/hook"))
    a.consider([event(BAGHDAD, fatalities=2)])
    a.deliver_pending()
    a.consider([event(BAGHDAD, fatalities=5)])
    a.deliver_pending()
    first, second = receiver.posts("/hook")
    assert first["why"] == "new"
    assert second["why"] == "revised"
    assert second["changed"] == [{"field": "fatalities", "old": 2, "new": 5}]
    assert second["event"]["fatalities"] == 5


def test_receiver_down_is_retried_then_logged(caplog: pytest.LogCaptureFixture) -> None:
    port = closed_port()
    area = Area("Baghdad", lat=33.3152, lon=44.3661, radius_km=60,
                webhook=f"http://127.0.0.1:{port}/hook")
    a = alerter([area], attempts=3)
    a.consider([event(BAGHDAD)])
    with caplog.at_level(logging.INFO, logger="sigact.alerts"):
        report = a.deliver_pending()
    assert (report.sent, report.failed) == (0, 1)
    assert caplog.text.count("retrying in") == 2
    assert "webhook delivery of event IRQ-1 failed after 3 attempt(s)" in caplog.text
    assert a.outbox.status("Baghdad", "IRQ-1")[:2] == ("failed", 3)  # type: ignore[index]
    assert a.consider([event(BAGHDAD)]) == 0  # not retried for the same state ...
    assert a.consider([event(BAGHDAD, fatalities=9)]) == 1  # ... but a change is alerted


def test_server_error_is_retried_until_it_succeeds(receiver: FeedServer) -> None:
    answers = iter([Route(status=500), Route(status=502), Route(b"ok")])
    receiver.routes["/flaky"] = lambda _seen: next(answers)
    a = alerter([Area("B", lat=33.3, lon=44.4, radius_km=60)],
                webhook=receiver.url("/flaky"), attempts=3)
    a.consider([event(BAGHDAD)])
    assert a.deliver_pending().sent == 1
    assert len(receiver.hits("/flaky", "POST")) == 3


def test_out_of_budget_alerts_wait_for_the_next_cycle(receiver: FeedServer) -> None:
    receiver.routes["/slow"] = Route(b"ok", delay=0.3)
    a = alerter([Area("B", lat=33.3, lon=44.4, radius_km=60)],
                webhook=receiver.url("/slow"), budget=0.2)
    a.consider([event(BAGHDAD, event_id=f"IRQ-{i}") for i in range(3)])
    first = a.deliver_pending()
    assert first.sent == 1 and first.left == 2  # the budget ran out after the first
    a.settings = replace(a.settings, budget=10.0)
    assert a.deliver_pending().sent == 2


def test_webhook_on_a_private_address_is_refused_without_retries(
    receiver: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    a = alerter([Area("B", lat=33.3, lon=44.4, radius_km=60)],
                webhook=receiver.url("/hook"), allow_networks=(), attempts=5)
    a.consider([event(BAGHDAD)])
    assert a.deliver_pending().failed == 1
    assert receiver.requests == [] and "loopback" in caplog.text


def test_area_without_webhook_is_a_log_line_only(caplog: pytest.LogCaptureFixture) -> None:
    a = alerter([Area("B", lat=33.3, lon=44.4, radius_km=60)])
    with caplog.at_level(logging.INFO, logger="sigact.alerts"):
        assert a.consider([event(BAGHDAD)]) == 1
    assert "no webhook configured, logged only" in caplog.text
    assert a.deliver_pending().sent == 0 and a.consider([event(BAGHDAD)]) == 0


def test_store_revision_triggers_a_revised_alert(receiver: FeedServer) -> None:
    """Two reports of one strike through the real store and merger: the second gives a
    higher death toll, the store records the revision, and the area is alerted again."""
    merger = make_merger()
    a = alerter([Area("Baghdad", lat=33.3152, lon=44.3661, radius_km=60)],
                webhook=receiver.url("/hook"))
    with SQLiteStore(":memory:") as store:
        for i, (deaths, outlet) in enumerate([(2, "Wire A"), (4, "Wire B")]):
            text = f"Invented test report {i}: a drone strike hit a car in Baghdad."
            art = Article(id=f"t{i}", text=text, outlet=outlet, published=date(2024, 2, 8),
                          published_source="jsonl", url=f"https://example.org/{i}")
            m = Mention(doc=art.id, event_type="Explosions/Remote violence",
                        sub_event_type="Air/drone strike", event_date=date(2024, 2, 7),
                        place=BAGHDAD, fatalities=deaths, outlet=outlet, url=art.url,
                        published=art.published,
                        evidence=[Evidence(art.id, text, 0, len(text))])
            written = store.add_article(art, [m], dedup=merger)
            stored = [store.get_event(e.event_id) for e in written]
            a.consider([e for e in stored if e], article=art)
            a.deliver_pending()
        (ev,) = store.events()
        # The merger keeps the lower count and records the higher as fatalities_high.
        assert [r.field for r in store.revisions(ev.event_id)] == ["fatalities_high"]
    first, second = receiver.posts("/hook")
    assert first["why"] == "new" and first["report"]["outlet"] == "Wire A"
    assert second["why"] == "revised" and second["report"]["outlet"] == "Wire B"
    assert second["changed"] == [{"field": "fatalities_high", "old": 2, "new": 4}]
    assert len(second["event"]["sources"]) == 2


def test_an_event_renamed_by_an_earlier_report_is_not_alerted_as_new(
        receiver: FeedServer) -> None:
    """dedup.v2 names an event after its earliest-published report; when that report arrives
    late the event gets a new id. What was alerted under the old id still counts."""
    from sigact.dedup import make_cluster_merger

    merger = make_cluster_merger()
    a = alerter([Area("Baghdad", lat=33.3152, lon=44.3661, radius_km=60)],
                webhook=receiver.url("/hook"))
    with SQLiteStore(":memory:") as store:
        for doc, published, deaths in (("late", date(2024, 2, 9), 2),
                                       ("early", date(2024, 2, 8), 2),
                                       ("later", date(2024, 2, 10), 6)):
            text = f"Invented test report {doc}: a drone strike hit a car in Baghdad."
            art = Article(id=doc, text=text, outlet=f"Wire {doc}", published=published,
                          published_source="jsonl")
            m = Mention(doc=doc, event_type="Explosions/Remote violence",
                        sub_event_type="Air/drone strike", event_date=date(2024, 2, 7),
                        place=BAGHDAD, fatalities=deaths, outlet=art.outlet,
                        published=published, evidence=[Evidence(doc, text, 0, len(text))])
            written = store.add_article(art, [m], dedup=merger)
            stored = [e for w in written if (e := store.get_event(w.event_id))]
            a.consider(stored, article=art, former_ids=store.former_ids)
            a.deliver_pending()
        (ev,) = store.events()
        assert ev.doc == "early" and store.former_ids(ev.event_id)
    posts = receiver.posts("/hook")
    # The rename alone changed nothing an analyst watches; the higher toll later did.
    assert [p["why"] for p in posts] == ["new", "revised"]
    assert posts[1]["event"]["event_id"] == ev.event_id
    assert {c["field"] for c in posts[1]["changed"]} >= {"fatalities_high"}
