"""export: stored events as jsonl, ACLED-style csv or geojson (see DESIGN.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from ..errors import Errors, SigactError
from ..records import Event
from .writers import CSV_COLUMNS, flat_row, write_csv, write_geojson, write_jsonl

#: A writer streams events to an open text file and returns how many it wrote.
Writer = Callable[[Iterable[Event], TextIO], int]

FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
}


def get_writer(name: str) -> Writer:
    """The writer for a format name, with an error listing the formats if it is unknown."""
    try:
        return FORMATS[name]
    except KeyError:
        raise SigactError(Errors.E061.format(name=name, formats=", ".join(FORMATS))) from None


__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "Writer",
    "flat_row",
    "get_writer",
    "write_csv",
    "write_geojson",
    "write_jsonl",
]
