"""Actors named in text, normalised to one name and an interaction code (CODEBOOK.md).

The lexicon is ``actors.csv`` (ours): one row per actor with its inter code, a kind and its
aliases, plus one ``nation`` row per country with its adjectives, which turns "U.S. troops",
"Iraqi security forces" and "Russian drones" into state forces. A state's forces acting outside
their own country are external forces (inter 8), so callers pass the ``country`` where the event
happened. Reporting sources ("the Iraqi military said", "residents told") are not actors; named
armed groups stay actors even when they speak, because what they say is usually a claim.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import Actor

__all__ = [
    "ActorMatch", "antecedent", "civilians", "country_adjective", "crowd", "find_actors",
    "is_generic", "normalise_actor", "unidentified",
]

_CSV = Path(__file__).with_name("actors.csv")

_FORCE_NOUNS = (
    r"forces|troops|soldiers|army|military|service\s*members?|servicem[ae]n|personnel|marines"
    r"|aircraft|warplanes|(?:fighter\s+)?jets|helicopters?|gunships?|drones?|navy|air\s+force"
    r"|artillery|units?|battalions?|brigades?|divisions?|warships?|destroyers?|commandos"
    r"|(?:glide\s+|aerial\s+|guided\s+|cluster\s+)?bombs|rockets|shells"
    r"|paratroopers|(?:air\s*)?strikes?|missiles?|shelling|tanks|convoys?|patrols?|bases?"
    r"|positions|checkpoints?|outposts?|contractors"
    r"|defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|general\s+staff"  # as speakers only
)
_POLICE_NOUNS = r"police(?:m[ae]n|\s+officers?|\s+stations?|\s+patrols?)?|gendarmes|gendarmerie"
_MODS = (
    r"army|armed|security|special|ground|government|regime|air|naval|coast|border|elite"
    r"|federal|counter-?terrorism|state|military|national|allied|occupation|occupying|riot"
    # a weapon's kind or model: "Russian cruise missiles", "a Russian Shahed drone", "F-15 jets"
    r"|cruise|ballistic|hypersonic|guided|glide|kamikaze|one-way|attack|loitering|long-range"
    r"|anti-ship|FPV|suicide|combat|fighter|cluster|unmanned|heavy|Shahed|Geran|Iskander"
    r"|Kinzhal|Kalibr|Bayraktar|Tochka|Lancet|Grad|Tomahawk|Hellfire|Reaper|HIMARS|ATACMS"
    r"|(?-i:[A-Z][A-Za-z]*-\d+[A-Za-z]*)"
)
_SPEAKS = re.compile(
    r"(?:'s|’s)?\s*(?:in\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}\s+)?(?:\w+\s+){0,2}?(?:said|says|stated|announced|reported|told|confirmed|added|noted"
    r"|spokesm[ae]n|spokesperson|spokeswoman|statement|officials?|sources?|media|press|news"
    r"|described|called|believed?|suspect(?:ed|s)?|blamed|accused|warned|urged|estimated)\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"according\s+to\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
#: Actor kinds whose "X said" is a report, not an act.
_SPEAKER_KINDS = {"state", "police", "fixed", "nation", "suffixed_civil"}


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor found in text, with the surface form and its character offsets."""

    actor: Actor
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    inter: int
    kind: str  # nation | state | police | fixed | group | suffixed
    home: str | None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    nations: dict[str, str]  # normalised alias -> country ("United States")
    display: dict[str, str]  # country -> as written after "of" ("the United States")
    entries: dict[str, _Entry]  # normalised alias -> entry
    by_name: dict[str, _Entry]  # canonical name -> entry
    alias_ci: re.Pattern[str]
    alias_cs: re.Pattern[str]
    forces: re.Pattern[str]


def _key(s: str) -> str:
    s = s.replace("’", "'").replace("-", " ").lower()
    return " ".join(s.replace("'", "").split())


