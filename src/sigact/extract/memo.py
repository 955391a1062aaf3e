"""A memo in front of the gazetteer's ``lookup`` for the extractor's many repeated questions.

The extractor asks the gazetteer about the same few hundred names (countries, capitals, the
towns a conflict is fought over) in every article; a SQLite query per mention was a tenth of
the extraction time. The gazetteer does not change while an extractor lives, so answers are
kept, up to ``maxsize`` names, and everything else is passed through.
"""

from __future__ import annotations

from typing import Any


class MemoLookup:
    """Wraps a gazetteer: ``lookup`` answers are remembered, other attributes delegated."""

    def __init__(self, gazetteer: Any, *, maxsize: int = 50_000) -> None:
        self._gazetteer = gazetteer
        self._maxsize = maxsize
        self._answers: dict[tuple[str, str | None, int], list[Any]] = {}

    def lookup(self, name: str, *, country: str | None = None, limit: int = 10) -> list[Any]:
        key = (name, country, limit)
        found = self._answers.get(key)
        if found is None:
            found = list(self._gazetteer.lookup(name, country=country, limit=limit))
            if len(self._answers) >= self._maxsize:
                self._answers.clear()
            self._answers[key] = found
        return list(found)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._gazetteer, name)
