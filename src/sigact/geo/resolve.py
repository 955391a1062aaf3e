"""Resolve each mention's place phrase to a gazetteer entry, using the article as context.

A name alone is ambiguous ("Homs" is a city and a province; "Sinjar" is in Iraq and Syria).
Candidates are scored on how well the key matched, the kind of place the phrase names
("province", "base"), the countries and provinces the article mentions elsewhere, and
population. Precision follows the codebook: a town or site is 1, "near"/"N km from" it is 2,
a province is 3 (its centroid) and a country alone gets no coordinates at all.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..errors import Errors
from ..records import Mention, Place
from .gazetteer import Candidate, Gazetteer
from .names import parse_location

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Priors:
    """What the rest of the article says about where things happen."""

    countries: set[str] = field(default_factory=set)
    admin1: set[tuple[str, str]] = field(default_factory=set)
    weak_countries: set[str] = field(default_factory=set)


class GazetteerGeocoder:
    """The ``geo.gazetteer.v1`` stage: sets ``mention.place`` from its location phrase."""

    def __init__(self, gazetteer: Gazetteer, *, cache_size: int = 8192) -> None:
        self.gazetteer = gazetteer
        self._lookup = lru_cache(maxsize=cache_size)(self._uncached_lookup)

    def _uncached_lookup(self, name: str) -> tuple[Candidate, ...]:
        return tuple(self.gazetteer.lookup(name, limit=40))

    def __call__(self, mentions: Sequence[Mention]) -> list[Mention]:
        out = []
        for m in mentions:
            if m.location_text and m.location_text.strip():
                m.place = self.resolve(
                    m.location_text, relation=m.location_relation,
                    context=m.context_places, doc=m.doc,
                )
            out.append(m)
        return out

    def resolve(
        self, text: str, *, relation: str = "in", context: Sequence[str] = (), doc: str = "-"
    ) -> Place:
        """The place a phrase names, as precise as it allows; unresolvable -> text only."""
        core, own_relation, hint, partial = parse_location(text)
        near = relation in ("near", "km") or own_relation is not None
        priors = self.priors(context)
        best = self.best(core, hint=hint, priors=priors)
        if best is None and "," in core:
            # "Al-Sinek, Baghdad": the head with the rest as priors, else the rest itself.
            head, *rest = [p.strip() for p in core.split(",") if p.strip()]
            local = self.priors(rest, base=priors, strong=True)
            best = self.best(head, hint=hint, priors=local)
            if best is None and rest:
                best = self.best(rest[-1], hint=None, priors=priors)
                near = near or (best is not None and best.feature != "admin1")
        if best is None:
            log.warning(Errors.W043.format(text=text, doc=doc))
            return Place(location=text.strip())
        return self._place(best, text=text.strip(), near=near, partial=partial, doc=doc)

    def priors(
        self, names: Sequence[str], *, base: Priors | None = None, strong: bool = False
    ) -> Priors:
        """Countries and provinces named in the article; towns named give a weak prior."""
        pri = Priors(set(base.countries), set(base.admin1), set(base.weak_countries)) \
            if base else Priors()
        for name in names:
            core, _, hint, _ = parse_location(name)
            c = self.best(core, hint=hint, priors=Priors(), allow_loose=False)
            if c is None or c.iso2 is None:
                continue
            if c.feature == "country":
                pri.countries.add(c.iso2)
            elif c.feature == "admin1":
                pri.admin1.add((c.iso2, c.name))
                pri.countries.add(c.iso2)
            elif strong and c.admin1:
                pri.admin1.add((c.iso2, c.admin1))
                pri.countries.add(c.iso2)
            else:
                pri.weak_countries.add(c.iso2)
        return pri

    def best(
        self, name: str, *, hint: str | None, priors: Priors, allow_loose: bool = True
    ) -> Candidate | None:
        """The highest-scoring candidate, or None when nothing plausible matches."""
        cands = self._lookup(name.strip())
        if not cands:
            return None
        top_match = min(c.match for c in cands)
        if top_match == 2:
            # A consonant-skeleton match alone is weak: only inside a country the text names.
            known = priors.countries | priors.weak_countries
            cands = tuple(c for c in cands if c.iso2 in known)
            if not allow_loose or not cands:
                return None
        else:
            cands = tuple(c for c in cands if c.match <= 1)
        return max(cands, key=lambda c: (score(c, hint=hint, priors=priors), c.population))

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
        return replace(place, geo_precision=2 if (near or partial) else 1)


def score(c: Candidate, *, hint: str | None, priors: Priors) -> float:
    """How likely a phrase refers to this candidate; higher is better."""
    s = (0.0, -0.5, -4.0)[c.match]
    if c.feature == "country":
        s += 3.5
    elif c.feature == "admin1":
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


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _partial_name(text: str, name: str) -> str:
    head = text.split()[0] if text.split() else ""
    return f"{head.capitalize()} {name}".strip() if head.lower() != name.lower() else name
