"""Which place an event is coded to, and which country a place puts the article in.

``places.py`` finds place phrases in a sentence; this module chooses among them for one act:
the most specific site of the clause, named with the town that locates it, never a
nationality, a ship's flag or a street named after a city. It also decides the article's
country, which actor names are qualified with, from exact names and unambiguous gazetteer
matches only.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Span

from .actors import country_adjective
from .places import (
    CONTAINER_GAP,
    RANK_COUNTRY,
    RANK_REGION,
    RANK_TOWN,
    UPPER,
    PlacePhrase,
    country_name,
    dateline_end,
    is_country,
    region_country,
)
from .placeuse import destination

log = logging.getLogger(__name__)


def place_country(
    p: PlacePhrase, text: str, *, gazetteer: Any, prefer: str | None = None
) -> str | None:
    """Country a place phrase puts the event in; None for "US troops"-style adjectives.

    Only an exact country name, an unambiguous first-level region, or a gazetteer entry
    whose exact-name matches all lie in one country count: a fuzzy guess ("Central" ->
    Botswana) would put foreign country suffixes on every actor of the article.
    """
    if _NATIONALITY_USE.match(text[p.end : p.end + 30]) or (
            p.rank == RANK_COUNTRY and _ACTS_AFTER.match(text[p.end : p.end + 30])):
        return None  # "Russia launched drones at Odesa": the attacker, not the place
    found = country_name(p.text)
    if found:
        return found
    if gazetteer is not None and hasattr(gazetteer, "lookup"):
        return gazetteer_country(gazetteer, p.text, prefer=prefer)
    return region_country(p.text) if p.rank == RANK_REGION else None


def article_country(doc: Doc, text: str, skip: int, *, gazetteer: Any) -> str | None:
    """Country of the first place entity after the dateline that names one; a journey's end
    or start ("sailing from Turkey to India") says nothing of where the report is."""
    for ent in doc.ents:
        if (ent.start_char >= skip and ent.label_ in ("GPE", "LOC")
                and not destination(text[max(0, ent.start_char - 80):ent.start_char])
                and is_place_ent(ent, gazetteer=gazetteer, text=text)):
            p = PlacePhrase(ent.text, "in", RANK_REGION, ent.start_char, ent.end_char)
            c = place_country(p, text, gazetteer=gazetteer)
            if c:
                return c
    return None


def known_place(name: str, *, gazetteer: Any) -> bool:
    """False when a gazetteer is at hand and has no entry at all for ``name``."""
    if gazetteer is None or not hasattr(gazetteer, "lookup"):
        return True
    try:
        return bool(gazetteer.lookup(name, limit=1))
    except Exception:  # a gazetteer miss must never stop extraction
        log.debug("gazetteer lookup failed for %r", name, exc_info=True)
        return True


def is_place_ent(ent: Span, *, gazetteer: Any = None, text: str | None = None) -> bool:
    """False for a place-like entity that is a word of a personal name or a nationality.

    "Aung San" and "Kyi" in "Aung San Suu Kyi" match place names; so does "Ukrainian" in
    "Ukrainian cities". A name glued to another capitalised word that no entity covers (or to
    a PERSON) is part of a longer name, not a place, unless the gazetteer knows the longer
    name ("Tal" + "Afar"; ``find_places`` then widens the entity to it). Pass the document's
    ``text`` when checking many entities: ``Doc.text`` is rebuilt from the tokens on every
    access.
    """
    if country_adjective(ent.text) and not is_country(ent.text):
        return False
    if ent.text in _MONTH_NAMES:  # "In March, a drone struck ...": a date, not March, Cambs
        return False
    doc = ent.doc
    if text is None:
        text = doc.text
    if (_FLAG_BEFORE.search(text[max(0, ent.start_char - 20) : ent.start_char])
            or _STREET_AFTER.match(text[ent.end_char : ent.end_char + 20])
            or _ROAD_AFTER.match(text[ent.end_char : ent.end_char + 40])
            or (_ROAD_END_BEFORE.search(text[max(0, ent.start_char - 30) : ent.start_char])
                and _ROAD_KIND.match(text[ent.end_char : ent.end_char + 20]))):
        return False
    for i in (ent.start - 1, ent.end):
        if not 0 <= i < len(doc):
            continue
        tok = doc[i]
        glued = (tok.whitespace_ if i < ent.start else doc[ent.end - 1].whitespace_) == " "
        if not glued:
            continue
        if tok.ent_type_ == "PERSON":
            return False
        if (tok.is_title and tok.is_alpha and tok.ent_iob_ == "O" and not tok.is_sent_start
                and tok.lower_ not in _NOT_NAME_WORDS):
            return i == ent.end and _known_longer(ent, tok, gazetteer)
    return True


def _known_longer(ent: Span, tok: Any, gazetteer: Any) -> bool:
    if gazetteer is None or not hasattr(gazetteer, "is_place"):
        return False
    try:
        return bool(gazetteer.is_place(f"{ent.text} {tok.text}"))
    except Exception:  # a gazetteer miss must never stop extraction
        log.debug("gazetteer lookup failed for %r", ent.text, exc_info=True)
        return False


_MONTH_NAMES = frozenset({"January", "February", "March", "April", "May", "June", "July",
                          "August", "September", "October", "November", "December"})
# "sailing under the flag of Barbados", "a Liberian-flagged tanker": a registry, not a place;
# "Palestine Street": a street named after a place.
_FLAG_BEFORE = re.compile(r"\bflag of\s+(?:the\s+)?$", re.I)
# "the Abuja-Kaduna highway": a road between two towns lies at neither of them.
_ROAD_KIND = re.compile(r"^\s+(?i:highway|road|expressway|motorway|railway|railroad|pipeline|"
                        r"corridor)\b")
_ROAD_AFTER = re.compile(r"^[-–][A-Z][\w'’]+" + _ROAD_KIND.pattern[1:])
_ROAD_END_BEFORE = re.compile(r"[A-Z][\w'’]+[-–]$")
_STREET_AFTER = re.compile(r"^(?:-flagged\b|\s+(?:Street|St\.|Avenue|Road|Square|Boulevard)\b)")
_NOT_NAME_WORDS = frozenset({
    "in", "near", "at", "of", "from", "to", "outside", "around", "and", "the", "province",
    "region", "oblast", "governorate", "district", "city", "town", "village", "state", "base",
    "air", "airport", "camp", "port", "strait", "gulf", "sea", "river", "lake", "mount",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "north",
    "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "upper", "lower", "greater", "old", "new", "al", "el", "site", "support", "mission",
    "forward", "operating", "joint", "fort", "tower", "square", "street", "road", "bridge",
    "market", "hospital", "hotel", "university", "school", "beach", "prison", "field", "island",
    "islands", "coast", "valley", "highway", "checkpoint", "crossing", "governor", "mayor",
})


#: A town this many times as populous as any namesake abroad is the one meant ("Odesa"
#: beside Odessa, Texas).
DOMINANT_POPULATION = 10


def gazetteer_country(gazetteer: Any, name: str, *, prefer: str | None = None) -> str | None:
    """The country of a place name when every exact gazetteer match lies in that country,
    or when its most populous match dwarfs every namesake in another country. ``prefer`` (the
    country the text is in) wins when the name has an exact match there: "Palma" in a report
    on Mozambique is Mozambique's, not Mallorca's."""
    try:
        cands = [c for c in gazetteer.lookup(name, limit=8) if c.match == 0]
    except Exception:  # a gazetteer miss must never stop extraction
        log.debug("gazetteer lookup failed for %r", name, exc_info=True)
        return None
    countries = {c.country for c in cands}
    if prefer and len(countries) > 1:
        home = country_name(prefer) or prefer
        if any(c.country in (prefer, home) for c in cands):
            return home
    if len(countries) > 1:
        def people(c: Any) -> int:
            return getattr(c, "population", 0) or 0

        top = max(cands, key=people)
        rest = max((people(c) for c in cands if c.country != top.country), default=0)
        if people(top) >= DOMINANT_POPULATION * max(rest, 1):
            countries = {top.country}
    if len(countries) != 1:
        return None
    found = countries.pop()
    return country_name(found) or found if found else None


def event_places(places: list[PlacePhrase], *, clause_text: str = "") -> list[PlacePhrase | None]:
    """The places a clause's act happened at: most specific first, one per coordinated site.

    A place written as part of another ("Mogadishu's Lido beach") is the same site: the
    named container is kept, since it is the one a gazetteer can place.
    """
    cands = [p for p in places if not p.origin and not p.contained and not p.possessive]
    # "in the Gulf of Aden, south-east of Aden": an attack at sea is coded to the port or
    # town it is located from; a sea area alone stays the place.
    if any(p.relation in ("near", "km") and not _SEA.search(p.text) for p in cands):
        cands = [p for p in cands if not _SEA.search(p.text)]
    if not cands:
        return []
    best = min(p.rank for p in cands)
    out = [p for p in cands if p.rank == best]
    if clause_text:
        # "hit tents in al-Mawasi and in Beit Lahiya": a site and a town joined by "and"
        # are two places of the act, whatever their ranks
        out += [q for q in cands if q not in out and q.rank < RANK_REGION
                and any(_AND_GAP.fullmatch(clause_text[min(p.end, q.end) : max(p.start, q.start)])
                        for p in out)]
        out.sort(key=lambda p: p.start)
    if clause_text and len(out) > 1:
        inner = {q for p in out for q in out
                 if q.start > p.end and _OWNED.match(clause_text[p.end : q.start])}
        out = [p for p in out if p not in inner]
    if not clause_text:
        return list(out)
    named = [_with_anchor(p, places, clause_text) for p in out]
    anchors = {n for a, p in zip(named, out, strict=True) if a is not p
               for n in a.text.split(", ")[1:]}
    return [a for a, p in zip(named, out, strict=True) if a is not p or p.text not in anchors]


_AND_GAP = re.compile(r",?\s+and\s+(?:(?:in|at|on|near)\s+)?(?:the\s+)?"
                      r"(?:(?:city|town|village|port|camp) of\s+)?")
_OWNED = re.compile(r"^['’]s\s+(?:[a-z][\w-]*\s+){0,3}$")
_SEA = re.compile(r"\b(?:Gulf|Sea|Straits?|Ocean|Bay|Channel)\b|\bBab[ -]e?l[ -]Mand[ae]b", re.I)
_ANCHOR_GAP = re.compile(r"^(?:\s+(?:town|city|village))?,?\s+(?:about\s+|some\s+)?"
                         r"(?:(?:[\w.]+\s+(?:km|kilomet\w+|miles)\s+)?"
                         r"(?:(?:north|south|east|west)\S*\s+of|near|outside)|[\w.]+\s+(?:km|"
                         r"kilomet\w+|miles)\s+from)\s+(?:the\s+)?$", re.I)

_COUNTRY_OWNS = re.compile(r"['’]s\s+(?:(?:north|south|east|west|central)(?:ern)?\s+)?")
#: How many places a chain of containers names: "Let Yet Kone, Tabayin, Sagaing".
MAX_CONTAINERS = 3

# "the Ivan Franko theatre in central Kyiv": a site, a word or two naming it, then its town.
_IN_TOWN_GAP = re.compile(r"^(?:\s+(?!(?:and|or|but|then)\b)[a-z][\w-]*){0,2}\s+in\s+"
                          r"(?:the\s+)?(?:(?:central|downtown|"
                          r"(?:north|south|east|west)(?:ern)?)\s+)?$", re.I)


def _with_anchor(p: PlacePhrase, places: list[PlacePhrase], text: str) -> PlacePhrase:
    """Name a small place together with the places that locate it ("Safra, Kirkuk"), so the
    geocoder can fall back to the town when the village or the square is not in it: from
    "Baghdad's Tayaran Square", "the village of Safra, south-west of Kirkuk" and "Let Yet
    Kone village, Tabayin township, Sagaing region"."""
    chain = [p]
    while len(chain) <= MAX_CONTAINERS:
        q = _anchor(chain[-1], places, text, first=len(chain) == 1)
        if q is None or q in chain:
            break
        chain.append(q)
    if len(chain) == 1:
        return p
    return replace(p, text=", ".join(c.text for c in chain))


