"""RSS and Atom feeds (feedparser): feed bytes in, :class:`FeedItem` records out.

A feed item is a pointer to a report, not always the report: many feeds carry only a
summary, so :func:`item_text` says whether the item's own content is the article or the page
behind its link has to be fetched (the watcher fetches it and reads it through
``article_from_html``, the same trafilatura path as saved HTML files).
"""

from __future__ import annotations

import calendar
import hashlib
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any, Literal

import feedparser

from ..errors import Errors, InputError
from ..records import Article
from .html import MIN_WORDS
from .text import normalise

log = logging.getLogger(__name__)

#: When to fetch the page behind an item's link: only when the feed carries too little text
#: (``auto``), for every item, or never (use the feed's own text).
FetchPages = Literal["auto", "always", "never"]
FETCH_PAGES: tuple[str, ...] = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry: where the report is, what the feed says about it, and its text."""

    key: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    content: str | None = None  # full text (content:encoded, atom:content), as plain text
    summary: str | None = None  # description / atom:summary, as plain text

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FeedItem:
        when = d.get("published")
        return cls(**{**d, "published": date.fromisoformat(when) if when else None})


class _TextParser(HTMLParser):
    """Plain text from an HTML fragment: block elements become paragraph breaks."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "tr", "section", "article", "figcaption", "pre"})
    SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Readable text of a feed's HTML fragment: paragraphs kept, spacing folded, tags gone."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return normalise("\n\n".join(p for p in paragraphs if p))


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return html_to_text(value) or None


def _date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()
    return None


def _content(entry: Any) -> str | None:
    texts = [t for c in entry.get("content") or [] if (t := _text(c.get("value")))]
    return max(texts, key=len) if texts else None


def item_key(entry: Any) -> str:
    """The entry's identity across polls: guid/id, else link, else a hash of what it says."""
    for name in ("id", "link"):
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    body = f"{entry.get('title', '')}\x00{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> list[FeedItem]:
    """Every entry of an RSS/Atom document; raises :class:`InputError` for a non-feed.

    Relative links resolve against ``url``. A feed with some malformed markup still yields
    the entries feedparser recovered (a feed that is valid but empty yields none).
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        detail = parsed.get("bozo_exception") or "no feed elements"
        raise InputError(url, Errors.E144.format(detail=detail))
    feed_title = _text(parsed.feed.get("title"))
    items = []
    for entry in parsed.entries:
        source = entry.get("source") or {}
        items.append(FeedItem(
            key=item_key(entry),
            url=entry.get("link") or None,
            title=_text(entry.get("title")),
            published=_date(entry),
            outlet=_text(source.get("title")) or feed_title,
            content=_content(entry),
            summary=_text(entry.get("summary")),
        ))
    return items


def needs_page(item: FeedItem, *, fetch_pages: FetchPages, min_words: int) -> bool:
    """Whether the report is the page behind the item's link rather than the item itself.

    ``auto`` takes the feed's full content when it has at least ``min_words`` words; a
    summary never counts (it is a teaser, not the report). An item without a link has no page.
    """
    if not item.url or fetch_pages == "never":
        return False
    if fetch_pages == "always":
        return True
    return not (item.content and len(item.content.split()) >= min_words)


def article_from_item(item: FeedItem, *, doc_id: str) -> Article | InputError:
    """The article as the feed itself tells it: full content, else (last resort) the summary."""
    text = item.content or item.summary or ""
    if len(text.split()) < MIN_WORDS:
        detail = f"{len(text.split())} words, fewer than {MIN_WORDS}"
        return InputError(item.url or item.key, Errors.E145.format(key=item.key, detail=detail))
    return Article(
        id=doc_id, text=text, title=item.title, url=item.url, outlet=item.outlet,
        published=item.published, published_source="feed" if item.published else "unknown",
    )
