"""Trigger lexicon: which cue in a clause makes it an event, and of which codebook sub-type.

Cues go beyond single words: nominalisations ("a rocket attack on"), passives ("was struck by a
drone"), intercepted attacks ("drones were shot down"), and generic verbs ("hit", "landed")
that only count when a weapon is named in the clause, in which case the weapon decides the
remote-violence sub-type (a drone is an Air/drone strike even against civilians). Some cues
leave the sub-type to the caller, which knows the actors: ``territory`` (state forces retake
vs. an armed group seizes), ``seizure`` (weapons seized by the state vs. looted by a group)
and ``attack`` (civilians targeted vs. an armed clash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .notacts import is_negated, not_an_act

#: The codebook's six types and 25 sub-types.
SUBTYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}

#: Kinds whose sub-type the caller decides from actors/targets, and their defaults.
DEFERRED: dict[str, str] = {
    "remote": "Shelling/artillery/missile attack",
    "territory": "Non-state actor overtakes territory",
    "seizure": "Disrupted weapons use",
    "attack": "Attack",
    "protest": "Peaceful protest",
}


@dataclass(frozen=True, slots=True)
class Trigger:
    """A cue for an event in a clause; ``sub_event_type`` may be a DEFERRED kind's default."""

    kind: str  # a sub-event type name, or one of DEFERRED's keys
    sub_event_type: str
    text: str
    start: int
    end: int
    strength: float  # 0..1: how sure the cue alone makes us

    @property
    def event_type(self) -> str:
        return SUBTYPES[self.sub_event_type]


@dataclass(frozen=True, slots=True)
class WeaponMatch:
    weapon: str
    text: str
    start: int
    end: int


def _rx(s: str) -> re.Pattern[str]:
    return re.compile(s, re.IGNORECASE)


# Weapons, most specific first; a span claimed by an earlier pattern is not re-matched.
_WEAPONS: list[tuple[str, re.Pattern[str]]] = [
    ("RPG", _rx(r"\brocket[- ]propelled grenades?(?: launchers?)?|\bRPGs?\b")),
    ("chemical", _rx(r"\b(?:chemical (?:weapons?|agents?|munitions?)|chlorine|sarin|mustard gas|"
                     r"nerve agents?|toxic gas)\b")),
    ("suicide vest", _rx(r"\bsuicide (?:vests?|belts?|bombers?|bombings?|attackers?|attacks?)|"
                         r"explosive (?:vest|belt)s?|blew (?:him|her|them)sel(?:f|ves) up|"
                         # "bombers struck three hotels": people who bomb, not aircraft
                         r"(?<!\d )(?<!-)(?<!strategic )(?<!heavy )(?<!stealth )(?<!range )"
                         r"(?<!fighter )(?<!attack, )(?<!fighter, )(?<!and )\bbombers?\b"
                         r"(?![,\s]+(?:and\s+)?(?:fighter|"
                         r"attack|aircraft|jet|plane|remotely))")),
    ("car bomb", _rx(r"\b(?:car|truck|vehicle)[- ]bombs?|\bS?VBIEDs?\b|vehicle[- ]borne "
                     r"(?:improvised )?explosive|booby-trapped (?:car|vehicle)s?")),
    ("IED", _rx(r"\bIEDs?\b|improvised explosive(?: devices?)?|roadside bombs?|land ?mines?|"
                r"explosive devices?|sticky bombs?|"
                r"\bbombs?\b(?= (?:exploded|went off|detonated|blast))")),
    ("ballistic missile", _rx(r"\bballistic missiles?")),
    ("drone", _rx(r"\b(?:drones?|UAVs?|UASs?|unmanned aerial (?:vehicles?|systems?)|remotely "
                  r"piloted aircraft|one-way attack (?:drones?|UAVs?)|loitering munitions?|"
                  r"Shahed(?:-136)?s?|Lancets?|Bayraktars?|MQ-9s?|Reapers?)\b")),
    ("aircraft", _rx(r"\b(?:air ?strikes?|air raids?|aircraft|warplanes?|war planes?|fighter jets?|"
                     # (a bare "bomber" is a person, claimed as a suicide bomber above)
                     r"jets?|bombers?|helicopters?|gunships?|airplanes?|aerial bombardment|"
                     r"barrel bombs?|glide bombs?|aerial bombs?|guided bombs?|cluster bombs?|"
                     r"F-1[5-8]s?|Su-[23]\ds?)\b")),
    ("missile", _rx(r"\b(?:(?:cruise |anti-tank |guided |surface-to-surface )?missiles?|ATGMs?|"
                    r"Iskanders?|Kalibrs?|Kinzhals?|ATACMS|Storm Shadows?|Tomahawks?|"
                    r"Hellfires?)\b")),
    ("rocket", _rx(r"\b(?:rockets?|Katyushas?|Grads?|Qassams?|HIMARS|MLRS|multiple[- ]launch "
                   r"rocket systems?)\b")),
    ("mortar", _rx(r"\bmortars?(?: rounds?| shells?| bombs?)?\b")),
    ("artillery", _rx(r"\b(?:artillery|shelling|shelled|shells|howitzers?|tank fire|"
                      r"indirect fire|rounds of indirect fire)\b")),
    ("grenade", _rx(r"\b(?:hand )?grenades?\b")),
    ("small arms", _rx(r"\b(?:small[- ]arms|gunfire|gunmen|gunman|shot dead|opened fire|"
                       r"machine[- ]guns?|rifles?|sniper(?:s| fire)?|gunshots?|shooting)\b")),
]

