"""Shared fixtures: heavy resources (gazetteer, spaCy pipeline) are built once per session."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def demo_reports() -> list[dict[str, Any]]:
    """Every demo report with its hand-coded expected events (the corpus doubles as gold)."""
    out = []
    for path in sorted(REPORTS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def demo_countries() -> set[str]:
    """ISO2 codes of every country the demo corpus codes an event in, for a small gazetteer."""
    import pycountry

    codes = {"IQ", "SY", "JO", "YE", "UA", "RU", "ML", "BF", "NE", "MM", "SO", "SD", "US", "IR"}
    for rep in demo_reports():
        for ev in rep.get("events", []):
            if ev.get("iso3"):
                c = pycountry.countries.get(alpha_3=ev["iso3"])
                if c:
                    codes.add(c.alpha_2)
    return codes


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sigact.geo.build import build_gazetteer

    path = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    build_gazetteer(path, countries=demo_countries())
    return path


@pytest.fixture(scope="session")
def gazetteer(gazetteer_path: Path) -> Any:
    from sigact.geo.gazetteer import Gazetteer

    return Gazetteer.open(gazetteer_path, build=False)


@pytest.fixture(scope="session")
def pipeline(gazetteer: Any) -> Iterator[Any]:
    from sigact.pipeline import Pipeline

    yield Pipeline.from_config(gazetteer=gazetteer)
