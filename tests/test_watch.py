"""The watcher against a feed server on 127.0.0.1 serving feeds and pages we wrote.

A stand-in pipeline keeps these fast: it turns "strike at LAT,LON" in an article into one
event there (and "EXPLODE" into an extractor crash); the real pipeline is exercised end to
end in test_watch_e2e.py.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest

from feedserver import FeedServer, Route, serving
from sigact.dedup import make_merger
from sigact.pipeline import Pipeline
from sigact.records import Article, Evidence, Mention, Place
from sigact.store import SQLiteStore
from sigact.watch import Watcher, WatchState, doc_id, load_config

FILLER = ("This paragraph is invented test text written for the sigact test suite; it "
          "describes nothing real and exists so that the page has enough words to count "
          "as an article rather than a navigation page or an error page.")


def page(title: str, body: str, *, published: str = "2024-05-02") -> bytes:
    return f"""<!doctype html><html><head><title>{title}</title>
<meta property="article:published_time" content="{published}T08:00:00Z">
<meta property="og:site_name" content="Page Site"></head>
<body><nav>Home | World | Contact</nav><article><h1>{title}</h1>
<p>{body}</p><p>{FILLER}</p></article><footer>Copyright nobody</footer></body></html>
""".encode()


def rss(items: Sequence[tuple[str, str, str]]) -> bytes:
    """(guid, link, summary) triples as RSS 2.0."""
    body = "".join(
        f"<item><title>Item {guid}</title><link>{link}</link>"
        f"<guid isPermaLink=\"false\">{guid}</guid>"
        f"<description>{summary}</description>"
        f"<pubDate>Thu, 02 May 2024 09:00:00 GMT</pubDate></item>"
        for guid, link, summary in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"{body}</channel></rss>").encode()


def atom(entries: Sequence[tuple[str, str, str]]) -> bytes:
    """(id, link, content) triples as Atom; the content is the full report."""
    body = "".join(
        f'<entry><title>Entry {eid}</title><id>{eid}</id><link href="{link}"/>'
        f"<updated>2024-05-03T10:00:00Z</updated>"
        f'<content type="html">&lt;p&gt;{content}&lt;/p&gt;</content></entry>'
        for eid, link, content in entries)
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Atom Desk</title><id>urn:desk</id><updated>2024-05-03T10:00:00Z</updated>"
            f"{body}</feed>").encode()


_STRIKE = re.compile(r"strike at (-?[\d.]+),(-?[\d.]+)")


def _extract(articles: Sequence[Article]) -> list[Mention]:
    out = []
    for a in articles:
        if "EXPLODE" in a.text:
            raise RuntimeError("extractor bug")
        for m in _STRIKE.finditer(a.text):
            lat, lon = float(m.group(1)), float(m.group(2))
            out.append(Mention(
                doc=a.id, event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike", event_date=a.published,
                place=Place(f"Point {lat},{lon}", latitude=lat, longitude=lon,
                            geo_precision=1),
                fatalities=1, evidence=[Evidence(a.id, m.group(0), m.start(), m.end())],
                url=a.url, outlet=a.outlet, published=a.published))
    return out


def fake_pipeline() -> Pipeline:
    return Pipeline(extract=_extract, geo=lambda ms: list(ms), dedup=make_merger())


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving() as s:
        yield s


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


class Setup:
    """A config, store and state in ``tmp_path``; ``watcher()`` makes a fresh one (a restart)."""

    def __init__(self, tmp_path: Path, server: FeedServer, config: str) -> None:
        self.server = server
        self.cfg_path = tmp_path / "watch.toml"
        self.cfg_path.write_text(config.replace("{BASE}", server.url("")), encoding="utf-8")
        self.config = load_config(self.cfg_path)
        self.store = SQLiteStore(tmp_path / "events.db")
        self.state = WatchState(self.config.state_path(tmp_path / "events.db"))
        self.clock = Clock()

    def watcher(self, stop: threading.Event | None = None) -> Watcher:
        import random

        return Watcher(self.config, store=self.store, pipeline=fake_pipeline(),
                       state=self.state, clock=self.clock, rng=random.Random(7), stop=stop)

    def close(self) -> None:
        self.store.close()
        self.state.close()


LOCAL = '[watch]\nallow_networks = ["127.0.0.1/32"]\nmin_content_words = 30\n' \
        'backoff_base = 60\nbackoff_max = 3600\nitem_attempts = 2\n'
TWO_FEEDS = LOCAL + """
[[source]]
name = "wire"
feed = "{BASE}/rss.xml"