# A weapon named after one of these verbs is what was hit or taken, not what was used.
_OBJECT_VERBS = _rx(
    r"\b(?:destroy(?:ed|ing|s)?|damag(?:ed|ing|es?)|engag(?:ed|ing)|seiz(?:ed|ing|es?)|"
    r"captur(?:ed|ing|es?)|confiscat(?:ed|ing)|defus(?:ed|ing)|dismantl(?:ed|ing)|found|"
    r"discovered|recovered|intercept(?:ed|ing)|shot down|downed|targeting|against)\b"
)

_REMOTE_PRIORITY = (
    ("chemical", "Chemical weapon"),
    ("suicide vest", "Suicide bomb"),
    ("drone", "Air/drone strike"),
    ("aircraft", "Air/drone strike"),
    ("car bomb", "Remote explosive/landmine/IED"),
    ("IED", "Remote explosive/landmine/IED"),
    ("ballistic missile", "Shelling/artillery/missile attack"),
    ("missile", "Shelling/artillery/missile attack"),
    ("rocket", "Shelling/artillery/missile attack"),
    ("mortar", "Shelling/artillery/missile attack"),
    ("artillery", "Shelling/artillery/missile attack"),
    ("grenade", "Grenade"),
)
REMOTE_WEAPONS = frozenset(w for w, _ in _REMOTE_PRIORITY)

