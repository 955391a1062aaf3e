"""HTML pages: the article text and metadata, with boilerplate (menus, footers) removed.

trafilatura finds the main text; its htmldate pass reads the publication date from the
markup only (``article:published_time``, JSON-LD ``datePublished``, ``<time>``), never
guessing from dates mentioned in the text, which would be event dates, not the report's.
"""

from __future__ import annotations

import codecs
import logging
import re
from datetime import date

import trafilatura
from trafilatura.settings import Document

from ..errors import Errors, InputError
from ..records import Article
from .text import decode_utf8, normalise, pick_date

log = logging.getLogger(__name__)

#: Fewer words than this is a navigation, paywall or error page, not a report.
MIN_WORDS = 20

_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def decode_html(data: bytes, *, source: str) -> str | InputError:
    """UTF-8, or the charset the page itself declares (saved pages are often windows-1252)."""
    text = decode_utf8(data, source=source)
    if not isinstance(text, InputError):
        return text
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace")
        try:
            codec = codecs.lookup(name)
        except LookupError:
            return text
        if codec.name != "utf-8":
            try:
                decoded = data.decode(codec.name)
            except UnicodeDecodeError:
                return text
            log.debug("%s: decoded with its declared charset %s", source, codec.name)
            return decoded
    return text


def _meta_date(value: str | None, *, source: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        log.debug("%s: ignoring unparseable HTML date %r", source, value)
        return None


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


def article_from_html(
    data: bytes, *, doc_id: str, source: str, published: date | None,
    source_path: str | None = None,
) -> Article | InputError:
    """An ``.html`` page: extracted main text, title, canonical url, site name and date."""
    html = decode_html(data, source=source)
    if isinstance(html, InputError):
        return html
    if not html.strip():
        return InputError(source, Errors.E010)
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as e:  # a third-party parser must not end the whole run
        log.debug("%s: trafilatura failed", source, exc_info=True)
        return InputError(source, Errors.E016.format(detail=f"parser error: {e}"))
    doc = result if isinstance(result, Document) else None  # None: nothing found
    text = normalise(doc.text or "") if doc is not None else ""
    words = len(text.split())
    if doc is None or words < MIN_WORDS:
        detail = f"{words} words of main text, fewer than {MIN_WORDS}"
        return InputError(source, Errors.E016.format(detail=detail))
    when, when_source = pick_date(
        _meta_date(doc.date, source=source), "html-meta", published
    )
    return Article(
        id=doc_id,
        text=text,
        title=_clean(doc.title),
        url=_clean(doc.url),
        outlet=_clean(doc.sitename),
        published=when,
        published_source=when_source,
        source_path=source_path,
    )
