"""Sub-types the act's surroundings decide, after ``coding.subtype`` has read its clause.

``coding.subtype`` types an act from its own clause: its weapon, who was hit. Some acts are
only typed right with what the report has said before or around them:

- in a report of protests, "clashes between the two sides" with no armed group named are a
  riot, and a protester shot dead by police is excessive force, not a battle;
- a candidate "shot dead" is an attack: small-arms fire alone makes no armed clash, which
  needs two armed sides (CODEBOOK.md);
- a village "attacked ..., shelling it and firing on residents" is a ground assault that
  used shelling, not a remote strike: the fighters who went in decide;
- "Sites near X were also hit" continues the strike list it follows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Mention
from . import triggers as T

__all__ = ["in_protest_report", "refine_subtype", "settle_attack"]

_I = re.IGNORECASE

# Organised armed sides: their presence makes a clash a battle, even among protests.
_ARMED_SIDE = re.compile(
    r"\b(?:army|troops|soldiers?|(?<!security )(?<!riot )forces|militants?|rebels?|insurgents?|"
    r"fighters|gunmen|gunman|"
    r"militiam[ae]n|militias?|jihadists?|guerrillas?|paramilitar(?:y|ies)|"
    r"(?:armed|criminal) (?:groups?|gangs?)|gangs?)\b", _I)
# Anyone armed: what makes a shooting a fight rather than an attack on an unarmed person.
_ANY_ARMED = re.compile(
    r"\b(?:troops|soldiers?|forces|base|checkpoint|convoy|patrol|police(?:men)?|officers?|"
    r"guards?|positions?|fighters|militants?|militiamen|army|outpost|garrison|service members?|"
    r"rebels?|insurgents?|bodyguards?|exchange of fire|exchanged fire|returned fire|"
    r"gunfight|shoot-?out|firefight)\b", _I)
_BY_STATE = re.compile(
    r"\b(?:by|as)\s+(?:the\s+)?(?:riot\s+)?(?:police|security forces|soldiers|troops|officers|"
    r"paramilitar(?:y|ies))\b|\b(?:police|security forces|soldiers|troops|officers)\s+"
    r"(?:\w+\s+)?(?:opened fire|shot|fired (?:live|on|at|into)|killed)\b", _I)
_PROTEST_WORDS = re.compile(
    r"\b(?:protest(?:s|ers|ors|ing)?|demonstrat(?:ion|ions|ors)|rall(?:y|ies)|marchers|riots?)"
    r"\b(?! police)", _I)
# A crowd marching or protesting named in the clause of the shooting itself.
_CROWD_HIT = re.compile(
    r"\b(?:protesters|demonstrators|marchers|(?:who\s+were\s+)?(?:trying|attempting)\s+to\s+"
    r"march|(?:who\s+were\s+)?(?:protesting|demonstrating|marching))\b", _I)
# ", shelling shelters and sending fighters in", "shelling it and then firing on residents"
_GROUND = re.compile(
    r"\b(?:sending|sent)\s+(?:in\s+)?(?:fighters|gunmen|men|troops)|\bfighters\s+(?:entered|"
    r"stormed|went|moved)|\bfir(?:ing|ed)\s+on\s+(?:the\s+)?(?:residents|villagers|civilians|"
    r"people|crowds?|fleeing)|\bopened fire on\b|\bgoing house to house\b|\bon (?:foot|"
    r"motorbikes|motorcycles|pick-?up trucks)\b", _I)
_REMOTE_GERUND = re.compile(r",\s+(?:\w+\s+)?(?:shelling|bombarding|bombing|firing\s+"
                            r"(?:rockets|mortars|shells|artillery))\b", _I)
_CIVILIAN_PLACE = re.compile(
    r"\b(?:civilians?|residents?|villagers?|villages?|camps?|shelters?|displaced|homes?|houses?|"
    r"markets?|people|families)\b", _I)
_ALSO_HIT = re.compile(r"\b(?:were|was)\s+also\s+(?:hit|struck|targeted|bombed)\b|\balso\s+"
                       r"(?:hit|struck|targeted|bombed)\b", _I)


def in_protest_report(title: str, event_types: Sequence[str]) -> bool:
    """True when the report so far is about protests: its headline or an event it told."""
    return (any(t in ("Protests", "Riots") for t in event_types)
            or _PROTEST_WORDS.search(title) is not None)


def refine_subtype(sub: str | None, trig: T.Trigger, clause: str, *, protests: bool,
                   last: str | None) -> str | None:
    """The sub-type of an act once its report's context is known (see the module docstring).

    ``protests`` says the report is about protests, ``last`` is the sub-type of the act told
    just before (None when there is none).
    """
    if sub is None:
        if trig.kind == "attack" and last is not None and T.SUBTYPES[last] == (
                "Explosions/Remote violence") and _ALSO_HIT.search(clause):
            return last
        return None
    if (protests or _CROWD_HIT.search(clause)) and sub in ("Armed clash", "Attack") and (
            trig.kind == "attack" and _BY_STATE.search(clause)):
        # ("soldiers opened fire on farmers who were trying to march into the city")
        return "Excessive force against protesters"
    if protests and sub == "Armed clash" and not _ARMED_SIDE.search(clause):
        return "Violent demonstration"
    if sub == "Armed clash" and trig.kind == "attack" and not _ANY_ARMED.search(clause):
        return "Attack"  # "was shot dead": one armed side
    gerund = _REMOTE_GERUND.search(clause)
    if (T.SUBTYPES[sub] == "Explosions/Remote violence" and gerund is not None
            and _ASSAULT.search(clause, 0, gerund.start()) and _GROUND.search(clause)):
        return "Attack" if _CIVILIAN_PLACE.search(clause) else "Armed clash"
    return sub


_ASSAULT = re.compile(r"\b(?:attack(?:ed|s)?|assault(?:ed|s)?|raid(?:ed|s)?|stormed|overran)\b",
                      _I)


def settle_attack(m: Mention) -> None:
    """An "attack" whose second side is armed (state forces, a rebel group, a militia, a
    foreign force) is a battle: violence against civilians needs unarmed victims (CODEBOOK.md).
    """
    if (m.sub_event_type == "Attack" and m.actor1 is not None and m.actor2 is not None
            and m.actor2.inter in (1, 2, 3, 8)):
        m.event_type, m.sub_event_type = "Battles", "Armed clash"