[[source]]
name = "desk"
feed = "{BASE}/atom.xml"
"""

REPORT_A = "A drone strike at 33.31,44.36 hit a depot, the invented test report says."
REPORT_C = ("Full report in the feed itself: strike at 36.34,43.13 on a checkpoint. " + FILLER)


def serve_two_feeds(server: FeedServer, *, extra: bool = False) -> None:
    items = [("w-1", server.url("/news/a.html"), "Teaser for report A."),
             ("w-2", server.url("/news/b.html"), "Teaser for report B.")]
    if extra:
        items.append(("w-3", server.url("/news/d.html"), "Teaser for report D."))
    server.routes["/rss.xml"] = Route(rss(items), content_type="application/rss+xml",
                                      etag='"rss-3"' if extra else '"rss-2"')
    server.routes["/atom.xml"] = Route(
        atom([("urn:c", server.url("/desk/c.html"), REPORT_C)]),
        content_type="application/atom+xml", last_modified="Fri, 03 May 2024 10:00:00 GMT")
    server.routes["/news/a.html"] = Route(page("Report A", REPORT_A))
    server.routes["/news/b.html"] = Route(page("Report B", "Nothing violent in report B."))
    server.routes["/news/d.html"] = Route(page("Report D", "A strike at 34.0,45.0 is new."))


@pytest.fixture
def two_feeds(tmp_path: Path, server: FeedServer) -> Iterator[Setup]:
    serve_two_feeds(server)
    setup = Setup(tmp_path, server, TWO_FEEDS)
    yield setup
    setup.close()


def test_first_poll_ingests_and_second_gets_304(two_feeds: Setup) -> None:
    s = two_feeds
    first = s.watcher().cycle()
    assert (first.polled, first.failed, first.new_items) == (2, 0, 3)
    assert first.articles_stored == 3 and first.events_written == 2
    a = s.store.get_event(s.store.events()[0].event_id)
    assert a is not None
    arts = {r["id"]: r for r in s.store._conn.execute("SELECT * FROM articles")}
    art_a = arts[doc_id("wire", "w-1")]
    assert art_a["url"] == s.server.url("/news/a.html") and art_a["title"] == "Report A"
    assert art_a["outlet"] == "Test Wire" and art_a["published"] == "2024-05-02"
    assert art_a["published_source"] == "html-meta"
    art_c = arts[doc_id("desk", "urn:c")]  # Atom's full content: no page fetched
    assert art_c["outlet"] == "Atom Desk" and art_c["published_source"] == "feed"
    assert s.server.hits("/desk/c.html") == []
    assert len(s.server.hits("/news/a.html")) == 1

    second = s.watcher().cycle()  # a new watcher: a restart reads the persisted state
    assert (second.polled, second.not_modified) == (2, 2)
    assert second.new_items == 0 and second.articles_stored == 0
    assert s.server.hits("/rss.xml")[-1].headers["if-none-match"] == '"rss-2"'
    assert s.server.hits("/atom.xml")[-1].headers["if-modified-since"] == \
        "Fri, 03 May 2024 10:00:00 GMT"
    assert len(s.server.hits("/news/a.html")) == 1 and s.store.count_articles() == 3


def test_changed_feed_ingests_only_the_new_item(two_feeds: Setup) -> None:
    s = two_feeds
    w = s.watcher()
    w.cycle()
    serve_two_feeds(s.server, extra=True)
    report = w.cycle()
    assert (report.new_items, report.articles_stored, report.not_modified) == (1, 1, 1)
    assert len(s.server.hits("/news/a.html")) == 1  # old items are not fetched again
    assert len(s.server.hits("/news/d.html")) == 1
    assert s.store.count_articles() == 4


def test_failing_source_backs_off_while_others_continue(
    tmp_path: Path, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    serve_two_feeds(server)
    server.routes["/broken.xml"] = Route(b"oops", status=500)
    s = Setup(tmp_path, server, TWO_FEEDS + '[[source]]\nname = "broken"\n'
              'feed = "{BASE}/broken.xml"\n')
    first = s.watcher().cycle()
    assert first.failed == 1 and first.articles_stored == 3
    assert "source 'broken'" in caplog.text and "HTTP 500" in caplog.text
    t1 = s.state.target("broken", server.url("/broken.xml"))
    assert t1.failures == 1 and 30 <= t1.next_try - s.clock.now <= 60  # base 60, jittered

    second = s.watcher().cycle()  # restarted at once: the broken source is not hammered
    assert second.backing_off == 1 and second.not_modified == 2
    assert len(server.hits("/broken.xml")) == 1

    s.clock.now = t1.next_try + 1
    third = s.watcher().cycle()
    assert third.failed == 1 and len(server.hits("/broken.xml")) == 2
    t2 = s.state.target("broken", server.url("/broken.xml"))
    assert t2.failures == 2 and 60 <= t2.next_try - s.clock.now <= 120  # the step doubled

    server.routes["/broken.xml"] = Route(rss([]), content_type="application/rss+xml")
    s.clock.now = t2.next_try + 1
    assert s.watcher().cycle().failed == 0
    assert s.state.target("broken", server.url("/broken.xml")).failures == 0
    s.close()


def test_retry_after_is_honoured(tmp_path: Path, server: FeedServer) -> None:
    server.routes["/busy.xml"] = Route(status=503, headers={"Retry-After": "1800"})
    s = Setup(tmp_path, server, LOCAL + '[[source]]\nname = "busy"\nfeed = "{BASE}/busy.xml"\n')
    s.watcher().cycle()
    t = s.state.target("busy", server.url("/busy.xml"))
    assert t.next_try - s.clock.now == pytest.approx(1800)
    s.close()


def test_loopback_is_refused_without_the_allow_flag(
    tmp_path: Path, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    serve_two_feeds(server)
    s = Setup(tmp_path, server, '[[source]]\nname = "wire"\nfeed = "{BASE}/rss.xml"\n')
    report = s.watcher().cycle()
    assert report.failed == 1 and report.articles_stored == 0
    assert server.requests == []
    assert "a loopback address" in caplog.text and "allow_private = true" in caplog.text
    s.close()


def test_per_source_allow_private(tmp_path: Path, server: FeedServer) -> None:
    serve_two_feeds(server)
    s = Setup(tmp_path, server, '[watch]\nmin_content_words = 30\n[[source]]\nname = "wire"\n'
              'feed = "{BASE}/rss.xml"\nallow_private = true\n')
    assert s.watcher().cycle().articles_stored == 2
    s.close()


def test_redirect_to_a_private_address_is_refused(
    tmp_path: Path, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.routes["/rss.xml"] = Route(status=302, headers={"Location": "http://10.0.0.1/f"})
    s = Setup(tmp_path, server, LOCAL + '[[source]]\nname = "wire"\nfeed = "{BASE}/rss.xml"\n')
    assert s.watcher().cycle().failed == 1
    assert "10.0.0.1, a private address" in caplog.text
    s.close()


def test_oversize_feed_is_refused(tmp_path: Path, server: FeedServer,
                                  caplog: pytest.LogCaptureFixture) -> None:
    serve_two_feeds(server)
    s = Setup(tmp_path, server, LOCAL.replace("[watch]", "[watch]\nmax_bytes = 300")
              + '[[source]]\nname = "wire"\nfeed = "{BASE}/rss.xml"\n')
    report = s.watcher().cycle()
    assert report.failed == 1 and report.articles_stored == 0
    assert "larger than the 300-byte limit" in caplog.text
    s.close()


def test_a_bad_item_never_stops_the_cycle(tmp_path: Path, server: FeedServer) -> None:
    items = [("gone", server.url("/news/gone.html"), "Teaser of a page that is gone."),
             ("crash", server.url("/news/crash.html"), "Teaser of a crashing page."),
             ("thin", server.url("/news/thin.html"), "Too short."),
             ("good", server.url("/news/good.html"), "Teaser of the good page.")]
    server.routes["/rss.xml"] = Route(rss(items), etag='"v1"')
    server.routes["/news/crash.html"] = Route(page("Crash", "EXPLODE"))
    server.routes["/news/thin.html"] = Route(b"<html><body><p>Hi.</p></body></html>")
    server.routes["/news/good.html"] = Route(page("Good", "A strike at 15.35,44.2 hit."))
    s = Setup(tmp_path, server, TWO_FEEDS.split("[[source]]")[0]
              + '[[source]]\nname = "wire"\nfeed = "{BASE}/rss.xml"\n')
    w = s.watcher()
    first = w.cycle()
    assert first.articles_stored == 1 and first.events_written == 1
    assert first.items_failed == 2  # the crash, and "thin" (no page text, teaser too short)
    assert s.state.item_status("wire", "gone") == "pending"  # 404: tried again next cycle
    assert s.state.item_status("wire", "good") == "done"
    second = w.cycle()  # feed unchanged (304), the pending item is retried, then given up
    assert second.not_modified == 1 and second.items_failed == 1
    assert len(server.hits("/news/gone.html")) == 2
    assert s.state.item_status("wire", "gone") == "failed"
    assert w.cycle().items_failed == 0 and len(server.hits("/news/gone.html")) == 2
    s.close()


def test_page_that_fails_once_is_ingested_on_the_next_cycle(
    tmp_path: Path, server: FeedServer
) -> None:
    answers = iter([Route(status=503), Route(page("Late", "A strike at 1.5,2.5 late."))])
    server.routes["/news/late.html"] = lambda _seen: next(answers)
    server.routes["/rss.xml"] = Route(rss([("late", server.url("/news/late.html"), "T.")]),
                                      etag='"v1"')
    s = Setup(tmp_path, server, LOCAL + '[[source]]\nname = "wire"\nfeed = "{BASE}/rss.xml"\n')
    w = s.watcher()
    assert w.cycle().articles_stored == 0
    second = w.cycle()
    assert second.not_modified == 1 and second.articles_stored == 1
    s.close()


def test_url_list_source_polls_each_page_conditionally(tmp_path: Path, server: FeedServer) -> None:
    server.routes["/p/1"] = Route(page("One", "A strike at 10.0,20.0 here."), etag='"p1"')
    server.routes["/p/2"] = Route(page("Two", "Calm day in report two."),
                                  last_modified="Wed, 01 May 2024 00:00:00 GMT")
    s = Setup(tmp_path, server, LOCAL + '[[source]]\nname = "pages"\nurls = ["{BASE}/p/1", '
              '"{BASE}/p/2"]\noutlet = "Listed Outlet"\n')
    w = s.watcher()
    first = w.cycle()
    assert (first.polled, first.articles_stored, first.events_written) == (2, 2, 1)
    outlets = {r[0] for r in s.store._conn.execute("SELECT outlet FROM articles")}
    assert outlets == {"Listed Outlet"}
    second = w.cycle()
    assert (second.not_modified, second.articles_stored) == (2, 0)
    server.routes["/p/1"] = Route(page("One", "A strike at 10.0,20.0 here, updated."),
                                  etag='"p1b"')
    assert w.cycle().articles_stored == 1  # a changed page is a new version of the report
    s.close()


def test_interval_is_respected_between_loop_cycles(two_feeds: Setup) -> None:
    s = two_feeds
    w = s.watcher()
    w.cycle(respect_interval=True)
    assert w.cycle(respect_interval=True).polled == 0  # polled a moment ago
    assert s.watcher().cycle(respect_interval=True).polled == 0  # ... also after a restart
    assert w.seconds_to_next() == pytest.approx(300)
    s.clock.now += 301
    assert w.cycle(respect_interval=True).polled == 2


def test_run_loop_stops_cleanly(two_feeds: Setup, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sigact.watch")
    stop = threading.Event()
    w = two_feeds.watcher(stop)
    sleeping = threading.Event()
    until_next = w.seconds_to_next

    def spy() -> float:  # the loop asks how long to sleep: the first cycle is complete
        sleeping.set()
        return until_next()

    w.seconds_to_next = spy  # type: ignore[method-assign]

    def stop_while_sleeping() -> None:  # what the SIGTERM handler does
        sleeping.wait(60)
        stop.set()

    threading.Thread(target=stop_while_sleeping, daemon=True).start()
    started = time.monotonic()
    report = w.run()  # would sleep 300 s until the next poll, unless stopped
    assert time.monotonic() - started < 30
    assert w.cycles == 1 and report.articles_stored == 3
    assert "watch cycle 1: 2 fetched" in caplog.text
    assert "watch stopped after 1 cycle(s)" in caplog.text


def test_new_event_in_an_area_reaches_the_webhook(tmp_path: Path, server: FeedServer) -> None:
    serve_two_feeds(server)
    server.routes["/hook"] = Route(b"ok")
    s = Setup(tmp_path, server, TWO_FEEDS + """
