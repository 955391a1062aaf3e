"""Place phrases in a sentence, with how the text relates the event to them.

Entities come from spaCy after our EntityRuler (GPE/LOC/FAC), widened to the site they name
("Green Village" + "base"), plus patterns the model misses ("near X", "12 km south of X",
"in X province"). Datelines ("BAGHDAD (Tigris Wire) -", "KYIV, Jan 3 —") say where the report
was filed, not where the event happened, so callers skip them. Ranks order places from most
to least specific: site, town, province, country.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Span

from .placeuse import destination, not_a_place, owned_by
from .spelled import NAME_PATTERN, spelled_spans

RANK_SITE, RANK_TOWN, RANK_REGION, RANK_COUNTRY = 0, 1, 2, 3

_SITE_WORDS = (
    r"(?:air ?base|airbase|base|airfield|air field|airport|camp|outpost|checkpoint|dam|"
    r"border crossing|crossing|oil field|gas field|refinery|prison|hospital|compound|"
    r"barracks|port|bridge|market(?:place)?|mosque|church|school|university|neighbou?rhood|"
    r"district|village|town|city)"
)
_SITE_AFTER = re.compile(r"^\s+(?:" + _SITE_WORDS + r")\b", re.IGNORECASE)
_SITE_BEFORE = re.compile(
    r"\b(?:Camp|Fort|Forward Operating Base|FOB|Mission Support Site|Tower|Joint Base)\s+$"
)
_ADMIN_WORDS = (r"(?:province|governorate|region|oblast|state|department|district|county|"
                r"prefecture|commune|municipality|township|local government area|division)")
# "Hawija district", "Kanbalu township": a second-level area, coded like its town.
_REGION_AFTER = re.compile(r"^\s+(?!(?:district|county|commune|municipality|township)\b)"
                           + _ADMIN_WORDS + r"\b", re.I)
# "Kurdistan region", "Anbar province": a name that says it is a region.
_REGION_WORD_END = re.compile(r"\s(?:region|province|governorate|oblast|state)$")
_REGION_BEFORE = re.compile(
    r"\b(?:province|governorate|region|oblast|state|department) of\s+$|"
    r"\b(?:northern|southern|eastern|western|north|south|east|west|central)\s+$", re.IGNORECASE,
)
# "south of the Yemeni port of Mokha", "near the village of Safra": the kind of place between
# the relation and the name.
_KIND_OF = (r"(?:(?:[\w'’-]+\s+){0,2}(?:port|town|city|village|settlement|harbou?r|island)"
            r"\s+of\s+)?")
_NEAR_BEFORE = re.compile(
    r"\b(?:near|outside|close to|on the outskirts of|in the vicinity of|vicinity of|around|"
    r"off(?: the coast of)?|west of|east of|north of|south of|northwest of|northeast of|"
    r"southwest of|southeast of|north-west of|north-east of|south-west of|south-east of)"
    r"\s+(?:the\s+)?" + _KIND_OF + r"$", re.IGNORECASE,
)
_KM_BEFORE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:km|kilometers?|kilometres?|(?:nautical )?miles?|mi|nm)\s+"
    r"(?:\([^)]*\)\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|"
    r"north-east|north-west|south-east|south-west)?(?:ern)?\s*(?:of|from)\s+(?:the\s+)?"
    + _KIND_OF + r"$", re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\b(?:from|launched from|fired from|based in|headquartered in)\s+"
                          r"(?:the\s+)?$", re.IGNORECASE)
# "Sergeant Ana Ruiz, 29, of Fresno, California, died ...": a person's hometown.
_HOMETOWN_BEFORE = re.compile(r"\b\d{1,3},\s+(?:of|from)\s+$|\b(?:a native of|hometown of)\s+$",
                              re.IGNORECASE)
# "the port city of Tartus", "the town of Gao": a town, though a province bears its name.
_TOWN_BEFORE = re.compile(r"\b(?:city|town|village|port|harbou?r)\s+of\s+$", re.IGNORECASE)
# "ISIL seized tanks from Tiyas airfield", "drove the militants from Bakhmut": the place
# things were taken from is where the act happened, not where an attack came from.
_TAKEN_FROM = re.compile(r"\b(?:seiz\w*|took|taken|stole|stolen|captur\w*|loot\w*|abduct\w*|"
                         r"kidnap\w*|"
                         r"recaptur\w*|retook|retaken|expell\w*|drove|driven|ousted|oust|"
                         r"pushed|evicted|cleared)\b[^.;:]{0,80}\bfrom\s+(?:the\s+)?$", re.I)
_INSIDE_BEFORE = re.compile(
    r"\b(?:an?|one|another|two|three|several) (?:[\w-]+ )?(?:village|hamlet|settlement|town|"
    r"site|area|camp|compound|building|house|home)s? (?:in|of|near|outside) (?:the )?"
    r"(?:[A-Z][\w'’-]+['’]s )?(?:(?:north|south|east|west|central|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)? )?$", re.I)
#: The words between a place and a larger place that contains it: "Zanjili, Mosul", "Pahalgam
#: in Indian-administered Kashmir", "Palma, a coastal town in northern Mozambique", "Kuriga,
#: in Chikun local government area", "Catatumbo, in the north-eastern department of ...".
CONTAINER_LINK = (
    r"(?i:(?:\s+(?:neighbou?rhood|district|quarter|area|village|town|suburb|camp|" + _ADMIN_WORDS
    + r"))?"
    r"(?:,\s*(?P<appositive>(?:an?|the)\s+(?:[\w'’-]+\s+){0,3}?(?:town|city|village|hamlet|"
    r"settlement|district|suburb|neighbou?rhood|area|camp|region|port|island|capital)\s+)?"
    r"(?:(?:in|of)\s+)?|"
    r"\s+(?:in|of)\s+)(?:the\s+)?(?:[A-Z][\w'’-]+['’]s\s+)?"
    r"(?P<qualifier>[\w'’]+(?:-[\w'’]+)*-(?:administered|controlled|held|occupied|annexed)\s+|"
    r"(?:(?:north|south)(?:-?(?:east|west))?|east|west|central|rural)(?:ern)?\s+)?"
    r"(?:(?:[\w-]+\s+)?" + _ADMIN_WORDS + r"\s+of\s+)?)"
)
_CONTAINED_BEFORE = re.compile(r"[A-Z][\w'’-]+" + CONTAINER_LINK + r"$")
#: ``CONTAINER_LINK`` alone: the whole gap between a place and its container.
CONTAINER_GAP = re.compile(CONTAINER_LINK)
_ANAPHORA = re.compile(
    r"\b(?:the same (?:base|site|area|town|city|village|location|facility|compound)|"
    r"(?:that|this) (?:base|site|facility))\b", re.IGNORECASE,
)
#: Capital letters of the Latin alphabets datelines are written in ("BOGOTÁ —", "ŞIRNAK —").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_DATELINE = re.compile(
    rf"^\s*[{UPPER}][{UPPER}'’.\-/ ]{{2,40}}(?:,\s*[A-Z][A-Za-z.' ]{{1,30}})?"
    r"(?:,?\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Za-zéû]{3,9}\.?)(?:,? \d{4})?)?"
    r"\s*(?:\([^)]{1,60}\))?\s*(?:[-—–:]+)\s*"
)


@dataclass(frozen=True, slots=True)
class PlacePhrase:
    """A place named in the text: offsets are into the string the Span's doc was made from."""

    text: str
    relation: str  # "in" | "near" | "km"
    rank: int  # RANK_SITE .. RANK_COUNTRY
    start: int
    end: int
    origin: bool = False  # "launched from X": where the attack came from, not where it hit
    contained: bool = False  # "X in Y": Y only locates X
    inside: bool = False  # "a village in X": an unnamed place X only contains
    possessive: bool = False  # "Iran's Revolutionary Guards": a country as an owner


