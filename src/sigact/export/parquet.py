"""Parquet export (pyarrow), for pandas, DuckDB, Spark and GIS tools that read columns.

Same columns as the CSV (``CSV_COLUMNS``) with real types: dates as dates, counts as integers,
lists (weapons, source URLs and documents) as lists rather than joined strings. Written in row
groups so a large export never holds every event in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from ..errors import Errors, SigactError
from ..records import Event
from .writers import CSV_COLUMNS, flat_row

log = logging.getLogger(__name__)

#: Events per Parquet row group.
ROW_GROUP = 10_000

_INTS = {"time_precision": "int8", "inter1": "int8", "inter2": "int8", "geo_precision": "int8",
         "iso": "int16", "fatalities": "int32", "fatalities_high": "int32", "injuries": "int32"}
_FLOATS = ("latitude", "longitude", "confidence")
_LISTS = ("weapons", "source_urls", "source_docs")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise SigactError(Errors.E105) from None
    return pyarrow


def parquet_schema() -> Any:
    """The Arrow schema of a sigact Parquet export, column for column as ``CSV_COLUMNS``."""
    pa = _pyarrow()
    fields = []
    for name in CSV_COLUMNS:
        if name == "event_date":
            typ = pa.date32()
        elif name in _INTS:
            typ = getattr(pa, _INTS[name])()
        elif name in _FLOATS:
            typ = pa.float64()
        elif name in _LISTS:
            typ = pa.list_(pa.string())
        else:
            typ = pa.string()
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


def _row(ev: Event) -> dict[str, Any]:
    row = flat_row(ev)
    row["event_date"] = ev.event_date
    row["weapons"] = list(ev.weapons)
    row["source_urls"] = list(dict.fromkeys(s.url for s in ev.sources if s.url))
    row["source_docs"] = list(dict.fromkeys(s.doc for s in ev.sources))
    return row


def _batches(events: Iterable[Event], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(events)
    while batch := [_row(ev) for ev in islice(it, size)]:
        yield batch


def write_parquet(events: Iterable[Event], out: IO[bytes], *, row_group: int = ROW_GROUP) -> int:
    """Write events to a binary file object; returns how many were written."""
    pa = _pyarrow()
    schema = parquet_schema()
    n = 0
    with pa.parquet.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in _batches(events, row_group):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    log.debug("parquet: %d events written", n)
    return n
