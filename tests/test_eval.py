"""`sigact eval`: matching and scoring on hand-built gold documents and predictions (no spaCy)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sigact import cli
from sigact.eval import (
    GoldDoc,
    dates_agree,
    evaluate,
    format_report,
    is_match,
    match_events,
    norm_admin1,
    read_gold,
    same_place,
    score_documents,
)
from sigact.records import Actor, Article, Evidence, Mention, Place

TEXT = "Rockets struck a base near Ramadi on Monday. Two guards were wounded."


def ev(**kw: Any) -> dict[str, Any]:
    """A coded event near Ramadi; keyword arguments override fields."""
    base: dict[str, Any] = {
        "event_date": "2024-03-04", "time_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Unidentified Armed Group (Iraq)", "actor2": "Military Forces of Iraq",
        "country": "Iraq", "admin1": "Anbar", "location": "Ramadi",
        "latitude": 33.42, "longitude": 43.30, "fatalities": 0, "injuries": 2,
        "weapons": ["rocket"], "confidence": 0.9,
        "evidence": [{"text": "Rockets struck a base near Ramadi on Monday.", "start": 0,
                      "end": 45}],
    }
    base.update(kw)
    return base


def doc(doc_id: str, *events: dict[str, Any]) -> GoldDoc:
    return GoldDoc(id=doc_id, text=TEXT, events=list(events), published=date(2024, 3, 5))


def test_perfect_match_scores_one() -> None:
    gold = [doc("a", ev()), doc("b", ev(location="Fallujah", latitude=33.35, longitude=43.78))]
    preds = {d.id: [dict(e) for e in d.events] for d in gold}
    r = score_documents(gold, preds)
    assert (r.precision, r.recall, r.f1) == (1.0, 1.0, 1.0)
    assert all(f.share == 1.0 for f in r.fields.values() if f.total)
    assert r.fields["injuries"].total == 2
    assert r.median_km == 0.0 and r.weapons_jaccard_mean == 1.0


def test_spurious_event_lowers_precision_only() -> None:
    gold = [doc("a", ev())]
    spurious = ev(event_type="Battles", sub_event_type="Armed clash")
    r = score_documents(gold, {"a": [ev(), spurious]})
    assert r.precision == 0.5 and r.recall == 1.0
    assert r.f1 == pytest.approx(2 / 3)
    assert r.diffs[0].spurious[0]["sub_event_type"] == "Armed clash"
    assert r.diffs[0].spurious[0]["excerpt"].startswith("Rockets struck")


def test_wrong_date_is_not_a_match() -> None:
    r = score_documents([doc("a", ev())], {"a": [ev(event_date="2024-03-02")]})
    assert r.matched == 0 and r.precision == 0.0 and r.recall == 0.0
    assert len(r.diffs[0].missed) == 1 and len(r.diffs[0].spurious) == 1


@pytest.mark.parametrize(("pred", "gold", "agree"), [
    ({"event_date": "2024-03-03"}, {"event_date": "2024-03-04"}, True),  # a day off
    ({"event_date": "2024-03-02"}, {"event_date": "2024-03-04"}, False),
    # a week-precision date agrees within 7 days, a month-precision one within 31
    ({"event_date": "2024-02-27", "time_precision": 2}, {"event_date": "2024-03-04"}, True),
    ({"event_date": "2024-02-20", "time_precision": 2}, {"event_date": "2024-03-04"}, False),
    ({"event_date": "2024-03-01", "time_precision": 3},
     {"event_date": "2024-03-25", "time_precision": 1}, True),
    # nothing to check: either side undated
    ({"event_date": None}, {"event_date": "2024-03-04"}, True),
    ({"event_date": "2019-01-01"}, {"event_date": None}, True),
])
def test_dates_agree_within_their_precision(pred: dict[str, Any], gold: dict[str, Any],
                                            agree: bool) -> None:
    assert dates_agree(pred, gold) is agree
    assert is_match(ev(**pred), ev(**gold)) is agree


def test_date_exactness_is_stricter_than_agreement() -> None:
    # a day off, or undated, still matches, but is not an exact date
    gold = [doc("a", ev()), doc("b", ev())]
    r = score_documents(gold, {"a": [ev(event_date="2024-03-05")], "b": [ev(event_date=None)]})
    assert r.matched == 2
    assert (r.fields["event_date"].correct, r.fields["event_date"].total) == (0, 2)


def test_gold_without_date_does_not_score_date() -> None:
    gold = [doc("a", ev(event_date=None))]
    r = score_documents(gold, {"a": [ev(event_date="2019-01-01", time_precision=3)]})
    assert r.matched == 1
    assert r.fields["event_date"].total == 0 and r.fields["event_date"].share is None
    assert r.fields["time_precision"].total == 0
    dated = score_documents([doc("a", ev())], {"a": [ev(time_precision=2)]})
    assert dated.fields["event_date"].share == 1.0
    assert dated.fields["time_precision"].share == 0.0


@pytest.mark.parametrize(("lat", "matches"), [(33.42 + 0.44, True), (33.42 + 0.46, False)])
def test_fifty_km_boundary(lat: float, matches: bool) -> None:
    # 0.01 degree of latitude is 1.11 km: 0.44 -> 48.9 km, 0.46 -> 51.2 km.
    gold = ev()
    assert same_place(ev(latitude=lat, admin1="Elsewhere"), gold) is matches
    r = score_documents([doc("a", gold)], {"a": [ev(latitude=lat)]})
    assert r.matched == int(matches)
    if matches:
        assert r.within_25km.share == 0.0 and r.median_km == pytest.approx(48.9, abs=0.2)


def test_without_coordinates_names_decide() -> None:
    bare = {"latitude": None, "longitude": None}
    assert same_place(ev(**bare, admin1="Al Anbar", location="X"), ev())
    assert not same_place(ev(**bare, admin1="Nineveh", location="Mosul"), ev())
    assert same_place(ev(**bare, admin1=None), ev(**bare))  # same location name


@pytest.mark.parametrize(("a", "b"), [
    ("Deir ez-Zor", "Deir Ez-Zor"), ("Al Anbar", "Anbar"), ("Anbar Governorate", "Anbar"),
    ("Ar-Raqqah", "Raqqa"), ("Idlib Province", "idlib"), ("Ḩamāh", "Hamah"),
])
def test_admin1_normalisation(a: str, b: str) -> None:
    assert norm_admin1(a) == norm_admin1(b)
    r = score_documents([doc("a", ev(admin1=b))], {"a": [ev(admin1=a)]})
    assert r.fields["admin1"].share == 1.0


def test_admin1_different_regions_differ() -> None:
    assert norm_admin1("Anbar") != norm_admin1("Babil")
    r = score_documents([doc("a", ev(admin1="Babil"))], {"a": [ev(admin1="Anbar")]})
    assert r.fields["admin1"].share == 0.0
    assert r.diffs[0].differing[0]["fields"]["admin1"] == ["Anbar", "Babil"]


def test_one_to_one_two_predictions_one_gold() -> None:
    preds = [ev(sub_event_type="Air/drone strike"), ev()]
    matches = match_events(preds, [ev()])
    assert len(matches) == 1 and matches[0].pred == 1  # same sub-type preferred
    r = score_documents([doc("a", ev())], {"a": preds})
    assert r.matched == 1 and r.precision == 0.5


def test_field_figures_over_matched_pairs() -> None:
    pred = ev(fatalities=1, injuries=None, actor1="unidentified armed group (IRAQ)",
              actor2="Civilians (Iraq)", weapons=["rocket", "mortar"])
    r = score_documents([doc("a", ev())], {"a": [pred]})
    assert r.fields["fatalities"].share == 0.0 and r.fields["injuries"].share == 0.0
    assert r.fields["actor1"].share == 1.0 and r.fields["actor2"].share == 0.0
    assert r.weapons_jaccard_mean == 0.5
    gold_no_injuries = score_documents([doc("a", ev(injuries=None))], {"a": [ev(injuries=5)]})
    assert gold_no_injuries.fields["injuries"].total == 0


def test_share_of_event_free_documents_left_silent() -> None:
    gold = [doc("e1"), doc("e2"), doc("e3"), doc("a", ev())]
    r = score_documents(gold, {"e1": [], "e2": [ev()], "a": [ev()]})  # e3: not in predictions
    assert (r.empty_docs.correct, r.empty_docs.total) == (2, 3)
    assert r.precision == 0.5


def test_reliability_bins() -> None:
    gold = [doc("a", ev()), doc("b", ev())]
    preds = {
        "a": [ev(confidence=0.95), ev(confidence=0.85, event_type="Battles")],
        "b": [ev(confidence=0.1), ev(confidence=0.8, event_type="Riots"),
              ev(confidence=0.5, event_type="Protests")],
    }
    r = score_documents(gold, preds)
    counts = [(b.count, b.correct) for b in r.calibration]
    assert counts == [(1, 1), (0, 0), (1, 0), (0, 0), (3, 1)]
    assert [b.low for b in r.calibration] == [0.0, 0.2, 0.4, 0.6, 0.8]
    assert r.high_confidence.count == 3
    assert r.high_confidence.share == pytest.approx(1 / 3)


def test_per_sub_type_counts() -> None:
    clash = ev(event_type="Battles", sub_event_type="Armed clash")
    r = score_documents([doc("a", ev(), clash)], {"a": [ev(sub_event_type="Air/drone strike")]})
    shelling = r.sub_types["Shelling/artillery/missile attack"]
    assert (shelling.gold, shelling.predicted, shelling.matched, shelling.same_sub_type) == \
        (1, 0, 1, 0)
    assert r.sub_types["Armed clash"].matched == 0
    assert r.sub_types["Air/drone strike"].predicted == 1


def test_format_report_shows_figures_and_errors() -> None:
    r = score_documents([doc("a", ev(), ev(location="Hit", latitude=33.64, longitude=42.83))],
                        {"a": [ev(fatalities=4)]})
    text = format_report(r, show_errors=True)
    assert "recall  50.0%" in text
    assert "of events with confidence >= 0.8, 100.0% correct (1/1)" in text
    assert "MISSED" in text and "Hit" in text
    assert "fatalities: 4 vs gold 0" in text
    assert "MISSED" not in format_report(r, show_errors=False)


def _write_gold(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_gold_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    good = {"id": "g1", "published": None, "title": "t", "text": TEXT, "outlet": "x",
            "events": [{"event_type": "Battles", "key": "k"}]}
    path = _write_gold(tmp_path / "gold.jsonl", [
        json.dumps(good), "{not json", json.dumps({"id": "g2", "events": []}),
        json.dumps({**good, "id": "g3", "published": "last week"}),
        json.dumps({**good, "id": "g4", "events": [{"sub_event_type": "Attack"}]}),
        json.dumps(good), "",
    ])
    errors: list[str] = []
    docs = read_gold([path], on_error=lambda e: errors.append(str(e)))
    assert [d.id for d in docs] == ["g1"]
    assert docs[0].published is None and docs[0].to_article().published is None
    assert [e.split(": line ")[1].split(":")[0] for e in errors] == ["2", "3", "4", "5", "6"]
    assert all(e.startswith(str(path)) for e in errors)
    assert "already read" in errors[-1]


class FakePipeline:
    """Stands in for the spaCy pipeline: one shelling event per article, dated as published."""

    def __call__(self, articles: Sequence[Article]) -> list[Mention]:
        return [
            Mention(doc=a.id, event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", event_date=a.published,
                    actor1=Actor("Unidentified Armed Group (Iraq)", 3),
                    place=Place(location="Ramadi", admin1="Al Anbar", latitude=33.42,
                                longitude=43.30),
                    evidence=[Evidence(doc=a.id, text=a.text[:40], start=0, end=40)],
                    confidence=0.9)
            for a in articles
        ]


def _gold_file(tmp_path: Path) -> Path:
    dated = {"id": "d1", "published": "2024-03-05", "text": TEXT,
             "events": [{"event_date": "2024-03-05", "event_type": "Explosions/Remote violence",
                         "sub_event_type": "Shelling/artillery/missile attack", "admin1": "Anbar",
                         "location": "Ramadi", "latitude": 33.4, "longitude": 43.3}]}
    empty = {"id": "d2", "published": None, "text": "Talks were held.", "events": []}
    return _write_gold(tmp_path / "gold.jsonl", [json.dumps(dated), json.dumps(empty)])


def test_evaluate_runs_the_pipeline_with_published_dates(tmp_path: Path) -> None:
    r = evaluate([_gold_file(tmp_path)], pipeline=FakePipeline())  # type: ignore[arg-type]
    assert (r.documents, r.matched, r.predicted_events) == (2, 1, 2)
    assert r.fields["admin1"].share == 1.0
    assert (r.empty_docs.correct, r.empty_docs.total) == (0, 1)


def test_cli_eval_json_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "_pipeline", lambda args: FakePipeline())
    assert cli.main(["eval", str(_gold_file(tmp_path)), "--json", "--show-errors"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["precision"] == 0.5 and out["recall"] == 1.0
    assert out["empty_docs_silent"] == {"correct": 0, "total": 1, "share": 0.0}
    assert out["errors"][0]["doc"] == "d2" and len(out["calibration"]) == 5


def test_cli_eval_without_readable_gold_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "_pipeline", lambda args: FakePipeline())
    assert cli.main(["eval", str(tmp_path / "missing.jsonl")]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "missing.jsonl" in err and "No gold document" in err


@pytest.mark.parametrize(("pred", "gold", "agree"), [
    ("MNDAA: Myanmar National Democratic Alliance Army", "MNDAA", True),
    ("MNDAA: Myanmar National Democratic Alliance Army", "Myanmar National Democratic Alliance "
     "Army", True),
    ("Houthis (Ansar Allah)", "Houthis", True),
    ("U.S. Forces", "US forces", True),
    # a country in brackets is part of the name; different groups differ
    ("Islamic State (Iraq)", "Islamic State", False),
    ("Islamic State (Iraq)", "Islamic State (Syria)", False),
    ("JNIM: Group for Support of Islam and Muslims", "Al Qaeda", False),
    (None, None, True),
    ("Civilians (Mali)", None, False),
])
def test_actor_agreement_allows_acronym_and_alias_forms(pred: Any, gold: Any,
                                                        agree: bool) -> None:
    r = score_documents([doc("a", ev(actor1=gold))], {"a": [ev(actor1=pred)]})
    assert r.fields["actor1"].share == (1.0 if agree else 0.0)


def test_json_report_states_the_matching_rule() -> None:
    r = score_documents([doc("a", ev())], {"a": [ev()]}, max_km=25.0)
    out = r.to_dict()
    assert out["matching"] == {"max_km": 25.0, "date_slack_days": {"1": 1, "2": 7, "3": 31}}
    assert "25 km" in format_report(r, show_errors=False)
