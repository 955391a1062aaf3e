"""Resolve each mention's place phrase to a gazetteer entry, using the article as context.

A name alone is ambiguous ("Homs" is a city and a province; "Sinjar" is in Iraq and Syria;
"Lido" is a beach in Mogadishu and a town in Italy). The countries an article names, and the
countries of the other places it names, are a strong prior: a candidate outside all of them
wins only when nothing inside them matches and it is itself a strong match (an admin1 area, a
curated site, a large city). A weak match outside them is left unresolved with a warning,
which is better than a point on the wrong continent. The mentions of one article are resolved
together so that each lends its country to the others.

Precision follows the codebook: a town or site is 1, "near"/"N km from" it is 2, a province is
3 (its centroid) and a country alone gets no coordinates at all.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..errors import Errors
from ..records import Mention, Place
from .cues import demonym_countries, is_person_like
from .gazetteer import Candidate, Gazetteer
from .names import loose, parse_location, skeleton, whole_name

log = logging.getLogger(__name__)

#: A city this large is a strong match even outside the countries an article names.
BIG_CITY_POPULATION = 250_000
#: A city this large whose exact name no other place in the world shares ("Kramatorsk") is
#: accepted outside the article's countries unless the name also reads as a person's.
UNIQUE_CITY_POPULATION = 100_000
#: Score for a candidate whose own name the phrase is, over one matched by an alternate name.
OWN_NAME_BONUS = 1.0
#: A phrase that reads like a person's name resolves only to a place at least this large.
PERSON_MIN_POPULATION = 50_000

_FINAL_VOWELS = frozenset("aeiouy")
@dataclass(slots=True)
class Priors:
    """What the rest of the article says about where things happen.

    ``countries`` are named (or implied by a province or an unambiguous place); candidates
    outside ``countries | weak_countries`` must be strong matches to win.
    """

    countries: set[str] = field(default_factory=set)
    admin1: set[tuple[str, str]] = field(default_factory=set)
    weak_countries: set[str] = field(default_factory=set)

    @property
    def known(self) -> set[str]:
        return self.countries | self.weak_countries

    def copy(self) -> Priors:
        return Priors(set(self.countries), set(self.admin1), set(self.weak_countries))


def is_strong(c: Candidate) -> bool:
    """A match good enough to place an event outside the countries the article names."""
    if c.match > 1:
        return False
    return c.feature in ("country", "admin1") or c.is_site \
        or c.population >= BIG_CITY_POPULATION


class GazetteerGeocoder:
    """The ``geo.gazetteer.v1`` stage: sets ``mention.place`` from its location phrase."""

    def __init__(self, gazetteer: Gazetteer, *, cache_size: int = 8192) -> None:
        self.gazetteer = gazetteer
        self._lookup = lru_cache(maxsize=cache_size)(self._uncached_lookup)

    def _uncached_lookup(self, name: str) -> tuple[Candidate, ...]:
        return tuple(self.gazetteer.lookup(name, limit=40))

    def __call__(self, mentions: Sequence[Mention]) -> list[Mention]:
        by_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.location_text and m.location_text.strip():
                by_doc[m.doc].append(m)
        for group in by_doc.values():
            self.resolve_article(group)
        return list(mentions)

    def resolve_article(self, mentions: Sequence[Mention]) -> None:
        """Resolve one article's mentions together: the places found in a first pass lend
        their countries to the second, so "Lido" next to "Mogadishu" stays in Somalia."""
        # The mentions' own phrases vote too: "Mogadishu" anchors "Lido" when no country is
        # named; a weak phrase ("Hassan") adds no country once one is known.
        names = _unique([*(n for m in mentions for n in m.context_places),
                         *(m.location_text or "" for m in mentions)])
        priors = self.article_priors(names)
        found: set[str] = set()
        for text, relation in {(m.location_text or "", m.location_relation) for m in mentions}:
            c = self._choose(text, relation=relation, priors=priors)[0]
            if c is not None and c.iso2 and c.match <= 1:
                found.add(c.iso2)
        article = priors.copy()
        article.countries |= found
        for m in mentions:
            m.place = self.resolve(m.location_text or "", relation=m.location_relation,
                                   priors=article, doc=m.doc)

    def resolve(
        self, text: str, *, relation: str = "in", context: Sequence[str] = (), doc: str = "-",
        priors: Priors | None = None,
    ) -> Place:
        """The place a phrase names, as precise as it allows; unresolvable -> text only.

        ``priors`` (from ``article_priors``) replaces ``context`` when given.
        """
        if priors is None:
            priors = self.article_priors(context)
        best, near, partial, why = self._choose(text, relation=relation, priors=priors,
                                                doc=doc)
        if best is None:
            log.warning(why or Errors.W043.format(text=text, doc=doc))
            return Place(location=text.strip())
        return self._place(best, text=text.strip(), near=near, partial=partial, doc=doc)

    def _choose(
        self, text: str, *, relation: str, priors: Priors, doc: str = "-"
    ) -> tuple[Candidate | None, bool, bool, str | None]:
        """(candidate, near, partial, warning when a candidate was refused)."""
        core, own_relation, hint, partial = self._parse(text)
        near = relation in ("near", "km") or own_relation is not None
        best, refused = self._pick(core, hint=hint, priors=priors, allow_loose="," not in core)
        if best is None and "," in core:
            best, refused, near = self._contained(core, hint=hint, priors=priors, near=near)
        if best is None and refused is None:
            # "Baghdad market", "Kidal airport", "Sinjar village": a site the gazetteer
            # lacks, named after its town, is coded to the town; one outside it (a base,
            # an airport, a dam) only near it.
            m = _KIND_AFTER.match(core)
            if m:
                town, refused = self._pick(m["head"], hint=None, priors=priors)
                if town is not None and town.feature not in ("country", "admin1"):
                    best = town
                    near = near or not (_IN_TOWN.search(m["kind"]) or _TOWN.match(m["kind"]))
        why = None
        if best is not None and _person_town(core, best, hint):
            why = Errors.W046.format(text=text, doc=doc, name=best.name, country=best.country)
            best = None
        elif best is None and refused is not None:
            why = Errors.W045.format(text=text, doc=doc, name=refused.name,
                                     country=refused.country,
                                     known=", ".join(sorted(priors.known)))
        return best, near, partial, why

    def _contained(
        self, core: str, *, hint: str | None, priors: Priors, near: bool
    ) -> tuple[Candidate | None, Candidate | None, bool]:
        """"Al-Sinek, Baghdad", "Palma, Mozambique", "Let Yet Kone, Tabayin, Sagaing": the
        head where the text puts it, else the most specific container the gazetteer knows.

        The containers are what the text says, so a head outside their country is a
        namesake (Palma in Mallorca for a town in northern Mozambique) and is refused.
        """
        head, *rest = [p.strip() for p in core.split(",") if p.strip()]
        local = self.article_priors(rest, base=priors, strong=True)
        # A loose spelling guess for the head ("Ivan Franko" -> Ivano-Frankove) loses to
        # the town the text names with it.
        best, refused = self._pick(head, hint=self._parse(head)[2] or hint, priors=local,
                                   allow_loose=not rest)
        boxes = [c for c in (self._pick(r, hint=self._parse(r)[2], priors=priors)[0]
                             for r in rest) if c is not None]
        inside = {c.iso2 for c in boxes if c.iso2}
        if best is not None and inside and best.iso2 not in inside:
            # the head's namesake inside the containers, if it has one
            box = Priors(countries=inside, admin1=local.admin1)
            best, refused = self._pick(head, hint=self._parse(head)[2], priors=box,
                                       allow_loose=False)
            if best is not None and best.iso2 not in inside:
                best, refused = None, best
        if best is not None and not _within(best, boxes):
            # "Nyaung Pin Thar, Kanbalu, Sagaing region": a namesake of the head in another
            # province, or far from the town named with it, is not the village the text
            # locates; its namesake inside them is, else the container is the place
            areas = {(c.iso2, c.name) for c in boxes if c.feature == "admin1" and c.iso2}
            box = Priors(countries=inside, admin1=areas)
            best, _ = self._pick(head, hint=self._parse(head)[2], priors=box, allow_loose=False)
            if best is not None and not _within(best, boxes):
                best = None
            refused = None
        if best is None and boxes:
            # The smallest container: "Tabayin" before "Sagaing region" (a box in another
            # country than the last, largest one is a namesake too).
            last = boxes[-1].iso2
            best = next(c for c in boxes if c.iso2 == last)
            refused = None
            # A square or street of a town is in it (precision 1); a village near it,
            # or one the gazetteer lacks, is only near it (precision 2).
            near = near or (best.feature not in ("admin1", "country")
                            and not _IN_TOWN.search(head))
        return best, refused, near

    def _parse(self, text: str) -> tuple[str, str | None, str | None, bool]:
        """``parse_location``, except that a compass word the gazetteer knows as part of
        the name stays in it ("North Darfur", "South Kivu", but "northern Iraq")."""
        core, relation, hint, partial = parse_location(text)
        if partial:
            whole = whole_name(text)
            if any(c.match <= 1 for c in self._lookup(whole)):
                return whole, relation, hint, False
        return core, relation, hint, partial

    def article_priors(
        self, names: Iterable[str], *, base: Priors | None = None, strong: bool = False
    ) -> Priors:
        """Countries and provinces an article names; other places add their countries.

        Countries and nationality adjectives count first. When there are none, the country
        most of the named places can lie in anchors the rest. ``strong`` also takes the
        province of each named town (for "Town, Province" phrases).
        """
        pri = base.copy() if base else Priors()
        rest: list[tuple[str, str | None]] = []
        for name in names:
            core, _, hint, _ = self._parse(name)
            country = self._country(core)
            if country is not None and country.iso2:
                pri.countries.add(country.iso2)
            elif core:
                rest.append((core, hint))
        if not pri.known:
            anchor = self._anchor(rest)
            if anchor:
                pri.countries.add(anchor)
        for core, hint in rest:
            # "Donetsk" next to "Russia": a province or large city that exists in one
            # country only names that country too, whatever small namesakes exist.
            strong_in = {c.iso2 for c in self._lookup(core)
                         if c.iso2 and c.feature != "country" and is_strong(c)}
            if len(strong_in) == 1 and not is_person_like(core):
                pri.weak_countries |= strong_in - pri.countries
            c, _ = self._pick(core, hint=hint, priors=pri, allow_loose=False)
            if c is None or c.iso2 is None or _person_town(core, c, hint):
                continue
            inside = c.iso2 in pri.countries
            if c.feature == "admin1" and inside:
                pri.admin1.add((c.iso2, c.name))
            elif strong and c.admin1:
                pri.admin1.add((c.iso2, c.admin1))
                pri.countries.add(c.iso2)
            elif not inside and c.feature != "admin1":
                pri.weak_countries.add(c.iso2)
        return pri

    def priors(
        self, names: Sequence[str], *, base: Priors | None = None, strong: bool = False
    ) -> Priors:
        """Alias of ``article_priors`` kept for callers of the first version."""
        return self.article_priors(names, base=base, strong=strong)

    def best(
        self, name: str, *, hint: str | None, priors: Priors, allow_loose: bool = True
    ) -> Candidate | None:
        """The highest-scoring acceptable candidate, or None when nothing plausible matches."""
        return self._pick(name, hint=hint, priors=priors, allow_loose=allow_loose)[0]

    def _pick(
        self, name: str, *, hint: str | None, priors: Priors, allow_loose: bool = True
    ) -> tuple[Candidate | None, Candidate | None]:
        """(chosen, refused): ``refused`` is the best exact match the country rule turned
        down, for the warning."""
        cands = self._lookup(name.strip())
        known = priors.known
        exact = [c for c in cands if c.match <= 1]

        key = loose(name)

        def rank(c: Candidate) -> tuple[float, int]:
            return score(c, hint=hint, priors=priors, name=key), c.population

        inside = [c for c in exact if c.iso2 in known]
        if inside:
            return max(inside, key=rank), None
        country = self._country(name) if hint is None else None
        if country is not None:
            return country, None
        if not known:
            return (max(exact, key=rank) if exact else None), None
        strong = [c for c in exact if is_strong(c)]
        if strong:
            return max(strong, key=rank), None
        solo = [c for c in cands if c.match == 0]
        if (len(solo) == 1 and solo[0].feature == "city" and not is_person_like(name)
                and solo[0].population >= UNIQUE_CITY_POPULATION):
            return solo[0], None
        loose_inside = [c for c in cands
                        if c.match == 2 and c.iso2 in known and _skeleton_ok(name, c)]
        if loose_inside and allow_loose:
            return max(loose_inside, key=rank), None
        return None, (max(exact, key=rank) if exact else None)

    def _country(self, name: str) -> Candidate | None:
        """The country a name or nationality adjective ("Iraqi") stands for, if any."""
        for key in (name, *demonym_countries(name)):
            for c in self._lookup(key):
                if c.feature == "country" and c.match <= 1:
                    return c
        return None

    def _anchor(self, names: Sequence[tuple[str, str | None]]) -> str | None:
        """The country most of the named places can lie in (ties: the largest place)."""
        votes: Counter[str] = Counter()
        size: dict[str, int] = {}
        for core, _hint in names:
            if is_person_like(core):
                continue
            exact = [c for c in self._lookup(core) if c.match <= 1 and c.iso2]
            for iso2 in {c.iso2 for c in exact if c.iso2}:
                votes[iso2] += 1
            for c in exact:
                if c.iso2:
                    size[c.iso2] = max(size.get(c.iso2, 0), c.population)
        if not votes:
            return None
        return max(votes, key=lambda k: (votes[k], size.get(k, 0), k))

    def _place(
        self, c: Candidate, *, text: str, near: bool, partial: bool, doc: str
    ) -> Place:
        common: dict[str, Any] = {"country": c.country, "iso3": c.iso3, "gazetteer_id": c.id,
                  "feature": c.feature}
        if c.feature == "country":
            log.warning(Errors.W044.format(text=text, doc=doc, country=c.country))
            location = _partial_name(text, c.name) if partial else c.name
            return Place(location=location, geo_precision=3, **common)
        place = Place(location=c.name, admin1=c.admin1, admin2=c.admin2,
                      latitude=_round(c.lat), longitude=_round(c.lon), **common)
        if c.feature == "admin1":
            return replace(place, admin1=c.name, geo_precision=3)
        if c.feature == "site:region":  # "Darfur", "Donbas": an area, coded at its centre
            return replace(place, geo_precision=3)
        # A sea area is no town: an attack in it is coded at the area, at precision 2.
        sea = c.feature == "site:sea_area"
        return replace(place, geo_precision=2 if (near or partial or sea) else 1)


_KIND_AFTER = re.compile(
    r"^(?P<head>.+?)\s+(?P<kind>(?:military |international |main |central |old |new )?"
    r"(?:air ?base|airbase|base|airport|airfield|air field|airstrip|camp|checkpoint|"
    r"(?:border )?crossing|dam|bridge|port|harbou?r|refinery|(?:oil |gas )?field|"
    r"(?:power )?plant|prison|jail|garrison|outpost|compound|barracks|square|street|road|"
    r"neighbou?rhood|quarter|district|suburb|market(?:place)?|bazaar|hospital|mosque|"
    r"church|school|university|stadium|hotel|village|town|city))$", re.I)
_TOWN = re.compile(r"(?:village|town|city)$", re.I)
_IN_TOWN = re.compile(
    r"\b(?:square|street|st\.|avenue|road|boulevard|neighbou?rhood|quarter|district|market"
    r"(?:place)?|bazaar|hospital|mosque|church|school|university|stadium|hotel)$", re.I)


def score(c: Candidate, *, hint: str | None, priors: Priors, name: str = "") -> float:
    """How likely a phrase refers to this candidate; higher is better.

    ``name`` is the phrase's loose key: a curated site whose own name it is beats a town
    that only lists it among alternate names ("Donbas" the region, not Donetsk, one of whose
    many GeoNames spellings is "Donbas"). Not so for towns: GeoNames names them in the local
    transliteration ("Tadmur"), the English name ("Palmyra") is an alternate, and a town
    in Pennsylvania whose own name it is would win.
    """
    s = (0.0, -0.5, -4.0)[c.match]
    if name and c.is_site and loose(c.name) == name:
        s += OWN_NAME_BONUS
    if c.feature == "country":
        s += 3.5
    elif c.feature in ("admin1", "site:region"):
        s += 2.0 + (3.0 if hint == "admin1" else 0.0) - (1.0 if hint in ("city", "site") else 0)
    elif c.is_site:
        s += 2.5 + (3.0 if hint == "site" else 0.0) - (2.0 if hint == "admin1" else 0.0)
    else:
        s += 0.5 * math.log10(c.population + 1)
        s += 1.0 if hint == "city" else (-2.0 if hint in ("admin1", "site") else 0.0)
    if c.iso2 in priors.countries:
        s += 4.0
    elif c.iso2 in priors.weak_countries:
        s += 1.0
    if c.iso2 and (c.iso2, c.admin1) in priors.admin1:
        s += 2.0
    return s


def _person_town(core: str, c: Candidate, hint: str | None) -> bool:
    """A person-like phrase matched to a small town (not a site, province or country)."""
    return (c.feature == "city" and hint != "city" and c.population < PERSON_MIN_POPULATION
            and is_person_like(core))


def _skeleton_ok(name: str, c: Candidate) -> bool:
    """A consonant-skeleton match is evidence only with 3+ consonants ("Shura" is not
    "Suwayrah") and when both names end alike: a final vowel is often a nisba ending
    ("Al-Baghdadi" is a town, not Baghdad)."""
    key = skeleton(name)
    if len(key) < 4 or _KIND_AFTER.match(name):  # "US base" is no town spelled "Sebes"
        return False
    a, b = loose(name), loose(c.name)
    return bool(a and b) and (a[-1] in _FINAL_VOWELS) == (b[-1] in _FINAL_VOWELS)


#: A place named with a town ("Safra, Kirkuk") lies within this distance of it; suburbs
#: cross provincial borders ("Haret Hreik, Beirut"), so towns are checked by distance.
CONTAINED_KM = 100.0


def _within(c: Candidate, boxes: Sequence[Candidate]) -> bool:
    """Whether ``c`` can lie in the containers the text names with it: in the province
    named, and near the town named, where those are in its country. A curated site is
    trusted: "the airfield near Palmyra" may lie far out of town."""
    from . import distance_km  # the package imports this module first

    for box in boxes:
        if box.iso2 != c.iso2 or c.feature in ("admin1", "country") or c.is_site:
            continue
        if box.feature == "admin1" and c.admin1 and c.admin1 != box.name:
            return False
        # "Uman, Cherkasy": a town named like its province may stand for the province
        if (box.feature not in ("admin1", "country") and c.lat is not None
                and not (c.admin1 and loose(c.admin1) == loose(box.name))
                and c.lon is not None and box.lat is not None and box.lon is not None
                and distance_km(c.lat, c.lon, box.lat, box.lon) > CONTAINED_KM):
            return False
    return True


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _partial_name(text: str, name: str) -> str:
    head = text.split()[0] if text.split() else ""
    return f"{head.capitalize()} {name}".strip() if head.lower() != name.lower() else name
