"""The two sides of an act: who did it (actor1) and to whom (actor2).

Sides are read from voice and position around the cue ("X struck Y", "Y was hit by X"), with
the ways news names them indirectly: by their weapon ("a Russian missile"), by anaphora ("the
rebels", "the group" after a named group), by what was hit (a police station is the police's,
a market's victims are civilians), and by what the act implies (an arrest is made by the state).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..records import Actor, Mention
from . import triggers as T
from .actors import (
    ActorMatch,
    antecedent,
    civilians,
    country_adjective,
    crowd,
    find_actors,
    is_generic,
    normalise_actor,
    unidentified,
)
from .claims import find_claims
from .coding import _ARMED, _CIVILIAN, PROTEST_LIKE, is_unknown

if TYPE_CHECKING:
    from .events import OpenEvent

__all__ = ["actors", "fill_perpetrator", "other_side", "state_forces"]

_MERCHANT = re.compile(r"\b(?:cargo|commercial|merchant|container|bulk|oil|car-carrying|"
                       r"chemical|fishing)\s+(?:[\w-]+\s+)?(?:ships?|vessels?|tankers?|carriers?|"
                       r"freighters?|boats?)\b|\b(?:tankers?|freighters?|bulk carriers?)\b", re.I)
_FATES = r"(?:killed|wounded|injured|hurt|abducted|kidnapped|captured|taken\s+hostage|shot\s+dead)"
# "the three soldiers killed in the ambush", "civilians who were wounded": named with their fate,
# they are its victims. Without an auxiliary the participle must end the phrase ("soldiers
# killed in ...", "... captured, officials said"): "rebels captured the town" is an act.
_FATE_AFTER = re.compile(
    r",?\s+(?:(?:who\s+)?(?:were|was|had\s+been|have\s+been|has\s+been|are|is)\s+(?:reportedly\s+|"
    rf"later\s+|also\s+)?{_FATES}\b|(?:who\s+)?(?:later\s+)?died\b|{_FATES}(?=\s+(?:in|on|at|by|"
    r"during|when|while|near|after|last|overnight|yesterday|early|late|since|earlier)\b(?!\s+least)"
    r"|\s*[,.;]"
    r"|\s*$))", re.I)
# "a blaze put out by the crew, helped by Indian and US navy ships": helpers are no side.
_HELPER = re.compile(
    r"\b(?:helped|assisted|aided)\s+by\s+(?:the\s+)?(?:[\w-]+,?\s+(?:and\s+)?){0,3}$", re.I)
# "troops backed by Russian mercenaries seized": the backer is not the one acting.
_BACKER = re.compile(r"\b(?:backed|supported|aided|assisted|accompanied)\s+by\s+(?:the\s+)?$",
                     re.I)
_RIOTS = frozenset({"Violent demonstration", "Mob violence"})
_AGAINST_CIVILIANS = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence",
                                "Mob violence"})
_CROWD_LED = _RIOTS | {"Peaceful protest", "Protest with intervention"}



def actors(
    clause: str, trig: T.Trigger, country: str | None, events: list[OpenEvent], sub: str, *,
    before: str = "",
) -> tuple[Actor | None, Actor | None]:
    """Perpetrator and victim of the act: by voice and position around the trigger.

    ``before`` is the text of the article up to the clause (its title first): a definite
    "the rebels" or "the militants" is the armed group it named last.
    """
    remote = T.SUBTYPES[sub] == "Explosions/Remote violence"
    blamed = {c.actor for c in find_claims(clause, country=country) if c.kind != "claim"}
    found = [a for a in find_actors(clause, country=country) if a.actor.name not in blamed
             and not _HELPER.search(clause[max(0, a.start - 40):a.start])]
    found = _resolve_anaphors(found, clause, before, country)
    passive = re.search(r"\b(?:was|were|been|c[oa]mes?\s+under|coming\s+under)\b",
                        clause[max(0, trig.start - 15):trig.end])
    # an actor that ends inside the cue ("a coalition airstrike", "Russian drones") acts in it
    # "the three soldiers killed in the ambush": named with their fate, they are its victims
    fell = [a for a in found if a.end <= trig.start and _FATE_AFTER.match(clause, a.end)]
    found = [a for a in found if a not in fell]
    # "a Russian missile", "Israeli jets": whose weapon it is fired it, wherever it is named
    tools = [a for a in found if _INSTRUMENT.search(a.text) and a.actor.inter not in (5, 6, 7)]
    before_ = [a for a in found if (a.start < trig.start or a.end < trig.end) and a.end <= trig.end
               and not _BACKER.search(clause[max(0, a.start - 25):a.start])]
    # "a roadside bomb wounded seven soldiers but killed nobody": the object of a harm is hit
    harmed = [a for a in before_ if _HARMED.search(clause[max(0, a.start - 50):a.start])]
    before_ = [a for a in before_ if a not in harmed]
    fell += harmed
    hit: list[ActorMatch] = []
    if sub not in PROTEST_LIKE:
        # "a camp for displaced people ... after an assault": civilians named before the cue
        # are whom it hit, not who did it
        hit = [a for a in before_ if a.actor.inter in (6, 7)]
        before_ = [a for a in before_ if a.actor.inter not in (6, 7)]
    after = [a for a in found if a.start >= trig.end]
    by = [a for a in after if _BY.search(clause[max(0, a.start - 16):a.start])]
    if passive and not by:
        # "20 people were killed when gunmen stormed the village": the subject of the act told
        # with the deaths is who did it
        by = [a for a in after if _WHEN_ACTED.search(clause[trig.end:a.start])
              and _ACTED.match(clause, a.end) and a.actor.inter not in (6, 7)][:1]
    if passive or by:
        perp = by[0].actor if by else None
        ahead = sorted(before_ + hit + fell, key=lambda a: a.start)
        others = [a for a in after if a not in by]
        victim = ahead[-1].actor if ahead else (others[0].actor if others else None)
    else:
        perp = before_[-1].actor if before_ else None
        if len(before_) >= 2 and re.fullmatch(r",?\s*(?:and|as well as)\s+(?:the\s+)?",
                                              clause[before_[-2].end:before_[-1].start]):
            perp = before_[-2].actor  # "police and soldiers opened fire": the first named
        rest = [a for a in after if perp is None or a.actor.name != perp.name]
        if _ARMED.search(_unsourced(clause[trig.end:])):
            hit = []  # "residents woke as drones struck the air base": not whom it hit
        victim = rest[0].actor if rest else (fell + hit)[-1].actor if fell + hit else None
        if perp is None and len(after) >= 2 and re.search(
                r"\bbetween\s+(?:the\s+)?$", clause[max(0, after[0].start - 12):after[0].start]
        ) and re.fullmatch(r"\s*(?:and|,)\s*(?:the\s+)?", clause[after[0].end:after[1].start]):
            perp, victim = after[0].actor, after[1].actor  # "fighting between X and Y"
    if tools and (perp is None or perp.name != tools[0].actor.name):
        if victim is not None and victim.name == tools[0].actor.name:
            victim = perp if perp is not None and not is_unknown(perp) else None
        elif victim is None and perp is not None and not is_unknown(perp):
            victim = perp
        perp = tools[0].actor
    if tools and victim is None:
        # "Hezbollah confirmed its commander was killed in an Israeli strike": the side named
        # beside the weapon's owner is the one it hit
        others = [a for a in before_ if a.actor.name != tools[0].actor.name]
        victim = others[-1].actor if others else None
    if remote and perp is not None and not passive and (_DEFENDED.search(
            clause[max(0, trig.start - 40):trig.start]) or _DEFENDED.match(trig.text + " ")):
        # "US forces engaged two drones over the base": the defenders were the ones attacked
        perp, victim = None, perp
    if (perp is None or is_unknown(perp)) and remote and (
            prior := _prior_tool(before, country, T.weapon_names(clause))):
        # "Russian missile strike kills 8" over "a missile hit the port": the weapon's owner
        perp = prior
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
    if sub == "Arrests" and (perp is None or is_unknown(perp) or perp.inter in (5, 6, 7)):
        # an arrest is made by the state (CODEBOOK.md); whom it names is whom it held
        if victim is None and perp is not None:
            victim = perp
        perp = state_forces(country, police=True)
    if sub in _CROWD_LED and (perp is None or perp.inter in (1, 7)):
        # A protest's first side is the crowd itself; police who intervened are the second.
        if perp is not None and perp.inter == 1:
            victim = perp
        perp = crowd(rioting=sub in _RIOTS, country=country)
    elif sub == "Excessive force against protesters":
        # a protest event still: the crowd is its first side, the force that fired the second
        force = perp if perp is not None and perp.inter not in (5, 6) else victim
        perp = crowd(rioting=False, country=country)
        victim = force if force is not None and force.inter not in (5, 6) else None
    if perp is None and sub not in PROTEST_LIKE and sub != "Agreement":
        perp = unidentified(country)  # an agreement has parties, not an unknown perpetrator
    if victim is not None and is_unknown(victim) and perp is not None and not is_unknown(perp) \
            and perp.inter in (2, 3, 4):
        victim = None  # "the Houthis seized a ship, landing armed men on it": their own men
    if victim is None and _MERCHANT.search(clause if remote else clause[trig.start:]) \
            and sub != "Armed clash":
        # a merchant ship's crew are civilians, of no one country at sea
        victim = Actor("Civilians (International)", 7)
    aimed = _AIMED_AT.search(clause)
    if victim is None and perp is not None and perp.inter != 1 and aimed is not None \
            and sub not in PROTEST_LIKE:
        # "a bomb aimed at a police vehicle", "a mosque inside the police compound": the forces
        # it was aimed at, even when civilians died too
        victim = state_forces(country, police=aimed.group("police") is not None)
    if victim is None and sub == "Non-state actor overtakes territory" and perp is not None \
            and perp.inter != 1:
        victim = state_forces(country)  # whoever held the place: the state, unless named
    if victim is None and (sub in _AGAINST_CIVILIANS or (
            T.SUBTYPES[sub] == "Explosions/Remote violence" and _CIVILIAN_HIT.search(clause)
            and not _ARMED.search(_unsourced(clause[trig.end:])))):
        # the codebook's second side of violence against civilians, and of a strike or bomb
        # that hit only people, homes or markets
        victim = civilians(country)
    if victim is None and sub not in PROTEST_LIKE and sub not in _NO_TARGET and perp is not None \
            and perp.inter != 1 and (hits := list(_STATE_TARGET.finditer(clause))):
        # "drones struck the military air base", "a bomb at the police lines": the state's
        # forces where it happened were attacked (its army, when both are named)
        victim = state_forces(country, police=all(h.group("police") for h in hits))
    if victim is None and perp is not None and perp.name.startswith("Global Coalition") \
            and remote:
        victim = normalise_actor("Islamic State", country=country)  # the coalition's one foe
    if victim is not None and perp is not None and victim.name == perp.name:
        victim = None
    return perp, victim


# "wounded seven soldiers", "killing three policemen": the object of a harm is whom it hit
_HARMED = re.compile(
    r"\b(?:kill(?:ed|ing|s)|wound(?:ed|ing|s)|injur(?:ed|ing|es)|shot|shooting|abduct(?:ed|ing|s)"
    r"|kidnap(?:ped|ping|s)|ambush(?:ed|ing))\s+(?:the\s+|an?\s+)?"
    r"(?:(?!(?:when|as|after|by|while|before|and|but|in|on|at)\b)[\w'’-]+\s+){0,3}$", re.I)
# "... were killed when gunmen stormed": the act told beside the deaths, and its subject
_WHEN_ACTED = re.compile(r"^\s+(?:[\w'’-]+\s+){0,6}?(?:when|as|after)\s+(?:(?:the|an?|some|"
                         r"suspected|armed|heavily\s+armed|[\w-]+\s+of)\s+){0,3}$", re.I)
_ACTED = re.compile(
    r"\s+(?:(?:had|have|has|reportedly|allegedly|also)\s+)*(?:attacked|stormed|raided|ambushed|"
    r"opened\s+fire|fired|struck|shelled|bombed|targeted|overran|invaded|descended|swooped|"
    r"burst|rode|killed|shot|abducted|kidnapped|set\s+fire|torched|launched|detonated)\b", re.I)
# "air defences shot down two drones": who shot them down was attacked, not attacking
_DEFENDED = re.compile(r"\b(?:engaged|intercepted|shot\s+down|downed|repelled|thwarted|foiled)\s+"
                       r"(?:[\w-]+\s+){0,3}?$", re.I)
# "struck by Israeli jets", "the town fell to the rebels": the one who acted follows
_BY = re.compile(r"\b(?:by|fell\s+to|falls\s+to|fallen\s+to)\s+(?:the\s+|an?\s+)?$", re.I)
# "a Russian missile", "Israeli warplanes", "coalition airstrikes": an actor named by its weapon
_INSTRUMENT = re.compile(
    r"(?:missiles?|drones?|rockets?|shells?|shelling|bombs?|(?:air\s*)?strikes?|aircraft|"
    r"warplanes|jets|helicopters?|gunships?|artillery|warships?|destroyers?)$", re.I)
# Words that show a strike or bomb hit people or homes, not an armed target.
_CIVILIAN_HIT = re.compile(
    rf"{_CIVILIAN.pattern}|\b(?:apartments?|flats|house|houses|residential|high-rise|tower block|"
    r"woman|girls?|boys?|bab(?:y|ies)|toddlers?|tourists|shops?|cafés?|cafes?|restaurants?|"
    r"hotels?|(?:bus|railway|train) stations?|buses|minibus|cars?|streets?|camps? for "
    r"(?:the )?displaced|concerts?|(?:concert )?venues?|theat(?:re|er)s?|festivals?|malls?|"
    r"supermarkets?|cinemas?|nightclubs?|stadiums?|tourists?|(?:port |farm |aid |factory )?workers|"
    r"labourers|laborers|fishermen|"
    r"(?:the )?displaced)\b", re.I)
# A target that belongs to the state's armed forces or police.
_STATE_TARGET = re.compile(
    r"\b(?:(?P<police>(?:police|gendarmerie)\s+(?:stations?|lines|posts?|headquarters|compound|"
    r"checkpoints?|vans?|vehicles?|patrols?|convoys?|academy|barracks|school|camp|"
    r"training\s+(?:centre|center|school)))|(?:(?:military|army|air\s*force|naval)\s+(?:[\w-]+\s+)?(?:air\s*base|base|"
    r"airport|airfield|post|barracks|headquarters|compound|camp|convoy|patrol|positions?|"
    r"academy|outpost|vehicles?|trucks?))|barracks|garrison|(?:military\s+)?airfields?)\b", re.I)
# The state target an act was aimed at or struck inside.
_AIMED_AT = re.compile(
    r"\b(?:aimed\s+at|targeting|targeted|inside|within)\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,3}?"
    rf"(?:{_STATE_TARGET.pattern})", re.I)


# ", Israeli police and medics said", "according to the army": who told it, not who was hit
_SOURCED = re.compile(r"(?:,\s*(?:[\w'’.-]+\s+){0,6}?(?:said|says|say|reported|told\s+\w+|"
                      r"confirmed|added)\b|\baccording\s+to\b).*$", re.I | re.S)


def _unsourced(text: str) -> str:
    return _SOURCED.sub("", text)


def _prior_tool(before: str, country: str | None, weapons: list[str]) -> Actor | None:
    """The owner of the weapon of the same kind the article last named ("a Russian missile"
    before "the missile hit the port"), if any."""
    tools = [a for a in find_actors(before, country=country) if _INSTRUMENT.search(a.text)
             and a.actor.inter not in (5, 6, 7) and set(T.weapon_names(a.text)) & set(weapons)]
    return tools[-1].actor if tools else None


#: Sub-types whose second side is not whoever held the target.
_NO_TARGET = frozenset({"Agreement", "Arrests", "Change to group/activity",
                        "Looting/property destruction",
                        "Headquarters or base established", "Non-violent transfer of territory",
                        "Other"})
_ANAPHOR = re.compile(r"\b(?:the|these|those|its|their)\s+(?:[\w-]+\s+)?$", re.I)


# "an air strike on the group's headquarters": a named group, told again.
_GROUP_NOUN = re.compile(r"\bthe\s+(?:armed\s+|militant\s+|rebel\s+|jihadist\s+)?(?:group|movement|"
                         r"militia|organi[sz]ation)(?:['’]s)?(?![\w-])", re.I)


def _resolve_anaphors(found: list[ActorMatch], clause: str, before: str,
                      country: str | None) -> list[ActorMatch]:
    """"the rebels", "the militants", "the group": the armed group the article named last."""
    out = []
    for a in found:
        if is_generic(a.actor) and _ANAPHOR.search(clause[max(0, a.start - 25):a.start]):
            named = antecedent(before + "\n" + clause[:a.start], country=country)
            if named is not None:
                a = ActorMatch(named, a.text, a.start, a.end)
        out.append(a)
    for m in _GROUP_NOUN.finditer(clause):
        if any(a.start < m.end() and m.start() < a.end for a in out):
            continue
        named = antecedent(before + "\n" + clause[:m.start()], country=country)
        if named is not None:
            out.append(ActorMatch(named, m.group(), m.start(), m.end()))
    return sorted(out, key=lambda a: a.start)


def state_forces(country: str | None, *, police: bool = False) -> Actor | None:
    """The state forces (or police) of the country where an act happened."""
    return normalise_actor(("Police" if police else "Military") + f" Forces of {country}",
                           country=country) if country else None


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
    r"\b(?:said|says|announced|reported|stated|claimed)\s+(?:on\s+\w+\s+)?(?:(?:in|late|early)\s+"
    r"(?:the\s+)?\w+\s+)?(?:that\s+)?(?:it|they|(?:its|their)\s+(?:own\s+)?(?:forces|troops|"
    r"fighters|units|men|soldiers))\s+(?:had\s+|has\s+|have\s+)?(?:also\s+|yesterday\s+|earlier\s+|"
    r"overnight\s+|successfully\s+)?(?:(?:killed|repelled|"
    r"destroyed|struck|shot\s+down|downed|intercepted|arrested|detained|seized|captured|taken|"
    r"took|overran|stormed|retook|recaptured|regained|brought|carried\s+out|conducted|launched|"
    r"fired|targeted|attacked|hit|bombed|shelled|foiled|thwarted|ambushed|raided|freed|"
    r"rescued|abducted)\b(?:\s+[\w'’-]+){0,6}?)?\s*$", re.I)


def _speaker_did_it(head: str, country: str | None) -> Actor | None:
    m = _SAID_IT_DID.search(head)
    if m is None:
        return None
    found = find_actors(head[: m.start()], country=country, speakers=True)
    return found[-1].actor if found and m.start() - found[-1].end <= 3 else None


# "Moscow's troops used two Iskander missiles": who fired, in a sentence that only elaborates
_USED = re.compile(r"\s+(?:had\s+|have\s+|has\s+)?(?:used|fired|launched|carried\s+out|conducted)"
                   r"\b",
                   re.I)


_STRUCK = re.compile(r"\s+(?:had\s+|have\s+)?(?:hit|struck|slammed|smashed|exploded|landed|fell|"
                     r"destroyed|killed)\b", re.I)


def other_side(m: Mention, text: str, country: str | None) -> Actor | None:
    """A second side read from all of an event's evidence (``text``), for an event whose
    opening clause named none, or whose victim a claim or later sentence made its
    perpetrator (a side never acts on itself): civilians where the codebook or the wording
    says so, else the state's forces where a military or police target is named (and they
    are not the perpetrator), else nobody.
    """
    perp, sub = m.actor1, m.sub_event_type
    remote = T.SUBTYPES.get(sub) == "Explosions/Remote violence"
    victim: Actor | None
    if sub in _AGAINST_CIVILIANS or (remote and _CIVILIAN_HIT.search(text)):
        victim = civilians(country)
    elif sub not in PROTEST_LIKE and sub not in _NO_TARGET and _STATE_TARGET.search(text):
        victim = state_forces(country)
    else:
        victim = None
    return None if victim is None or (perp is not None and victim.name == perp.name) else victim


def fill_perpetrator(m: Mention, clause: str, country: str | None) -> None:
    """Name the perpetrator of a strike or bombing coded as unknown when a later sentence about
    it says whose weapon it was ("The missiles were Russian Iskanders" is not enough: the
    owner must be named with the weapon, or as the one who used it)."""
    if m.actor1 is None or not is_unknown(m.actor1) or T.SUBTYPES.get(
            m.sub_event_type) != "Explosions/Remote violence":
        return
    blamed = {c.actor for c in find_claims(clause, country=country)}
    for a in find_actors(clause, country=country):
        if a.actor.inter in (5, 6, 7) or a.actor.name in blamed or is_unknown(a.actor):
            continue
        if _USED.match(clause, a.end) or (_INSTRUMENT.search(a.text)
                                          and _STRUCK.match(clause, a.end)):
            m.actor1 = a.actor
            return
