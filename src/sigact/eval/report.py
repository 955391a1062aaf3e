"""Plain-text rendering of an EvalReport, for terminals and CI logs."""

from __future__ import annotations

from typing import Any

from .match import DATE_SLACK_DAYS
from .score import NEAR_KM, EvalReport, Ratio


def _slack() -> str:
    a, b, c = (DATE_SLACK_DAYS[k] for k in (1, 2, 3))
    return f"{a} day / {b} days / {c} days by time precision"

_FIELD_LABELS: dict[str, str] = {
    "sub_event_type": "sub-event type",
    "event_date": "date exact (gold dated)",
    "time_precision": "time precision (gold dated)",
    "admin1": "admin1",
    "fatalities": "fatalities exact",
    "injuries": "injuries exact (gold coded)",
    "actor1": "actor1",
    "actor2": "actor2",
}


def _pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{100 * x:5.1f}%"


def _ratio(r: Ratio) -> str:
    return f"{_pct(r.share)}  ({r.correct}/{r.total})"


def format_report(report: EvalReport, *, show_errors: bool) -> str:
    """The figures as aligned text; with ``show_errors``, a per-document diff after them."""
    r = report
    lines = [
        f"documents {r.documents}   gold events {r.gold_events}   predicted {r.predicted_events}"
        f"   matched {r.matched}",
        f"precision {_pct(r.precision)}   recall {_pct(r.recall)}   F1 {_pct(r.f1)}",
        f"  match: one to one, same event type, dates within {_slack()}",
        f"  (undated sides not checked), places within {r.max_km:g} km or, where either lacks "
        "coordinates, the same admin1",
        "",
        f"matched pairs ({r.matched}):",
    ]
    for name, label in _FIELD_LABELS.items():
        if name in r.fields:
            lines.append(f"  {label:<28}{_ratio(r.fields[name])}")
    km = "n/a" if r.median_km is None else f"{r.median_km:.1f} km"
    lines.append(f"  {'median distance':<28}{km}  ({len(r.distances_km)} pairs with coordinates)")
    lines.append(f"  {f'within {NEAR_KM:g} km':<28}{_ratio(r.within_25km)}")
    jac = r.weapons_jaccard_mean
    lines.append(f"  {'weapons Jaccard (mean)':<28}{'  n/a' if jac is None else f'{jac:5.2f}'}"
                 f"  ({len(r.weapons_jaccard)} pairs)")
    lines += ["", f"event-free documents left silent: {_ratio(r.empty_docs)}", "",
              "reliability (predicted events by confidence):",
              "  confidence   count   correct"]
    for b in r.calibration:
        lines.append(f"  {b.low:.1f}-{b.high:.1f}   {b.count:>7}   {_pct(b.share)}")
    hc = r.high_confidence
    lines.append(f"  of events with confidence >= {hc.low:g}, {_pct(hc.share).strip()} correct "
                 f"({hc.correct}/{hc.count})")
    lines += ["", "per sub-type:",
              f"  {'sub_event_type':<38}{'gold':>5}{'pred':>6}{'match':>7}{'same':>6}"]
    for name, c in sorted(r.sub_types.items(), key=lambda kv: (-kv[1].gold, kv[0])):
        lines.append(f"  {name[:37]:<38}{c.gold:>5}{c.predicted:>6}{c.matched:>7}"
                     f"{c.same_sub_type:>6}")
    if show_errors:
        lines += ["", *_errors(report)]
    return "\n".join(lines) + "\n"


def _event(ev: dict[str, Any]) -> str:
    place = ", ".join(str(ev[k]) for k in ("location", "admin1", "country") if ev.get(k))
    conf = f" conf {ev['confidence']}" if ev.get("confidence") is not None else ""
    return (f"{ev.get('event_date') or '?'} {ev.get('sub_event_type')} @ {place or '?'}"
            f" ({ev.get('fatalities', '?')} killed){conf}")


def _errors(report: EvalReport) -> list[str]:
    lines = [f"errors ({len(report.diffs)} documents):"]
    for d in report.diffs:
        lines.append(f"== {d.doc}")
        for ev in d.missed:
            lines += [f"  MISSED   {_event(ev)}", f"           \"{ev['excerpt']}\""]
        for ev in d.spurious:
            lines += [f"  SPURIOUS {_event(ev)}", f"           \"{ev['excerpt']}\""]
        for pair in d.differing:
            km = f", {pair['km']} km apart" if pair.get("km") is not None else ""
            lines.append(f"  DIFFERS  {_event(pair['gold'])}{km}")
            for name, (pred, gold) in pair["fields"].items():
                lines.append(f"           {name}: {pred!r} vs gold {gold!r}")
            lines.append(f"           \"{pair['pred']['excerpt']}\"")
    return lines