def dateline_end(text: str) -> int:
    """Length of a leading dateline (``BAGHDAD (Tigris Wire) -``), 0 when there is none."""
    m = _DATELINE.match(text[:160])
    return m.end() if m else 0


def same_place_anaphor(text: str) -> bool:
    """True when the sentence refers back to the previous event's site ("the same base")."""
    return _ANAPHORA.search(text) is not None


_COUNTRY_FIX = {
    "Russian Federation": "Russia", "Türkiye": "Turkey", "Palestine, State of": "Palestine",
    "Congo, The Democratic Republic of the": "Democratic Republic of Congo",
    "Korea, Democratic People's Republic of": "North Korea", "Viet Nam": "Vietnam",
    "Lao People's Democratic Republic": "Laos", "Moldova, Republic of": "Moldova",
    "Congo": "Republic of Congo",
}
_COUNTRY_ALIASES = {
    "us": "United States", "u.s.": "United States", "usa": "United States",
    "the united states": "United States", "america": "United States", "uk": "United Kingdom",
    "britain": "United Kingdom", "turkey": "Turkey", "burma": "Myanmar", "drc": "Democratic "
    "Republic of Congo", "ivory coast": "Côte d'Ivoire", "gaza": "Palestine",
    "gaza strip": "Palestine", "west bank": "Palestine", "kosovo": "Kosovo",
    "congo": "Democratic Republic of Congo", "dr congo": "Democratic Republic of Congo",
    "democratic republic of the congo": "Democratic Republic of Congo",
    "democratic republic of congo": "Democratic Republic of Congo",
}


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        canon = getattr(c, "common_name", None) or c.name
        canon = _COUNTRY_FIX.get(c.name, canon)
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names[v.lower()] = canon
                names[_ascii(v).lower()] = canon
        names[canon.lower()] = canon
    names.update(_COUNTRY_ALIASES)
    return names


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    seen: dict[str, set[str]] = {}
    countries = _countries()
    for s in pycountry.subdivisions:
        if s.parent_code is not None:
            continue
        c = pycountry.countries.get(alpha_2=s.country_code)
        if c is None:
            continue
        canon = countries.get(c.name.lower(), c.name)
        n = _ascii(s.name).lower().replace("’", "").replace("'", "")
        for v in {n, n.replace("-", " ")}:
            keys = [v] + [v[len(x) :] for x in ("al ", "al-", "ad ", "as ", "an ", "ar ", "ash ")
                          if v.startswith(x)]
            for k in keys:
                names.setdefault(k, canon)
                seen.setdefault(k, set()).add(canon)
    # A region name shared by several countries ("Red Sea", "Central", "North") or a plain
    # compass word says nothing about the country: keep only the unambiguous ones.
    for k, cs in seen.items():
        if len(cs) > 1 or k in _GENERIC_REGIONS:
            del names[k]
    names.update({"northern iraq": "Iraq", "northern syria": "Syria", "north-east syria": "Syria",
                  "northeast syria": "Syria", "donbas": "Ukraine", "darfur": "Sudan",
                  "kurdistan": "Iraq", "deir ez-zor": "Syria", "anbar": "Iraq",
                  "idlib": "Syria", "hasaka": "Syria", "raqqa": "Syria"})
    return names


