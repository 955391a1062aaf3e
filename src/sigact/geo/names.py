"""Place-name normalisation that survives transliteration.

News spells the same place many ways ("Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor"). Every name
is reduced to a few index keys at build time and the query to the same keys at lookup time, so a
lookup is a handful of exact index hits instead of a fuzzy scan. Keys come in levels:

- level 0: lowercased, diacritics, apostrophes and ayn marks stripped, hyphens unified;
- level 1: also without Arabic articles (al-, el-, ash- ...), generic words ("governorate",
  "province") and with common spelling variants unified (ayn/ein -> ain, tell -> tal);
- level 2: a consonant skeleton ("~" prefixed) that ignores vowels and doubled letters.

Airfields and bases get one more level-1 key ("@" prefixed) without the words that say what
kind of site they are, so "Kirkuk airbase", "Kirkuk Air Base" and "Kirkuk airport" meet.

A match at a lower level is stronger evidence than one at a higher level.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Bumped whenever the keys change, so that stored gazetteers are rebuilt.
NORMALIZE_VERSION = 3

_APOSTROPHES = "'’‘`´ʿʾʻʼ′"
_DASHES = "-‐‑‒–—_/."
_ARTICLES = frozenset(
    {"al", "el", "ar", "as", "ad", "ash", "az", "at", "an", "ath", "adh", "ed", "es", "ez",
     "en", "et", "ul", "il", "the"}
)
#: Words that say what kind of place a name is, not which one ("Anbar province").
GENERIC_WORDS = frozenset(
    {"governorate", "province", "oblast", "region", "district", "city", "muhafazat",
     "muhafazah", "mohafazat", "wilayat", "wilayah", "vilayet", "mayorality", "municipality",
     "raion", "rayon", "state", "prefecture", "county", "of", "e", "misto", "gouvernorat"}
)
#: Variants of a word that transliterations disagree on, mapped to one spelling.
_WORD_VARIANTS = {
    "ayn": "ain", "ein": "ain", "ayin": "ain", "aïn": "ain",
    "tell": "tal", "tel": "tal", "tall": "tal",
    "dayr": "deir", "dair": "deir", "der": "deir",
    "jebel": "jabal", "jabel": "jabal", "jbel": "jabal",
    "kfar": "kafr", "kafar": "kafr", "kefr": "kafr",
    "abou": "abu", "um": "umm", "om": "umm", "bir": "bir", "beer": "bir",
    "ras": "ras", "raas": "ras", "qasr": "qasr", "kasr": "qasr",
}
#: A few exonyms and old spellings mapped to the name the gazetteer indexes.
EXONYMS = {
    "kiev": "kyiv", "kharkov": "kharkiv", "odessa": "odesa", "nikolaev": "mykolaiv",
    "nikolayev": "mykolaiv", "zaporozhye": "zaporizhzhia", "lugansk": "luhansk",
    "dnepropetrovsk": "dnipro", "artemovsk": "bakhmut", "artemivsk": "bakhmut",
    "halab": "aleppo", "hims": "homs", "dimashq": "damascus", "ladhiqiyah": "latakia",
    "burma": "myanmar", "rangoon": "yangon", "tombouctou": "timbuktu",
    # Kurdish names of towns in north-east Syria, as the SDF and Kurdish outlets write them
    "serekaniye": "ras ain", "sere kaniye": "ras ain", "qamishlo": "qamishli",
    "derik": "malikiya", "tirbespiye": "qahtaniya", "tirbespi": "qahtaniya",
    "dirbesiye": "darbasiya", "girke lege": "maabada", "tel temir": "tall tamr",
    # Old English and colonial names still in use
    "arakan": "rakhine", "bassein": "pathein", "pegu": "bago", "moulmein": "mawlamyine",
    "bombay": "mumbai", "leopoldville": "kinshasa", "stanleyville": "kisangani",
    "elisabethville": "lubumbashi", "fort lamy": "ndjamena",
}
_SKELETON_SUBS = (
    ("kh", "k"), ("gh", "g"), ("ph", "f"), ("dj", "j"), ("zh", "j"), ("ck", "k"),
    ("q", "k"), ("c", "k"), ("x", "ks"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"),
)
_VOWELS = re.compile(r"[aeiouyw]")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


_NORM_TABLE = str.maketrans({**{c: None for c in _APOSTROPHES}, **{c: " " for c in _DASHES}})
_SKELETON_RE = re.compile("|".join(a for a, _ in _SKELETON_SUBS))
_SKELETON_MAP = dict(_SKELETON_SUBS)
_DROP_VOWELS = str.maketrans("", "", "aeiouyw ")
_DOUBLES = re.compile(r"(.)\1+")


def strip_diacritics(text: str) -> str:
    """"Ḩalab" -> "Halab": decompose and drop combining marks; other characters stay."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ascii_name(text: str) -> str:
    """A readable ASCII form for display: no diacritics, no ayn marks, single spaces."""
    out = strip_diacritics(text)
    if not out.isascii():
        out = out.replace("‘", "").replace("ʿ", "").replace("ʾ", "").replace("ʻ", "")
        out = out.replace("’", "'")
    return _SPACES.sub(" ", out).strip()


