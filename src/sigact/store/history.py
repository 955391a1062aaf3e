"""An event's history for ``sigact events --history ID``: what changed, when, and which report.

An id that a later report merged into another event (or renamed, when an earlier-published
report arrived) still answers: its history ends with the id it went into, followed by the
history of that event.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ..errors import Errors, SigactError
from ..records import Event, Revision

if TYPE_CHECKING:
    from .sqlite import SQLiteStore


@dataclass(frozen=True, slots=True)
class History:
    """The requested id, the event it is now, and the recorded revisions (oldest first)."""

    event_id: str
    current_id: str
    event: Event | None
    created_at: str | None
    retired: list[Revision]  # of the requested id, when it was merged away
    revisions: list[Revision]  # of the current event

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "current_id": self.current_id,
            "created_at": self.created_at,
            "event": self.event.to_dict() if self.event else None,
            "retired": [r.to_dict() for r in self.retired],
            "revisions": [r.to_dict() for r in self.revisions],
        }


def event_history(store: SQLiteStore, event_id: str) -> History:
    """Raise E063 when no event ever had ``event_id``."""
    current = store.resolve_event_id(event_id)
    if current is None:
        raise SigactError(Errors.E063.format(event_id=event_id, db=store.path))
    revisions = store.revisions(current)
    # A renamed event's row is as old as its new id; its story starts with its first record.
    created = [t for t in (store.created_at(current), *(r.at for r in revisions[:1])) if t]
    return History(
        event_id=event_id,
        current_id=current,
        event=store.get_event(current),
        created_at=min(created) if created else None,
        retired=store.revisions(event_id) if current != event_id else [],
        revisions=revisions,
    )


def format_history(h: History) -> str:
    """Readable text: the event in one line, then one block per report that changed it."""
    lines: list[str] = []
    if h.current_id != h.event_id:
        lines += _blocks(h.retired)
        lines.append(f"{h.event_id} is now {h.current_id}; its history:")
        lines.append("")
    ev = h.event
    if ev is not None:
        place = ", ".join(x for x in (ev.place.location if ev.place else ev.location_text,
                                      ev.place.country if ev.place else None) if x)
        lines.append(f"{ev.event_id}  {ev.event_date or '?'}  {place or '?'}  "
                     f"{ev.sub_event_type}  {ev.fatalities} killed"
                     f" (up to {ev.fatalities_high})  {len(ev.sources)} sources")
    lines.append(f"  stored {h.created_at or '?'}")
    if not h.revisions:
        lines.append("  no revisions: no later report changed it")
    lines += _blocks(h.revisions)
    return "\n".join(lines) + "\n"


def _blocks(revisions: list[Revision]) -> list[str]:
    out: list[str] = []
    for (at, doc, outlet), group in groupby(revisions, key=lambda r: (r.at, r.doc, r.outlet)):
        who = f"report {doc}" + (f" ({outlet})" if outlet else "") if doc else "re-merge"
        out.append(f"  {at}  {who}")
        out.extend(f"      {_change(r)}" for r in group)
    return out


def _change(r: Revision) -> str:
    if r.field == "event_id":
        if r.event_id == r.old and r.event_id != r.new:
            return f"merged into {r.new}"
        return f"renamed from {r.old} (an earlier report now names the event)"
    if r.field == "merged":
        return f"absorbed event {r.old}"
    if r.field == "split_from":
        return f"split off from {r.old}"
    return f"{r.field}: {_value(r.old)} -> {_value(r.new)}"


def _value(v: Any) -> str:
    if v is None or v == []:
        return "none"
    if isinstance(v, dict) and "location" in v:
        names = [str(v[k]) for k in ("location", "admin1", "country") if v.get(k)]
        where = ", ".join(n for i, n in enumerate(names) if n not in names[:i])
        return f"{where} (precision {v.get('geo_precision') or '?'})"
    if isinstance(v, list):
        return "; ".join(_claim(x) if isinstance(x, dict) else str(x) for x in v)
    return str(v)


def _claim(c: dict[str, Any]) -> str:
    by = f" by {c['by']}" if c.get("by") else ""
    return f"{c.get('kind')}{by}: {c.get('actor')}"
