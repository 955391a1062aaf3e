"""Data validity of the second development gold file, ``bench/gold/dev2.jsonl``.

See bench/gold/README.md. The same checks as ``test_gold_own.py`` (shared in
``gold_checks.py``): the gold reader reads every line, every event follows the codebook's
rules, and the file keeps the composition the README promises. dev2 is a development set
(others tune on it); these tests check its validity only.
"""

from __future__ import annotations

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

GOLD = GOLD_DIR / "dev2.jsonl"
ID_PATTERN = r"d2-\d{3}"
MAX_WORDS = 700


Gold = tuple[list[dict[str, Any]], list[GoldDoc]]


@pytest.fixture(scope="module")
def gold() -> Gold:
    """The file twice: as plain dicts, and through the project's gold reader."""
    return read_raw(GOLD), read_docs(GOLD)


def test_every_line_is_read_by_the_gold_reader(gold: Gold) -> None:
    raw, docs = gold
    assert [d.id for d in docs] == [d["id"] for d in raw]
    assert all(d.published is not None for d in docs)


def test_documents_have_every_field_and_unique_ids(gold: Gold) -> None:
    raw = gold[0]
    ids = [d["id"] for d in raw]
    assert len(ids) == len(set(ids))
    problems = {
        d.get("id", "?"): p for d in raw
        if (p := document_problems(d, id_pattern=ID_PATTERN, max_words=MAX_WORDS))
    }
    assert not problems


def test_every_event_follows_the_codebook(gold: Gold) -> None:
    assert not all_event_problems(gold[1])


def test_composition(gold: Gold) -> None:
    raw, docs = gold
    events = [ev for d in docs for ev in d.events]
    assert len(docs) == 50
    assert sum(1 for d in docs if not d.events) == 12
    assert {ev["event_type"] for ev in events} == set(TAXONOMY)
    assert len({ev["sub_event_type"] for ev in events}) >= 15
    assert len({ev["iso3"] for ev in events}) >= 25
    assert sum(1 for d in docs if len(d.events) > 1) >= 15
    assert sum(1 for d in raw if len(d["text"].split()) >= 220) >= 3
    assert sum(1 for ev in events if ev["claims"]) >= 15


def test_a_document_with_broken_metadata_is_caught() -> None:
    bad = {"id": "own-001", "published": "3 May 2024", "title": "t", "text": "word " * 20,
           "outlet": "o", "url": "https://news.example.com/x", "events": []}
    problems = document_problems(bad, id_pattern=ID_PATTERN, max_words=MAX_WORDS)
    assert len(problems) == 4, problems
    assert document_problems({"id": "d2-001"}, id_pattern=ID_PATTERN, max_words=MAX_WORDS)
