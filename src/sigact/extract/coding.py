"""How one act is coded: its sub-event type, its two actors and its target.

A trigger names a kind of act ("attack", "strike", "seized"); the codebook sub-type depends on
the rest of the clause (weapons, who was hit, who acted), so these rules live apart from the
loop that finds triggers and from the code that assembles events.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..records import Actor, Claim
from . import triggers as T
from .actors import (
    civilians,
    country_adjective,
    crowd,
    find_actors,
    normalise_actor,
    unidentified,
)
from .claims import find_claims
from .protests import protest_subtype

if TYPE_CHECKING:
    from .events import OpenEvent

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
_MERCHANT = re.compile(r"\b(?:cargo|commercial|merchant|container|bulk|oil|car-carrying|"
                       r"chemical|fishing)\s+(?:[\w-]+\s+)?(?:ships?|vessels?|tankers?|carriers?|"
                       r"freighters?|boats?)\b|\b(?:tankers?|freighters?|bulk carriers?)\b", re.I)
_FATE_AFTER = re.compile(r"\s+(?:who\s+)?(?:(?:were|was|had\s+been|have\s+been|has\s+been)\s+)?"
                         r"(?:reportedly\s+|later\s+)?(?:killed|wounded|injured|hurt|died|abducted|"
                         r"kidnapped|captured|taken\s+hostage)\b", re.I)
# "troops backed by Russian mercenaries seized": the backer is not the one acting.
_BACKER = re.compile(r"\b(?:backed|supported|aided|assisted|accompanied)\s+by\s+(?:the\s+)?$",
                     re.I)
PROTEST_LIKE = frozenset({"Peaceful protest", "Protest with intervention",
                          "Excessive force against protesters", "Violent demonstration",
                          "Mob violence"})
_RIOTS = frozenset({"Violent demonstration", "Mob violence"})
_AGAINST_CIVILIANS = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence",
                                "Mob violence"})
_CROWD_LED = _RIOTS | {"Peaceful protest", "Protest with intervention"}


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


def actors(
    clause: str, trig: T.Trigger, country: str | None, events: list[OpenEvent], sub: str,
) -> tuple[Actor | None, Actor | None]:
    """Perpetrator and victim of the act: by voice and position around the trigger."""
    blamed = {c.actor for c in find_claims(clause, country=country) if c.kind != "claim"}
    found = [a for a in find_actors(clause, country=country) if a.actor.name not in blamed]
    passive = re.search(r"\b(?:was|were|been)\b", clause[max(0, trig.start - 15):trig.end])
    # an actor that ends inside the cue ("a coalition airstrike", "Russian drones") acts in it
    # "the three soldiers killed in the ambush": named with their fate, they are its victims
    fell = [a for a in found if a.end <= trig.start and _FATE_AFTER.match(clause, a.end)]
    found = [a for a in found if a not in fell]
    before = [a for a in found if (a.start < trig.start or a.end < trig.end) and a.end <= trig.end
              and not _BACKER.search(clause[max(0, a.start - 25):a.start])]
    after = [a for a in found if a.start >= trig.end]
    by = [a for a in after if re.search(r"\bby\s+(?:the\s+|an?\s+)?$",
                                        clause[max(0, a.start - 8):a.start])]
    if passive or by:
        perp = by[0].actor if by else None
        victim = before[-1].actor if before else (after[0].actor if after and not by else None)
    else:
        perp = before[-1].actor if before else None
        if len(before) >= 2 and re.fullmatch(r",?\s*(?:and|as well as)\s+(?:the\s+)?",
                                             clause[before[-2].end:before[-1].start]):
            perp = before[-2].actor  # "police and soldiers opened fire": the first named
        rest = [a for a in after if perp is None or a.actor.name != perp.name]
        victim = rest[0].actor if rest else (fell[-1].actor if fell else None)
        if perp is None and len(after) >= 2 and re.search(
                r"\bbetween\s+(?:the\s+)?$", clause[max(0, after[0].start - 12):after[0].start]
        ) and re.fullmatch(r"\s*(?:and|,)\s*(?:the\s+)?", clause[after[0].end:after[1].start]):
            perp, victim = after[0].actor, after[1].actor  # "fighting between X and Y"
    speaker = None if passive or by else _speaker_did_it(clause[:trig.start], country)
    if speaker is not None:
        # "the army said it had killed 15 militants in clashes": militants were its foe
        if perp is not None and perp.name != speaker.name:
            victim = perp
        perp = speaker
    if perp is None and not passive and not by:
        perp = _country_subject(clause[:trig.start], country)
    if perp is not None and perp.inter in (6, 7) and sub not in PROTEST_LIKE:
        perp, victim = None, perp
    if perp is None:
        for ev in reversed(events):
            a1 = ev.mention.actor1
            if ev.mention.sub_event_type == sub and a1 and not is_unknown(a1):
                # a list of strikes by one side: the same two sides, unless named anew
                perp = ev.mention.actor1
                if victim is None and ev.mention.actor2 is not None and not any(
                        a.actor.name == ev.mention.actor2.name for a in found):
                    victim = ev.mention.actor2
                break
    if sub in _CROWD_LED and (perp is None or perp.inter in (1, 7)):
        # A protest's first side is the crowd itself; police who intervened are the second.
        if perp is not None and perp.inter == 1:
            victim = perp
        perp = crowd(rioting=sub in _RIOTS, country=country)
    elif sub == "Excessive force against protesters" and victim is None:
        victim = crowd(rioting=False, country=country)
    if perp is None and sub not in PROTEST_LIKE and sub != "Agreement":
        perp = unidentified(country)  # an agreement has parties, not an unknown perpetrator
    if victim is None and _MERCHANT.search(clause[trig.start:]) and sub != "Armed clash":
        # a merchant ship's crew are civilians, of no one country at sea
        victim = Actor("Civilians (International)", 7)
    if victim is None and (sub in _AGAINST_CIVILIANS or (
            T.SUBTYPES[sub] == "Explosions/Remote violence" and _CIVILIAN.search(clause)
            and not _ARMED.search(clause[trig.end:]))):
        # the codebook's second side of violence against civilians, and of a strike or bomb
        # that hit only people, homes or markets
        victim = civilians(country)
    if victim is not None and perp is not None and victim.name == perp.name:
        victim = None
    return perp, victim


# "Russia launched ...", "Pakistan carried out strikes ...": a state named as the subject
# of the act is its forces.
_SUBJECT = re.compile(r"(?:^|[,;:]\s+|\b(?:and|but|then|when|after)\s+)(?:the\s+)?"
                      r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:has\s+|have\s+|had\s+|"
                      r"also\s+|again\s+|reportedly\s+|then\s+)*$")


def _country_subject(head: str, country: str | None) -> Actor | None:
    m = _SUBJECT.search(head)
    name = m.group(1) if m else ""
    if not name or country_adjective(name) != name.removeprefix("the "):
        return None  # a country's name only: "Russian" is read with its noun by find_actors
    return normalise_actor(name, country=country)


# "The army said it had killed 15 militants": the speaker is the one who acted.
_SAID_IT_DID = re.compile(
    r"\b(?:said|says|announced|reported|stated|claimed)\s+(?:on\s+\w+\s+)?(?:that\s+)?"
    r"(?:it|they)\s+(?:had\s+|has\s+|have\s+)?(?:also\s+)?(?:(?:killed|repelled|destroyed|struck|"
    r"shot\s+down|downed|intercepted|arrested|detained|seized|captured|retook|recaptured|"
    r"carried\s+out|conducted|launched|fired|targeted|attacked|hit|bombed|shelled|foiled|"
    r"thwarted)\b(?:\s+[\w'’-]+){0,6}?)?\s*$", re.I)


def _speaker_did_it(head: str, country: str | None) -> Actor | None:
    m = _SAID_IT_DID.search(head)
    if m is None:
        return None
    found = find_actors(head[: m.start()], country=country, speakers=True)
    return found[-1].actor if found and m.start() - found[-1].end <= 3 else None


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
