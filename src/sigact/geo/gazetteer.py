"""Read-only access to the gazetteer file: lookup by name, entity patterns, membership.

Opening is cheap (one query on the ``meta`` table); nothing is loaded into memory. Each thread
gets its own read-only SQLite connection, so one ``Gazetteer`` can be shared by threads.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import Errors, SigactError
from ..util import gc_paused
from .build import build_gazetteer, input_version
from .names import index_keys, norm

log = logging.getLogger(__name__)

#: Particles a pattern may start with in lowercase ("al-Tanf"); other patterns must start
#: with a capitalised token, so that "police" or "mission" in running text is no town.
_LOWER_STARTS = frozenset({"al", "el", "ar", "as", "ad", "ash", "az", "at", "an", "the"})
#: Towns of 15,000+ people named like common English words: no entity pattern for them.
_COMMON_WORDS = frozenset(
    """
    police mobile split nice reading bath gap sale orange van batman bar mission surprise
    paradise enterprise commerce independence liberty union normal concord marine security
    victory progress hope deal most post wells temple buffalo sandy pleasant university
    college opportunity justice alliance colon march young china natal mercedes florida asia
    central north south east west along said will may
    """.split()  # noqa: SIM905
)

#: "Ten personnel were killed": a number opening a sentence is never a place, whatever
#: area lists it among its alternate names.
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "dozens", "scores"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to; ``match`` is the key level (0 = exact)."""

    id: str
    name: str
    country: str | None
    iso2: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int
    source: str | None
    match: int = 0

    @property
    def is_site(self) -> bool:
        return self.feature.startswith("site:")


class PlacePhrase(NamedTuple):
    """One place name for the extractor's phrase matcher (see ``Gazetteer.place_phrases``)."""

    tokens: tuple[str, ...]
    label: str
    id: str
    any_case: bool


def default_path() -> Path:
    """``$XDG_CACHE_HOME/sigact/gazetteer.sqlite`` (``~/.cache`` when the variable is unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sigact" / "gazetteer.sqlite"


def read_meta(path: Path) -> dict[str, str]:
    """The ``meta`` table of a gazetteer file; empty when the file is missing or unreadable."""
    if not path.exists():
        return {}
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return {}


class Gazetteer:
    """A built gazetteer file. Create with ``Gazetteer.open``; pass it to the geo stage."""

    _COLUMNS = ("id, name, country, iso2, iso3, admin1, admin2, lat, lon, feature, "
                "population, source")

    def __init__(self, path: Path, *, meta: dict[str, str] | None = None) -> None:
        self.path = Path(path)
        self.meta = meta if meta is not None else read_meta(self.path)
        self._local = threading.local()

    @classmethod
    def open(cls, path: Path | None = None, *, build: bool = True) -> Gazetteer:
        """Open the gazetteer, building or rebuilding it first when it is missing or stale.

        With ``build=False`` a missing or stale file raises E004 instead.
        """
        path = Path(path) if path is not None else default_path()
        meta = read_meta(path)
        if meta.get("version") != input_version():
            if not build:
                raise SigactError(Errors.E004.format(path=path))
            stored = meta.get("countries", "*")
            countries = None if stored in ("*", "") else stored.split(",")
            log.warning("building the gazetteer at %s (%s; about a minute)", path,
                        "its inputs changed" if meta else "first use")
            build_gazetteer(path, countries=countries)
            meta = read_meta(path)
        return cls(path, meta=meta)

    @property
    def version(self) -> str:
        return self.meta.get("version", "")

    def _con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            self._local.con = con
        return con

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    def lookup(
        self, name: str, *, country: str | None = None, limit: int = 10
    ) -> list[Candidate]:
        """Entries a name may refer to, best key match first, then by population.

        ``country`` (ISO2, ISO3 or name) keeps only entries in that country.
        """
        keys = index_keys(name)
        if not keys:
            return []
        iso2 = self.country_code(country) if country else None
        if country and iso2 is None:
            return []
        sql = (f"SELECT n.norm_name, n.level, {self._prefixed()} FROM names n "
               f"JOIN places p ON p.id = n.place_id "
               f"WHERE n.norm_name IN ({','.join('?' * len(keys))})")
        params: list[Any] = list(keys)
        if iso2:
            sql += " AND p.iso2 = ?"
            params.append(iso2)
        best: dict[str, tuple[int, tuple[Any, ...]]] = {}
        for key, level, *row in self._con().execute(sql, params):
            match = max(level, keys[key])
            if row[0] not in best or match < best[row[0]][0]:
                best[row[0]] = (match, tuple(row))
        out = [_candidate(row, match) for match, row in best.values()]
        out.sort(key=lambda c: (c.match, -c.population, c.id))
        return out[:limit]

    def get(self, place_id: str) -> Candidate | None:
        row = self._con().execute(
            f"SELECT {self._COLUMNS} FROM places WHERE id = ?", (place_id,)
        ).fetchone()
        return _candidate(row, 0) if row else None

    def is_place(self, name: str) -> bool:
        """True when the name matches an entry exactly or up to articles and spelling."""
        return any(c.match <= 1 for c in self.lookup(name, limit=3))

    def country_code(self, country: str) -> str | None:
        """ISO2 code for an ISO2/ISO3 code or a country name, None when unknown."""
        return _country_code(self, country)

    def place_phrases(self) -> list[PlacePhrase]:
        """Every place name the extractor should tag, as lowercased spaCy tokens.

        Labels: GPE for countries, admin1 areas and towns, FAC for sites, LOC for sea areas;
        ``id`` is the gazetteer id. ``any_case`` is False when the first token must not be
        lowercase in the text (all names but those starting with an Arabic article), so that
        common words in running text do not match. One phrase per tokens and label: the
        first place stored wins. Cached per file: the extractor and tests share one read.
        """
        return list(_place_phrases(self.path.resolve(), self.version))

    def entity_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler token patterns (``LOWER``) for ``place_phrases()``.

        The extractor uses the phrases directly (``sigact.extract.nlp``); these dicts are for
        an EntityRuler elsewhere. ``any_case=False`` becomes ``IS_LOWER: false`` on the first
        token.
        """
        patterns: list[dict[str, Any]] = []
        with gc_paused():
            for ph in self.place_phrases():
                tokens: list[dict[str, Any]] = [{"LOWER": t} for t in ph.tokens]
                if not ph.any_case:
                    tokens[0]["IS_LOWER"] = False
                patterns.append({"label": ph.label, "pattern": tokens, "id": ph.id})
        return patterns

    def _prefixed(self) -> str:
        return ", ".join(f"p.{c.strip()}" for c in self._COLUMNS.split(","))