# (kind, pattern, strength). Kind is a sub-event type or a DEFERRED key. Order matters only
# for overlapping spans: the first rule to claim a span wins.
_RULES: list[tuple[str, str, float]] = [
    ("Chemical weapon", r"\bchemical (?:weapons? )?attacks?|(?:chlorine|sarin|mustard) gas "
     r"(?:attack|was used)|used chemical weapons", 0.9),
    ("Suicide bomb", r"\bsuicide (?:car |truck )?(?:bomb(?:ing|er)?s?|attacks?|attackers?|"
     r"blasts?)\b|blew (?:him|her|them)sel(?:f|ves) up|detonated (?:his|her|their) "
     r"(?:explosive|suicide) (?:vest|belt)", 0.9),
    ("Air/drone strike", r"\b(?:air ?strikes?|air raids?|drone (?:strikes?|attacks?)|"
     r"aerial (?:bombardment|attacks?)|(?:drones?|UAVs?|aircraft|warplanes?|jets?|helicopters?|"
     r"air ?forces?)"
     r"(?: [\w-]+){0,3} (?:struck|striking|bombed|bombing|hit|hitting|targeted|targeting|"
     r"attacked|attacking|pounded|pounding|raided|strafed|conducted|carried out|destroyed|"
     r"fired|slammed|crashed into|exploded|dropped)|"
     r"dropped (?:[\w-]+ ){0,2}bombs|"
     r"(?:struck|hit|targeted|bombed) by (?:an? )?(?:\w+ )?(?:drones?|aircraft|warplanes?|"
     r"air ?strikes?|UAVs?))\b", 0.9),
    # "an Israeli strike on a car", "a missile strike on a block of flats": the weapon named
    # decides (a bare "strike" from the air is an air strike)
    ("remote", r"\b(?:(?-i:[A-Z][\w-]+)|air|drone|missile|deadly|precision|retaliatory) strikes? "
     r"on (?:an? |the |two |three |several )?"
     r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)(?=[\w-]+)", 0.9),
    ("remote", r"\b(?:drones?|UAVs?|missiles?|rockets?|projectiles?)(?: \w+)?"
     r" (?:were |was )?(?:shot down|downed|intercepted)|(?:shot down|downed|intercepted) "
     r"(?:\w+ ){0,3}(?:drones?|UAVs?|missiles?|rockets?)", 0.85),
    ("remote", r"\b(?:\w+ )?strikes? (?:engaged|destroyed|struck|hit|targeted|damaged|killed|"
     r"suppressed|disabled)|\bconducted (?:\w+ ){0,3}strikes?|\bprecision strikes?|"
     r"\bkilled (?:\w+ ){0,3}(?:in|by) an? (?:\w+ )?strikes?|\bcarried out (?:\w+ ){0,3}strikes?",
     0.75),
    # "Russia launched 40 drones and six missiles at Odesa"
    ("remote", r"\b(?:launched|fired|sent) (?:[\w-]+ ){0,4}?(?:drones?|UAVs?|missiles?|rockets?)"
     r"(?= (?:[\w-]+ ){0,6}?(?:at|on|towards?|against|into)\b)", 0.8),
    ("remote", r"\b(?:rockets?|missiles?|mortars?|shells|projectiles?|drones?)(?: [\w-]+){0,3} "
     r"(?:were|was) (?:fired|launched)", 0.8),
    ("Shelling/artillery/missile attack", r"\b(?:indirect fire|shelling|shelled|bombardment|"
     r"(?:rocket|mortar|missile|artillery) (?:attacks?|strikes?|fire|barrages?)|"
     r"(?:rockets?|mortars?|missiles?|shells|rounds)(?: \w+)? (?:hit|struck|landed|fell|"
     r"slammed|impacted|exploded)|fired (?:[\w-]+ ){0,2}(?:rockets?|mortars?|missiles?|shells)|"
     r"(?:struck|hit|targeted) by (?:an? |two |three |several )?(?:\w+ )?(?:rockets?|"
     r"missiles?|mortars?|shells))\b",
     0.85),
    ("Remote explosive/landmine/IED", r"\b(?:IED|roadside bomb|car bomb|truck bomb|"
     r"landmine|land mine|improvised explosive device|VBIED|explosive device|bomb)"
     r"(?:s|ing|ings)?(?: attacks?| blasts?| explosions?)?(?= (?:exploded|went off|detonated|"
     r"blast|explosion|attack|struck|hit|killed|targeted|tore|ripped))|"
     # "a bomb hidden in a motorcycle went off"
     r"\b(?:IED|bomb|explosive device|explosives)s?(?= (?:[\w-]+ ){1,5}?(?:exploded|went off|"
     r"detonated|blew up)\b)|"
     r"\b(?:IED|roadside bomb|car bomb|truck bomb|landmine|improvised explosive device)"
     r"(?: blast| explosion| attack)s?\b|\bbombings?\b|\b(?:was|were) bombed\b|"
     r"\b(?:blast|explosion)s? (?:hit|struck|ripped|tore|killed|targeted|rocked|occurred)|"
     r"\b(?:stepped on|struck|hit) an? (?:landmine|mine|IED|roadside bomb)|"
     # "died of wounds from a roadside bomb", "killed by an IED": the cause of a death
     r"\b(?:killed|died|wounded|injured|hurt|wounds)\b(?: [\w,'’-]+){0,5}? (?:by|from|in|"
     r"sustained in) an? (?:[\w-]+ )?(?:IEDs?|roadside bombs?|landmines?|land mines?|"
     r"improvised explosive devices?|explosive devices?|bombs?)\b", 0.8),
    ("Grenade", r"\b(?:threw|hurled|lobbed|tossed) (?:an? |two |several )?(?:hand )?grenades?|"
     r"\bgrenade (?:attacks?|blasts?|explosions?)", 0.85),
    ("Sexual violence", r"\b(?:raped|sexually (?:assaulted|abused))\b", 0.8),
    # the nouns name a kind of crime as often as one act ("cases of sexual violence rose")
    ("Sexual violence", r"\b(?:rapes?|sexual (?:violence|assaults?|abuse))\b", 0.6),
    ("Abduction/forced disappearance", r"\b(?:kidnapp(?:ed|ing)|abduct(?:ed|ion|ing)|"
     # "marched away more than 200 pupils"
     r"(?:marched|herded|carried) (?:away|off) (?:[\w-]+ ){0,4}?(?:pupils|students|"
     r"children|schoolchildren|girls|boys|villagers|people|passengers|women|worshippers|"
     r"hostages|teachers|workers)|"
     r"taken hostage|took (?:\w+ ){0,3}hostage|held hostage|forcibly disappeared|"
     r"enforced disappearance|hijack(?:ed|ing)|(?:seized|captured|commandeered) (?:an? |the )?"
     r"(?:[\w-]+ ){0,3}(?:ship|vessel|tanker|freighter|boat|carrier)s?|(?:ship|vessel|tanker|"
     r"freighter|carrier)s? (?:was|were|had been|has been) (?:seized|captured|hijacked|"
     r"commandeered))\b", 0.85),
    ("protest", r"\b(?:protest(?:s|ed|ers|ors|ing)?|demonstrat(?:ion|ions|ors|ed|ing)|"
     r"rall(?:y|ies|ied)|sit-ins?|marched|took to the streets)\b", 0.75),
    # ("riot police" and "anti-riot units" are the police)
    ("Violent demonstration", r"(?<!anti-)\briot(?:s|ers|ed|ing)?\b(?! (?:police|gear|squads?|"
     r"units?|shields?|control|officers|troops|vans?))", 0.8),
    # "a crowd beat a suspected thief to death": a mob, whatever the word for it
    # ("vigilantes were deployed" is no act: only vigilantes who do something)
    ("Mob violence", r"\b(?:mobs?|lynch(?:ed|ing)|rampag(?:ed|ing)|vigilantes? (?:attacked|beat|"
     r"killed|lynched|burned|torched|stoned|hacked)|(?:crowds?|villagers|residents) "
     r"(?:[\w'’-]+ ){0,3}?(?:beat|stoned|burned) (?:[\w'’-]+ ){0,4}?(?:to death|alive))\b", 0.75),
    # "supporters of the former prime minister stormed a military headquarters and set it
    # ablaze": a crowd's violence is a riot
    ("Violent demonstration", r"\b(?:supporters|crowds?|protesters|demonstrators|students|"
     r"marchers)\b(?: (?!(?:were|was|had been|have been)\b)[\w'’-]+){0,8}? (?:stormed|torched|"
     r"ransacked|set fire to|set (?:\w+ )?(?:ablaze|alight|on fire)|vandali[sz]ed)\b", 0.75),
    ("Agreement", r"\b(?:cease-?fire|truce|peace (?:deal|agreement|accord)|prisoner (?:swap|"
     r"exchange)s?)\b(?=.{0,60}\b(?:agreed|signed|announced|took effect|came into (?:force|"
     r"effect)|reached|brokered|began|started|exchanged))|\b(?:agreed|signed|reached|brokered)"
     r" (?:\w+ ){0,5}(?:cease-?fire|truce|peace (?:deal|agreement|accord)|prisoner "
     r"(?:swap|exchange)|(?:cessation|end) of hostilities|armistice)|"
     r"\b(?:exchanged|swapped|freed) (?:\w+ ){0,3}(?:prisoners|captives|"
     r"detainees|prisoners of war|POWs)\b(?=[^.;]{0,60}\b(?:deal|exchange|swap|agreement))", 0.8),
    ("Arrests", r"\b(?:arrest(?:ed|s)?|detain(?:ed|s)|apprehended|taken into custody|rounded up|"
     r"(?:took|taken|hauled|dragged) away (?:\w+ ){0,3}(?:people|protesters|demonstrators|"
     r"mourners|activists|men|women|students))\b", 0.7),
    ("Change to group/activity", r"\b(?:announced (?:its|the|their) (?:formation|merger|"
     r"dissolution|disbandment)|(?:was|were|has been) (?:disbanded|dissolved)|merged with|"
     r"pledged allegiance to|suspended (?:its|their) (?:operations|activities)|"
     # "the PKK announced it would dissolve", "fighters burned their weapons at a ceremony"
     r"(?:announced|declared|said) (?:on \w+ )?(?:that )?(?:it|they) (?:would|will|had decided to)"
     r" (?:dissolve|disband|disarm|lay down (?:its|their) (?:arms|weapons)|end (?:its|their) "
     r"armed struggle)|(?:burned|burnt|destroyed|surrendered|laid down|handed in) (?:their|its) "
     r"(?:weapons|arms|guns)|(?:dissolved|disbanded|banned|outlawed) (?:the |a )?(?:[\w-]+ ){0,3}"
     r"(?:party|group|movement|militia|organi[sz]ation|union))\b", 0.7),
    ("Disrupted weapons use", r"\b(?:defused|dismantled an? (?:\w+ )?(?:bomb|IED|explosive)|"
     r"foiled|thwarted|(?:weapons|arms|ammunition|explosives) (?:cache|depot|stockpile)s? "
     r"(?:was |were )?(?:seized|found|discovered|uncovered|confiscated)|"
     r"(?:seized|confiscated|found|discovered|uncovered) (?:\w+ ){0,4}(?:cache|stockpile|depot)s?"
     r" of (?:weapons|arms|ammunition|explosives))", 0.75),
    ("seizure", r"\b(?:seized|captured|confiscated|stole|looted) (?:\w+ ){0,4}(?:tanks|weapons|"
     r"arms|ammunition|equipment|hardware|vehicles)\b", 0.7),
    ("Headquarters or base established", r"\b(?:established|set up|opened|built) (?:an? )?"
     r"(?:new )?(?:military )?(?:base|headquarters|outpost|command post)\b", 0.7),
    ("Looting/property destruction", r"\b(?:loot(?:ed|ing)|torched|set fire to|set ablaze|"
     r"burn(?:ed|t) down|demolished|razed|ransacked|vandali[sz]ed|plundered)\b", 0.7),
    ("Non-violent transfer of territory", r"\b(?:handed over|withdr[ae]w from|pulled out of|"
     r"transferred control|took over .{0,40}without (?:a fight|resistance|fighting))\b", 0.65),
    # "had taken full control of", "taking control of the capital", "have taken back the
    # palace"; a bare "seized" or "taken" counts only with a place as its object (rules.py)
    ("territory", r"\b(?:(?:seiz|gain|regain|assum|wrest)(?:ed|ing|s)? (?:full |complete |total |"
     r"effective )?control (?:of|over)|(?:t(?:ook|aken|ake|akes|aking)) (?:full |complete |"
     r"total |effective )?control (?:of|over)|captured|recaptured|retook|retaken|overran|"
     r"overrun|liberated|t(?:ook|aken|aking|akes?) back|"
     r"seiz(?:ed|ing) the (?:area|town|city|village|complex|district)|seized|"
     r"fell to|(?:took|taking|takes?|taken)(?= (?:the )?(?:[\w-]+ ){0,3}(?:town|city|village|"
     r"base|district|area|stronghold|province|region|capital)\b[^.;]{0,40}\bfrom\b)|"
     r"(?:had|have|has) (?:now )?taken(?= (?-i:[A-Z])))\b", 0.75),
    ("Other", r"\b(?:imposed (?:a )?curfew|declared (?:a )?state of emergency|declared martial law)"
     r"\b", 0.5),
    ("Armed clash", r"\b(?:clash(?:es|ed)?|gun ?fights?|firefights?|exchanges? of (?:gun)?fire|"
     r"exchanged (?:gun)?fire|shoot-?outs?|heavy fighting|"
     r"fighting (?:between|with|broke out|erupted)|"
     r"fought (?:off|with|against)|battl(?:ed|es)|ambush(?:ed|es)?|skirmish(?:es)?|"
     r"counterattacks?|killed in action|(?:machine gun|small[- ]arms) fire|"
     r"(?:during|in) (?:heavy |fierce |intense )?fighting (?=(?:near|in|around|at|for) )|"
     r"inflicted (?:heavy |severe )?(?:losses|casualties) on)\b", 0.8),
    # "fighting was reported in X": a battle, though with no sides or toll a weak cue
    ("Armed clash", r"\bfighting (?:was |has been |had been )?(?:reported|raged|raging|flared)"
     r"\b", 0.55),
    ("attack", r"\b(?:attack(?:ed|s|ing)?|assault(?:ed|s)?|raid(?:ed|s)?|storm(?:ed|ing)|"
     r"opened fire|shot dead|"
     r"gunned down|massacred?|executed|beheaded|stabbed|shot and killed|"
     r"(?:strikes?|hit|struck|target(?:ed|ing)|pounded|slammed|landed|bombed)|"
     r"(?:was|were) (?:killed|shot)|killed)\b", 0.45),
]
_COMPILED: list[tuple[str, re.Pattern[str], float]] = [(k, _rx(p), s) for k, p, s in _RULES]