def is_latin(text: str) -> bool:
    """True when a name is written in Latin script (the only names we index)."""
    if text.isascii():
        return any(c.isalpha() for c in text)
    letters = [c for c in strip_diacritics(text) if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)


def norm(text: str) -> str:
    """Level-0 key: lowercase, no diacritics or apostrophes, hyphens and spaces unified."""
    out = strip_diacritics(text).lower().translate(_NORM_TABLE)
    return " ".join(_NON_WORD.sub(" ", out).split())


def _loose_core(normed: str) -> str:
    kept = [_WORD_VARIANTS.get(w, w) for w in normed.split() if w not in _ARTICLES]
    # "Raqqah"/"Raqqa", "Jablah"/"Jabla": a final h after a vowel is often not written.
    kept = [w[:-1] if len(w) > 4 and w[-1] == "h" and w[-2] in "aeiou" else w for w in kept]
    # Gemination is written or not ("Issa"/"Isa", "Raqqa"/"Raqa"): collapse doubled letters.
    kept = [_DOUBLES.sub(r"\1", w) for w in kept]
    core = [w for w in kept if w not in GENERIC_WORDS] or kept
    return " ".join(core)


def _loose(normed: str) -> str:
    out = _loose_core(normed)
    return _exonyms().get(out, out)


@lru_cache(maxsize=1)
def _exonyms() -> dict[str, str]:
    """``EXONYMS`` with both sides reduced to loose keys, so the table can be written in
    plain spellings ("Rangoon", "Maabada")."""
    return {_loose_core(norm(k)): _loose_core(norm(v)) for k, v in EXONYMS.items()}


def _skeleton(loosed: str) -> str:
    out = _FINAL_H.sub("", loosed)
    out = _SKELETON_RE.sub(lambda m: _SKELETON_MAP[m.group(0)], out).translate(_DROP_VOWELS)
    out = _DOUBLES.sub(r"\1", out)
    return "~" + out if len(out) >= 2 else ""


def loose(text: str) -> str:
    """Level-1 key: ``norm`` without articles and generic words, variants unified."""
    return _loose(norm(text))


def skeleton(text: str) -> str:
    """Level-2 key: the consonants of the loose key ("~drzr" for every Deir ez-Zor)."""
    return _skeleton(loose(text))


_FUSED_ARTICLE = re.compile(r"\b[ae]([lrsdztn])\1(?=[a-z]{2})")
#: Words that make a name an airfield's or a base's; one of them must be there.
_AIRFIELD_ANCHORS = frozenset(
    {"base", "airbase", "airport", "airfield", "aerodrome", "airstrip", "garrison", "camp",
     "ab", "afb", "fob", "cop"})
#: Words dropped from such a name to get its site key ("Al Sahra Army Air Field" -> "sahra").
_AIRFIELD_WORDS = _AIRFIELD_ANCHORS | frozenset(
    {"air", "field", "station", "international", "military", "army", "regional", "naval",
     "national", "new", "forward", "operating", "mission", "support", "site", "joint",
     "force", "combat", "outpost", "us", "main", "operations"})
_LETTER_DIGIT = re.compile(r"\b([a-z]) (\d)")
_AIRFIELD_PHRASES = ((re.compile(r"\bair (?:field|strip)\b"), "airfield"),
                     (re.compile(r"\b(?:mission support|patrol) site\b"), "base"),
                     (re.compile(r"\blanding zone\b"), "airstrip"),
                     (re.compile(r"\bmilitary (?:complex|compound)\b"), "base"))


def site_core(name: str) -> str:
    """The site key of an airfield or base name ("@kirkuk"), "" for other names."""
    text = norm(name)
    for phrase, word in _AIRFIELD_PHRASES:
        text = phrase.sub(word, text)
    words = text.split()
    if not _AIRFIELD_ANCHORS.intersection(words):
        return ""
    core = _loose(" ".join(w for w in words if w not in _AIRFIELD_WORDS))
    core = _LETTER_DIGIT.sub(r"\1\2", core)  # "K-1", "K1", "H 3" -> "k1", "h3"
    return "@" + core if sum(c.isalnum() for c in core) >= 2 else ""