def _anchor(p: PlacePhrase, places: list[PlacePhrase], text: str, *, first: bool
            ) -> PlacePhrase | None:
    """The place that locates ``p``, if the text gives one."""
    for q in places:
        if q is p or q.origin:
            continue
        # "in Zanjili, Mosul", "Hermat neighbourhood, West Mosul", "Pahalgam in Indian-
        # administered Kashmir", "Palma, a coastal town in northern Mozambique": the place
        # that contains one the gazetteer may not know
        gap = CONTAINER_GAP.fullmatch(text[p.end : q.start]) if q.start >= p.end else None
        # (a country only from an appositive: "Istanbul, Turkey" is the same place as
        # "Istanbul" later in the report, which the extractor compares by name)
        if (gap and q.rank >= p.rank and (q.contained or gap["qualifier"])
                and (q.rank < RANK_COUNTRY or gap["appositive"])):
            # "a village in Sudan's North Darfur state": the country owns the state, and
            # the state is the more specific container
            inner = next((r for r in places if r.rank < RANK_COUNTRY and r.rank >= p.rank
                          and _COUNTRY_OWNS.fullmatch(text[q.end : r.start])), None)
            return inner if q.rank == RANK_COUNTRY and inner is not None else q
        if q.rank >= RANK_COUNTRY or not first:
            continue
        owned = p.rank == 0 and q.end <= p.start and re.fullmatch(r"['’]s\s+",
                                                                  text[q.end : p.start])
        anchored = q.start >= p.end and (_ANCHOR_GAP.match(text[p.end : q.start]) or (
            p.rank == 0 and q.rank > 0 and _IN_TOWN_GAP.match(text[p.end : q.start])))
        # "In Moscow, police detained mourners at the Solovetsky Stone": a site after the
        # town its clause opens with
        opened = (p.rank == 0 and q.rank > 0 and q.end <= p.start
                  and re.search(r"(?:^|\W)(?:in|at|near)\s+$", text[max(0, q.start - 6) : q.start],
                                re.I)
                  and "," in text[q.end : p.start])
        if owned or anchored or opened:
            return q
    return None


