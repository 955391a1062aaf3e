"""Parquet export and the CAMEO / PLOVER mapping of sub-event types."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from service_fixtures import N_EVENTS, build_db
from sigact.cli import main
from sigact.export import BINARY_FORMATS, CSV_COLUMNS, event_codes, write_csv, write_parquet
from sigact.export.codes import cameo_code, plover_code
from sigact.extract.triggers import SUBTYPES
from test_export import make_events

CAMEO_ROOTS = {f"{i:02d}" for i in range(1, 21)}
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT"}


def test_every_codebook_sub_type_is_mapped_once() -> None:
    codes = event_codes()
    assert set(codes) == set(SUBTYPES)
    for sub, code in codes.items():
        assert code.event_type == SUBTYPES[sub]
        assert code.why, f"{sub}: the mapping table says why"
        if code.cameo is None:
            assert code.plover is None and sub in {"Change to group/activity", "Other"}
            continue
        assert code.cameo.isdigit() and 3 <= len(code.cameo) <= 4 and code.cameo[:2] in CAMEO_ROOTS
        assert code.plover in PLOVER_TYPES and code.cameo_name


def test_known_codes() -> None:
    assert (cameo_code("Air/drone strike"), plover_code("Air/drone strike")) == ("195", "ASSAULT")
    assert cameo_code("Agreement") == "057"  # leading zero kept: CAMEO codes are strings
    assert (cameo_code("Peaceful protest"), plover_code("Peaceful protest")) == ("141", "PROTEST")
    assert (cameo_code("Arrests"), plover_code("Arrests")) == ("173", "COERCE")
    assert cameo_code("Other") is None and cameo_code("not a sub-type") is None


def test_csv_carries_the_codes() -> None:
    out = io.StringIO(newline="")
    write_csv(make_events(), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [(r["cameo_code"], r["plover_code"]) for r in rows] == [("195", "ASSAULT"),
                                                                   ("141", "PROTEST")]


def test_parquet_round_trip_with_types(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "e.parquet"
    with path.open("wb") as fh:
        assert write_parquet(make_events(), fh, row_group=1) == 2
    table = pq.read_table(path)
    assert table.column_names == list(CSV_COLUMNS)
    assert pq.ParquetFile(path).num_row_groups == 2
    rows = table.to_pylist()
    first = rows[0]
    assert first["event_date"] == date(2024, 1, 28) and first["fatalities"] == 3
    assert first["weapons"] == ["drone", "missile"]
    assert first["source_urls"] == ["https://example.org/a", "https://example.org/b?x=1;y=2"]
    assert first["notes"].startswith('He said "hold, fire"')
    assert json.loads(first["claims"])[0]["kind"] == "claim"
    assert first["iso"] == 400 and first["cameo_code"] == "195"
    assert rows[1]["event_date"] is None and rows[1]["latitude"] is None


def test_parquet_empty_is_readable(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "empty.parquet"
    with path.open("wb") as fh:
        assert write_parquet([], fh) == 0
    assert pq.read_table(path).num_rows == 0
    assert "parquet" in BINARY_FORMATS


def test_cli_export_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    db = build_db(tmp_path / "e.db")
    out = tmp_path / "events.parquet"
    assert main(["export", "--db", str(db), "--format", "parquet", "-o", str(out)]) == 0
    assert pq.read_table(out).num_rows == N_EVENTS
    assert not out.with_name(out.name + ".part").exists()
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 1
    assert "pass -o FILE.parquet" in capsys.readouterr().err
