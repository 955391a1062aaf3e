"""SQLiteStore: idempotence, crash safety (kill -9), filters, schema versions, round trip."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigact.dedup import make_merger
from sigact.errors import SigactError
from sigact.records import Actor, Article, Claim, Event, Evidence, Mention, Place, Source
from sigact.store import SCHEMA_VERSION, SQLiteStore

BASE = date(2024, 5, 1)
TOWNS = [
    Place(f"Town {i}", country="Syria", iso3="SYR", admin1=f"Province {i % 3}",
          latitude=34.0 + i * 0.5, longitude=38.0 + i * 0.5, geo_precision=1)
    for i in range(7)
]


def make_batch(i: int) -> tuple[Article, list[Mention]]:
    """Article ``i`` of a synthetic feed: reports overlap, so many of them merge."""
    text = f"Invented report {i}: shelling hit Town {i % 7}. Second line {i}."
    article = Article(id=f"doc{i}", text=text, title=f"Report {i}", outlet=f"Outlet {i % 4}",
                      url=f"https://example.org/{i}", published=BASE + timedelta(i % 5),
                      published_source="jsonl")
    mention = Mention(
        doc=article.id, event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", event_date=BASE + timedelta(i % 5),
        place=TOWNS[i % 7], fatalities=i % 4, weapons=["artillery"],
        actor1=Actor("Unidentified Armed Group (Syria)", 3) if i % 2 else Actor("Group X", 2),
        evidence=[Evidence(article.id, text[:40], 0, 40)], url=article.url,
        outlet=article.outlet, published=article.published, notes=f"note {i}",
    )
    return article, [mention]


def add_all(store: SQLiteStore, n: int) -> None:
    merger = make_merger()
    for i in range(n):
        article, mentions = make_batch(i)
        store.add_article(article, mentions, dedup=merger)


def dump(store: SQLiteStore) -> list[dict[str, object]]:
    return sorted((e.to_dict() for e in store.events()), key=lambda d: str(d["event_id"]))


def test_add_article_and_read_back(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "sub" / "events.db") as store:
        article, mentions = make_batch(0)
        written = store.add_article(article, mentions, dedup=make_merger())
        assert len(written) == 1
        assert store.has_article(article.content_hash)
        assert store.count_articles() == 1 and store.count_events() == 1
        got = store.get_event(written[0].event_id)
        assert got == written[0]
        assert store.get_event("ev-missing") is None


def test_add_same_article_twice_is_a_no_op(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.db") as store:
        add_all(store, 10)
        before = dump(store)
        article, mentions = make_batch(3)
        assert store.add_article(article, mentions, dedup=make_merger()) == []
        assert store.count_articles() == 10
        assert dump(store) == before


def test_merging_across_articles_updates_the_stored_event(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.db") as store:
        add_all(store, 36)  # doc i and doc i+35 report the same town and day
        ev = next(e for e in store.events() if len(e.sources) > 1)
        assert [s.doc for s in ev.sources][:2] == ["doc0", "doc35"]
        assert ev.fatalities_high >= ev.fatalities
        n_sources = store._conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        assert n_sources == 36


def test_mentions_of_another_article_are_refused(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.db") as store:
        article, _ = make_batch(0)
        _, other = make_batch(1)
        with pytest.raises(SigactError, match="doc1"):
            store.add_article(article, other, dedup=make_merger())
        assert store.count_articles() == 0


def test_failure_inside_dedup_rolls_back(tmp_path: Path) -> None:
    def broken(mentions: Sequence[Mention], existing: Sequence[Event]) -> list[Event]:
        raise RuntimeError("boom")

    with SQLiteStore(tmp_path / "events.db") as store:
        article, mentions = make_batch(0)
        with pytest.raises(RuntimeError):
            store.add_article(article, mentions, dedup=broken)
        assert store.count_articles() == 0 and not store.has_article(article.content_hash)


def test_filters_and_order(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.db") as store:
        add_all(store, 14)
        evs = store.events()
        dates = [e.event_date for e in evs]
        assert dates == sorted(dates, reverse=True)
        assert store.count_events() == len(evs) == 14  # 14 distinct (town, day) pairs
        day = BASE + timedelta(2)
        assert all(e.event_date == day for e in store.events(since=day, until=day))
        assert store.count_events(since=day, until=day) == len(store.events(since=day, until=day))
        assert store.count_events(country="syr") == 14 == store.count_events(country="Syria")
        assert store.count_events(country="Iraq") == 0
        assert {e.place.admin1 for e in store.events(admin1="province 1") if e.place} == {
            "Province 1"}
        assert store.count_events(min_fatalities=3) == sum(e.fatalities >= 3 for e in evs)
        assert store.count_events(actor="group x") == 7
        assert store.count_events(actor="%") == 0  # LIKE wildcards are literal
        assert store.count_events(text="Town 3") == 2
        assert store.count_events(text='"town" OR') == 0  # no FTS syntax leaks in
        assert store.count_events(event_type="Battles") == 0
        page = store.events(limit=5, offset=5)
        assert [e.event_id for e in page] == [e.event_id for e in evs[5:10]]
        with pytest.raises(SigactError, match="colour"):
            store.events(colour="red")  # type: ignore[call-arg]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SigactError, match="newer sigact"):
        SQLiteStore(path)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(SigactError, match="not a sigact database"):
        SQLiteStore(path)


def test_reopen_keeps_data_and_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        add_all(store, 3)
    with SQLiteStore(path) as store:
        assert store.count_articles() == 3
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


# -- crash safety ---------------------------------------------------------------------

N_CRASH = 400
WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from test_store import add_all, make_batch
    from sigact.dedup import make_merger
    from sigact.store import SQLiteStore
    store = SQLiteStore({db!r})
    merger = make_merger()
    for i in range({n}):
        article, mentions = make_batch(i)
        store.add_article(article, mentions, dedup=merger)
        print(i, flush=True)
    """
)