_ACTS_AFTER = re.compile(
    r"^\s+(?:has\s+|had\s+|have\s+|also\s+|again\s+)*(?:launched|fired|struck|carried out|"
    r"conducted|attacked|bombed|shelled|sent|targeted|hit|pounded|invaded)\b", re.IGNORECASE)
_NATIONALITY_USE = re.compile(
    r"^(?:-led|-backed|-allied)?\s*(?:troops|forces|military|service ?(?:members|men)|"
    r"officials?|embassy|army|navy|air force|aircraft|drones?|government|president|"
    r"soldiers|personnel|defen[cs]e|ministry|envoy|citizens?|nationals?|contractors?|said)\b",
    re.IGNORECASE,
)


# "EL FASHER, Sudan, May 9 —": the town, then optionally its country.
_DATELINE_NAME = re.compile(rf"^\s*([{UPPER}][{UPPER}'’.\- ]{{2,40}}?)\s*"
                            r"(?:,\s*([A-Z][A-Za-z.' ]{1,30}?))?"
                            r"\s*(?:,|\(|/|[-—–:])")
# "killed 12 people in the city", "struck the capital overnight", "here": the sentence
# points back at the place the report was filed from.
_DATELINE_REFERENT = re.compile(
    r"\b(?:the|this)\s+(?:city|capital|town|port city|port|provincial capital|state capital|"
    r"regional capital)\b(?!\s+of\b)|\bhere\b", re.IGNORECASE)


