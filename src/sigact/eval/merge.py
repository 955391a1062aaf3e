"""Scoring a merge: pairwise and B-cubed precision/recall of a partition against gold clusters.

Pure functions over plain labels (item -> cluster), so the figures of ``sigact eval-merge``
can be pinned by small tests. Definitions:

* **pairwise**: over every unordered pair of items, a pair put together by the merge is
  right when the gold puts it together too; precision = right pairs / pairs put together,
  recall = right pairs / pairs the gold puts together. Undefined (None) without pairs;
* **B-cubed** (Bagga & Baldwin 1998): per item, precision = share of its predicted cluster
  that is in its gold cluster, recall = share of its gold cluster that is in its predicted
  cluster; averaged over items. F1 is the harmonic mean of the averages.

A wrong merge (two events told as one) lowers precision; a missed merge lowers recall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class MergeScores:
    """The figures for one partition; ``None`` where a figure is undefined."""

    items: int
    gold_clusters: int
    predicted_clusters: int
    pairwise_precision: float | None
    pairwise_recall: float | None
    bcubed_precision: float | None
    bcubed_recall: float | None

    @property
    def pairwise_f1(self) -> float | None:
        return _f1(self.pairwise_precision, self.pairwise_recall)

    @property
    def bcubed_f1(self) -> float | None:
        return _f1(self.bcubed_precision, self.bcubed_recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "gold_clusters": self.gold_clusters,
            "predicted_clusters": self.predicted_clusters,
            "pairwise": {"precision": _round(self.pairwise_precision),
                         "recall": _round(self.pairwise_recall),
                         "f1": _round(self.pairwise_f1)},
            "bcubed": {"precision": _round(self.bcubed_precision),
                       "recall": _round(self.bcubed_recall), "f1": _round(self.bcubed_f1)},
        }


def score_partition(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> MergeScores:
    """Score ``predicted`` (item -> predicted cluster) against ``gold`` (item -> gold cluster).

    Both must label the same items; an item missing from one side is a ``ValueError`` (the
    callers decide how unaligned items count, see ``sigact.eval.merge_eval``).
    """
    if set(predicted) != set(gold):
        missing = sorted(map(str, set(predicted) ^ set(gold)))[:5]
        raise ValueError(f"predicted and gold label different items, e.g. {missing}")
    n = len(gold)
    pred_size = Counter(predicted.values())
    gold_size = Counter(gold.values())
    both = Counter((predicted[i], gold[i]) for i in gold)
    together_pred = sum(_pairs(k) for k in pred_size.values())
    together_gold = sum(_pairs(k) for k in gold_size.values())
    right = sum(_pairs(k) for k in both.values())
    if n:
        b_p = sum(both[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in gold) / n
        b_r = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in gold) / n
    return MergeScores(
        items=n,
        gold_clusters=len(gold_size),
        predicted_clusters=len(pred_size),
        pairwise_precision=right / together_pred if together_pred else None,
        pairwise_recall=right / together_gold if together_gold else None,
        bcubed_precision=b_p if n else None,
        bcubed_recall=b_r if n else None,
    )


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
