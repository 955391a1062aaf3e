"""export: stored events as jsonl, ACLED-style csv, geojson or parquet (see DESIGN.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TextIO

from ..errors import Errors, SigactError
from ..records import Event
from .codes import EventCode, cameo_code, event_codes, plover_code
from .parquet import write_parquet
from .writers import CSV_COLUMNS, flat_row, write_csv, write_geojson, write_jsonl

#: A writer streams events to an open text file and returns how many it wrote.
Writer = Callable[[Iterable[Event], TextIO], int]
#: The same for formats written to a binary file.
BinaryWriter = Callable[[Iterable[Event], IO[bytes]], int]

FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
}
BINARY_FORMATS: dict[str, BinaryWriter] = {
    "parquet": write_parquet,
}
#: Every export format name, text and binary.
ALL_FORMATS: tuple[str, ...] = (*FORMATS, *BINARY_FORMATS)


def get_writer(name: str) -> Writer:
    """The writer for a format name, with an error listing the formats if it is unknown."""
    try:
        return FORMATS[name]
    except KeyError:
        raise SigactError(Errors.E061.format(name=name, formats=", ".join(FORMATS))) from None


def get_binary_writer(name: str) -> BinaryWriter:
    """As :func:`get_writer`, for binary formats (``parquet``)."""
    try:
        return BINARY_FORMATS[name]
    except KeyError:
        formats = ", ".join(BINARY_FORMATS)
        raise SigactError(Errors.E061.format(name=name, formats=formats)) from None


__all__ = [
    "ALL_FORMATS",
    "BINARY_FORMATS",
    "CSV_COLUMNS",
    "FORMATS",
    "BinaryWriter",
    "EventCode",
    "Writer",
    "cameo_code",
    "event_codes",
    "flat_row",
    "get_binary_writer",
    "get_writer",
    "plover_code",
    "write_csv",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]
