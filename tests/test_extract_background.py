"""Background mentions: recalled acts are not new events unless asked for, on extract and eval.

The codebook drops anything dated more than 30 days before publication, anniversaries and
"the 2020 attack"; ``--include-background`` emits them, each with its own date.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigact.cli import main

REPORT = {
    "id": "bg-1", "published": "2024-05-15",
    "text": ("Mourners in Mogadishu marked the anniversary of the 2017 truck bombing on Sunday. "
             "Separately, a roadside bomb killed two soldiers near Kismayo on Monday. In March, "
             "a drone struck a depot near Baidoa, killing one guard."),
    "events": [{"event_date": "2024-05-13", "event_type": "Explosions/Remote violence",
                "sub_event_type": "Remote explosive/landmine/IED", "location": "Kismayo",
                "admin1": "Lower Juba", "country": "Somalia", "fatalities": 2}],
}


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(REPORT) + "\n", encoding="utf-8")
    return path


def _events(out: str) -> list[tuple[str | None, int, str]]:
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [(r["event_date"], r["time_precision"], r["location"]) for r in rows]


def test_extract_drops_background_unless_asked(report: Path, gazetteer_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(report), "--gazetteer", str(gazetteer_path)]) == 0
    assert _events(capsys.readouterr().out) == [("2024-05-13", 1, "Kismayo")]
    assert main(["extract", str(report), "--gazetteer", str(gazetteer_path),
                 "--include-background"]) == 0
    # each recalled act comes with its own date: the strike "in March" to the month ("March"
    # is no place), the anniversary's bombing with none, as only its year is given (not the
    # Sunday of the commemoration)
    out = capsys.readouterr().out
    assert _events(out) == [(None, 3, "Mogadishu"), ("2024-05-13", 1, "Kismayo"),
                            ("2024-03-01", 3, "Baidoa")]
    assert "background mention of 2017" in json.loads(out.splitlines()[0])["notes"]


def test_eval_scores_background_only_when_asked(report: Path, gazetteer_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(report), "--json", "--gazetteer", str(gazetteer_path)]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert (plain["matched"], plain["predicted_events"]) == (1, 1)
    assert main(["eval", str(report), "--json", "--include-background",
                 "--gazetteer", str(gazetteer_path)]) == 0
    wide = json.loads(capsys.readouterr().out)
    assert (wide["matched"], wide["predicted_events"]) == (1, 3)