def find_weapons(text: str, *, used_only: bool = True) -> list[WeaponMatch]:
    """Normalised weapons named in ``text``; ``used_only`` drops what was hit or seized."""
    return list(_find_weapons(text, used_only))


@lru_cache(maxsize=2048)
def _find_weapons(text: str, used_only: bool) -> tuple[WeaponMatch, ...]:
    # A clause is asked for its weapons several times on its way through the extractor.
    found: list[WeaponMatch] = []
    taken: list[tuple[int, int]] = []
    obj_starts = [m.end() for m in _OBJECT_VERBS.finditer(text)] if used_only else []
    for name, rx in _WEAPONS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if name == "RPG" and used_only and re.search(r"launcher", m.group(), re.I):
                continue
            if used_only and _after_object_verb(m.start(), text, obj_starts):
                continue
            found.append(WeaponMatch(name, m.group(), m.start(), m.end()))
    found.sort(key=lambda w: w.start)
    return tuple(found)


def _after_object_verb(pos: int, text: str, obj_ends: list[int]) -> bool:
    # Only within the same clause: a ";" or "." between the verb and the weapon ends it.
    for end in obj_ends:
        if end <= pos and not re.search(r"[;.]|, and |\bby\b|\busing\b|\bwith\b", text[end:pos]):
            return True
    return False


