"""Ingest: files, directories and stdin in, :class:`~sigact.records.Article` records out.

Bad input never raises: each unreadable input (or JSONL line) comes out as an
:class:`~sigact.errors.InputError` in its place, so the caller reports it and goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TextIO

from ..errors import InputError
from ..records import Article
from .files import SUFFIXES, read_file, read_stdin, resolve

__all__ = ["SUFFIXES", "read_sources"]


def read_sources(
    paths: Sequence[str],
    *,
    published: date | None = None,
    max_mb: float = 20.0,
    stdin: TextIO | None = None,
) -> Iterator[Article | InputError]:
    """Read every input in ``paths`` in order (``-`` or no paths: ``stdin``).

    ``published`` is the default publication date (``--published``); a date found in a JSONL
    record or in HTML metadata wins over it. ``max_mb`` caps one text/HTML file or one JSONL
    line; larger inputs are reported without being read.
    """
    if max_mb <= 0:
        raise ValueError(f"max_mb must be a positive number of megabytes, got {max_mb!r}")
    max_bytes = int(max_mb * 1024 * 1024)
    for name in paths or ["-"]:
        if name == "-":
            yield from read_stdin(
                stdin if stdin is not None else sys.stdin, published=published,
                max_bytes=max_bytes,
            )
            continue
        for item in resolve(name):
            if isinstance(item, InputError):
                yield item
            else:
                yield from read_file(item, published=published, max_bytes=max_bytes)
