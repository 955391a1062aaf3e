"""Plain-text articles, and the decoding rules every reader shares.

The text is kept exactly as evidence offsets will refer to it: newlines become ``"\\n"`` and a
byte order mark is dropped, nothing else (no whitespace folding, no Unicode normalisation).
"""

from __future__ import annotations

import codecs
from datetime import date

from ..errors import Errors, InputError
from ..records import Article, DateSource

BOM = codecs.BOM_UTF8
_MIB = 1024 * 1024


def mb(n_bytes: int) -> str:
    """Format a byte count as MB (MiB, like ``--max-mb``) for messages."""
    return f"{n_bytes / _MIB:.1f}"


def normalise(text: str) -> str:
    """Newlines to ``"\\n"`` and a leading BOM removed: the only changes ingest makes."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_utf8(data: bytes, *, source: str) -> str | InputError:
    """Decode strictly, naming the first bad byte so the user can find it (a BOM is fine)."""
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        return InputError(source, Errors.E012.format(pos=e.start + skip))


def pick_date(
    found: date | None, found_source: DateSource, cli: date | None
) -> tuple[date | None, DateSource]:
    """A date from the document wins over the ``--published`` default; else unknown."""
    if found is not None:
        return found, found_source
    if cli is not None:
        return cli, "cli"
    return None, "unknown"


def article_from_text(
    data: bytes, *, doc_id: str, source: str, published: date | None,
    source_path: str | None = None,
) -> Article | InputError:
    """A ``.txt`` report: the whole file is the article text; id from the file name."""
    text = decode_utf8(data, source=source)
    if isinstance(text, InputError):
        return text
    text = normalise(text)
    if not text.strip():
        return InputError(source, Errors.E010)
    when, when_source = pick_date(None, "unknown", published)
    return Article(
        id=doc_id,
        text=text,
        published=when,
        published_source=when_source,
        source_path=source_path,
    )
