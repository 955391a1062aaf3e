"""Read-only SQLite connections lent to one request at a time.

SQLite connections must not be used by two threads at once, and FastAPI runs a request's sync
dependencies and endpoint on whichever worker thread is free. So a request borrows a connection
for its whole life (one thread at a time uses it) and returns it; idle ones are kept for reuse.
Each borrow is one read transaction, so a page and its total count see the same snapshot even
while ``sigact run`` writes to the file.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..store.sqlite import SQLiteStore

log = logging.getLogger(__name__)


class StorePool:
    """Lends :meth:`SQLiteStore.open_readonly` stores; opens more when all are busy."""

    def __init__(self, path: str | Path, *, max_idle: int = 32) -> None:
        self.path = Path(path)
        self.max_idle = max_idle
        self._idle: queue.LifoQueue[SQLiteStore] = queue.LifoQueue()

    @contextmanager
    def store(self) -> Iterator[SQLiteStore]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = SQLiteStore.open_readonly(self.path)
        conn = store._conn
        conn.execute("BEGIN")
        ok = False
        try:
            yield store
            ok = True
        finally:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error:
                ok = False
            if ok and self._idle.qsize() < self.max_idle:
                self._idle.put(store)
            else:
                store.close()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