def _alias_rx(alias: str) -> str:
    out = []
    for ch in alias:
        if ch == " ":
            out.append(r"\s+")
        elif ch == "-":
            out.append(r"[\s-]?")
        elif ch in "'’":
            out.append(r"['’]?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _is_acronym(alias: str) -> bool:
    # "ISIS", "M23", and mixed forms like "LeT" or "FAMa": matched with their case only
    return any(len(t) >= 2 and (t.isupper() or sum(c.isupper() for c in t) >= 2)
               for t in re.split(r"[\s-]+", alias.replace(".", "")))


def _atoms(alias: str) -> list[str]:
    return [_alias_rx(ch) for ch in alias]


def _alternation(aliases: list[str]) -> str:
    """One regex for many aliases, as a trie, so that a failing position fails fast.

    A flat alternation of a few hundred names is tried name by name at every position of
    the text; the trie shares prefixes and tries longer names first.
    """
    trie: dict[str, Any] = {}
    for alias in set(aliases):
        node = trie
        for atom in _atoms(alias):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _trie_rx(trie)


def _trie_rx(node: dict[str, Any]) -> str:
    end = "" in node
    branches = [atom + _trie_rx(child) for atom, child in node.items() if atom != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        # Longest first: the optional continuation is greedy, the word check follows outside.
        return f"(?:{body})?"
    return body


#: Capitals that stand for their state when they own forces: "Moscow's troops", "Kyiv's drones"
#: (only so: "Moscow" alone is a place).
_CAPITALS = {
    "Moscow": "Russia", "Kyiv": "Ukraine", "Kiev": "Ukraine", "Tehran": "Iran",
    "Washington": "United States", "Beijing": "China", "Khartoum": "Sudan",
    "Kinshasa": "Democratic Republic of Congo", "Kigali": "Rwanda", "Islamabad": "Pakistan",
    "Kabul": "Afghanistan", "New Delhi": "India", "Delhi": "India", "Damascus": "Syria",
    "Baghdad": "Iraq", "Ankara": "Turkey", "Riyadh": "Saudi Arabia", "Cairo": "Egypt",
    "Bamako": "Mali", "Ouagadougou": "Burkina Faso", "Niamey": "Niger", "Abuja": "Nigeria",
    "Addis Ababa": "Ethiopia", "Asmara": "Eritrea", "Mogadishu": "Somalia",
    "Naypyidaw": "Myanmar", "Caracas": "Venezuela", "Bogota": "Colombia", "Minsk": "Belarus",
    "Baku": "Azerbaijan", "Yerevan": "Armenia", "Jerusalem": "Israel",
}  # fmt: skip
# Where an alias ends: a word boundary, or a holder's compound ("Houthi-held Hodeidah", "the
# RSF-controlled town"), which names the side that holds the place.
_END = r"(?:(?![\w-])|(?=-(?i:held|controlled|occupied)\b))"


@functools.cache
def _lexicon() -> _Lexicon:
    nations: dict[str, str] = {}
    display: dict[str, str] = {}
    entries: dict[str, _Entry] = {}
    by_name: dict[str, _Entry] = {}
    ci: list[str] = []
    cs: list[str] = []
    adjectives: list[str] = []
    with _CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            if row["kind"] == "nation":
                country = row["name"].removeprefix("the ")
                display[country] = row["name"]
                for a in [country, *aliases]:
                    nations[_key(a)] = country
                adjectives.extend([country, *aliases])
                continue
            entry = _Entry(row["name"], int(row["inter"]), row["kind"], row["home"] or None)
            by_name[row["name"]] = entry
            for a in aliases:
                entries.setdefault(_key(a), entry)
                (cs if _is_acronym(a) else ci).append(a)
    adj_rx = _alternation(adjectives) + "|" + _alternation(
        [f"{city}'s" for city in _CAPITALS] + [f"{city}’s" for city in _CAPITALS])
    forces = re.compile(
        rf"(?<![\w-])(?P<adj>{adj_rx})(?:['’]s)?\s+(?:(?i:{_MODS})\s+){{0,3}}"
        rf"(?:(?P<police>(?i:{_POLICE_NOUNS}))|(?i:{_FORCE_NOUNS}))\b"
    )
    return _Lexicon(
        nations,
        display,
        entries,
        by_name,
        re.compile(rf"(?<![\w-])(?:{_alternation(ci)}){_END}", re.IGNORECASE),
        re.compile(rf"(?<![\w-])(?:{_alternation(cs)}){_END}"),
        forces,
    )


def _country(country: str | None) -> str | None:
    """The lexicon's name for ``country`` ("Syrian Arab Republic", "SYR" -> "Syria")."""
    if not country:
        return None
    return _lexicon().nations.get(_key(country), country)


def country_adjective(text: str) -> str | None:
    """The country a nationality word or country alias names: "Iraqi" -> "Iraq"."""
    return _lexicon().nations.get(_key(text))


def _state(country: str, *, where: str | None, police: bool = False) -> Actor:
    lex = _lexicon()
    prefix = "Police Forces of " if police else "Military Forces of "
    abroad = where is not None and where != country
    return Actor(prefix + lex.display.get(country, country), 8 if abroad else 1)


def unidentified(country: str | None) -> Actor:
    """The codebook's actor for unknown perpetrators in ``country``."""
    c = _country(country)
    return Actor(f"Unidentified Armed Group ({c})" if c else "Unidentified Armed Group", 3)


def civilians(country: str | None) -> Actor:
    """The codebook's actor for unarmed victims in ``country`` (inter 7)."""
    c = _country(country)
    return Actor(f"Civilians ({c})" if c else "Civilians", 7)


def crowd(*, rioting: bool, country: str | None) -> Actor:
    """The codebook's actor for a crowd: protesters (inter 6) or rioters (inter 5)."""
    c = _country(country)
    name = "Rioters" if rioting else "Protesters"
    return Actor(f"{name} ({c})" if c else name, 5 if rioting else 6)


#: Al Qaeda's branch in a country, as the codebook names the actor there.
_AFFILIATES = {
    **{("Al Qaeda", c): "JNIM: Group for Support of Islam and Muslims"
       for c in ("Mali", "Burkina Faso", "Niger", "Benin", "Togo")},
    **{("Al Qaeda", c): "Al Shabaab" for c in ("Somalia", "Kenya")},
    ("Al Qaeda", "Yemen"): "Al Qaeda in the Arabian Peninsula",
    **{("Islamic State", c): "Islamic State West Africa Province"
       for c in ("Nigeria", "Chad", "Cameroon")},
    **{("Islamic State", c): "Islamic State Sahel Province" for c in ("Mali", "Burkina Faso")},
    **{("Islamic State", c): "ADF: Allied Democratic Forces"
       for c in ("Democratic Republic of Congo", "Uganda")},
    **{("Islamic State", c): "Islamic State Khorasan Province"
       for c in ("Afghanistan", "Pakistan")},
    ("Islamic State", "Mozambique"): "Islamic State (Mozambique)",
}


def _resolve(entry: _Entry, where: str | None) -> Actor | None:
    if entry.kind in ("state", "police"):
        if where is None:
            return None
        return _state(where, where=where, police=entry.kind == "police")
    branch = _AFFILIATES.get((entry.name, where or ""))
    if branch is not None:
        # al-Qaeda and the Islamic State act through regional branches, coded by their names:
        # "militants linked to al-Qaeda" in Mali are JNIM, the Islamic State in Congo the ADF
        return _resolve(_lexicon().by_name[branch], where)
    if entry.kind == "fixed":
        abroad = where is not None and entry.home is not None and where != entry.home
        return Actor(entry.name, 8 if abroad and entry.inter == 1 else entry.inter)
    if entry.kind == "suffixed":
        return Actor(f"{entry.name} ({where})" if where else entry.name, entry.inter)
    return Actor(entry.name, entry.inter)


def find_actors(
    text: str, *, country: str | None = None, speakers: bool = False
) -> list[ActorMatch]:
    """Every actor named in ``text``, leftmost-longest, never overlapping.

    ``country`` is where the event happened: it names the country-suffixed actors
    ("Civilians (Iraq)"), the local army and police, and makes foreign state forces inter 8.
    State bodies that only speak ("the army said") are left out unless ``speakers``.
    """
    lex = _lexicon()
    where = _country(country)
    cands: list[tuple[int, int, int, Actor, str]] = []
    for m in lex.forces.finditer(text):
        adj = re.sub(r"['’]s$", "", m.group("adj"))
        c = lex.nations.get(_key(adj)) or _CAPITALS[adj]
        if m.group("adj").lower().endswith("-led"):
            continue
        actor: Actor | None = _state(c, where=where, police=m.group("police") is not None)
        if actor is not None:
            cands.append((m.start(), m.end(), 1, actor, "state"))
    for rx in (lex.alias_cs, lex.alias_ci):
        for m in rx.finditer(text):
            entry = lex.entries.get(_key(m.group(0)))
            if entry is None:
                continue
            if entry.name.startswith("Military Forces of Saudi") or entry.name.startswith(
                "Global Coalition"
            ):
                # "the coalition" in Yemen is the Saudi-led one.
                entry = _yemen_coalition(entry, where)
                if entry.name.startswith("Global Coalition") and where not in (
                        None, "Iraq", "Syria") and not _NAMED_COALITION.search(m.group(0)):
                    continue  # elsewhere a bare "coalition" is of gangs, parties, rebels
            if where is None and "junta" in m.group(0).lower():
                actor = Actor("Military Forces of Myanmar", 1)  # the usual junta
            else:
                actor = _resolve(entry, where)
            if actor is None:
                continue
            kind = entry.kind
            if entry.kind == "suffixed" and entry.inter in (5, 6, 7):
                kind = "suffixed_civil"
            cands.append((m.start(), m.end(), 0, actor, kind))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out: list[ActorMatch] = []
    last = -1
    for start, end, _, actor, kind in cands:
        if start < last:
            continue
        if not speakers and kind in _SPEAKER_KINDS and (
            _SPEAKS.match(text, end) or _ACCORDING.search(text, max(0, start - 40), start)
        ):
            last = end
            continue
        prev = out[-1] if out else None
        if prev is not None and (is_generic(actor) or kind in ("state", "police")) \
                and not text[prev.end:start].strip() and prev.actor.inter not in (5, 6, 7):
            last = end  # "JNIM militants", "FARDC soldiers": the group's own fighters
            continue
        out.append(ActorMatch(actor, text[start:end], start, end))
        last = end
    return _drop_members(text, out)


#: "gangs of the Viv Ansanm coalition", "militants loyal to the Islamic State", "the gang Los
#: Choneros": the named one.
_MEMBER_OF = re.compile(
    r"\s+(?:of|from|loyal\s+to|belonging\s+to|linked\s+to|affiliated\s+(?:with|to)"
    r"|allied\s+(?:with|to)|aligned\s+with|with)\s+(?:the\s+)?$|[ \t]+$", re.IGNORECASE)


def is_generic(actor: Actor) -> bool:
    """True for a placeholder that a named actor beside it makes more specific: unknown
    gunmen, generic rebels, a country's forces known only as "soldiers"."""
    return actor.name.startswith(("Unidentified", "Opposition Rebels"))


def _drop_members(text: str, found: list[ActorMatch]) -> list[ActorMatch]:
    out: list[ActorMatch] = []
    for i, a in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and (is_generic(a.actor) or a.text.lower() in _BARE_FORCES) \
                and not is_generic(nxt.actor) and nxt.actor.inter not in (5, 6, 7) \
                and _MEMBER_OF.fullmatch(text, a.end, nxt.start):
            continue
        out.append(a)
    return out


_BARE_FORCES = frozenset({"soldiers", "troops", "fighters", "forces"})


def antecedent(text: str, *, country: str | None = None) -> Actor | None:
    """The armed group a definite "the rebels", "the militants" at the end of ``text`` refers
    to: the last named non-state armed group before it (inter 2-4), if any."""
    named = [a.actor for a in find_actors(text, country=country)
             if a.actor.inter in (2, 3, 4) and not is_generic(a.actor)
             and not a.actor.name.startswith(("Civilians", "Protesters", "Rioters"))]
    return named[-1] if named else None


def _yemen_coalition(entry: _Entry, where: str | None) -> _Entry:
    lex = _lexicon()
    if where == "Yemen":
        return lex.by_name["Military Forces of Saudi Arabia"]
    return entry


#: The forms that name the anti-IS coalition outright, wherever it acts.
_NAMED_COALITION = re.compile(r"(?-i:IS)|Daesh|U\.?S\.?-led|Global|CJTF|Inherent|Combined|Counter",
                              re.IGNORECASE)
_CANON_STATE = re.compile(r"^(Military|Police) Forces of (?:the )?(.+)$")
_CANON_SUFFIX = re.compile(r"^(.+?) \((.+)\)$")


def normalise_actor(name: str, *, country: str | None = None) -> Actor | None:
    """One actor for a name as written ("Daesh", "U.S. forces", "Islamic State (Iraq)").

    A bare country ("Iran") means its state forces. None when the name is no known actor.
    """
    lex = _lexicon()
    s = " ".join(name.split()).strip(" .,;:")
    where = _country(country)
    if not s:
        return None
    m = _CANON_STATE.match(s)
    if m and _country(m.group(2)) in lex.display:
        return _state(_country(m.group(2)) or m.group(2), where=where, police=m[1] == "Police")
    if s in lex.by_name:
        return _resolve(lex.by_name[s], where)
    m = _CANON_SUFFIX.match(s)
    if m and m.group(1) in lex.by_name:
        return Actor(s, lex.by_name[m.group(1)].inter)
    bare = s.removeprefix("the ").removeprefix("The ")
    if _key(bare) in lex.nations:
        return _state(lex.nations[_key(bare)], where=where)
    found = find_actors(s, country=country)
    if found:
        return max(found, key=lambda a: a.end - a.start).actor
    return None
