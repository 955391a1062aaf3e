"""Merge accuracy on the dev set (bench/merge/dev.jsonl): oracle, degraded oracle, end to end.

* ``oracle``: mentions built from the gold events, as coded: the merge decision alone;
* ``degraded``: the same mentions made vaguer at random, as real extraction makes them
  (a place reduced to its province, coordinates lost, actors, weapons or target dropped,
  tolls misread), averaged over seeds: how precision holds when the evidence thins out, and
  a guard against rules that only fit this file's coding;
* ``end to end``: our extraction and geocoding on the report texts (needs the gazetteer;
  skipped with ``--oracle-only``).

Each is scored for dedup.v2 (the default) and the old greedy dedup.simple.v1. Run:
``python bench/merge_accuracy.py [--gold FILE] [--seeds N] [--oracle-only]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
from dataclasses import replace
from pathlib import Path
from typing import Any

from sigact.eval.gold import read_gold
from sigact.eval.merge import MergeScores, score_partition
from sigact.eval.merge_eval import evaluate_merge, oracle_mention, partition_labels
from sigact.pipeline import get_factory
from sigact.records import Mention, Place

DEV = Path(__file__).resolve().parent / "merge" / "dev.jsonl"
MERGERS = ("dedup.v2", "dedup.simple.v1")


def degrade(m: Mention, rng: random.Random) -> Mention:
    """A vaguer copy of a mention, as a weaker report or extractor would give it."""
    p = m.place
    if p is not None and rng.random() < 0.2 and p.admin1:
        p = Place(p.admin1, country=p.country, iso3=p.iso3, admin1=p.admin1,
                  latitude=p.latitude, longitude=p.longitude, geo_precision=3)
    elif p is not None and rng.random() < 0.15:
        p = replace(p, latitude=None, longitude=None)
    return replace(
        m, place=p,
        actor1=None if rng.random() < 0.3 else m.actor1,
        actor2=None if rng.random() < 0.3 else m.actor2,
        weapons=[] if rng.random() < 0.3 else list(m.weapons),
        target=None if rng.random() < 0.5 else m.target,
        fatalities=max(0, m.fatalities + rng.choice([0, 0, 0, -1, 1, 5])),
    )


def degraded_scores(gold_path: Path, name: str, seeds: int) -> list[MergeScores]:
    docs = read_gold([gold_path])
    items = [(d, j, ev) for d in docs for j, ev in enumerate(d.events)]
    gold = {f"{d.id}#{j}": str(ev.get("cluster") or f"{d.id}#{j}") for d, j, ev in items}
    out = []
    for seed in range(seeds):
        rng = random.Random(seed)
        mentions = [degrade(oracle_mention(d, j, ev), rng) for d, j, ev in items]
        labels = partition_labels(mentions, dedup=get_factory("dedup", name)())
        out.append(score_partition(dict(zip(gold, labels, strict=True)), gold))  # type: ignore[arg-type]
    return out


def _fmt(s: MergeScores) -> str:
    return (f"pairwise P {_p(s.pairwise_precision)} R {_p(s.pairwise_recall)}   "
            f"B-cubed P {_p(s.bcubed_precision)} R {_p(s.bcubed_recall)} F1 {_p(s.bcubed_f1)}")


def _p(x: float | None) -> str:
    return "  n/a" if x is None else f"{100 * x:5.1f}%"


def _mean(scores: list[MergeScores], attr: str) -> Any:
    values = [getattr(s, attr) for s in scores if getattr(s, attr) is not None]
    return (statistics.fmean(values), min(values)) if values else (None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEV)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--oracle-only", action="store_true")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"skipped: {args.gold} not found")
        return
    print(f"machine: {platform.machine()} {os.cpu_count()} cpus, python "
          f"{platform.python_version()}; gold {args.gold}")
    pipeline = None
    if not args.oracle_only:
        from sigact.geo.gazetteer import Gazetteer
        from sigact.pipeline import Pipeline

        pipeline = Pipeline.from_config(gazetteer=Gazetteer.open(None))
    for name in MERGERS:
        report = evaluate_merge([args.gold], dedup=get_factory("dedup", name)(),
                                pipeline=pipeline)
        print(f"\n{name}  ({report.documents} reports, {report.gold_events} gold events)")
        print(f"  oracle      {_fmt(report.oracle.scores)}")
        runs = degraded_scores(args.gold, name, args.seeds)
        parts = []
        for attr, label in (("pairwise_precision", "pairwise P"),
                            ("pairwise_recall", "R"), ("bcubed_f1", "B-cubed F1")):
            mean, low = _mean(runs, attr)
            parts.append(f"{label} {_p(mean)} (min {_p(low)})")
        print(f"  degraded    mean of {args.seeds} seeds: " + "   ".join(parts))
        e2e = report.end_to_end
        if e2e is not None:
            print(f"  end to end  {_fmt(e2e.scores)}   over {e2e.aligned} of "
                  f"{e2e.gold_mentions} gold mentions aligned")
            if e2e.strict is not None:
                print(f"  strict      {_fmt(e2e.strict)}   (+{e2e.spurious} spurious, "
                      "missed and spurious as singletons)")


if __name__ == "__main__":
    main()