[alerts]
webhook = "{BASE}/hook"
allow_networks = ["127.0.0.1/32"]
[[area]]
name = "Baghdad"
lat = 33.3152
lon = 44.3661
radius_km = 25
""")
    report = s.watcher().cycle()
    assert report.alerts_queued == 1 and report.delivery.sent == 1
    (body,) = server.posts("/hook")
    assert body["alert"] == "Baghdad" and body["why"] == "new"
    assert body["report"]["doc"] == doc_id("wire", "w-1")
    assert body["event"]["latitude"] == 33.31 and body["event"]["event_date"] == \
        date(2024, 5, 2).isoformat()
    assert s.watcher().cycle().alerts_queued == 0  # nothing new, nothing alerted
    assert len(server.posts("/hook")) == 1
    s.close()


def test_page_that_breaks_extraction_waits_an_interval_then_is_read_again(
    tmp_path: Path, server: FeedServer
) -> None:
    server.routes["/p/bad"] = Route(page("Bad", "EXPLODE in this report."), etag='"b1"')
    s = Setup(tmp_path, server, LOCAL + '[[source]]\nname = "pages"\nurls = ["{BASE}/p/bad"]\n')
    w = s.watcher()
    assert w.cycle(respect_interval=True).items_failed == 1
    assert w.seconds_to_next() == pytest.approx(300)  # no busy loop on a broken page
    assert w.cycle(respect_interval=True).polled == 0
    s.clock.now += 301
    w.cycle(respect_interval=True)
    bad = server.hits("/p/bad")
    assert len(bad) == 2 and "if-none-match" not in bad[1].headers  # read in full again
    s.close()
