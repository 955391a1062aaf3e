from __future__ import annotations

import pytest

from sigact.errors import SigactError
from sigact.pipeline import Pipeline, get_factory, register, registered


def test_registered_stage_names_are_pinned() -> None:
    # Renaming a stage breaks users' configs: change this list only with a CHANGELOG entry.
    assert registered("extract") == ["extract.rules.v1"]
    assert registered("geo") == ["geo.gazetteer.v1"]
    assert registered("dedup") == ["dedup.simple.v1", "dedup.v2"]


def test_unknown_stage_name_lists_the_registered_ones() -> None:
    with pytest.raises(SigactError, match=r"extract\.rules\.v1"):
        get_factory("extract", "extract.nope")


def test_unknown_stage_kind_is_refused() -> None:
    with pytest.raises(SigactError, match="Stage kinds are"):
        register("ingestion", "x")


def test_pipeline_from_config_chains_extract_and_geo(pipeline: Pipeline) -> None:
    from datetime import date

    from sigact.records import Article

    text = (
        "A roadside bomb struck a police patrol on the outskirts of Kirkuk on Tuesday, killing "
        "two officers and wounding three others, provincial officials said."
    )
    art = Article(id="kirkuk-ied", text=text, published=date(2024, 3, 7), published_source="cli")
    mentions = pipeline([art])
    assert len(mentions) == 1
    m = mentions[0]
    assert m.doc == "kirkuk-ied"
    assert m.sub_event_type == "Remote explosive/landmine/IED"
    assert m.event_date == date(2024, 3, 5)
    assert m.fatalities == 2
    assert m.place is not None and m.place.country == "Iraq"
    assert m.evidence and text[m.evidence[0].start : m.evidence[0].end] == m.evidence[0].text
