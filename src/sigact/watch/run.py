"""``sigact watch``: open the store and the state file, run the watcher, close both."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ..pipeline import Pipeline
from ..store.sqlite import SQLiteStore
from .config import WatchConfig
from .poller import CycleReport, Watcher, stop_on_signals
from .state import WatchState

log = logging.getLogger(__name__)


def watch(
    config: WatchConfig, *, db: Path, pipeline: Pipeline, once: bool = False,
    stop: threading.Event | None = None, signals: bool = True,
) -> CycleReport:
    """Watch until stopped (Ctrl-C, SIGTERM or ``stop``); ``once``: one cycle. Returns the
    last cycle's report."""
    stop = stop or threading.Event()
    if signals and threading.current_thread() is threading.main_thread():
        stop_on_signals(stop)
    state_path = config.state_path(db)
    with SQLiteStore(db) as store, WatchState(state_path) as state:
        watcher = Watcher(config, store=store, pipeline=pipeline, state=state, stop=stop)
        log.info("watching %d source(s) into %s (state: %s), %d area(s) of interest",
                 len(config.sources), db, state_path, len(config.areas))
        return watcher.run(once=once)


def describe_config(config: WatchConfig, *, db: Path) -> str:
    """What ``--check`` prints: the validated sources and areas, one line each."""
    w = config.watch
    lines = [f"{config.path}: valid; every {w.interval:g} s, state {config.state_path(db)}"]
    for s in config.sources:
        what = f"feed {s.feed}" if s.feed else f"{len(s.urls)} page(s)"
        allow = w.allow_private if s.allow_private is None else s.allow_private
        extra = "; private addresses allowed" if allow else ""
        lines.append(f"source {s.name}: {what}{extra}")
    for a in config.areas:
        shape = (f"polygon of {len(a.polygon[0])} points" if a.polygon
                 else f"{a.radius_km:g} km around {a.lat:g}, {a.lon:g}")
        target = a.webhook or config.alerts.webhook or "log only"
        lines.append(f"area {a.name}: {shape} -> {target}")
    return "\n".join(lines) + "\n"
