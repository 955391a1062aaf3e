"""Live ingestion: poll feeds and pages, ingest what is new, alert on areas of interest."""

from __future__ import annotations

from .config import SourceConfig, WatchConfig, WatchSettings, documented_keys, load_config
from .poller import CycleReport, Watcher, doc_id, stop_on_signals
from .run import describe_config, watch
from .state import WatchState

__all__ = [
           "CycleReport",
           "SourceConfig",
           "WatchConfig",
           "WatchSettings",
           "WatchState",
           "Watcher",
           "describe_config",
           "doc_id",
           "documented_keys",
           "load_config",
           "stop_on_signals",
           "watch",
]
