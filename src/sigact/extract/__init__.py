"""extract stage: from an Article to event Mentions (see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from ..pipeline import register
from .rules import RuleExtractor

__all__ = ["RuleExtractor", "make_extractor"]


@register("extract", "extract.rules.v1")
def make_extractor(
    *,
    nlp: Language | None = None,
    gazetteer: Any = None,
    include_background: bool = False,
    max_age_days: int = 30,
    ner: str | None = None,
) -> RuleExtractor:
    """Build the rule extractor; loads the spaCy pipeline once when ``nlp`` is not given
    (``ner``: what the statistical NER adds, see ``nlp.NER_MODES``)."""
    if nlp is None:
        from .nlp import load_nlp

        nlp = load_nlp(gazetteer=gazetteer, ner=ner)
    return RuleExtractor(
        nlp=nlp, gazetteer=gazetteer, include_background=include_background,
        max_age_days=max_age_days,
    )
