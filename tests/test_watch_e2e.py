"""End to end with the real pipeline: feed -> page -> extract/geo/dedup -> store -> webhook,
and the ``sigact watch`` command (``--check``, ``--once``, a clean stop on SIGTERM)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from feedserver import FeedServer, Route, serving
from sigact.cli import main
from sigact.store import SQLiteStore
from sigact.watch import load_config, watch

# Our own words about a real event: the US drone strike in Baghdad on 4 January 2024.
FIRST = ("A drone strike hit a vehicle in eastern Baghdad on Thursday, killing two members "
         "of an armed faction, Iraqi security officials said. The strike targeted a building "
         "used by the Harakat al-Nujaba group near Palestine Street, the officials said, and "
         "one of the dead was a senior commander.")
FOLLOW_UP = ("The death toll from Thursday's drone strike in eastern Baghdad rose to three, "
             "Iraqi security officials said on Friday, after a wounded member of the armed "
             "faction died in hospital. The strike hit a vehicle near Palestine Street.")


def html(title: str, text: str, day: str) -> bytes:
    return (f'<html><head><title>{title}</title><meta property="article:published_time" '
            f'content="{day}T12:00:00Z"></head><body><article><h1>{title}</h1><p>{text}</p>'
            "</article></body></html>").encode()


def feed(items: list[tuple[str, str]]) -> bytes:
    body = "".join(f'<item><title>{t}</title><link>{link}</link><guid isPermaLink="false">'
                   f"{link}</guid><description>{t}.</description></item>" for t, link in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{body}'
            "</channel></rss>").encode()


CONFIG = """
[watch]
allow_networks = ["127.0.0.1/32"]
[[source]]
name = "wire"
feed = "{BASE}/rss.xml"
[alerts]
webhook = "{BASE}/hook"
allow_networks = ["127.0.0.1/32"]
retry_delay = 0.1
[[area]]
name = "Baghdad"
lat = 33.3152
lon = 44.3661
radius_km = 40
event_types = ["Explosions/Remote violence"]
[[area]]
name = "Basra"
lat = 30.5085
lon = 47.7804
radius_km = 40
"""


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving() as s:
        s.routes["/hook"] = Route(b"ok")
        s.routes["/news/1.html"] = Route(html("Drone strike in Baghdad", FIRST, "2024-01-04"))
        s.routes["/news/2.html"] = Route(html("Toll rises", FOLLOW_UP, "2024-01-05"))
        s.routes["/rss.xml"] = Route(feed([("Drone strike in Baghdad", s.url("/news/1.html"))]),
                                     etag='"1"')
        yield s


def write_config(tmp_path: Path, server: FeedServer, text: str = CONFIG) -> Path:
    path = tmp_path / "watch.toml"
    path.write_text(text.replace("{BASE}", server.url("")), encoding="utf-8")
    return path


@pytest.mark.slow
def test_feed_to_webhook_with_the_real_pipeline(
    tmp_path: Path, server: FeedServer, pipeline: Any
) -> None:
    config = load_config(write_config(tmp_path, server))
    db = tmp_path / "events.db"
    first = watch(config, db=db, pipeline=pipeline, once=True, signals=False)
    assert first.articles_stored == 1 and first.events_written == 1
    with SQLiteStore(db) as store:
        (ev,) = store.events()
    assert (ev.sub_event_type, ev.fatalities) == ("Air/drone strike", 2)
    assert ev.place is not None and ev.place.location == "Baghdad"
    assert ev.event_date is not None and ev.event_date.isoformat() == "2024-01-04"
    (alert,) = server.posts("/hook")
    assert alert["alert"] == "Baghdad" and alert["why"] == "new"
    assert alert["event"]["event_id"] == ev.event_id
    assert alert["event"]["sources"][0]["url"] == server.url("/news/1.html")

    # A follow-up with a higher toll merges into the same event and re-alerts it as revised.
    server.routes["/rss.xml"] = Route(feed([("Drone strike in Baghdad", server.url(
        "/news/1.html")), ("Toll rises", server.url("/news/2.html"))]), etag='"2"')
    second = watch(config, db=db, pipeline=pipeline, once=True, signals=False)
    assert second.new_items == 1 and second.articles_stored == 1
    with SQLiteStore(db) as store:
        (merged,) = store.events()
        fields = {r.field for r in store.revisions(merged.event_id)}
    assert merged.event_id == ev.event_id and len(merged.sources) == 2
    _, revised = server.posts("/hook")
    assert revised["why"] == "revised"
    assert {c["field"] for c in revised["changed"]} == fields and fields
    third = watch(config, db=db, pipeline=pipeline, once=True, signals=False)
    assert third.not_modified == 1 and len(server.posts("/hook")) == 2


def test_check_validates_and_lists(tmp_path: Path, server: FeedServer,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = write_config(tmp_path, server)
    assert main(["watch", str(path), "--db", str(tmp_path / "e.db"), "--check"]) == 0
    out = capsys.readouterr().out
    assert f"{path}: valid" in out and "source wire: feed http://127.0.0.1" in out
    assert "area Baghdad: 40 km around 33.3152, 44.3661" in out
    assert server.requests == []  # --check fetches nothing
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\nfeed = "gopher://x"\n', encoding="utf-8")
    assert main(["watch", str(bad), "--db", str(tmp_path / "e.db"), "--check"]) == 1
    assert "'feed' must be an http:// or https:// URL" in capsys.readouterr().err


@pytest.mark.slow
def test_once_exits_nonzero_when_every_fetch_failed(
    tmp_path: Path, server: FeedServer, gazetteer_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_config(tmp_path, server, '[[source]]\nname = "wire"\nfeed = "{BASE}/rss.xml"\n')
    code = main(["watch", str(path), "--db", str(tmp_path / "e.db"), "--once",
                 "--gazetteer", str(gazetteer_path)])
    assert code == 1 and server.requests == []  # loopback refused: nothing fetched
    assert "a loopback address" in caplog.text
    assert "watch cycle 1: 1 fetched (0 not modified, 1 failed" in caplog.text


@pytest.mark.slow
def test_sigterm_stops_the_watcher_cleanly(tmp_path: Path, server: FeedServer,
                                           gazetteer_path: Path) -> None:
    path = write_config(tmp_path, server)
    exe = Path(sys.executable).with_name("sigact")
    proc = subprocess.Popen([str(exe), "watch", str(path), "--db", str(tmp_path / "e.db"),
                             "--gazetteer", str(gazetteer_path)],
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    lines = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "watch cycle 1:" in line or not line:
            break
    assert "watch cycle 1: 1 fetched" in lines[-1], "".join(lines)
    proc.send_signal(signal.SIGTERM)
    rest = proc.communicate(timeout=30)[1]
    assert proc.returncode == 0, rest
    assert "stopping after the current item" in rest and "watch stopped after 1 cycle" in rest
    with SQLiteStore(tmp_path / "e.db") as store:
        assert store.count_events() == 1


def test_test_webhooks_posts_one_test_alert_per_area(
    tmp_path: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path, server)
    assert main(["watch", str(path), "--db", str(tmp_path / "e.db"), "--test-webhooks"]) == 0
    out = capsys.readouterr().out
    assert f"area Baghdad: {server.url('/hook')}: HTTP 200" in out
    assert [p["alert"] for p in server.posts("/hook")] == ["Baghdad", "Basra"]
    assert {p["why"] for p in server.posts("/hook")} == {"test"}
    assert server.hits("/rss.xml") == []  # no feed is polled
    server.routes["/hook"] = Route(status=500)
    assert main(["watch", str(path), "--db", str(tmp_path / "e.db"), "--test-webhooks"]) == 1
    assert "failed: HTTP 500 Internal Server Error" in capsys.readouterr().out
