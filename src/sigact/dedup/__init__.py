"""dedup stage: merge mentions of the same real-world event (see DESIGN.md).

Importing this package registers the built-in mergers: ``dedup.v2`` (the default:
order-independent and incremental, see :mod:`sigact.dedup.v2`) and ``dedup.simple.v1``
(greedy, first come first merged; kept so that configs naming it still load).
"""

from __future__ import annotations

from .fuse import Member, event_id_from_key, fuse
from .merge import GENERIC_SUB_TYPES, SimpleMerger, absorb, event_id_for, make_merger, new_event
from .similarity import Features, features, mention_key
from .v2 import (
    ClusterMerger,
    IncrementalDedup,
    MentionIndex,
    Stored,
    Update,
    make_cluster_merger,
)

__all__ = [
    "GENERIC_SUB_TYPES",
    "ClusterMerger",
    "Features",
    "IncrementalDedup",
    "Member",
    "MentionIndex",
    "SimpleMerger",
    "Stored",
    "Update",
    "absorb",
    "event_id_for",
    "event_id_from_key",
    "features",
    "fuse",
    "make_cluster_merger",
    "make_merger",
    "mention_key",
    "new_event",
]
