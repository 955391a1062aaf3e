"""Score predicted events against gold documents: pure functions over plain dicts.

Predictions are ``Mention.to_dict()`` shapes keyed by document id, so the scorer needs no
spaCy and no gazetteer, and the figures of ``sigact eval`` can be pinned by small tests.
Field figures are taken over matched pairs only, and only where the gold codes the field, so
a gold file that codes a subset of fields is scored on that subset.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .gold import GoldDoc
from .match import DATE_SLACK_DAYS, km_between, match_events, norm_admin1

#: Upper edges of the confidence bins of the reliability table (the last bin includes 1.0).
BIN_EDGES: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8, 1.0)
HIGH_CONFIDENCE = 0.8
NEAR_KM = 25.0

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class Ratio:
    """``correct`` of ``total``; ``share`` is None when nothing was scored."""

    correct: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return self.correct / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "share": _round(self.share)}


@dataclass(slots=True)
class CalibrationBin:
    """Predicted events whose confidence falls in [low, high): how many were matched."""

    low: float
    high: float
    count: int = 0
    correct: int = 0

    @property
    def share(self) -> float | None:
        return self.correct / self.count if self.count else None

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "count": self.count,
                "correct": self.correct, "share": _round(self.share)}


@dataclass(slots=True)
class SubTypeCounts:
    """Gold and predicted events of one sub-type; ``matched`` counts gold events of this
    sub-type that were matched, ``same_sub_type`` those matched by the same sub-type."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    same_sub_type: int = 0


@dataclass(slots=True)
class DocDiff:
    """What went wrong in one document, for ``--show-errors``."""

    doc: str
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    differing: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missed or self.spurious or self.differing)


@dataclass(slots=True)
class EvalReport:
    """Every figure ``sigact eval`` prints; ``to_dict`` is its ``--json`` shape."""

    documents: int = 0
    max_km: float = 50.0
    gold_events: int = 0
    predicted_events: int = 0
    matched: int = 0
    fields: dict[str, Ratio] = field(default_factory=dict)
    distances_km: list[float] = field(default_factory=list)
    weapons_jaccard: list[float] = field(default_factory=list)
    empty_docs: Ratio = field(default_factory=Ratio)
    calibration: list[CalibrationBin] = field(default_factory=list)
    high_confidence: CalibrationBin = field(
        default_factory=lambda: CalibrationBin(HIGH_CONFIDENCE, 1.0))
    sub_types: dict[str, SubTypeCounts] = field(default_factory=dict)
    diffs: list[DocDiff] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted_events if self.predicted_events else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold_events if self.gold_events else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.distances_km) if self.distances_km else None

    @property
    def within_25km(self) -> Ratio:
        return Ratio(sum(km <= NEAR_KM for km in self.distances_km), len(self.distances_km))

    @property
    def weapons_jaccard_mean(self) -> float | None:
        return statistics.fmean(self.weapons_jaccard) if self.weapons_jaccard else None

    def to_dict(self, *, errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": self.documents,
            "matching": {"max_km": self.max_km,
                         "date_slack_days": {str(k): v for k, v in DATE_SLACK_DAYS.items()}},
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events, "matched": self.matched,
            "precision": _round(self.precision), "recall": _round(self.recall),
            "f1": _round(self.f1),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "median_km": _round(self.median_km),
            "within_25km": self.within_25km.to_dict(),
            "weapons_jaccard": {"pairs": len(self.weapons_jaccard),
                                "mean": _round(self.weapons_jaccard_mean)},
            "empty_docs_silent": self.empty_docs.to_dict(),
            "calibration": [b.to_dict() for b in self.calibration],
            "high_confidence": self.high_confidence.to_dict(),
            "sub_types": {k: asdict(v) for k, v in sorted(self.sub_types.items())},
        }
        if errors:
            out["errors"] = [asdict(d) for d in self.diffs]
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# -- field comparisons (shared by the figures and by --show-errors) ---------------------------