def weapon_names(text: str) -> list[str]:
    """The weapons list of an event, deduplicated in order of first mention."""
    return list(_weapon_names(text))


@lru_cache(maxsize=2048)
def _weapon_names(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for w in find_weapons(text):
        if w.weapon not in out:
            out.append(w.weapon)
    return tuple(out)


def remote_subtype(weapons: list[str]) -> str | None:
    """The remote-violence sub-type the weapons decide, most telling weapon first."""
    for weapon, sub in _REMOTE_PRIORITY:
        if weapon in weapons:
            return sub
    return None


def find_triggers(text: str) -> list[Trigger]:
    """Every non-negated event cue in ``text`` (a clause or sentence), in text order."""
    out: list[Trigger] = []
    taken: list[tuple[int, int]] = []
    for kind, rx, strength in _COMPILED:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if not_an_act(text, kind, m.start(), m.end()) or is_negated(text, m.start(), m.end()):
                continue
            sub = DEFERRED.get(kind, kind)
            out.append(Trigger(kind, sub, m.group(), m.start(), m.end(), strength))
    out.sort(key=lambda t: t.start)
    return out


def denies_act(text: str) -> bool:
    """True when ``text`` names a strong cue only to deny it or make it hypothetical ("denied
    that its jets had bombed the market"): a toll told after it is of no act the report
    vouches for."""
    for _kind, rx, strength in _COMPILED:
        if strength >= 0.6 and any(is_negated(text, m.start(), m.end())
                                   for m in rx.finditer(text)):
            return True
    return False
