"""Data validity of the gold files written after our own set: ``bench/gold/heldout.jsonl``
(held out: nothing in the project may tune against it) and ``bench/gold/dev2.jsonl`` (a
development set others tune on). See bench/gold/README.md.

The same checks as ``test_gold_own.py`` (shared in ``gold_checks.py``): the gold reader reads
every line, every event follows the codebook's rules, and each file keeps the composition the
README promises. Nothing here runs the extractor on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from gold_checks import (
    GOLD_DIR,
    TAXONOMY,
    all_event_problems,
    document_problems,
    read_docs,
    read_raw,
)
from sigact.eval.gold import GoldDoc


@dataclass(frozen=True)
class GoldSet:
    """A gold file and the composition its README section promises."""

    file: str
    id_prefix: str
    sub_types: int  # at least this many sub-event types
    countries: int  # at least this many countries with events
    multi_event_docs: int  # at least this many documents with more than one event
    long_words: int  # "long" documents have at least this many words ...
    long_docs: int  # ... and there are at least this many of them
    claims: int = 0  # at least this many events carrying claims
    max_words: int = 700


SETS = [
    GoldSet("heldout.jsonl", "ho", sub_types=16, countries=12, multi_event_docs=10,
            long_words=400, long_docs=8),
    GoldSet("dev2.jsonl", "d2", sub_types=15, countries=25, multi_event_docs=15,
            long_words=220, long_docs=3, claims=15),
]

Gold = tuple[GoldSet, list[dict[str, Any]], list[GoldDoc]]


@pytest.fixture(scope="module", params=SETS, ids=[s.file for s in SETS])
def gold(request: pytest.FixtureRequest) -> Gold:
    """The file twice: as plain dicts, and through the project's gold reader."""
    spec: GoldSet = request.param
    return spec, read_raw(GOLD_DIR / spec.file), read_docs(GOLD_DIR / spec.file)


def test_every_line_is_read_by_the_gold_reader(gold: Gold) -> None:
    _, raw, docs = gold
    assert [d.id for d in docs] == [d["id"] for d in raw]
    assert all(d.published is not None for d in docs)


def test_documents_have_every_field_and_unique_ids(gold: Gold) -> None:
    spec, raw, _ = gold
    ids = [d["id"] for d in raw]
    assert len(ids) == len(set(ids))
    problems = {
        d.get("id", "?"): p for d in raw
        if (p := document_problems(d, id_pattern=rf"{spec.id_prefix}-\d{{3}}",
                                   max_words=spec.max_words))
    }
    assert not problems


def test_every_event_follows_the_codebook(gold: Gold) -> None:
    assert not all_event_problems(gold[2])


def test_composition(gold: Gold) -> None:
    spec, raw, docs = gold
    events = [ev for d in docs for ev in d.events]
    assert len(docs) == 50
    assert sum(1 for d in docs if not d.events) == 12
    assert {ev["event_type"] for ev in events} == set(TAXONOMY)
    assert len({ev["sub_event_type"] for ev in events}) >= spec.sub_types
    assert len({ev["iso3"] for ev in events}) >= spec.countries
    assert sum(1 for d in docs if len(d.events) > 1) >= spec.multi_event_docs
    assert sum(1 for d in raw if len(d["text"].split()) >= spec.long_words) >= spec.long_docs
    assert sum(1 for ev in events if ev["claims"]) >= spec.claims


@pytest.mark.parametrize("spec", SETS, ids=[s.file for s in SETS])
def test_a_document_with_broken_metadata_is_caught(spec: GoldSet) -> None:
    pattern = rf"{spec.id_prefix}-\d{{3}}"
    bad = {"id": "own-001", "published": "3 May 2024", "title": "t", "text": "word " * 20,
           "outlet": "o", "url": "https://news.example.com/x", "events": []}
    problems = document_problems(bad, id_pattern=pattern, max_words=spec.max_words)
    assert len(problems) == 4, problems
    assert document_problems({"id": f"{spec.id_prefix}-001"}, id_pattern=pattern,
                             max_words=spec.max_words)
