"""Scoring extraction against hand-coded gold files (``sigact eval``).

``score_documents`` is pure (gold docs and prediction dicts in, figures out); ``evaluate``
runs a pipeline over gold files first; ``format_report`` renders the figures as text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Errors, SigactError
from .gold import ErrorHandler, GoldDoc, parse_gold_line, read_gold
from .match import Match, dates_agree, is_match, km_between, match_events, norm_admin1, same_place
from .report import format_report
from .score import EvalReport, field_agreement, score_documents, weapons_jaccard

if TYPE_CHECKING:
    from ..pipeline import Pipeline

log = logging.getLogger(__name__)

__all__ = [
    "EvalReport", "GoldDoc", "Match", "dates_agree", "evaluate", "field_agreement", "format_report",
    "is_match", "km_between", "match_events", "norm_admin1", "parse_gold_line", "read_gold",
    "same_place", "score_documents", "weapons_jaccard",
]


def evaluate(
    paths: Sequence[str | Path], *, pipeline: Pipeline, batch_size: int = 32,
    on_error: ErrorHandler | None = None,
) -> EvalReport:
    """Read gold files, run ``pipeline`` over their documents and score what it emits.

    Each document is extracted on its own (no dedup), as ``sigact extract`` does. Bad gold
    lines and articles the extractor fails on go to ``on_error`` and are skipped; a failed
    article is left out of the scores rather than counted as silent.
    """
    from ..run import extract_batches

    docs = read_gold(paths, on_error=on_error)
    if not docs:
        raise SigactError(Errors.E077.format(paths=", ".join(map(str, paths))))
    predictions: dict[str, list[dict[str, Any]]] = {}
    for article, mentions in extract_batches(
        (d.to_article() for d in docs), pipeline=pipeline, batch_size=batch_size,
        on_error=on_error,
    ):
        predictions[article.id] = [m.to_dict() for m in mentions]
    scored = [d for d in docs if d.id in predictions]
    log.info("%d gold documents read, %d extracted", len(docs), len(scored))
    return score_documents(scored, predictions)