def index_keys(name: str, *, site: bool = True) -> dict[str, int]:
    """All keys of a name with their level; the lowest level wins when keys coincide.

    A fused article ("Deir Ezzor", "Addawla") adds a second level-1 key without it; an
    airfield or base name adds its site key (``site=False`` for towns, whose names say
    nothing of an airfield: "Camp Pendleton South").
    """
    n = norm(name)
    lo = _loose(n)
    keys: dict[str, int] = {}
    for level, key in enumerate((n, lo, _skeleton(lo))):
        if key and key not in keys:
            keys[key] = level
    if " " in lo:  # "Pétion-Ville" and "Petionville", "Khan Yunis" and "Khanyunis"
        keys.setdefault(lo.replace(" ", ""), 1)
    defused = _FUSED_ARTICLE.sub(r"\1", n)
    if defused != n:
        keys.setdefault(_loose(defused), 1)
    core = site_core(name) if site else ""
    if core:
        keys.setdefault(core, 1)
    return keys


# Words around a place phrase that tell what kind of place it is, or how near the event was.
FEATURE_HINTS: dict[str, str] = {
    "province": "admin1", "governorate": "admin1", "oblast": "admin1", "region": "admin1",
    "state": "admin1", "wilayat": "admin1", "muhafazat": "admin1",
    "city": "city", "town": "city", "village": "city", "district": "city",
    "neighbourhood": "city", "neighborhood": "city", "suburb": "city",
    "base": "site", "airbase": "site", "airfield": "site", "airport": "site", "camp": "site",
    "garrison": "site", "dam": "site", "field": "site", "crossing": "site", "port": "site",
    "bridge": "site", "plant": "site", "refinery": "site", "checkpoint": "site",
    "outpost": "site", "facility": "site", "compound": "site", "embassy": "site",
}
_NEAR = re.compile(
    r"^(?:near|outside|close to|nearby|around|in the vicinity of|on the outskirts of|"
    r"the outskirts of|outskirts of|west of|east of|north of|south of|northwest of|"
    r"northeast of|southwest of|southeast of)\s+",
    re.I,
)
_KM = re.compile(
    r"^(?:about |some |around |approximately |roughly )?\d+(?:[.,]\d+)?\s*"
    r"(?:km|kilometers|kilometres|miles|mi)\b[\w\s-]*?\bof\s+",
    re.I,
)
_DIRECTION = re.compile(
    r"^(?:northern|southern|eastern|western|central|northeastern|northwestern|"
    r"southeastern|southwestern|north|south|east|west|rural|greater|downtown)\s+",
    re.I,
)
_LEADING = re.compile(r"^(?:in|at|on|into|from|inside|the)\s+", re.I)


def _strip_relations(text: str) -> tuple[str, str | None]:
    core = text.strip().strip(".,;:")
    relation: str | None = None
    for _ in range(3):
        core = _LEADING.sub("", core)
        if _KM.match(core):
            core, relation = _KM.sub("", core, count=1), "km"
        elif _NEAR.match(core):
            core, relation = _NEAR.sub("", core, count=1), relation or "near"
    return core.strip(), relation


def whole_name(text: str) -> str:
    """The place name with its compass word kept: "North Darfur", "South Kivu" and
    "Northern State" are names, which ``parse_location`` reads as parts of Darfur, Kivu."""
    return _LEADING.sub("", _strip_relations(text)[0]).strip()


def parse_location(text: str) -> tuple[str, str | None, str | None, bool]:
    """Split "10 km south of the Mosul Dam" into core, relation, feature hint, part-of flag.

    Returns ``(core, relation, hint, partial)``: ``relation`` is "near"/"km" when the phrase
    itself says so, ``hint`` the kind of place a trailing word names ("admin1", "city",
    "site"), ``partial`` True for "northern Iraq" (a part of the named place).
    """
    core, relation = _strip_relations(text)
    partial = False
    if _DIRECTION.match(core) and len(core.split()) > 1:
        core, partial = _DIRECTION.sub("", core, count=1), True
    core = _LEADING.sub("", core).strip()
    hint: str | None = None
    words = norm(core).split()
    for w in reversed(words[1:] if len(words) > 1 else []):
        if w in FEATURE_HINTS:
            hint = FEATURE_HINTS[w]
            break
    return core, relation, hint, partial
