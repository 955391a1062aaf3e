"""Which of a clause's cues open events, and at which of its places.

Strong cues win over weak ones, remote-violence cues of one clause are one event, a riot
cue beats the protest it turns, and a territory verb counts only with a place as its object.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import triggers as T
from .places import PlacePhrase

__all__ = ["objects", "refers_back", "select", "takes_place"]


def select(trigs: list[T.Trigger]) -> list[T.Trigger]:
    """Strong cues win over weak ones; remote-violence cues of one clause are one event."""
    if not trigs:
        return []
    strong = [t for t in trigs if t.strength >= 0.6] or trigs[:1]
    out: list[T.Trigger] = []
    seen: set[str] = set()
    for t in strong:
        key = t.event_type if t.event_type != "Battles" or t.kind != "Armed clash" else t.kind
        if t.kind in ("remote", "attack"):
            key = "Explosions/Remote violence" if t.kind == "remote" else "attack"
        if key in seen:
            continue
        seen.add(key)
        out.append(t)
    if any(t.event_type == "Riots" for t in out) and any(t.kind == "protest" for t in out):
        # "crowds protesting against the fall of the city stormed embassies": a riot
        out = [t for t in out if t.kind != "protest" and t.event_type not in
               ("Strategic developments", "Battles")]
    elif any(t.kind == "protest" for t in out):
        out = [t for t in out if t.kind == "protest" or t.event_type not in
               ("Riots", "Strategic developments", "Battles")]
    elif any(t.event_type == "Riots" for t in out):
        # "rioters looted shops and set fire to a police station": the riot's own acts
        out = [t for t in out if t.sub_event_type != "Looting/property destruction"]
    return out


_TERRITORY_NOUNS = (r"(?:town|city|village|area|district|neighbou?rhood|base|airfield|airport|"
                    r"air base|complex|hill|province|region|border|crossing|checkpoint|"
                    r"positions?|territory|camp|dam|headquarters|command|garrison|barracks|posts?|"
                    r"stronghold|palace|port|harbou?r|bridge|oil ?field|mine|capital|outskirts|"
                    r"centre|center|island)")
_TERRITORY_OBJECT = re.compile(
    r"^\s+(?:the |a |an |most of |parts of |control of )?(?:(?:[\w'’-]+ ){0,3}"
    + _TERRITORY_NOUNS + r"\b|(?-i:[A-Z]))"
)
# "seized", "had taken": verbs as often said of power, people or goods as of places
_BARE_VERB = re.compile(r"^(?:seized|(?:had|have|has) (?:now )?taken)$", re.I)


def takes_place(clause: str, trig: T.Trigger, places: Sequence[PlacePhrase] = (),
                 cs: int = 0) -> bool:
    """A territory verb counts only with a place or territory as its object (which the cue
    itself may hold: "seized the town"); a bare "seized" or "had taken" only with a place
    the gazetteer knows ("seized Palma") or a word for territory ("seized the airport")."""
    after = clause[trig.end : trig.end + 60]
    if _BARE_VERB.match(trig.text):
        named = any(0 <= p.start - cs - trig.end <= 5 for p in places)
        return named or re.match(r"^\s+(?:the |a |an )?(?:[\w'’-]+ ){0,3}" + _TERRITORY_NOUNS
                                 + r"\b", after) is not None
    return (_TERRITORY_OBJECT.match(after) is not None
            or _TERRITORY_NOUN_END.search(trig.text) is not None)


def objects(trig: T.Trigger, targets: list[PlacePhrase | None], cs: int
             ) -> list[PlacePhrase | None]:
    """The places a trigger acts on: a place taken is the verb's object ("captured the town of
    Minova, cutting the road into Goma" is Minova's capture alone); other acts, every place."""
    if trig.kind == "territory" and len(targets) > 1:
        near: list[PlacePhrase | None] = [
            p for p in targets if p is not None and 0 <= p.start - cs - trig.end <= 45]
        return near[:1] or targets
    return targets


_TERRITORY_NOUN_END = re.compile(r"\b(?:area|town|city|village|complex|district)$", re.I)


# "The attack, late on Friday, killed 70", "This strike was the deadliest": a definite noun
# that opens its sentence restates the act just told.
_DEFINITE = re.compile(r"^\W*(?:(?:the|this|that|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day's|"
                       r"yesterday's|last night's)\s+)(?:(?:latest|deadly|same|latest|suspected|"
                       r"[\w-]+)\s+){0,2}$", re.I)
_ACT_NOUN = re.compile(r"\b(?:attacks?|assaults?|raids?|strikes?|airstrikes?|blasts?|"
                       r"explosions?|bombings?|shelling|massacres?|ambush|killings?|clash(?:es)?|"
                       r"fighting|gun ?fights?|firefights?|battles?|skirmish(?:es)?)\b", re.I)


_CLAIM_SAYS = re.compile(
    r"\bclaim(?:ed|s|ing)\s+(?:responsibility\s+for\s+)?(?:the|this|that|its)\s+(?:[\w'’-]+\s+)"
    r"{0,2}?(?:attacks?|assaults?|raids?|bombings?|ambush|strikes?|killings?|operation)\b[^.;]*?"
    r"\b(?:saying|said|adding|and\s+said)\b", re.I)


def refers_back(clause: str, trigs: Sequence[T.Trigger], places: Sequence[PlacePhrase],
                cs: int, last: PlacePhrase | None) -> bool:
    """True when the clause's only act is the one told before, named again by a definite
    noun, and it names no other place as the act's ("the attack on Kismayo" is another)."""
    if not trigs or any(t.strength >= 0.6 and t.kind in ("territory", "protest")
                        for t in trigs):
        return False
    first = trigs[0]
    if _CLAIM_SAYS.search(clause, 0, first.start):
        return True  # "JNIM claimed the attack, saying it had seized weapons": the same act
    noun = _ACT_NOUN.search(clause, first.start, first.end)
    if noun is None or not _DEFINITE.match(clause[: noun.start()]):
        return False
    return not any(0 <= p.start - cs - noun.end() <= 25 and (last is None or p.text != last.text)
                   for p in places)
