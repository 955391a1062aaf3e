"""dedup stage: merge mentions of the same real-world event (see DESIGN.md).

Importing this package registers the built-in mergers (``dedup.simple.v1``).
"""

from __future__ import annotations

from .merge import GENERIC_SUB_TYPES, SimpleMerger, absorb, event_id_for, make_merger, new_event

__all__ = [
    "GENERIC_SUB_TYPES",
    "SimpleMerger",
    "absorb",
    "event_id_for",
    "make_merger",
    "new_event",
]