_GENERIC_REGIONS = frozenset({
    "north", "south", "east", "west", "central", "centre", "center", "northern", "southern",
    "eastern", "western", "capital", "coast", "coastal", "littoral", "islands", "island",
    "lakes", "lake", "mountains", "highlands", "plateau", "sahel", "upper", "lower", "middle",
    "interior", "border", "frontier", "red sea", "north east", "north west", "south east",
    "south west", "far north", "far west",
})


def country_name(name: str) -> str | None:
    """Canonical country for a country name ("Syrian Arab Republic", "US") or None."""
    return _countries().get(name.lower().strip().removeprefix("the ").strip()) if name else None


def region_country(name: str) -> str | None:
    """Country of a first-level region ("Anbar" -> "Iraq"), from pycountry; None if unknown."""
    return _regions().get(_ascii(name).lower().strip().replace("'", ""))


def is_country(name: str) -> bool:
    return country_name(name) is not None


def find_places(
    sent: Span,
    *,
    gazetteer: Any = None,
    skip_until: int = 0,
    ents: Sequence[Span] | None = None,
    text: str | None = None,
) -> list[PlacePhrase]:
    """Place phrases in a sentence (offsets into ``sent.doc.text``), in text order.

    ``skip_until`` drops places starting before that offset (a dateline). ``ents`` are the
    sentence's entities when the caller has already bucketed ``doc.ents`` by sentence
    (``Span.ents`` scans the whole document each time, quadratic over a long article), and
    ``text`` is ``doc.text`` (which spaCy rebuilds from the tokens on every access).
    """
    if text is None:
        text = sent.doc.text
    out: list[PlacePhrase] = []
    for ent in sent.ents if ents is None else ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        if ent.start_char < skip_until:
            continue
        if out and ent.start_char < out[-1].end:
            continue  # swallowed by the widened place before it ("Tal" + "Afar")
        if _FRAGMENT_END.search(ent.text):
            continue  # "West of": the model's fragment of a relation, not a place
        end = _widened_end(ent, gazetteer) if gazetteer is not None else ent.end_char
        out.append(_phrase(text, ent.start_char, end, ent.label_, sent.start_char))
    # "in X province" where X was missed by NER (lowercase-insensitive, capitalised name).
    region = re.compile(r"\b(?:in|of) (?:the )?((?:[A-Z][\w'-]+ ){1,3})(province|governorate|"
                        r"oblast|department|state|region)\b")
    for m in region.finditer(sent.text):
        s, e = sent.start_char + m.start(1), sent.start_char + m.end(1) - 1
        if s >= skip_until and not any(p.start <= s < p.end for p in out):
            out.append(_phrase(text, s, e, "GPE", sent.start_char))
    # "Near Dayr Az Zawr, ...", "in the town of Tel Tamer", "Let Yet Kone village": names
    # the model misses or cuts.
    for m in [*_NAMED.finditer(sent.text), *_KIND_NAMED.finditer(sent.text)]:
        s, e = sent.start_char + m.start(1), sent.start_char + m.end(1)
        if s < skip_until:
            continue
        if text[e - 2 : e] in ("'s", "’s"):  # "In Iraq's battle for Fallujah"
            e -= 2
        out = [p for p in out if not (s <= p.start < e or p.start <= s < p.end)]
        out.append(_phrase(text, s, e, "GPE", sent.start_char))
    if gazetteer is not None:
        regions = [q for q in out if q.rank >= RANK_REGION]

        def boxed(end: int) -> bool:  # "Amalfi" in "in Amalfi in the department of Antioquia"
            return any(q.start > end and CONTAINER_GAP.fullmatch(text[end : q.start]) is not None
                       for q in regions)

        spans = spelled_spans(sent.text, sent.start_char, [(p.start, p.end) for p in out],
                              gazetteer=gazetteer, skip_until=skip_until, contained=boxed)
        out += [_phrase(text, s, e, "GPE", sent.start_char) for s, e in spans]
    out = [p for p in out
           if not not_a_place(text, p.start, p.end, country=p.rank == RANK_COUNTRY,
                              floor=sent.start_char)
           and p.text.lower() not in _COMPASS and p.text.lower() not in _MONTHS]
    out.sort(key=lambda p: p.start)
    # "the Red Sea port of Hodeidah", "the Black Sea city of Odesa": the first name only
    # describes the place the second names.
    out = [p for p in out if not any(
        (d := _DESCRIBES.match(text, p.end)) is not None and q.start == d.end()
        and (d["kind"] or _KIND_END.search(p.text)) for q in out)]
    # "the embassies of Belgium, the United States and Kenya": the list shares its owner word.
    for i in range(1, len(out)):
        p, q = out[i - 1], out[i]
        if (p.possessive and q.rank == RANK_COUNTRY and not q.possessive
                and _LIST_GAP.fullmatch(text[p.end : q.start])):
            out[i] = replace(q, possessive=True)
    # "X in Y" only when X is itself a place found here: in "the Syrian city of Homs" or
    # "the Houthi-held port of Hodeidah" nothing precedes the name, so it is the place.
    return [p if not p.contained or any(0 <= p.start - q.end <= 45 for q in out if q is not p)
            else replace(p, contained=False) for p in out]


