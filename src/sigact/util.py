"""Small helpers shared by stages that have nothing else in common."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause cyclic garbage collection while loading many small objects.

    Building ~100,000 small tuples triggers collections that walk the whole heap (spaCy's
    is big), which doubles or triples load time; nothing built while loading is cyclic
    garbage, so nothing is lost.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
