"""Gold files: hand-coded documents with the events a perfect extractor would emit.

One JSON object per line (DESIGN.md): ``id``, ``published``, ``title``, ``text`` and
``events`` (codebook fields, any subset). Other keys (``outlet``, ``url``, ``source``, an
event's ``key``) are ignored. A bad line is reported with its file and line number and
skipped, so one typo does not hide the rest of a gold set.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Errors, InputError
from ..ingest.jsonl import parse_published
from ..records import Article

log = logging.getLogger(__name__)

ErrorHandler = Callable[[InputError], None]


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One hand-coded document: its text and the events coded in it (plain dicts)."""

    id: str
    text: str
    events: list[dict[str, Any]] = field(default_factory=list)
    published: date | None = None
    title: str | None = None
    source: str | None = None  # "file:line", for messages

    def to_article(self) -> Article:
        """The Article the pipeline sees: a null ``published`` stays None (date unknown)."""
        return Article(
            id=self.id, text=self.text, title=self.title, published=self.published,
            published_source="jsonl" if self.published else "unknown",
            source_path=self.source,
        )


def parse_gold_line(raw: str, *, line: int, source: str) -> GoldDoc | InputError | None:
    """One gold line to a GoldDoc, an error naming ``source`` and the line, or None if blank."""
    if not raw.strip():
        return None
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        return InputError(source, Errors.E070.format(line=line, detail=f"{e.msg} at column "
                                                     f"{e.colno}"))
    if not isinstance(obj, dict):
        return InputError(source, Errors.E071.format(line=line, kind=type(obj).__name__))
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(source, Errors.E072.format(line=line))
    events = obj.get("events", [])
    problem = _events_problem(events)
    if problem:
        return InputError(source, Errors.E073.format(line=line, detail=problem))
    raw_published = obj.get("published")
    published = parse_published(raw_published)
    if raw_published not in (None, "") and published is None:
        return InputError(source, Errors.E074.format(line=line, value=raw_published))
    doc_id = obj.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        doc_id = f"{Path(source).stem}-{line}"
        log.warning("%s:%d: gold document has no 'id'; using %r", source, line, doc_id)
    title = obj.get("title")
    return GoldDoc(
        id=doc_id, text=text, events=[dict(e) for e in events], published=published,
        title=title if isinstance(title, str) else None, source=f"{source}:{line}",
    )


def _events_problem(events: Any) -> str | None:
    if not isinstance(events, list):
        return f"got {type(events).__name__}"
    for i, ev in enumerate(events):
        if not isinstance(ev, dict):
            return f"event {i} is {type(ev).__name__}"
        if not isinstance(ev.get("event_type"), str):
            return f"event {i} has no 'event_type'"
    return None


def read_gold(
    paths: Sequence[str | Path], *, on_error: ErrorHandler | None = None
) -> list[GoldDoc]:
    """Every readable gold document in ``paths``; bad lines and files go to ``on_error``."""
    docs: list[GoldDoc] = []
    first_seen: dict[str, str] = {}
    for item in _iter_gold(paths):
        if isinstance(item, GoldDoc):
            if item.id in first_seen:
                src, _, line = (item.source or "?:0").rpartition(":")
                item = InputError(src, Errors.E075.format(line=line, doc=item.id,
                                                          first=first_seen[item.id]))
            else:
                first_seen[item.id] = item.source or "?"
                docs.append(item)
                continue
        if on_error:
            on_error(item)
        else:
            log.warning("%s", item)
    return docs


def _iter_gold(paths: Sequence[str | Path]) -> Iterator[GoldDoc | InputError]:
    for path in paths:
        name = str(path)
        try:
            with open(path, encoding="utf-8") as fh:
                for n, raw in enumerate(fh, start=1):
                    item = parse_gold_line(raw, line=n, source=name)
                    if item is not None:
                        yield item
        except (OSError, UnicodeDecodeError) as exc:
            yield InputError(name, Errors.E076.format(detail=exc))