def check_consistent(path: Path) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = conn.execute(
        "SELECT count(*) FROM sources WHERE article_pk NOT IN (SELECT pk FROM articles)"
    ).fetchone()[0]
    bare = conn.execute(
        "SELECT count(*) FROM events WHERE event_id NOT IN (SELECT event_id FROM sources)"
    ).fetchone()[0]
    # Every stored article has its source rows (each synthetic article yields one mention).
    sourceless = conn.execute(
        "SELECT count(*) FROM articles WHERE pk NOT IN (SELECT article_pk FROM sources)"
    ).fetchone()[0]
    conn.close()
    assert (orphans, bare, sourceless) == (0, 0, 0)


@pytest.mark.slow
def test_kill_9_mid_run_leaves_a_consistent_db(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    script = WRITER.format(tests=str(Path(__file__).parent), db=str(path), n=N_CRASH)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(60):  # let it commit some articles, then kill it mid-stream
        assert proc.stdout.readline(), "writer died before it was killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    check_consistent(path)
    with SQLiteStore(path) as store:
        stored = store.count_articles()
        assert 60 <= stored < N_CRASH
        add_all(store, N_CRASH)  # resume: stored articles are skipped
        assert store.count_articles() == N_CRASH
        resumed = dump(store)
    check_consistent(path)
    for ev in resumed:
        docs = [s["doc"] for s in ev["sources"]]  # type: ignore[attr-defined]
        assert len(docs) == len(set(docs))
    with SQLiteStore(tmp_path / "clean.db") as clean:
        add_all(clean, N_CRASH)
        assert dump(clean) == resumed  # same as a run that was never interrupted


# -- round trip -----------------------------------------------------------------------

DOCS = ["d0", "d1", "d2"]
text = st.text(max_size=20)
opt_text = st.none() | text
dates = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
coord = st.none() | st.floats(min_value=-180, max_value=180, allow_nan=False)
evidence = st.builds(Evidence, doc=text, text=text, start=st.integers(0, 10**6),
                     end=st.integers(0, 10**6))
places = st.none() | st.builds(
    Place, location=text, country=opt_text, iso3=opt_text, admin1=opt_text, admin2=opt_text,
    latitude=coord, longitude=coord, geo_precision=st.none() | st.integers(1, 3),
    gazetteer_id=opt_text, feature=opt_text,
)
actors = st.none() | st.builds(Actor, name=text, inter=st.none() | st.integers(1, 8))
claims = st.builds(Claim, kind=st.sampled_from(["claim", "blame", "denial"]), by=opt_text,
                   actor=text)
sources = st.builds(Source, doc=st.sampled_from(DOCS), url=opt_text, outlet=opt_text,
                    published=dates, evidence=st.lists(evidence, max_size=2))
events = st.builds(
    Event, doc=text, event_type=text, sub_event_type=text, event_date=dates,
    time_precision=st.integers(1, 3), actor1=actors, actor2=actors, location_text=opt_text,
    location_relation=text, context_places=st.lists(text, max_size=3).map(tuple), place=places,
    fatalities=st.integers(0, 10**6), injuries=st.none() | st.integers(0, 10**6),
    weapons=st.lists(text, max_size=3), target=opt_text, claims=st.lists(claims, max_size=2),
    evidence=st.lists(evidence, max_size=3), confidence=st.floats(0, 1), notes=text,
    url=opt_text, outlet=opt_text, published=dates, event_id=text.filter(bool),
    sources=st.lists(sources, min_size=1, max_size=3), fatalities_high=st.integers(0, 10**6),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ev=events)
def test_event_round_trip(ev: Event) -> None:
    def emit(mentions: Sequence[Mention], existing: Sequence[Event]) -> list[Event]:
        return [ev]

    def none(mentions: Sequence[Mention], existing: Sequence[Event]) -> list[Event]:
        return []

    with SQLiteStore(":memory:") as store:
        for doc in DOCS[:-1]:
            store.add_article(Article(id=doc, text=f"text of {doc}"), [], dedup=none)
        store.add_article(Article(id=DOCS[-1], text="last"), [], dedup=emit)
        assert store.get_event(ev.event_id) == ev
        assert store.events() == [ev]
        assert json.loads(json.dumps(store.events()[0].to_dict())) == json.loads(
            json.dumps(ev.to_dict()))


def test_a_later_report_that_changes_an_event_is_recorded_as_a_revision(tmp_path: Path) -> None:
    merger = make_merger()
    with SQLiteStore(tmp_path / "events.db") as store:
        first, [m1] = make_batch(0)  # Town 0, day 0, Group X, 0 deaths
        [ev] = store.add_article(first, [m1], dedup=merger)
        assert store.revisions(ev.event_id) == []
        text = "Invented follow-up: the shelling of Town 0 killed five; Group Y claimed it."
        later = Article(id="later", text=text, outlet="Outlet Z", published=BASE,
                        published_source="jsonl")
        m2 = Mention(
            doc="later", event_type=m1.event_type, sub_event_type=m1.sub_event_type,
            event_date=BASE, place=TOWNS[0], fatalities=5, weapons=["artillery"],
            claims=[Claim("claim", "Group Y", "Group Y")],
            evidence=[Evidence("later", text, 0, len(text))], outlet="Outlet Z",
        )
        [updated] = store.add_article(later, [m2], dedup=merger)
        assert updated.event_id == ev.event_id
        history = {r.field: r for r in store.revisions(ev.event_id)}
        assert set(history) == {"fatalities", "fatalities_high", "claims"}
        assert (history["fatalities"].old, history["fatalities"].new) == (0, 5)
        assert history["claims"].new == [{"kind": "claim", "by": "Group Y", "actor": "Group Y"}]
        assert {r.doc for r in history.values()} == {"later"}
        assert {r.outlet for r in history.values()} == {"Outlet Z"}
