"""`sigact eval-geo`: scoring against a UCDP-format CSV written for the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigact.cli import main
from sigact.errors import SigactError
from sigact.geo import Gazetteer
from sigact.geo.evaluate import (
    evaluate_ucdp,
    find_in_headline,
    format_geo_report,
    read_ucdp,
    same_name,
)

HEADER = "id,year,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,source_headline," \
         "country,iso3"
HXL = ",#date+year,,#loc+name,#adm1+name,#adm2+name,#geo+lat,#geo+lon,#description," \
      "#country+name,#country+code"
ROWS = [
    # headline names the coded town
    "1,2016,1,Al Fallūjah town,Al Anbār province,Qaḑā’ al Fallūjah,33.3558,43.7861,"
    "Mortar fire hits Fallujah market,Iraq,IRQ",
    "2,2016,2,Mosul town,Nīnawá province,Qaḑā’ al Mawşil,36.335,43.119,"
    "Clashes near Mosul as troops advance;Army says it holds the airport,Iraq,IRQ",
    # headline names only the province
    "3,2016,1,Hīt town,Al Anbār province,Hīt district,33.64,42.83,"
    "Militants attack army post in Anbar,Iraq,IRQ",
    # coded to a province: not used
    "4,2016,3,Al Anbār province,Al Anbār province,,33.4,43.3,Fighting in Anbar,Iraq,IRQ",
    # no headline: not used
    "5,2016,1,Baghdād city,Baghdād province,,33.34,44.40,,Iraq,IRQ",
    # a village no gazetteer has: used, and a coverage miss
    "6,2016,1,Zzyzx village,Diyālá province,,33.9,44.9,Gunmen kill four in Zzyzx,Iraq,IRQ",
    "7,2017,1,Ar Raqqah town,Ar Raqqah province,,35.95,39.01,Air strikes pound Raqqa,Syria,SYR",
]


@pytest.fixture()
def ged(tmp_path: Path) -> Path:
    path = tmp_path / "ged.csv"
    path.write_text("\n".join([HEADER, HXL, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_rows_used_are_town_coded_rows_whose_headline_names_the_place(
    ged: Path, gazetteer: Gazetteer
) -> None:
    cases, counts = read_ucdp(ged, gazetteer)
    assert counts["rows"] == 7  # the HXL tag row is not a row
    assert counts["rows coded to a town (where_prec 1-2)"] == 6
    assert [(c.row, c.kind, c.phrase, c.admin1) for c in cases] == [
        ("1", "town", "Fallujah", "Anbar"), ("2", "town", "Mosul", "Nineveh"),
        ("3", "admin1", "Anbar", "Anbar"), ("6", "town", "Zzyzx", "Diyala"),
        ("7", "town", "Raqqa", "Raqqa"),
    ]


def test_phrase_mode_scores(ged: Path, gazetteer: Gazetteer) -> None:
    report = evaluate_ucdp(ged, gazetteer=gazetteer, modes=("phrase",))
    all_rows = next(s for s in report.scores if s.label == "phrase/all")
    assert all_rows.rows == 5
    assert all_rows.resolved == 4  # Zzyzx has no coordinates
    assert all_rows.share(all_rows.country) == pytest.approx(0.8)
    assert all_rows.share(all_rows.admin1) == pytest.approx(0.8)
    # the province-only row is coded to Ramadi, ~60 km from Hit: resolved, but not near
    assert all_rows.within == pytest.approx(0.6)
    assert all_rows.median_km is not None and all_rows.median_km < 5
    assert (all_rows.admin2_rows, all_rows.admin2) == (2, 2)  # Falluja, Mosul districts
    assert any("Zzyzx" in text for _, text in report.misses["phrase"])
    text = format_geo_report(report)
    assert "phrase/all" in text and "Zzyzx" in text


def test_text_mode_finds_the_place_itself(ged: Path, gazetteer: Gazetteer, pipeline: Any) -> None:
    report = evaluate_ucdp(ged, gazetteer=gazetteer, modes=("text",), nlp=pipeline.extract.nlp)
    town = next(s for s in report.scores if s.label == "text/town")
    assert town.rows == 4 and town.resolved == 3 and town.country == 3


def test_headline_spelling_is_found_whatever_the_transliteration() -> None:
    assert find_in_headline("Bombs hit Fallujah's market", "Al Fallūjah") == "Fallujah"
    assert find_in_headline("Strikes near Dayr az Zawr", "Deir ez-Zor") == "Dayr az Zawr"
    assert find_in_headline("Iraq violence kills 14", "Al Fallūjah") is None
    assert same_name("Mosul", "al Mawsil") and not same_name("Mosul", "Basra")


def test_not_a_ucdp_file_is_a_clear_error(tmp_path: Path, gazetteer: Gazetteer) -> None:
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SigactError, match="missing column"):
        read_ucdp(bad, gazetteer)
    with pytest.raises(SigactError, match="not a UCDP GED CSV"):
        read_ucdp(tmp_path / "missing.csv", gazetteer)


def test_cli_prints_the_report_and_json(
    ged: Path, gazetteer_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["eval-geo", str(ged), "--mode", "phrase", "--gazetteer", str(gazetteer_path)]
    assert main(args) == 0
    assert "phrase/all" in capsys.readouterr().out
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    scores = {s["label"]: s for s in data["scores"]}
    assert scores["phrase/all"]["rows"] == 5
    assert scores["phrase/all"]["coverage"] == pytest.approx(0.8)


def test_cli_names_a_missing_file(tmp_path: Path, gazetteer_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval-geo", str(tmp_path / "none.csv"), "--gazetteer", str(gazetteer_path)])
    assert code != 0
    assert "none.csv" in capsys.readouterr().err