_DESCRIBES = re.compile(r"(?:\s+(?P<kind>port|city|town|coast|island|harbou?r|resort))?"
                       r"\s+of\s+(?:the\s+)?")
_KIND_END = re.compile(r"\s(?:port|city|town|coast|island|harbou?r|resort)$", re.I)
_FRAGMENT_END = re.compile(r"\s(?:of|and|or|the|in|at|to|from)$", re.I)


def _widened_end(ent: Span, gazetteer: Any) -> int:
    """End of the entity, widened over one or two capitalised words when the longer name is
    a place the gazetteer knows: the phrase matcher needs exact spellings, so "Tal Afar"
    may be tagged as "Tal" (a village in Syria) when only "Tall 'Afar" is listed."""
    doc, end = ent.doc, ent.end_char
    best = end
    for i in range(ent.end, min(ent.end + 2, len(doc))):
        tok = doc[i]
        if not (tok.is_title and tok.is_alpha) or tok.is_stop or (
                doc[i - 1].whitespace_ != " "):
            break
        end = tok.idx + len(tok.text)
        widened = doc.text[ent.start_char : end]
        try:
            if gazetteer.is_place(widened):
                best = end
        except Exception:  # a gazetteer miss must never stop extraction
            break
    return best


def named_site(clause: str, offset: int, places: Sequence[PlacePhrase]) -> PlacePhrase | None:
    """The named site a clause gives to a site described before ("The outpost, known as
    Tower 22, ...", "the attack on Pazigyi"): the event coded at "a base in Jordan" or "a
    village in Kanbalu township" belongs at that site."""
    for m in _NAMING.finditer(clause):
        at = offset + m.end()
        for p in places:
            if p.start == at and p.rank < RANK_REGION and not p.origin:
                return p
    return None


