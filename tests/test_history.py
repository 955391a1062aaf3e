"""`sigact events --history ID`: readable text and JSON, for live and merged-away ids."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from sigact.cli import main
from sigact.dedup import make_cluster_merger
from sigact.records import Claim
from sigact.store import SQLiteStore
from test_store_merge import DAY, PROVINCE, report


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str, str]:
    """A database where a report was revised twice and an id was merged away."""
    path = tmp_path / "events.db"
    merger = make_cluster_merger()
    with SQLiteStore(path) as store:
        [late] = store.add_article(*report("late", place=PROVINCE, fatalities=2), dedup=merger)
        store.add_article(*report("follow-up", published=DAY + timedelta(1), fatalities=4,
                                  claims=[Claim("claim", None, "Group <b>Y</b>")]),
                          dedup=merger)
        [ev] = store.add_article(*report("early", published=DAY - timedelta(1)), dedup=merger)
    return path, late.event_id, ev.event_id


def test_history_reads_as_text(db: tuple[Path, str, str],
                               capsys: pytest.CaptureFixture[str]) -> None:
    path, _, current = db
    assert main(["events", "--db", str(path), "--history", current]) == 0
    out = capsys.readouterr().out
    assert out.startswith(current)
    assert "report follow-up (Outlet follow-up)" in out
    assert "fatalities: 2 -> 4" in out
    assert "place: Anbar, Iraq (precision 3) -> Qaryat Alif, Anbar, Iraq (precision 1)" in out
    assert "claims: none -> claim: Group <b>Y</b>" in out
    assert "renamed from" in out and "report early (Outlet early)" in out


def test_a_merged_away_id_shows_where_it_went(db: tuple[Path, str, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path, old, current = db
    assert main(["events", "--db", str(path), "--history", old, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert (got["event_id"], got["current_id"]) == (old, current)
    assert got["retired"][-1] == {**got["retired"][-1], "field": "event_id", "old": old,
                                  "new": current, "doc": "early"}
    assert got["event"]["event_id"] == current
    assert {r["field"] for r in got["revisions"]} >= {"fatalities", "place", "claims"}
    assert main(["events", "--db", str(path), "--history", old]) == 0
    assert f"merged into {current}" in capsys.readouterr().out


def test_unknown_id_says_how_to_list_ids(db: tuple[Path, str, str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, _, _ = db
    assert main(["events", "--db", str(path), "--history", "ev-000000000000"]) == 1
    assert "sigact events --db" in capsys.readouterr().err


def test_remerge_command(db: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, _, current = db
    assert main(["remerge", "--db", str(path)]) == 0
    assert "1 events before, 1 after, 0 new or changed" in capsys.readouterr().err
    assert main(["remerge", "--db", str(path), "--dedup", "dedup.simple.v1"]) == 1
    assert "cannot re-merge" in capsys.readouterr().err
    assert main(["events", "--db", str(path), "--history", current]) == 0