def dateline_place(text: str) -> PlacePhrase | None:
    """The town a dateline names, as a place phrase ("El Fasher, Sudan"), or None.

    A dateline says where a report was filed, which is no evidence of where the act took
    place; use it only for an event whose own sentences point back at it (see
    ``refers_to_dateline``).
    """
    end = dateline_end(text)
    m = _DATELINE_NAME.match(text[:end]) if end else None
    if m is None:
        return None
    town = " ".join(w.capitalize() if w.isupper() else w for w in m.group(1).split())
    country = (m.group(2) or "").strip()
    name = f"{town}, {country}" if country and is_country(country) else town
    return PlacePhrase(name, "in", RANK_TOWN, m.start(1), m.end(1))


def refers_to_dateline(sentence: str) -> bool:
    """True when a sentence places its act at "the city" or "the capital" without naming
    it: with no other place in the report, that is the dateline's town."""
    return _DATELINE_REFERENT.search(sentence) is not None


def narrows(place: PlacePhrase | None, site: PlacePhrase | None) -> bool:
    """Whether a site named later ("the attack on Pazigyi") may replace an event's place.

    A place that only contains the act ("a school in Kanbalu township") gives way to a more
    specific one; a town that contains it ("a building in Haret Hreik") does not give way to
    another town a later clause recalls ("the rocket attack on Majdal Shams").
    """
    if place is None or site is None or not place.inside:
        return True
    return site.rank < place.rank