_NAME = NAME_PATTERN
_NAMED = re.compile(
    r"(?:^\W*(?:Near|In|Outside|Around) |\b(?:town|city|village|neighbou?rhood) of )(" + _NAME
    + r")"
)
_KIND_NAMED = re.compile(r"(?<![\w'’-])(?!(?:The|A|An|In|At|On|Near)\b)(" + _NAME
                         + r")\s+(?:village|township|hamlet|locality)\b")
_NAMING = re.compile(
    r"\b(?:the|this|that)\s+(?:" + _SITE_WORDS + r"|site|facility|installation|garrison)"
    r",?\s+(?:(?:which is|which was|now|also)\s+)?(?:known as|called|named|dubbed)\s+|"
    r"\bthe\s+(?:[\w-]+\s+)?(?:attack|strike|bombing|raid|assault|shelling|massacre)\s+"
    r"(?:on|of|in)\s+(?:the\s+)?",
    re.IGNORECASE,
)
# "the reaction in the West": a bloc of countries, not a place.
# "In March, a drone struck ...": a month, not March in Cambridgeshire.
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december"})
_COMPASS = frozenset({"west", "east", "north", "south", "the west", "the east", "the north",
                      "the south"})
# "in Lviv, Dnipro and Odesa": a list goes on after a name.
_LIST_GAP = re.compile(r"(?:,\s*|\s+and\s+|,\s+and\s+)(?:the\s+)?")
_LIST_GOES_ON = re.compile(r"^(?:,\s*|\s+and\s+|\s+or\s+)(?:the\s+)?[A-Z]")


def _phrase(text: str, start: int, end: int, label: str, floor: int) -> PlacePhrase:
    before = text[max(floor, start - 60) : start]
    after = text[end : end + 40]
    name = text[start:end]
    if name.lower().startswith("the "):
        start += 4
        name = name[4:]
    rank = RANK_TOWN
    m = _SITE_BEFORE.search(before)
    if m:
        start -= len(m.group())
        start += len(m.group()) - len(m.group().lstrip())
        rank = RANK_SITE
    m2 = _SITE_AFTER.match(after)
    owner = bool(m2) and is_country(name) and label == "GPE"  # "a US outpost": an owner
    if owner:
        m2 = None
    if m2 and not re.search(r"(?:district|village|town|city|neighbou?rhood)$", m2.group(), re.I):
        end += m2.end()
        rank = RANK_SITE
    elif label == "FAC":
        rank = RANK_SITE
    if rank != RANK_SITE:
        low = name.lower()
        if is_country(low):
            rank = RANK_COUNTRY
        elif (region_country(low) or _REGION_AFTER.match(after) or _REGION_BEFORE.search(before)
              or _REGION_WORD_END.search(low)) and not _TOWN_BEFORE.search(before):
            rank = RANK_REGION
    relation = "in"
    if _KM_BEFORE.search(before):
        relation = "km"
    elif _NEAR_BEFORE.search(before):
        relation = "near"
    # "in Lviv, Dnipro and Odesa": a list goes on after Dnipro, which contains nothing.
    contained = (bool(_CONTAINED_BEFORE.search(before[-70:]))
                 and not (before.rstrip().endswith(",") and _LIST_GOES_ON.match(after)))
    return PlacePhrase(
        text=text[start:end].strip(),
        relation=relation,
        rank=rank,
        start=start,
        end=end,
        origin=bool((_FROM_BEFORE.search(before) and relation != "km"
                     and not _TAKEN_FROM.search(before))
                    or destination(before) or _HOMETOWN_BEFORE.search(before)),
        contained=contained,
        inside=bool(_INSIDE_BEFORE.search(before)),
        possessive=rank == RANK_COUNTRY and (owner or bool(_POSSESSIVE.match(after))
                                             or owned_by(before)),
    )


_POSSESSIVE = re.compile(r"^['’]s\b(?!\s+(?:\w+ )?(?:province|region|north|south|east|west|"
                         r"capital|border|city|town|governorate))")
