"""Merge scoring (pairwise, B-cubed) and `sigact eval-merge` on a small gold file we wrote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigact.cli import main
from sigact.dedup import make_cluster_merger, make_merger
from sigact.eval.merge import score_partition
from sigact.eval.merge_eval import evaluate_merge, format_merge_report


def test_scores_by_hand() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    s = score_partition({"a": "x", "b": "x", "c": "x", "d": "y"}, gold)
    assert (s.pairwise_precision, s.pairwise_recall) == (pytest.approx(1 / 3), 0.5)
    assert (s.bcubed_precision, s.bcubed_recall) == (pytest.approx(2 / 3), 0.75)
    assert s.bcubed_f1 == pytest.approx(2 * (2 / 3) * 0.75 / (2 / 3 + 0.75))
    assert (s.items, s.gold_clusters, s.predicted_clusters) == (4, 2, 2)
    perfect = score_partition({k: v * 10 for k, v in gold.items()}, gold)
    assert perfect.to_dict()["bcubed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    singletons = score_partition({"a": 1, "b": 2}, {"a": 1, "b": 2})
    assert singletons.pairwise_precision is None and singletons.bcubed_f1 == 1.0
    with pytest.raises(ValueError, match="different items"):
        score_partition({"a": 1}, {"b": 1})


def _event(cluster: str, location: str, lat: float, lon: float, day: str, **kw: Any) -> dict:
    ev = {"cluster": cluster, "event_type": "Explosions/Remote violence",
          "sub_event_type": "Shelling/artillery/missile attack", "event_date": day,
          "location": location, "admin1": "Kirkuk", "country": "Iraq", "iso3": "IRQ",
          "latitude": lat, "longitude": lon, "geo_precision": 1, "fatalities": 0}
    ev.update(kw)
    return ev


def _doc(doc: str, published: str, *events: dict) -> dict:
    return {"id": doc, "outlet": f"Outlet {doc}", "url": f"https://example.org/{doc}",
            "published": published, "title": f"Invented report {doc}",
            "text": f"Invented report {doc} about shelling.", "events": list(events)}


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    """Three shellings told by two or three reports, plus near-misses (next town, next day)."""
    town = ("Town A", 35.47, 44.39)
    nearby = ("Town B", 35.47, 44.60)  # about 19 km: another town
    docs = [
        _doc("r1", "2024-05-02", _event("a", *town, "2024-05-01", fatalities=2)),
        _doc("r2", "2024-05-02", _event("a", *town, "2024-05-01", fatalities=3)),
        _doc("r3", "2024-05-03", _event("a", "Kirkuk", 35.5, 44.3, "2024-05-01",
                                        geo_precision=3)),
        _doc("r4", "2024-05-02", _event("b", *nearby, "2024-05-01")),
        _doc("r5", "2024-05-02", _event("b", *nearby, "2024-05-01"),
             _event("c", *town, "2024-05-02")),
        _doc("r6", "2024-05-03", _event("c", *town, "2024-05-02", weapons=["mortar"])),
    ]
    path = tmp_path / "merge_gold.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def test_oracle_setting_scores_the_merge(gold_file: Path) -> None:
    report = evaluate_merge([gold_file], dedup=make_cluster_merger())
    s = report.oracle.scores
    assert (report.documents, report.gold_events, s.items) == (6, 3, 7)
    # The province report r3 fits both 1 May events in its province (towns A and B): it is
    # merged into neither, a missed merge (recall) rather than a possibly wrong one.
    assert (s.pairwise_precision, s.pairwise_recall) == (1.0, 0.6)
    # B-cubed recall: r1 and r2 see 2 of their 3, r3 1 of 3, the four others all of theirs.
    assert s.bcubed_precision == 1.0 and s.bcubed_recall == pytest.approx(17 / 21)
    assert report.oracle.wrong_merges == []
    [missed] = report.oracle.missed_merges
    assert {d["item"] for d in missed} == {"r1#0", "r2#0", "r3#0"}
    text = format_merge_report(report, show_errors=True)
    assert "B-cubed P 100.0%" in text and "MISSED MERGE" in text and "end to end" not in text


def test_the_baseline_merger_is_scored_the_same_way(gold_file: Path) -> None:
    report = evaluate_merge([gold_file], dedup=make_merger(max_km=200))
    s = report.oracle.scores
    # With 200 km (40 km for exact sites), the greedy merger joins the towns: a wrong merge.
    assert s.pairwise_precision is not None and s.pairwise_precision < 1.0
    assert report.oracle.wrong_merges
    described = report.oracle.wrong_merges[0][0]
    assert {"item", "cluster", "predicted", "event_date", "location"} <= set(described)


def test_eval_merge_command_oracle_only(gold_file: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval-merge", str(gold_file), "--oracle-only", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["oracle"]["scores"]["pairwise"]["precision"] == 1.0
    assert got["end_to_end"] is None
    assert main(["eval-merge", str(gold_file), "--oracle-only", "--dedup", "dedup.nope"]) == 1
    assert "dedup.v2" in capsys.readouterr().err


def test_events_named_by_key_as_in_the_demo_corpus(tmp_path: Path) -> None:
    a = _event("x", "Town A", 35.47, 44.39, "2024-05-01")
    b = _event("x", "Town A", 35.47, 44.39, "2024-05-01")
    for ev in (a, b):
        ev["key"] = ev.pop("cluster")
    path = tmp_path / "keyed.jsonl"
    path.write_text(json.dumps(_doc("k1", "2024-05-02", a)) + "\n"
                    + json.dumps(_doc("k2", "2024-05-02", b)) + "\n", encoding="utf-8")
    report = evaluate_merge([path], dedup=make_cluster_merger())
    assert report.gold_events == 1 and report.oracle.scores.pairwise_recall == 1.0
