"""``sigact eval-merge``: how well reports of the same event are merged, in two settings.

A merge gold file is a gold file (``sigact eval``) whose events carry a ``cluster`` key (or
``key``, as in the demo corpus): the same key in two reports means the same real-world event.
Two settings are scored:

* **oracle**: mentions built from the gold events themselves (type, date, place, actors,
  counts, weapons, target as coded), so only the merge decision is measured;
* **end to end**: our extraction and geocoding on the report texts. Each predicted mention is
  aligned to a gold event of the same report as ``sigact eval`` aligns them (type, date,
  place); the merge is scored over the aligned mentions, and a *strict* variant also counts
  every missed gold mention and every spurious prediction as a singleton.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dedup import Member, mention_key
from ..errors import Errors, SigactError
from ..records import Actor, Claim, Event, Evidence, Mention, Place
from .gold import ErrorHandler, GoldDoc, read_gold
from .match import match_events
from .merge import MergeScores, score_partition

if TYPE_CHECKING:
    from ..pipeline import DedupStage, Pipeline

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Setting:
    """The scores of one setting, with the merge errors for ``--show-errors``."""

    scores: MergeScores
    strict: MergeScores | None = None
    gold_mentions: int = 0
    aligned: int = 0
    spurious: int = 0
    wrong_merges: list[list[dict[str, Any]]] = field(default_factory=list)
    missed_merges: list[list[dict[str, Any]]] = field(default_factory=list)

    def to_dict(self, *, errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"scores": self.scores.to_dict(),
                               "gold_mentions": self.gold_mentions, "aligned": self.aligned,
                               "spurious": self.spurious}
        if self.strict is not None:
            out["strict"] = self.strict.to_dict()
        if errors:
            out["wrong_merges"] = self.wrong_merges
            out["missed_merges"] = self.missed_merges
        return out


@dataclass(slots=True)
class MergeEvalReport:
    documents: int
    gold_events: int
    oracle: Setting
    end_to_end: Setting | None = None

    def to_dict(self, *, errors: bool = False) -> dict[str, Any]:
        return {"documents": self.documents, "gold_events": self.gold_events,
                "oracle": self.oracle.to_dict(errors=errors),
                "end_to_end": self.end_to_end.to_dict(errors=errors) if self.end_to_end
                else None}


def evaluate_merge(
    paths: Sequence[str | Path], *, dedup: DedupStage, pipeline: Pipeline | None = None,
    on_error: ErrorHandler | None = None,
) -> MergeEvalReport:
    """Score ``dedup`` on merge gold files; end to end too when a ``pipeline`` is given."""
    docs = read_gold(paths, on_error=on_error)
    if not docs:
        raise SigactError(Errors.E077.format(paths=", ".join(map(str, paths))))
    gold = {f"{d.id}#{j}": _cluster(d, j, ev) for d in docs for j, ev in enumerate(d.events)}
    oracle_mentions = [oracle_mention(d, j, ev) for d in docs for j, ev in enumerate(d.events)]
    labels = partition_labels(oracle_mentions, dedup=dedup)
    items = list(gold)
    predicted = dict(zip(items, labels, strict=True))
    report = MergeEvalReport(documents=len(docs), gold_events=len(set(gold.values())),
                             oracle=_setting(predicted, gold, oracle_mentions, items))
    report.oracle.gold_mentions = report.oracle.aligned = len(items)
    if pipeline is not None:
        report.end_to_end = _end_to_end(docs, gold, dedup=dedup, pipeline=pipeline,
                                        on_error=on_error)
    return report


def _cluster(doc: GoldDoc, j: int, ev: dict[str, Any]) -> str:
    key = ev.get("cluster") or ev.get("key")  # the demo corpus names its events by "key"
    return str(key) if key not in (None, "") else f"{doc.id}#{j}"  # uncoded: its own event


def oracle_mention(doc: GoldDoc, j: int, ev: dict[str, Any]) -> Mention:
    """The mention a perfect extractor would emit for gold event ``j`` of ``doc``."""
    place = None
    if ev.get("location") or ev.get("latitude") is not None or ev.get("admin1"):
        place = Place(location=ev.get("location") or ev.get("admin1") or "",
                      country=ev.get("country"), iso3=ev.get("iso3"), admin1=ev.get("admin1"),
                      admin2=ev.get("admin2"), latitude=_float(ev.get("latitude")),
                      longitude=_float(ev.get("longitude")),
                      geo_precision=_int(ev.get("geo_precision")))
    evidence = [Evidence(doc.id, e["text"], int(e["start"]), int(e["end"]))
                for e in ev.get("evidence") or [] if isinstance(e, dict) and "text" in e]
    return Mention(
        doc=doc.id, event_type=ev["event_type"], sub_event_type=ev.get("sub_event_type") or "",
        event_date=_date(ev.get("event_date")), time_precision=_int(ev.get("time_precision")) or 1,
        actor1=_actor(ev, 1), actor2=_actor(ev, 2), place=place,
        fatalities=_int(ev.get("fatalities")) or 0, injuries=_int(ev.get("injuries")),
        weapons=[str(w) for w in ev.get("weapons") or []], target=ev.get("target"),
        claims=[Claim(c.get("kind", "claim"), c.get("by"), c.get("actor", ""))
                for c in ev.get("claims") or [] if isinstance(c, dict)],
        # A placeholder span keeps two gold events of one report apart in the merge's keys.
        evidence=evidence or [Evidence(doc.id, "", -1 - j, -1 - j)],
        published=doc.published,
    )


def partition_labels(mentions: Sequence[Mention], *, dedup: DedupStage) -> list[int]:
    """The merge's cluster number for each mention (any dedup stage).

    ``dedup.v2`` gives its partition directly; another stage is fed one report at a time as
    the store feeds it, and each mention is traced to the event holding its evidence.
    """
    partition = getattr(dedup, "partition", None)
    if callable(partition):
        groups = partition([Member(mention_key(m), m) for m in mentions])
    else:
        groups = _groups_by_evidence(mentions, dedup)
    labels = [-1] * len(mentions)
    for n, g in enumerate(groups):
        for i in g:
            labels[i] = n
    return labels


def _groups_by_evidence(mentions: Sequence[Mention], dedup: DedupStage) -> list[list[int]]:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_doc[m.doc].append(i)
    events: dict[str, Event] = {}
    for idxs in by_doc.values():
        for ev in dedup([mentions[i] for i in idxs], list(events.values())):
            events[ev.event_id] = ev
    home = {(s.doc, e.start, e.end): ev_id for ev_id, ev in events.items()
            for s in ev.sources for e in s.evidence}
    out: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        e = m.evidence[0] if m.evidence else None
        out[home.get((m.doc, e.start, e.end), f"#{i}") if e else f"#{i}"].append(i)
    return list(out.values())


def _end_to_end(
    docs: Sequence[GoldDoc], gold: dict[str, str], *, dedup: DedupStage, pipeline: Pipeline,
    on_error: ErrorHandler | None,
) -> Setting:
    from ..run import extract_batches

    by_id = {d.id: d for d in docs}
    mentions: list[Mention] = []
    aligned: dict[str, int] = {}  # gold item -> predicted mention index
    for article, found in extract_batches((d.to_article() for d in docs), pipeline=pipeline,
                                          on_error=on_error):
        doc = by_id[article.id]
        for match in match_events([m.to_dict() for m in found], doc.events):
            aligned[f"{doc.id}#{match.gold}"] = len(mentions) + match.pred
        mentions.extend(found)
    labels = partition_labels(mentions, dedup=dedup)
    matched = set(aligned.values())
    predicted = {g: labels[k] for g, k in aligned.items()}
    setting = _setting(predicted, {g: gold[g] for g in aligned},
                       mentions, list(aligned), index=aligned)
    setting.gold_mentions, setting.aligned = len(gold), len(aligned)
    spurious = [k for k in range(len(mentions)) if k not in matched]
    setting.spurious = len(spurious)
    strict_pred: dict[str, int | str] = {g: (labels[aligned[g]] if g in aligned else f"miss:{g}")
                                         for g in gold}
    strict_gold: dict[str, str] = dict(gold)
    for k in spurious:
        strict_pred[f"spurious#{k}"] = labels[k]
        strict_gold[f"spurious#{k}"] = f"spurious#{k}"
    setting.strict = score_partition(strict_pred, strict_gold)  # type: ignore[arg-type]
    return setting


def _setting(
    predicted: dict[str, int], gold: dict[str, str], mentions: Sequence[Mention],
    items: Sequence[str], *, index: dict[str, int] | None = None,
) -> Setting:
    """Scores plus the wrong and missed merges, described by the mentions involved."""
    pos = index or {g: n for n, g in enumerate(items)}
    setting = Setting(scores=score_partition(predicted, gold))  # type: ignore[arg-type]
    by_pred: dict[int, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for g in items:
        by_pred[predicted[g]].append(g)
        by_gold[gold[g]].append(g)

    def describe(g: str) -> dict[str, Any]:
        m = mentions[pos[g]]
        return {"item": g, "cluster": gold[g], "predicted": predicted[g],
                "event_type": m.sub_event_type or m.event_type,
                "event_date": m.event_date.isoformat() if m.event_date else None,
                "location": m.place.location if m.place else m.location_text}

    for members in by_pred.values():
        if len({gold[g] for g in members}) > 1:
            setting.wrong_merges.append([describe(g) for g in sorted(members)])
    for members in by_gold.values():
        if len({predicted[g] for g in members}) > 1:
            setting.missed_merges.append([describe(g) for g in sorted(members)])
    return setting


def format_merge_report(r: MergeEvalReport, *, show_errors: bool = False) -> str:
    lines = [f"documents {r.documents}   gold events {r.gold_events}", ""]
    for name, s in (("oracle mentions (the merge decision alone)", r.oracle),
                    ("end to end (our extraction + geo)", r.end_to_end)):
        if s is None:
            continue
        lines.append(f"{name}: {s.aligned} of {s.gold_mentions} gold mentions scored"
                     + (f", {s.spurious} spurious predictions" if r.end_to_end is s else ""))
        lines.append(_scores_line("", s.scores))
        if s.strict is not None:
            lines.append(_scores_line("strict (missed and spurious as singletons): ", s.strict))
        lines.append(f"  {len(s.wrong_merges)} wrong merges, {len(s.missed_merges)} missed")
        if show_errors:
            for label, groups in (("WRONG MERGE", s.wrong_merges),
                                  ("MISSED MERGE", s.missed_merges)):
                for group in groups:
                    lines.append(f"  {label}:")
                    lines.extend(f"    {d['item']:<28} gold {d['cluster']:<24} "
                                 f"pred {d['predicted']!s:<5} {d['event_date']}  "
                                 f"{d['location']}  {d['event_type']}" for d in group)
        lines.append("")
    return "\n".join(lines)


def _scores_line(prefix: str, s: MergeScores) -> str:
    return (f"  {prefix}pairwise P {_pct(s.pairwise_precision)} R {_pct(s.pairwise_recall)}"
            f"   B-cubed P {_pct(s.bcubed_precision)} R {_pct(s.bcubed_recall)}"
            f" F1 {_pct(s.bcubed_f1)}   ({s.items} mentions, {s.gold_clusters} gold events,"
            f" {s.predicted_clusters} predicted)")


def _pct(x: float | None) -> str:
    return "  n/a" if x is None else f"{100 * x:5.1f}%"


def _actor(ev: dict[str, Any], n: int) -> Actor | None:
    name = ev.get(f"actor{n}")
    return Actor(str(name), _int(ev.get(f"inter{n}"))) if name else None


def _int(v: Any) -> int | None:
    try:
        return None if v is None or isinstance(v, bool) else int(v)
    except (TypeError, ValueError):
        return None


def _float(v: Any) -> float | None:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def _date(v: Any) -> date | None:
    try:
        return date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None
