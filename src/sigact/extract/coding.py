"""How one act is coded: its sub-event type and its target (its two sides: ``sides.py``).

A trigger names a kind of act ("attack", "strike", "seized"); the codebook sub-type depends on
the rest of the clause (weapons, who was hit, who acted), so these rules live apart from the
loop that finds triggers and from the code that assembles events.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Actor, Claim
from . import triggers as T
from .actors import normalise_actor
from .protests import protest_subtype

_CIVILIAN = re.compile(
    r"\b(?:civilians?|villagers?|worshippers?|mourners?|residents?|passengers?|students?|"
    r"children|women|farmers|shoppers|market(?:place)?|funeral|wedding|mosque|church|school|"
    r"hospital|bus station|displaced|refugees?|pilgrims?|people|famil(?:y|ies)|homes?|villages|"
    r"aid workers?|journalists?|teachers?|traders?|doctors?|nurses?|patients?|"
    r"village|neighbou?rhoods|residential)\b", re.I)
_ARMED = re.compile(
    r"\b(?:troops|soldiers?|forces|base|checkpoint|convoy|patrol|police(?:men)?|position|"
    r"fighters|militants?|militiamen|army|outpost|garrison|service members?|positions)\b", re.I)
_GATHERING = re.compile(
    r"\b(?:mourners|vigils?|(?:laid|laying|lay) flowers|(?:had |who )?gathered|marchers|"
    r"crowds?|sit-ins?|memorial (?:gathering|event)s?)\b", re.I)
_NO_FIGHT = re.compile(
    r"\b(?:after|when|once|as)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:pulled out|withdr[ae]w|"
    r"abandoned|vacated|retreated|left)\b|\bwithout (?:a fight|fighting|resistance|a shot)",
    re.I)
_PROTECTORS = re.compile(
    r"\b(?:soldiers?|troops|police(?:men)?|forces|guards?|militiamen)\s+(?:to|who\s+(?:were|was)"
    r"(?:\s+\w+)?)\s+(?:guard|protect|escort|secure)\w*|\b(?:guarded|protected|escorted)\s+by\s+"
    r"(?:\w+\s+){0,3}(?:soldiers?|troops|police(?:men)?|forces|guards?)", re.I)
_TARGET = re.compile(
    r"\b(?:(?:an?|the|two|three|several|\d+) )?(?:[\w-]+ ){0,3}(?:base|convoy|checkpoint|"
    r"patrol|outpost|market(?:place)?|mosque|church|school|hospital|funeral tent|bus stations?|"
    r"civilians|villagers|worshippers|mourners|residents|protesters|tactical units?|"
    r"fighting positions?|positions?|vehicles?|buildings?|tanks?|headquarters|compound|camp|"
    r"airport|port|power (?:plant|station)|bridge|village|town|homes?|houses?|"
    r"troops|soldiers|forces|police(?:men)?|fighters|militants|tanker|ship|vessel)\b", re.I)
PROTEST_LIKE = frozenset({"Peaceful protest", "Protest with intervention",
                          "Excessive force against protesters", "Violent demonstration",
                          "Mob violence"})
def is_unknown(a: Actor) -> bool:
    """True for a placeholder actor ("Unidentified armed group (Iraq)")."""
    return a.name.startswith("Unidentified")


# "rockets and drones struck the city": of weapons named together as the subject, the first
# named is the principal one and decides the sub-type (CODEBOOK.md: the weapon decides).
_COORDINATED = re.compile(r"\b((?:[\w-]+ )?[\w-]+),? (?:and|as well as) $")


def _first_conjunct(trig: T.Trigger, clause: str) -> str | None:
    if trig.event_type != "Explosions/Remote violence":
        return None
    m = _COORDINATED.search(clause[max(0, trig.start - 40) : trig.start])
    first = T.remote_subtype(T.weapon_names(m.group(1))) if m else None
    return first if first is not None and first != "Grenade" else None


# "a terrorist attack", "the terror attacks": an attack on civilians unless an armed target
# is named.
_TERROR_BEFORE = re.compile(r"\bterror(?:ist)?\s+(?:[\w-]+\s+)?$", re.I)


def subtype(
    trig: T.Trigger, clause: str, doc_weapons: Sequence[str], *,
    headline_weapons: Sequence[str] = (),
) -> str | None:
    """The codebook sub-event type of a trigger in its clause; None when it is no event.

    ``headline_weapons`` are the remote weapons of a headline about this act ("Mortar attack
    on Camp X" over "the attack on Camp X killed two"): a generic cue whose clause names no
    weapon takes its sub-type from them.
    """
    weapons = T.weapon_names(clause)
    if trig.kind == "attack" and not weapons:
        weapons = list(headline_weapons)
    if trig.kind == "attack" and "small arms" in weapons:
        # "gunmen armed with rifles and grenades stormed a post": an assault, not a grenade
        weapons = [w for w in weapons if w != "grenade"]
    remote = T.remote_subtype(weapons)
    if trig.kind == "remote" and remote is None:
        remote = T.remote_subtype(list(doc_weapons))
        if remote is None and "strike" in trig.text.lower():
            remote = "Air/drone strike"
    first = _first_conjunct(trig, clause)
    if first is not None:
        return first
    if trig.kind == "remote" or (trig.kind == "attack" and remote):
        return remote or trig.sub_event_type
    if trig.event_type == "Explosions/Remote violence" and remote and trig.kind in (
            "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"):
        return remote if remote != "Grenade" else trig.sub_event_type
    if trig.kind == "attack" and trig.text.lower().startswith("strike"):
        return None  # a bare "strike" with no weapon: as likely a walk-out as an attack
    if trig.kind == "attack":
        clause = _PROTECTORS.sub("", clause)  # "villagers ... with soldiers to guard them"
        if (_CIVILIAN.search(clause) or _TERROR_BEFORE.search(clause[max(0, trig.start - 30):
                                                                    trig.start])
                ) and not _ARMED.search(clause[trig.end:]):
            return "Attack"
        if _ARMED.search(clause) or "small arms" in weapons:
            return "Armed clash"
        return "Attack" if trig.strength >= 0.45 and _CIVILIAN.search(clause) else None
    if trig.kind == "protest":
        return protest_subtype(clause)
    if trig.sub_event_type == "Arrests" and _GATHERING.search(clause):
        return "Protest with intervention"  # detentions at a vigil or rally
    return trig.sub_event_type


def actor_subtype(sub: str, trig: T.Trigger, clause: str, actor1: Actor | None) -> str:
    """Territory and seizure sub-types, which turn on who acted (CODEBOOK.md)."""
    if trig.kind == "territory" and _NO_FIGHT.search(clause[trig.end:]):
        sub = "Non-violent transfer of territory"  # "took the town after X pulled out"
    elif trig.kind == "territory":
        sub = ("Government regains territory" if actor1 and actor1.inter == 1
               else "Non-state actor overtakes territory")
    elif trig.kind == "seizure":
        sub = ("Disrupted weapons use" if actor1 and actor1.inter == 1
               else "Looting/property destruction")
    return sub


def claim_actor(c: Claim, country: str | None) -> Actor | None:
    """The actor of a responsibility claim, normalised like any other actor."""
    return normalise_actor(c.actor, country=country)


def target(clause: str, trig: T.Trigger) -> str | None:
    """What the act hit ("an army base"), preferring a target after the trigger."""
    m = _TARGET.search(clause, trig.end) or _TARGET.search(clause)
    if not m:
        return None
    words = m.group().split()
    while words and words[0].lower() in _FUNCTION_WORDS:
        words.pop(0)
    return " ".join(words) or None


_FUNCTION_WORDS = frozenset({
    "inside", "into", "onto", "over", "on", "at", "in", "near", "against", "of", "from", "by",
    "with", "the", "same", "that", "this", "its", "their", "his", "her", "and", "or",
})
