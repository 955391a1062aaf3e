"""How a place name is used in a sentence: as the place of something, or as something else.

News writes place names for governments ("Islamabad accuses Kabul of ..."), for parties,
militias and units ("the Morena party", "Fano, an Amhara militia", "the Black Sea Fleet"),
for people ("spokesman Saree", "Dayton, 42,"), for owners ("the embassies of Belgium and
Kenya") and for where people or things went ("evacuated to N'Djamena", "the express to
Peshawar"). None of these is where an act happened. ``places.find_places`` drops the first
kinds and marks the last two with these tests; each looks only at the words around the name.
"""

from __future__ import annotations

import re

# -- not a place at all ---------------------------------------------------------------------

# "Washington said", "Kyiv has condemned", "Islamabad accuses": the government speaks.
_SPEAKER_AFTER = re.compile(
    r"^\s+(?:has |have |had |also |strongly |firmly |again |repeatedly |long |often )*(?:"
    r"condemn|said|says|announc|stat|urg|call|remain|reaffirm|welcom|express|warn|stand|"
    r"support|will|would|must|continue|accus|blam|deni|deny|reject|insist|demand|protest|"
    r"summon|threaten|vow|respond|retaliat|allege|argu|maintain|recogni[sz]|refus|want|"
    r"hope|believ|fear)", re.I)
# "police said in Gusau", "told reporters in Abuja", "Speaking in Geneva, ...", "a news
# conference in Kyiv": where a speaker spoke is no place of what they spoke about.
_SPOKE_IN_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:reporters|journalists|the\s+media|the\s+press|[A-Z][\w.]+)|"
    r"speaking(?:\s+to\s+(?:reporters|journalists))?|spoke|briefing|briefed\s+reporters|"
    r"(?:news|press)\s+conference|statement\s+(?:issued|released)|announced|addressing\s+"
    r"(?:reporters|journalists|lawmakers|parliament))\s+(?:in|from)\s+(?:the\s+)?$", re.I)
# "Residents of Lashio said ...": people of the place speak; the place is the story's.
_LOCALS_BEFORE = re.compile(r"\b(?:residents|people|villagers|witnesses|locals|doctors|"
                            r"medics|officials|authorities|police)\s+(?:of|in)\s+$", re.I)
# "accuses Kabul of sheltering", "urged Moscow to", "relations between Delhi and": a
# government addressed, blamed or dealt with.
_ADDRESSED_BEFORE = re.compile(
    r"\b(?:accus\w*|blam\w*|urg\w*|warn\w*|told|tell\w*|press\w*|pressur\w*|sanction\w*|"
    r"call\w* on|asked|ask|asks|demand\w* (?:of|that)|condemn\w*|criticis\w*|criticiz\w*|"
    r"relations (?:between|with)|ties (?:between|with)|talks (?:between|with)|"
    r"negotiations with|dialogue with)\s+(?:the\s+)?$", re.I)
# "between Islamabad and Kabul" after such a word: the second government of the pair.
_PAIRED_BEFORE = re.compile(
    r"\b(?i:relations|ties|talks|tensions?|dialogue|rift|row|dispute)\s+between\s+"
    r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?\s+and\s+(?:the\s+)?$")
# "the Sahel branch of al-Qaeda", "the Morena party", "the Black Sea Fleet": a place naming
# an organisation or a unit.
_ORG_AFTER = re.compile(
    r"^\s+(?:branch|affiliate|wing|chapter|franchise|offshoot|faction|party|parties|"
    r"movement|fleet|command|corps|brigade|battalion|regiment|division|operational|"
    r"group of forces|liberation army|liberation front|people's party|national party|"
    r"football club|fc|guard|fans|supporters|ultras|players|squad)e?s?\b", re.I)
# "a match between Ajax and Maccabi Tel Aviv": clubs named after their towns.
_TEAM_BEFORE = re.compile(r"\b(?:match|game|final|derby|fixture)\s+(?:between|against|"
                          r"with)\s+(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}\s+and\s+)?$",
                          re.I)
# "Kokang rebels", "Tigray fighters": a people or region naming an armed group, not where it
# acted (a country before them is an owner, handled as one).
_GROUP_AFTER = re.compile(r"^\s+(?:rebels?|insurgents?|militants?|guerrillas?|separatists?|"
                          r"militias?|fighters|army)\b")
# "Moscow's forces", "Tehran's proxies", "Khartoum's army": a capital owning an armed force
# or a policy stands for its government.
_GOVERNMENT_OWNS = re.compile(
    r"^['’]s?\s+(?:own\s+|new\s+|elite\s+|regular\s+)?(?:forces|troops|army|military|"
    r"soldiers|navy|air\s+force|warplanes|jets|drones|missiles|proxies|allies|regime|"
    r"government|leadership|generals|commanders|war|offensive|invasion)\b", re.I)
# "Fano, a loosely organised Amhara militia": the appositive says what the name is.
_ORG_APPOSITIVE = re.compile(
    r"^,\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,4}(?:militia|armed group|rebel group|group|"
    r"movement|party|faction|coalition|alliance|gang|network|organi[sz]ation|company|firm|"
    r"newspaper|broadcaster|agency|brand|club|band|tribe|clan)s?\b", re.I)
# "Okhmatdyt, the country's largest children's hospital": the name of a building, whose town
# is the event's place.
_BUILDING_APPOSITIVE = re.compile(
    r"^,\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,5}(?:hospital|clinic|school|university|"
    r"hotel|shopping (?:centre|center|mall)|supermarket|theatre|theater|cinema|stadium|"
    r"factory|plant|building|tower block|residential block)\b", re.I)
# "spokesman Saree", "Governor Safra": a name after a person's title is a person.
_TITLE_BEFORE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|governor|general|commander|colonel|lieutenant|"
    r"major|captain|sheikh|president|mayor|envoy|ambassador|Mr|Mrs|Ms|Dr)\.?\s+$", re.I)