def _candidate(row: Sequence[Any], match: int) -> Candidate:
    return Candidate(
        id=row[0], name=row[1], country=row[2], iso2=row[3], iso3=row[4], admin1=row[5],
        admin2=row[6], lat=row[7], lon=row[8], feature=row[9], population=row[10] or 0,
        source=row[11], match=match,
    )


@lru_cache(maxsize=4)
def _place_phrases(path: Path, version: str) -> tuple[PlacePhrase, ...]:
    """Read the pattern forms once per file and version (``version`` keys the cache)."""
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        with gc_paused():
            rows = con.execute(
                "SELECT f.tokens, p.feature, p.id FROM forms f JOIN places p ON p.id = f.place_id"
            ).fetchall()
            return _phrases_from_rows(rows)
    finally:
        con.close()


def _phrases_from_rows(rows: list[tuple[str, str, str]]) -> tuple[PlacePhrase, ...]:
    phrases: list[PlacePhrase] = []
    seen: set[tuple[str, str]] = set()
    for joined, feature, place_id in rows:
        if not joined or joined in _NUMBER_WORDS or (feature == "city"
                                                       and joined in _COMMON_WORDS):
            continue
        label = _label(feature)
        if (joined, label) in seen:
            continue
        seen.add((joined, label))
        tokens = tuple(joined.split())
        if not tokens:
            continue
        first = tokens[0]
        any_case = first in _LOWER_STARTS or not first.isalpha()
        phrases.append(PlacePhrase(tokens, label, place_id, any_case))
    log.debug("gazetteer: %d place phrases", len(phrases))
    return tuple(phrases)


def _label(feature: str) -> str:
    if feature == "site:sea_area":
        return "LOC"
    if feature == "site:region":  # "Darfur", "Donbas": an area, named like a province
        return "GPE"
    return "FAC" if feature.startswith("site:") else "GPE"


@lru_cache(maxsize=4096)
def _country_code(gaz: Gazetteer, country: str) -> str | None:
    text = country.strip()
    con = gaz._con()
    if len(text) in (2, 3) and text.isupper():
        col = "iso2" if len(text) == 2 else "iso3"
        row = con.execute(
            f"SELECT iso2 FROM places WHERE feature = 'country' AND {col} = ?", (text,)
        ).fetchone()
        if row:
            return str(row[0])
    for c in gaz.lookup(text, limit=20):
        if c.feature == "country" and c.match <= 1:
            return c.iso2
    log.debug("gazetteer: %r is not a country", norm(country))
    return None
