"""CAMEO and PLOVER codes for our sub-event types, so exports join event-data tooling.

ACLED's taxonomy codes what happened at a place; CAMEO (Schrodt's Conflict and Mediation Event
Observations, 1.1b3) and PLOVER (its successor ontology) code one actor acting on another. The
mapping is many-to-one and lossy: it is written down, with the reason for each row, in
``event_codes.csv`` beside this module (README: "Exports"). Sub-types no category fits
("Change to group/activity", "Other") map to no code rather than to a guess.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class EventCode:
    """The codes one sub-event type maps to; ``None`` where no category fits."""

    event_type: str
    sub_event_type: str
    cameo: str | None
    cameo_name: str | None
    plover: str | None
    why: str


@lru_cache(maxsize=1)
def event_codes() -> dict[str, EventCode]:
    """The mapping table by sub-event type (read once from ``event_codes.csv``)."""
    text = resources.files("sigact.export").joinpath("event_codes.csv").read_text("utf-8")
    with io.StringIO(text, newline="") as fh:
        return {
            row["sub_event_type"]: EventCode(
                event_type=row["event_type"],
                sub_event_type=row["sub_event_type"],
                cameo=row["cameo"] or None,
                cameo_name=row["cameo_name"] or None,
                plover=row["plover"] or None,
                why=row["why"],
            )
            for row in csv.DictReader(fh)
        }


def cameo_code(sub_event_type: str) -> str | None:
    """The CAMEO code (a string: leading zeros matter, "057") for a sub-event type."""
    code = event_codes().get(sub_event_type)
    return code.cameo if code else None


def plover_code(sub_event_type: str) -> str | None:
    """The PLOVER event type ("ASSAULT", "PROTEST", ...) for a sub-event type."""
    code = event_codes().get(sub_event_type)
    return code.plover if code else None