# "Scott Dayton, 42, of ...": a name followed by an age is a person.
_AGE_AFTER = re.compile(r"^,\s+(?:aged\s+)?\d{1,3},")
# "Navalny, whose death in an Arctic prison colony was announced": a place of the person's
# story, not of the event the sentence reports.
_WHOSE_BEFORE = re.compile(r"\bwhose\b[^,;()]{0,40}$", re.IGNORECASE)


def not_a_place(text: str, start: int, end: int, *, country: bool, floor: int = 0) -> bool:
    """True when the name at ``text[start:end]`` stands for a government, an organisation or
    a person rather than a place. ``country`` says the name is a country's (a country before
    "rebels" owns them, which ``owned_by`` reads); ``floor`` is where the sentence starts."""
    before, after = text[max(0, start - 60) : start], text[end : end + 80]
    if _SPEAKER_AFTER.match(after) and not _LOCALS_BEFORE.search(before[-30:]):
        return True
    if (_ADDRESSED_BEFORE.search(before) or _PAIRED_BEFORE.search(before)
            or _SPOKE_IN_BEFORE.search(before) or _TEAM_BEFORE.search(before)):
        return True
    if _ORG_AFTER.match(after) or _ORG_APPOSITIVE.match(after):
        return True
    if not country and (_GROUP_AFTER.match(after) or _GOVERNMENT_OWNS.match(after)):
        return True
    return bool(_BUILDING_APPOSITIVE.match(after) or _TITLE_BEFORE.search(before[-30:])
                or _AGE_AFTER.match(after)
                or _WHOSE_BEFORE.search(text[max(floor, start - 50) : start]))


# -- a place, but not where the act happened ---------------------------------------------------

# "the embassies of Belgium, the United States and Kenya", "the consulate of Iran": owners.
_OWNED_BEFORE = re.compile(r"\b(?:embass(?:y|ies)|consulates?|missions?|ambassadors?|"
                           r"flags?|citizens|nationals)\s+of\s+(?:the\s+)?$", re.I)


def owned_by(before: str) -> bool:
    """True when the words before a country name make it an owner ("the embassy of X")."""
    return _OWNED_BEFORE.search(before) is not None


# "sailing from Turkey to India": a ship's destination is not where it was attacked; nor is
# where the wounded were evacuated to, people fled towards, or a train was bound for.
_TO_BEFORE = re.compile(
    r"\b(?:sailing|bound|travell?ing|heading|headed|en route|on (?:its|her|their) way|"
    r"evacuated|taken|rushed|flown|airlifted|transferred|moved|fled|fleeing|flee|flees|"
    r"escaped|driven|returned|deported|repatriated|left|leaving|relocated|sent|dispatched|"
    r"(?:train|express|flight|bus|coach|ship|vessel|ferry)s?(?:\s+[\w-]+){0,3})\b"
    r"[^.;]{0,40}?\b(?:to|towards?|for)\s+(?:the\s+)?$|\btowards?\s+(?:the\s+)?$|"
    r"\b(?:fled|fleeing|flee|flees|escaped)\s+(?:[\w-]+\s+){0,4}?into\s+(?:the\s+)?$",
    re.IGNORECASE)
# "sailing from Turkey to India", "a flight from Tehran": where a journey began is no more
# where the act happened than where it was going.
_FROM_BEFORE = re.compile(
    r"\b(?:sailing|sailed|bound|travell?(?:ing|ed)|heading|headed|en route|on (?:its|her|their) "
    r"way|departed|departing|"
    r"(?:train|express|flight|bus|coach|ship|vessel|ferry|tanker|carrier)s?(?:\s+[\w-]+){0,3})"
    r"\s+from\s+(?:the\s+)?$", re.IGNORECASE)


def destination(before: str) -> bool:
    """True when a place is where people or a vehicle went (or a journey began), not where
    something happened."""
    return _TO_BEFORE.search(before) is not None or _FROM_BEFORE.search(before) is not None
