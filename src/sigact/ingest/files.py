"""Which inputs to read, in which order, and the guards that run before any parsing.

Every guard turns bad input into an :class:`InputError` naming it, so one broken file never
ends a run over a thousand good ones. Sizes are checked with ``stat`` before a byte is read,
and only the first block of a file is looked at to tell text from binary.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from ..errors import Errors, InputError
from ..records import Article
from .html import article_from_html
from .jsonl import read_jsonl
from .text import BOM, article_from_text, mb

log = logging.getLogger(__name__)

#: File suffix (lower case) to reader kind.
SUFFIXES: dict[str, str] = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
#: How much of a file the binary sniff looks at.
HEAD_BYTES = 8192
#: Share of control bytes in the head above which a file is taken for binary.
MAX_CONTROL_SHARE = 0.10

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes that never occur in text: C0 controls except tab, newline, vertical tab, form feed,
# carriage return and escape (ANSI colour codes in logs), plus DEL.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}


class ByteSource:
    """A binary stream whose first block is read up front, to be sniffed, yet still streamed."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self.head: bytes = raw.read(HEAD_BYTES)
        self._buf = self.head

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes (the head first, then the rest of the stream)."""
        out, self._buf = self._buf[:size], self._buf[size:]
        if len(out) < size:
            out += self._raw.read(size - len(out))
        return out

    def readline(self, size: int = -1, /) -> bytes:
        """One line, at most ``size`` bytes of it (the rest comes on the next call)."""
        if size < 0:
            size = 1 << 62
        if not self._buf:
            return bytes(self._raw.readline(size))
        cut = self._buf.find(b"\n", 0, size)
        if cut >= 0 or len(self._buf) >= size:
            end = cut + 1 if cut >= 0 else size
            out, self._buf = self._buf[:end], self._buf[end:]
            return out
        out, self._buf = self._buf, b""
        return out + self._raw.readline(size - len(out))


class _EncodedText:
    """A text stream (``io.StringIO`` in tests) seen as UTF-8 bytes, so one path reads both."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).encode("utf-8")

    def readline(self, size: int = -1) -> bytes:
        return self._stream.readline(size).encode("utf-8")


def sniff_binary(head: bytes) -> str | None:
    """Why ``head`` is not text (an error message), or None when it looks like text."""
    if head.startswith(_UTF16_BOMS):
        return Errors.E021
    if b"\x00" in head:
        return Errors.E011.format(detail="it contains NUL bytes")
    if head:
        share = sum(b in _CONTROL for b in head) / len(head)
        if share > MAX_CONTROL_SHARE:
            detail = f"{share:.0%} of its first {len(head)} bytes are control characters"
            return Errors.E011.format(detail=detail)
    return None


def sniff_kind(head: bytes) -> str:
    """For stdin: ``{`` first means JSONL, ``<`` means HTML, anything else is text."""
    first = head.removeprefix(BOM).lstrip()[:1]
    return {b"{": "jsonl", b"<": "html"}.get(first, "text")


def read_stream(
    src: ByteSource, *, kind: str, source: str, doc_id: str, published: date | None,
    max_bytes: int, source_path: str | None = None,
) -> Iterator[Article | InputError]:
    """Guards, then the reader for ``kind``; ``doc_id`` is also the JSONL fallback stem."""
    # Whitespace-only files are caught by each reader, which sees more than the head.
    if not src.head.removeprefix(BOM):
        yield InputError(source, Errors.E010)
        return
    why = sniff_binary(src.head)
    if why is not None:
        yield InputError(source, why)
        return
    if kind == "jsonl":
        yield from read_jsonl(
            src, source=source, stem=doc_id, published=published, max_bytes=max_bytes,
            source_path=source_path,
        )
        return
    data = src.read(max_bytes + 1)
    if len(data) > max_bytes:  # stdin, or a file that grew after stat
        yield InputError(
            source, Errors.E013.format(size=f"over {mb(max_bytes)}", limit=mb(max_bytes))
        )
        return
    reader = article_from_html if kind == "html" else article_from_text
    yield reader(
        data, doc_id=doc_id, source=source, published=published, source_path=source_path
    )


def read_file(
    path: Path, *, published: date | None, max_bytes: int
) -> Iterator[Article | InputError]:
    """One file whose suffix is supported: size guard (stat, before reading), then parse."""
    source = str(path)
    kind = SUFFIXES[path.suffix.lower()]
    try:
        size = path.stat().st_size
        if kind != "jsonl" and size > max_bytes:
            yield InputError(source, Errors.E013.format(size=mb(size), limit=mb(max_bytes)))
            return
        with path.open("rb") as fh:
            yield from read_stream(
                ByteSource(fh), kind=kind, source=source, doc_id=path.stem,
                published=published, max_bytes=max_bytes, source_path=source,
            )
    except OSError as e:
        yield InputError(source, Errors.E020.format(detail=e.strerror or str(e)))


def read_stdin(
    stream: IO[str], *, published: date | None, max_bytes: int
) -> Iterator[Article | InputError]:
    """stdin, sniffed for its format; its text article is called ``stdin``."""
    buffer = getattr(stream, "buffer", None)
    raw: Any = buffer if buffer is not None else _EncodedText(stream)
    try:
        src = ByteSource(raw)
        yield from read_stream(
            src, kind=sniff_kind(src.head), source="<stdin>", doc_id="stdin",
            published=published, max_bytes=max_bytes,
        )
    except (OSError, UnicodeDecodeError) as e:
        yield InputError("<stdin>", Errors.E020.format(detail=str(e)))


def walk(root: Path) -> Iterator[Path | InputError]:
    """Supported files under ``root``, sorted by path; hidden files and folders skipped."""
    problems: list[OSError] = []
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=problems.append):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            if path.suffix.lower() not in SUFFIXES:
                log.debug("skipping %s: unsupported file type", path)
                continue
            found.append((path.relative_to(root).parts, path))
    for err in problems:
        where = err.filename or str(root)
        yield InputError(str(where), Errors.E020.format(detail=err.strerror or str(err)))
    if not found and not problems:
        yield InputError(str(root), Errors.E025)
    for _, path in sorted(found):
        yield path


def resolve(name: str) -> Iterator[Path | InputError]:
    """A path as named on the command line: a supported file, or a directory to walk."""
    path = Path(name)
    try:
        if path.is_dir():
            yield from walk(path)
            return
        if not path.exists():
            yield InputError(name, Errors.E017)
            return
    except OSError as e:
        yield InputError(name, Errors.E020.format(detail=e.strerror or str(e)))
        return
    if path.suffix.lower() not in SUFFIXES:
        yield InputError(name, Errors.E018.format(suffix=path.suffix or "(none)"))
        return
    yield path