def absorb_regions(events: list[Any], *, gazetteer: Any) -> list[Any]:
    """Fold an event coded to a province into a same-day act of the same type at a town of
    that province: "aircraft bombed villages in Paktika province ... the strikes hit the
    Barmal district" is one strike, at Barmal (CODEBOOK.md: the most precise place the text
    allows). So is "a strike on a village in the Sagaing region ... bombs fell on Pazigyi
    village": the province only contained an unnamed place, which the town names.
    ``events`` are the extractor's open events (``place``, ``mention``, ``killed``).
    """
    def region(ev: Any) -> bool:
        return (ev.place is not None and ev.place.rank == RANK_REGION
                and ev.place.relation == "in" and ev.mention.event_date is not None
                and bool(ev.mention.evidence))

    def told_again(o: Any, after: int) -> bool:
        # the town's clause refers back to the act: "the strikes hit the Barmal district"
        ev0 = o.mention.evidence[0] if o.mention.evidence else None
        return ev0 is not None and ev0.start > after and _THE_ACT.search(ev0.text) is not None

    out: list[Any] = []
    for ev in events:
        m = ev.mention
        host = None
        if region(ev):
            host = next((o for o in events if o is not ev and o.place is not None
                         and o.place.rank < RANK_REGION
                         and o.mention.sub_event_type == m.sub_event_type
                         and o.mention.event_date == m.event_date
                         and (ev.place.inside or told_again(o, m.evidence[0].start))
                         and _lies_in(o.place.text, ev.place.text, gazetteer=gazetteer)), None)
        if host is None:
            out.append(ev)
            continue
        host.mention.evidence.extend(e for e in m.evidence if e not in host.mention.evidence)
        if host.killed is None:
            host.killed = ev.killed
    return out


def _lies_in(place: str, region: str, *, gazetteer: Any) -> bool:
    """True when the gazetteer puts every exact match of ``place`` that lies in the
    region's country inside one of the first-level areas ``region`` names."""
    if gazetteer is None or not hasattr(gazetteer, "lookup"):
        return False
    try:
        areas = {(c.iso2, c.name) for c in gazetteer.lookup(_REGION_WORD.sub("", region), limit=8)
                 if c.match <= 1 and c.feature == "admin1"}
        head = place.partition(", ")[0]
        towns = [c for c in gazetteer.lookup(head, limit=8) if c.match <= 1
                 and c.feature not in ("admin1", "country")]
    except Exception:  # a gazetteer miss must never stop extraction
        log.debug("gazetteer lookup failed for %r in %r", place, region, exc_info=True)
        return False
    if place.partition(", ")[2] and any(loose_eq(r, region) for r in place.split(", ")[1:]):
        return True  # "Kuriga, Kaduna state": the text says so
    countries = {iso for iso, _ in areas}
    mine = [c for c in towns if c.iso2 in countries]
    return bool(mine) and all((c.iso2, c.admin1) in areas for c in mine)


_THE_ACT = re.compile(r"\b(?:the|these|those)\s+(?:[\w-]+\s+)?(?:strikes?|air ?strikes?|raids?|"
                      r"attacks?|bombings?|bombardment|shelling|assault|offensive|ambush|"
                      r"massacre|killings|clashes|fighting)\b", re.I)
_REGION_WORD = re.compile(r"\s+(?:province|governorate|region|oblast|state|department)$", re.I)


def loose_eq(a: str, b: str) -> bool:
    """Two spellings of one area's name, up to case and a trailing kind word."""
    return _REGION_WORD.sub("", a).lower() == _REGION_WORD.sub("", b).lower()
