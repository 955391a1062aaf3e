"""store: the event database (see DESIGN.md). SQLite is the embedded default."""

from __future__ import annotations

from .schema import SCHEMA_VERSION
from .sqlite import EventFilters, SQLiteStore

__all__ = ["SCHEMA_VERSION", "EventFilters", "SQLiteStore"]
