"""The store with dedup.v2: stored mentions, revisions, renamed and merged events, migration."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sigact.dedup import make_cluster_merger, make_merger
from sigact.errors import SigactError
from sigact.records import Actor, Article, Claim, Evidence, Mention
from sigact.store import SQLiteStore
from sigact.store.schema import MIGRATIONS
from test_dedup import DAY, PROVINCE, TOWN_A, TOWN_B


def report(doc: str, *, published: date = DAY, **kw: Any) -> tuple[Article, list[Mention]]:
    """An invented one-event report ``doc`` and its mention."""
    text = f"Invented report {doc}: rockets struck the town."
    article = Article(id=doc, text=text, outlet=f"Outlet {doc}", published=published,
                      url=f"https://example.org/{doc}", published_source="jsonl")
    values: dict[str, Any] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack", "event_date": DAY,
        "place": TOWN_A, "evidence": [Evidence(doc, text, 0, len(text))],
        "outlet": article.outlet, "url": article.url, "published": published,
    }
    values.update(kw)
    return article, [Mention(doc=doc, **values)]


def test_later_reports_update_the_event_and_are_recorded(tmp_path: Path) -> None:
    merger = make_cluster_merger()
    with SQLiteStore(tmp_path / "events.db") as store:
        [ev] = store.add_article(*report("first", place=PROVINCE, fatalities=2), dedup=merger)
        assert store.revisions(ev.event_id) == []
        later = DAY + timedelta(1)
        [ev2] = store.add_article(*report("second", published=later, fatalities=5,
                                          claims=[Claim("claim", "Group Y", "Group Y")]),
                                  dedup=merger)
        assert ev2.event_id == ev.event_id  # the earliest report still names it
        assert ev2.place == TOWN_A and (ev2.fatalities, ev2.fatalities_high) == (5, 5)
        history = {r.field: r for r in store.revisions(ev.event_id)}
        assert set(history) == {"place", "fatalities", "fatalities_high", "claims"}
        assert (history["fatalities"].old, history["fatalities"].new) == (2, 5)
        assert history["place"].old["geo_precision"] == 3
        assert history["place"].new["location"] == "Qaryat Alif"
        assert {(r.doc, r.outlet) for r in history.values()} == {("second", "Outlet second")}
        assert all(r.at.endswith("+00:00") for r in history.values())
        # A third report that changes nothing is stored as a source, with no revision.
        assert store.add_article(*report("third", published=later, fatalities=5),
                                 dedup=merger)[0].event_id == ev.event_id
        assert len(store.revisions(ev.event_id)) == 4
        assert [s.doc for s in store.get_event(ev.event_id).sources] == [  # type: ignore[union-attr]
            "first", "second", "third"]


def test_an_earlier_report_arriving_late_renames_the_event(tmp_path: Path) -> None:
    merger = make_cluster_merger()
    with SQLiteStore(tmp_path / "events.db") as store:
        [late] = store.add_article(*report("late", fatalities=1), dedup=merger)
        [ev] = store.add_article(*report("early", published=DAY - timedelta(1), fatalities=3),
                                 dedup=merger)
        assert ev.event_id != late.event_id and ev.doc == "early"
        assert store.get_event(late.event_id) is None
        assert store.resolve_event_id(late.event_id) == ev.event_id
        old_history = store.revisions(late.event_id)
        assert [(r.field, r.old, r.new) for r in old_history] == [
            ("event_id", late.event_id, ev.event_id)]
        fields = [r.field for r in store.revisions(ev.event_id)]
        assert fields[0] == "event_id" and "fatalities_high" in fields
        assert store.count_events() == 1


def test_a_report_that_resolves_an_ambiguity_merges_two_events(tmp_path: Path) -> None:
    merger = make_cluster_merger()
    with SQLiteStore(tmp_path / "events.db") as store:
        [a] = store.add_article(*report("a"), dedup=merger)
        store.add_article(*report("b", place=TOWN_B), dedup=merger)
        # The province report fits both towns equally: it stays its own event...
        [p] = store.add_article(*report("p", place=PROVINCE, actor1=Actor("Group One", 2),
                                        weapons=["rocket"]), dedup=merger)
        assert store.count_events() == 3
        # ...until a report of the B strike names another group and weapon: now it fits A.
        store.add_article(*report("c", place=TOWN_B, actor1=Actor("Group Two", 2),
                                  weapons=["small arms"]), dedup=merger)
        assert store.count_events() == 2
        successor = store.resolve_event_id(p.event_id)
        assert successor is not None and successor == store.resolve_event_id(a.event_id)
        merged = store.get_event(successor)
        assert merged is not None and {s.doc for s in merged.sources} == {"a", "p"}
        [gone] = {a.event_id, p.event_id} - {successor}  # the id of the earliest key stays
        assert store.get_event(gone) is None
        assert ("merged", gone) in [(r.field, r.old) for r in store.revisions(successor)]
        assert [r.field for r in store.revisions(gone)][-1] == "event_id"
        assert store.resolve_event_id("ev-nope") is None


def test_ids_are_stable_across_reruns_and_orders(tmp_path: Path) -> None:
    feeds = [report("a"), report("b", place=TOWN_B), report("c", published=DAY + timedelta(1)),
             report("d", place=PROVINCE, event_date=DAY + timedelta(1))]
    results = []
    for n, order in enumerate((feeds, feeds[::-1], feeds[1:] + feeds[:1])):
        with SQLiteStore(tmp_path / f"run{n}.db") as store:
            for article, mentions in order:
                store.add_article(article, mentions, dedup=make_cluster_merger())
            results.append([e.to_dict() for e in store.events()])
    assert results[0] == results[1] == results[2]


def test_mentions_are_stored_and_the_same_article_twice_is_a_no_op(tmp_path: Path) -> None:
    merger = make_cluster_merger()
    with SQLiteStore(tmp_path / "events.db") as store:
        store.add_article(*report("a"), dedup=merger)
        store.add_article(*report("b"), dedup=merger)
        assert store.add_article(*report("a"), dedup=merger) == []
        rows = store._conn.execute("SELECT doc, event_id, block FROM mentions ORDER BY doc")
        got = [tuple(r) for r in rows]
        assert [r[0] for r in got] == ["a", "b"] and got[0][1:] == got[1][1:]


def test_a_version_2_database_is_migrated_and_its_events_keep_merging(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version, step in enumerate(MIGRATIONS[:2]):  # build a schema-2 file by hand
        step(conn)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.close()
    import sigact.store.schema as schema

    real = schema.MIGRATIONS
    schema.MIGRATIONS, schema.SCHEMA_VERSION = real[:2], 2
    try:
        with SQLiteStore(path) as store:
            [old] = store.add_article(*report("a", fatalities=4), dedup=make_merger())
            store._conn.execute(
                "INSERT INTO revisions (event_id, field, old, new, doc, outlet, at)"
                " VALUES (?, 'fatalities', '0', '4', 'a', NULL, '2024-03-06T00:00:00+00:00')",
                (old.event_id,))
    finally:
        schema.MIGRATIONS, schema.SCHEMA_VERSION = real, len(real)
    with SQLiteStore(path) as store:  # migrates to the current version
        assert store.get_event(old.event_id) == old
        [ev] = store.add_article(*report("b", fatalities=2), dedup=make_cluster_merger())
        assert ev.event_id == old.event_id
        assert [s.doc for s in ev.sources] == ["a", "b"]
        assert (ev.fatalities, ev.fatalities_high) == (2, 4)
        assert store.revisions(ev.event_id)[0].field == "fatalities"


def test_add_articles_commits_together_and_keeps_each_article_atomic(tmp_path: Path) -> None:
    merger = make_cluster_merger()
    good = [report("a"), report("b", place=TOWN_B)]
    bad_article, _ = report("c")
    _, other_mentions = report("d")  # mentions of another article: refused (E032)
    with SQLiteStore(tmp_path / "events.db") as store:
        written = store.add_articles(good, dedup=merger)
        assert [len(w) for w in written] == [1, 1]
        with pytest.raises(SigactError, match="was passed with article 'c'"):
            store.add_articles([report("e", place=PROVINCE), (bad_article, other_mentions),
                                report("f")], dedup=merger)
        assert store.count_articles() == 3  # a, b and e; c rolled back, f never reached
        assert not store.has_article(bad_article.content_hash)
        assert store._conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 3
        store.add_article(*report("f"), dedup=merger)  # the store is usable afterwards
        assert store.count_articles() == 4


def test_the_same_mention_twice_and_a_reused_article_id(tmp_path: Path) -> None:
    merger = make_cluster_merger()
    with SQLiteStore(tmp_path / "events.db") as store:
        article, [m] = report("a")
        [ev] = store.add_article(article, [m, m, m], dedup=merger)  # extractor repeated itself
        assert [len(s.evidence) for s in ev.sources] == [1]
        # Another article under the same id telling the same mention: a second mention.
        again = Article(id="a", text="A corrected version of report a.", published=DAY,
                        published_source="jsonl")
        [ev2] = store.add_article(again, [m], dedup=merger)
        assert store.count_events() == 1 and store.resolve_event_id(ev.event_id) == ev2.event_id
        assert store._conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 2


def test_a_report_that_makes_a_merge_ambiguous_splits_the_event(tmp_path: Path) -> None:
    merger = make_cluster_merger()
    with SQLiteStore(tmp_path / "events.db") as store:
        store.add_article(*report("a"), dedup=merger)
        [ap] = store.add_article(*report("p", place=PROVINCE), dedup=merger)
        assert {s.doc for s in ap.sources} == {"a", "p"}  # the province fits the only town
        # A strike on another town of the province that day: "p" now fits two events.
        store.add_article(*report("b", place=TOWN_B), dedup=merger)
        docs = sorted(sorted(s.doc for s in ev.sources) for ev in store.events())
        assert docs == [["a"], ["b"], ["p"]]
        kept = store.get_event(ap.event_id)
        assert kept is not None  # the id stays with the member it derives from
        split = [ev for ev in store.events() if ev.event_id not in (ap.event_id,)
                 and any(r.field == "split_from" for r in store.revisions(ev.event_id))]
        assert len(split) == 1 and store.revisions(split[0].event_id)[-1].old == ap.event_id


def test_remerge_recomputes_events_with_other_rules(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    feeds = [report("a"), report("b", place=TOWN_B), report("p", place=PROVINCE),
             report("c", published=DAY + timedelta(1), fatalities=2)]
    with SQLiteStore(path) as store:
        for article, mentions in feeds:
            store.add_article(article, mentions, dedup=make_cluster_merger())
        before = [e.to_dict() for e in store.events()]
        n_revisions = store._conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
        assert store.remerge(dedup=make_cluster_merger()) == []  # same rules: a no-op
        assert [e.to_dict() for e in store.events()] == before
        assert store._conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == n_revisions
        # Exact sites up to 20 km apart: towns A and B (15 km) are now one event.
        changed = store.remerge(dedup=make_cluster_merger(exact_km=20))
        assert changed and store.count_events() < len(before)
        merged = next(e for e in store.events() if {"a", "b"} <= {s.doc for s in e.sources})
        records = store.revisions(merged.event_id)
        assert records and all(r.doc is None for r in records[-1:])
        # New reports keep merging into the re-merged events.
        [ev] = store.add_article(*report("d", place=TOWN_B), dedup=make_cluster_merger(
            exact_km=20))
        assert ev.event_id == merged.event_id
        with pytest.raises(SigactError, match="cannot re-merge"):
            store.remerge(dedup=make_merger())
