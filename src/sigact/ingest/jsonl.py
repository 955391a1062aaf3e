"""JSONL archives: one article per line, streamed so a file of any size reads in flat memory.

Each line is judged on its own: a malformed, oversized or text-less line is reported with its
line number and skipped, and the other lines of the file still come out.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Protocol

from ..errors import Errors, InputError
from ..records import Article, DateSource
from .text import BOM, mb, normalise, pick_date

log = logging.getLogger(__name__)

_SKIP_CHUNK = 1024 * 1024


class LineReader(Protocol):
    """A binary stream read a line at a time, with a cap on how much one call returns."""

    def readline(self, size: int = -1, /) -> bytes: ...


def parse_published(value: Any) -> date | None:
    """``YYYY-MM-DD`` or an ISO datetime (its local calendar date); None if neither."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _text_field(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, str):
        return value.strip() or None
    if value is not None:
        log.debug("ignoring non-string %r field of type %s", key, type(value).__name__)
    return None


def _doc_id(obj: dict[str, Any], *, stem: str, line: int, source: str) -> str:
    value = obj.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    if value is not None:
        log.warning("%s: line %d: 'id' %r is not a string or integer; using line id",
                    source, line, value)
    return f"{stem}-{line}"


def parse_line(
    raw: str, *, line: int, source: str, stem: str, published: date | None,
    source_path: str | None = None,
) -> Article | InputError | None:
    """One JSONL line to an Article, an error naming the line, or None for a blank line."""
    if not raw.strip():
        return None
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        detail = f"{e.msg} at column {e.colno}"
        return InputError(source, Errors.E014.format(line=line, detail=detail))
    if not isinstance(obj, dict):
        return InputError(source, Errors.E023.format(line=line, kind=type(obj).__name__))
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(source, Errors.E015.format(line=line))
    found = parse_published(obj.get("published"))
    if found is None and obj.get("published") not in (None, ""):
        log.warning("%s: %s", source, Errors.E019.format(line=line, value=obj["published"]))
    found_source: DateSource = "jsonl"
    when, when_source = pick_date(found, found_source, published)
    return Article(
        id=_doc_id(obj, stem=stem, line=line, source=source),
        text=normalise(text),
        title=_text_field(obj, "title"),
        url=_text_field(obj, "url"),
        outlet=_text_field(obj, "outlet"),
        published=when,
        published_source=when_source,
        source_path=source_path,
    )


def read_jsonl(
    stream: LineReader, *, source: str, stem: str, published: date | None, max_bytes: int,
    source_path: str | None = None,
) -> Iterator[Article | InputError]:
    """Stream articles from ``stream``; ``max_bytes`` caps one line, never the whole file."""
    offset = 0  # byte offset of the current line in the file, for UTF-8 error positions
    line = 0
    seen_content = False
    while True:
        chunk = stream.readline(max_bytes + 1)
        if not chunk:
            break
        line += 1
        start = offset
        offset += len(chunk)
        if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
            seen_content = True
            while chunk and not chunk.endswith(b"\n"):
                chunk = stream.readline(_SKIP_CHUNK)
                offset += len(chunk)
            size, limit = mb(offset - start), mb(max_bytes)
            yield InputError(source, Errors.E022.format(line=line, size=size, limit=limit))
            continue
        if line == 1 and chunk.startswith(BOM):
            chunk, start = chunk[len(BOM):], start + len(BOM)
        try:
            raw = chunk.decode("utf-8")
        except UnicodeDecodeError as e:
            seen_content = True
            yield InputError(source, Errors.E024.format(line=line, pos=start + e.start))
            continue
        result = parse_line(
            raw, line=line, source=source, stem=stem, published=published,
            source_path=source_path,
        )
        if result is not None:
            seen_content = True
            yield result
    if not seen_content:
        yield InputError(source, Errors.E010)
