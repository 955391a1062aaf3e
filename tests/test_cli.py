"""The CLI contracts of DESIGN.md: `extract`, `run`, `events`, `export`, bad input, kill -9."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sigact.cli import main
from sigact.records import EVENT_FIELDS

IED_REPORT = (
    "A roadside bomb struck a police patrol on the outskirts of Kirkuk on Tuesday, killing two "
    "officers and wounding three others, provincial officials said. No group said it planted "
    "the device."
)
CLASH_REPORT = (
    "Fighters from an armed group and government troops clashed for several hours near the town "
    "of Djibo in northern Burkina Faso on Sunday. The army said four soldiers were killed."
)
NO_EVENT = (
    "The foreign minister met her counterpart in Amman on Monday to discuss trade, water and "
    "the reopening of a border market. Both sides praised the talks."
)


def _sigact(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("sigact")
    return subprocess.run([str(exe), *map(str, args)], input=stdin, capture_output=True,
                          text=True, check=False, timeout=600)


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("command", [[], ["extract"], ["run"], ["events"], ["export"],
                                     ["gazetteer"], ["gazetteer", "build"], ["watch"]])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: sigact" in capsys.readouterr().out


def test_extract_prints_every_codebook_field_with_doc(
    tmp_path: Path, gazetteer_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kirkuk-ied.txt").write_text(IED_REPORT, encoding="utf-8")
    rc = main(["extract", str(tmp_path / "kirkuk-ied.txt"), "--published", "2024-03-07",
               "--gazetteer", str(gazetteer_path)])
    assert rc == 0
    events = _lines(capsys.readouterr().out)
    assert len(events) == 1
    ev = events[0]
    assert list(ev) == ["doc", *EVENT_FIELDS]
    assert ev["doc"] == "kirkuk-ied"
    assert ev["event_date"] == "2024-03-05"
    assert ev["sub_event_type"] == "Remote explosive/landmine/IED"
    assert ev["fatalities"] == 2
    assert ev["injuries"] == 3
    assert ev["country"] == "Iraq"


def test_extract_csv_has_header_and_one_row_per_event(
    tmp_path: Path, gazetteer_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(IED_REPORT, encoding="utf-8")
    assert main(["extract", str(tmp_path), "--published", "2024-03-07", "--format", "csv",
                 "--gazetteer", str(gazetteer_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1
    assert rows[0]["doc"] == "a"
    assert rows[0]["sub_event_type"] == "Remote explosive/landmine/IED"


def test_extract_reads_jsonl_from_stdin(gazetteer_path: Path) -> None:
    lines = [
        {"id": "bf-1", "text": CLASH_REPORT, "published": "2024-05-14", "outlet": "Test Wire"},
        {"id": "jo-1", "text": NO_EVENT, "published": "2024-05-14"},
    ]
    proc = _sigact("extract", "-", "--gazetteer", gazetteer_path,
                   stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    events = _lines(proc.stdout)
    assert [e["doc"] for e in events] == ["bf-1"]
    assert events[0]["sub_event_type"] == "Armed clash"
    assert events[0]["event_date"] == "2024-05-12"


def _bad_inputs(folder: Path) -> dict[str, Path]:
    bad = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "latin1": folder / "latin1.txt",
        "nohtml": folder / "menu.html",
        "jsonl": folder / "mixed.jsonl",
    }
    bad["empty"].write_text("", encoding="utf-8")
    bad["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    bad["latin1"].write_bytes("Des manifestants à Bamako, café fermé.".encode("latin-1"))
    bad["nohtml"].write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/about'>About</a></nav><footer>(c) 2024</footer></body></html>",
        encoding="utf-8",
    )
    good = {"id": "good-jsonl", "text": CLASH_REPORT, "published": "2024-05-14"}
    bad["jsonl"].write_text(
        json.dumps(good) + "\n" + '{"id": "broken", "text": "unterminated\n', encoding="utf-8"
    )
    return bad


def test_bad_inputs_are_reported_by_name_and_the_rest_is_processed(
    tmp_path: Path, gazetteer_path: Path
) -> None:
    bad = _bad_inputs(tmp_path)
    (tmp_path / "kirkuk.txt").write_text(IED_REPORT, encoding="utf-8")
    proc = _sigact("extract", tmp_path, "--published", "2024-03-07",
                   "--gazetteer", gazetteer_path)
    assert proc.returncode == 0, proc.stderr
    docs = sorted(e["doc"] for e in _lines(proc.stdout))
    assert docs == ["good-jsonl", "kirkuk"]
    messages = [line for line in proc.stderr.splitlines() if line.startswith("sigact: ")]
    for path in bad.values():
        hits = [m for m in messages if str(path) in m]
        assert len(hits) == 1, (path, proc.stderr)
    assert any("mixed.jsonl" in m and "line 2" in m for m in messages)


def test_extract_fails_when_nothing_could_be_read(tmp_path: Path, gazetteer_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    proc = _sigact("extract", tmp_path / "empty.txt", tmp_path / "missing.txt",
                   "--gazetteer", gazetteer_path)
    assert proc.returncode != 0
    assert "empty.txt" in proc.stderr and "missing.txt" in proc.stderr
    assert proc.stdout == ""


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_run_stores_events_and_is_idempotent(tmp_path: Path, gazetteer_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "kirkuk.txt").write_text(IED_REPORT, encoding="utf-8")
    (src / "djibo.txt").write_text(CLASH_REPORT, encoding="utf-8")
    db = tmp_path / "t.db"
    args = ["run", str(src), "--db", str(db), "--published", "2024-03-07",
            "--gazetteer", str(gazetteer_path)]
    assert main(args) == 0
    first = (_count(db, "articles"), _count(db, "events"))
    assert first == (2, 2)
    assert main(args) == 0
    assert (_count(db, "articles"), _count(db, "events")) == first
    assert "0 articles stored, 2 already stored" in capsys.readouterr().err

    capsys.readouterr()
    assert main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    exported = _lines(capsys.readouterr().out)
    assert len(exported) == 2
    for ev in exported:
        assert ev["event_id"]
        assert set(EVENT_FIELDS) - {"evidence"} <= set(ev)
        assert [s["doc"] for s in ev["sources"]] in (["kirkuk"], ["djibo"])

    assert main(["events", "--db", str(db), "--country", "Iraq"]) == 0
    table = capsys.readouterr().out
    assert "Kirkuk" in table and "Djibo" not in table and table.rstrip().endswith("1 events")


def test_events_on_a_missing_database_says_how_to_create_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", "--db", str(tmp_path / "none.db")]) == 1
    assert "sigact run" in capsys.readouterr().err


def _many_articles(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            town = ("Kirkuk", "Mosul", "Tikrit", "Baqubah", "Ramadi")[i % 5]
            text = (f"A roadside bomb hit an army vehicle near {town} on Tuesday, killing "
                    f"{i % 7 + 1} soldiers, officials said (report {i}).")
            fh.write(json.dumps({"id": f"a{i}", "text": text, "published": "2024-03-07"}) + "\n")


@pytest.mark.slow
def test_killed_run_leaves_a_consistent_db_and_rerun_completes(
    tmp_path: Path, gazetteer_path: Path
) -> None:
    src = tmp_path / "many.jsonl"
    _many_articles(src, 400)
    db = tmp_path / "k.db"
    exe = Path(sys.executable).with_name("sigact")
    cmd = [str(exe), "run", str(src), "--db", str(db), "--gazetteer", str(gazetteer_path),
           "--batch-size", "8"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            stored = _count(db, "articles")
        except sqlite3.Error:
            continue
        if stored >= 20:
            break
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = _count(db, "articles")
    assert 20 <= partial < 400

    again = _sigact("run", src, "--db", db, "--gazetteer", gazetteer_path)
    assert again.returncode == 0, again.stderr
    assert _count(db, "articles") == 400

    clean = tmp_path / "clean.db"
    once = _sigact("run", src, "--db", clean, "--gazetteer", gazetteer_path)
    assert once.returncode == 0, once.stderr
    assert _count(db, "events") == _count(clean, "events")