def norm_text(value: object) -> str:
    """Case, diacritics and punctuation do not count ("U.S. forces" == "US Forces")."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return " ".join(_NON_ALNUM.sub(" ", text.lower().replace(".", "")).split())


_ACRONYM = re.compile(r"^([A-Z][A-Za-z0-9/-]{1,9}): (.+)$")
_ALIAS = re.compile(r"^(.+?) \(([^)]+)\)$")


def actor_forms(value: object) -> set[str]:
    """The normalised names an actor goes by: "MNDAA: Myanmar National Democratic Alliance
    Army" is also "MNDAA" and the full name; "Houthis (Ansar Allah)" is also "Houthis" and
    "Ansar Allah". A country in brackets ("Islamic State (Iraq)") is part of the name, as
    the codebook suffixes actors with the country they act in."""
    name = " ".join(str(value or "").split())
    forms = {norm_text(name)}
    m = _ACRONYM.match(name)
    if m:
        forms |= {norm_text(m.group(1)), norm_text(m.group(2))}
    m = _ALIAS.match(name)
    if m and not _is_country(m.group(2)):
        forms |= {norm_text(m.group(1)), norm_text(m.group(2))}
    return forms


def _is_country(name: str) -> bool:
    from ..extract.actors import country_adjective

    return country_adjective(name) is not None or name.lower() in ("international", "unknown")


def actors_agree(pred: object, gold: object) -> bool:
    """Same actor, up to case, punctuation and an ACLED-style acronym or alias form."""
    if not pred or not gold:
        return norm_text(pred) == norm_text(gold)
    return bool(actor_forms(pred) & actor_forms(gold))


def _int(value: object) -> int | None:
    try:
        return None if value is None or isinstance(value, bool) else int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _has(gold: Mapping[str, Any], key: str) -> bool:
    return gold.get(key) is not None


#: field -> (is it scored for this gold event?, do the two agree?)
_FIELD_RULES: dict[str, tuple[Callable[[Mapping[str, Any]], bool],
                              Callable[[Any, Any], bool]]] = {
    "sub_event_type": (lambda g: _has(g, "sub_event_type"), lambda p, g: p == g),
    "event_date": (lambda g: _has(g, "event_date"), lambda p, g: p == g),
    # The precision of a date the gold does not know is not scored.
    "time_precision": (lambda g: _has(g, "time_precision") and _has(g, "event_date"),
                       lambda p, g: _int(p) == _int(g)),
    "admin1": (lambda g: _has(g, "admin1"), lambda p, g: norm_admin1(p) == norm_admin1(g)),
    "fatalities": (lambda g: _has(g, "fatalities"), lambda p, g: _int(p) == _int(g)),
    "injuries": (lambda g: _has(g, "injuries"), lambda p, g: _int(p) == _int(g)),
    # A coded null actor2 means "no second side": scored, and a predicted one is wrong.
    "actor1": (lambda g: "actor1" in g, actors_agree),
    "actor2": (lambda g: "actor2" in g, actors_agree),
}
FIELDS: tuple[str, ...] = tuple(_FIELD_RULES)


def _weapons(value: object) -> set[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set):
        return set()
    return {norm_text(w) for w in value if norm_text(w)}


def weapons_jaccard(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> float | None:
    """Jaccard overlap of the weapon lists; None when the gold does not code weapons."""
    if "weapons" not in gold:
        return None
    p, g = _weapons(pred.get("weapons")), _weapons(gold.get("weapons"))
    return 1.0 if not p and not g else len(p & g) / len(p | g)


def field_agreement(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, bool]:
    """For each field the gold codes: does the prediction agree (normalised)?"""
    return {name: agree(pred.get(name), gold.get(name))
            for name, (scored, agree) in _FIELD_RULES.items() if scored(gold)}


# -- scoring ----------------------------------------------------------------------------------


def score_documents(
    docs: Sequence[GoldDoc], predictions: Mapping[str, Sequence[Mapping[str, Any]]], *,
    max_km: float = 50.0,
) -> EvalReport:
    """Match each document's predictions to its gold events and add up every figure.

    A document missing from ``predictions`` counts as one on which nothing was emitted.
    """
    report = EvalReport(
        max_km=max_km,
        fields={name: Ratio() for name in FIELDS},
        calibration=[CalibrationBin(lo, hi) for lo, hi in zip((0.0, *BIN_EDGES), BIN_EDGES,
                                                              strict=False)],
    )
    for doc in docs:
        pred = list(predictions.get(doc.id, ()))
        _score_doc(report, doc, pred, max_km=max_km)
    return report


def _score_doc(
    report: EvalReport, doc: GoldDoc, pred: list[Mapping[str, Any]], *, max_km: float
) -> None:
    gold = doc.events
    report.documents += 1
    report.gold_events += len(gold)
    report.predicted_events += len(pred)
    if not gold:
        report.empty_docs.add(not pred)
    matches = match_events(pred, gold, max_km=max_km)
    report.matched += len(matches)
    matched_pred = {m.pred for m in matches}
    matched_gold = {m.gold for m in matches}
    diff = DocDiff(doc=doc.id)

    for i, p in enumerate(pred):
        _calibrate(report, p, correct=i in matched_pred)
        report.sub_types.setdefault(str(p.get("sub_event_type")), SubTypeCounts()).predicted += 1
        if i not in matched_pred:
            diff.spurious.append(summarise(p))
    for j, g in enumerate(gold):
        report.sub_types.setdefault(str(g.get("sub_event_type")), SubTypeCounts()).gold += 1
        if j not in matched_gold:
            diff.missed.append(summarise(g))

    for m in matches:
        p, g = pred[m.pred], gold[m.gold]
        counts = report.sub_types[str(g.get("sub_event_type"))]
        counts.matched += 1
        counts.same_sub_type += p.get("sub_event_type") == g.get("sub_event_type")
        wrong: dict[str, list[Any]] = {}
        for name, ok in field_agreement(p, g).items():
            report.fields[name].add(ok)
            if not ok:
                wrong[name] = [p.get(name), g.get(name)]
        km = m.km if m.km is not None else km_between(p, g)
        if km is not None:
            report.distances_km.append(km)
            if km > NEAR_KM:
                wrong["location"] = [p.get("location"), g.get("location")]
        jac = weapons_jaccard(p, g)
        if jac is not None:
            report.weapons_jaccard.append(jac)
            if jac < 1.0:
                wrong["weapons"] = [p.get("weapons"), g.get("weapons")]
        if wrong:
            diff.differing.append({"pred": summarise(p), "gold": summarise(g), "fields": wrong,
                                   "km": None if km is None else round(km, 1)})
    if diff:
        report.diffs.append(diff)


def _calibrate(report: EvalReport, pred: Mapping[str, Any], *, correct: bool) -> None:
    try:
        conf = float(pred.get("confidence", 0.0))
    except (TypeError, ValueError):
        conf = 0.0
    conf = min(1.0, max(0.0, conf))
    for b in report.calibration:
        if conf < b.high or b.high >= 1.0:
            b.count += 1
            b.correct += correct
            break
    if conf >= HIGH_CONFIDENCE:
        report.high_confidence.count += 1
        report.high_confidence.correct += correct


def summarise(event: Mapping[str, Any], *, width: int = 140) -> dict[str, Any]:
    """The fields a reader needs to recognise an event, plus a short evidence excerpt."""
    out = {k: event.get(k) for k in ("event_date", "sub_event_type", "location", "admin1",
                                     "country", "fatalities", "confidence") if k in event}
    out["excerpt"] = evidence_excerpt(event, width=width)
    return out


def evidence_excerpt(event: Mapping[str, Any], *, width: int = 140) -> str:
    """The first evidence sentence, cut to ``width`` characters (gold uses ``sentence``,
    predictions ``text``)."""
    evidence = event.get("evidence") or []
    first = evidence[0] if isinstance(evidence, list) and evidence else None
    text = ""
    if isinstance(first, Mapping):
        text = str(first.get("text") or first.get("sentence") or "")
    elif isinstance(first, str):
        text = first
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
