"""Cues that name no act: negated, hypothetical, or the object of something else.

A cue word is not always a reported act: "no rockets were fired", "threatened to attack",
"counter-attack brigades", "found guilty of charges linked to the truck attack", "the report
documents killings". These checks run on the text around a cue that ``triggers`` found.
"""

from __future__ import annotations

import re

__all__ = ["is_negated", "not_an_act"]


def _rx(s: str) -> re.Pattern[str]:
    return re.compile(s, re.IGNORECASE)


# Negation and hypothetical cues, checked in a short window before the trigger.
_NEGATION = _rx(
    r"\b(?:no|not|never|n't|denied|deny|denies|without|nor|neither|false(?:ly)?|rejected|"
    r"could|would|might|(?-i:may)|will|shall|should|threaten(?:ed|s|ing)? to|"
    r"plan(?:s|ned|ning)? to|"
    r"vow(?:ed|s)? to|intend(?:s|ed)? to|prepar(?:e|es|ed|ing) (?:to|for)|aim(?:s|ed)? to|"
    r"seek(?:s|ing)? to|warn(?:ed|s|ing)? (?:of|against|that)|fears? of|fearing|feared|"
    r"risk of|if|unless|"
    r"possible|potential|likely|allegedly planned|start of|prevent(?:ed|ing|s)?|deter|"
    r"avoid|call(?:ed|s)? for an? end|end to the|in response to any|rumou?rs? of|"
    r"exercises?|drills?|training|simulated|(?:opportunit|abilit|capabilit)(?:y|ies) to|"
    r"chance to|(?:to|must|should) (?:cease|stop|halt|end|refrain from)|ultimatum|deadline|"
    r"\d+ (?:hours|days) to|or face|regularly|routinely|frequently|often|usually|typically|"
    r"whether|threats? of|any|every|afraid of|for fear of|in fear of|worried about)\b"
)
_WINDOW = 45  # characters before the trigger searched for a negation cue


# "an assault on the city would be a catastrophe": the act is the subject of a conditional.
_MODAL_AFTER = _rx(r"^[^.;,:'‘’\"“”]{0,40}?\b(?:would|might)\s+(?:not\s+|never\s+)?"
                   r"(?:be|cause|lead|mean|trigger|spark|result|bring|draw|prompt)\b")


def is_negated(text: str, start: int, end: int | None = None) -> bool:
    """True when a negation or hypothetical cue governs the trigger at ``start``."""
    if end is not None and _MODAL_AFTER.match(text[end : end + 60]):
        return True
    window = text[max(0, start - _WINDOW) : start]
    # Only the current clause: cut at the last clause boundary.
    cut = max(window.rfind(";"), window.rfind(". "), window.rfind(" but "))
    if cut >= 0:
        window = window[cut + 1 :]
    return _NEGATION.search(window) is not None


# "after weeks of fighting", "followed months of clashes and air strikes": a campaign summed
# up, not an act of one day and place.
_DURATION = _rx(r"\b(?:days|weeks|months|years) of (?:[\w-]+ ){0,4}$")


# "counter-attack brigades", "an airstrike investigation": the cue names a kind of unit or a
# document about an act, not an act. "supported by advisers and air strikes", "through the
# use of precision airstrikes": a means or a capability, not a reported strike.
_MODIFIER_OF = _rx(
    r"^[- ](?:brigades?|battalions?|units?|squadrons?|teams?|helicopters?|aircraft|boats?|"
    r"capabilit(?:y|ies)|missions?|investigations?|inquir(?:y|ies)|probes?|reviews?|"
    r"findings|planners?|planning|training|exercises?|drills?|packages?|sorties)\b"
)
_MEANS = _rx(r"\b(?:supported by|backed by|through the use of|capabilit(?:y|ies)|capable of)"
             r"\b(?:(?!, and |,? but | which | then )[^.;])*$")
# "The assailants used mortars and vehicles driven by suicide attackers": the means of an
# assault told before, not another act (CODEBOOK.md: a ground assault that used shelling).
_USED = _rx(r"\b(?:assailants|attackers|militants|fighters|gunmen|insurgents|terrorists|rebels|"
            r"they|the\s+enemy)\s+(?:also\s+)?(?:used|employed|deployed|were\s+armed\s+with)\b"
            r"[^.;]*$")
_WEAPON_KINDS = frozenset({"Suicide bomb", "remote", "Remote explosive/landmine/IED", "Grenade",
                           "Shelling/artillery/missile attack", "Air/drone strike",
                           "Chemical weapon"})
# "trafficking in looted antiquities", "the torched cars": a participle describing a thing.
_ADJECTIVAL = _rx(r"\b(?:in|of|the|for|with|from|selling|sale of|trade in)\s+$")


# "died of a heart attack", "a cyberattack on the ministry": an illness or a hack, no violence.
_NOT_VIOLENCE = _rx(r"\b(?:heart|panic|asthma|anxiety|cyber|allergic)[- ]?$")


# "JNIM claimed the attack", "the government condemned the killings": the act reported
# before, restated (its clause still adds claims to it); "claimed the attack on X" may be new.
_ANAPHORIC = _rx(r"\b(?:claimed|condemned|denounced|denied|(?:claimed|took|responsible) "
                 r"(?:responsibility )?for|blamed (?:[\w-]+ ){1,4}for|after|following|since|"
                 r"before|in the wake of|in response to|in retaliation for|respond(?:ed|s|ing)? to|"
                 r"retaliat(?:e|ed|es|ing) (?:for|against)|aveng(?:e|ed|es|ing)) (?:the|this|that|"
                 r"these|those) $")
_SITE_AFTER = _rx(r"^s? (?:on|in|at|against|near)\b")


# "Attacks on convoys ... were among the incidents listed": the contents of a report.
_LISTED = _rx(r"^[^.;]{0,80}?\b(?:were|was|are|is)\s+among\s+(?:the\s+)?(?:[\w-]+\s+)?"
              r"(?:incidents|attacks|cases|violations|abuses|examples|events)\b")

# "soldiers wounded in last week's ambush near Gao", "victims of last month's raid": an act
# reported before, recalled with its place, not told as news.
_REPORTED_BEFORE = _rx(
    r"\b(?:wounded|injured|hurt|killed|died|victims?|survivors?|funerals?|relatives|families|"
    r"anniversary|after|following|since|in the wake|in response to|in retaliation for|memory)"
    r"\s+(?:\w+\s+)?(?:(?:in|of|during|from|by|for|to)\s+)?(?:last\s+(?:week|month)|earlier\s+"
    r"this\s+(?:week|month))['’]s\s+(?:[\w-]+\s+){0,2}$")


# "It was the deadliest bombing in the capital for years": the act told before, ranked.
_RANKED = _rx(r"\b(?:it|this|that|the attack|the blast|which)\s+(?:was|is|marked|became)\s+"
              r"(?:the|a|one of the)\s+(?:[\w-]+\s+){0,3}$")


# What a cue is the object of when it names no act of its own day: a crime tried in court
# ("found guilty of charges linked to the truck attack"), the contents of a report ("the report
# documents killings, kidnappings and ..."), a name given to another act ("called the arrest an
# abduction"), a trend ("has stepped up attacks"), a demand ("the release of all those
# detained"), a habit ("the widespread use of sexual violence").
_NOT_TOLD = _rx(
    r"\b(?:(?:found|pleaded|pled)\s+(?:\w+\s+){0,3}?(?:guilty|innocent)|(?:convicted|"
    r"acquitted|sentenced|jailed|indicted|prosecuted|tried)\b[^.;]{0,40}\b(?:for|of|over)|"
    r"on\s+trial|trial\s+(?:of|over|for)|verdicts?|"
    r"charges?\s+(?:linked\s+to|over|in\s+connection\s+with|related\s+to))\b[^.;]{0,70}$|"
    r"\b(?:documents?|documented|documenting|catalogu(?:e|es|ed|ing)|chronicl(?:e|es|ed|ing))"
    r"\s+(?:[\w,'’-]+\s+){0,10}$|"
    r"\b(?:called|calling|calls|described|describing|describes|termed|branded|labell?ed)\s+"
    r"(?:the|it|this|that|his|her|their|its)\s+(?:[\w'’-]+\s+){0,3}?(?:as\s+)?an?\s+"
    r"(?:[\w-]+\s+)?$|"
    r"\b(?:stepped\s+up|step\s+up|stepping\s+up|intensif(?:ied|y|ying)|escalat(?:ed|ing)|"
    r"ramped\s+up|(?:surge|rise|upsurge|spike|increase)\s+in)\s+(?:(?:its|their|the|his|her)\s+)?"
    r"(?:[\w-]+\s+){0,2}$|"
    r"\b(?:release|freedom)\s+of\s+(?:all\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}$|"
    r"\b(?:widespread|systematic|routine)\s+(?:use\s+of\s+)?$|"
    r"\bcall(?:ed|s|ing)?\s+for\s+(?:(?:a|an|the|further|more|new|fresh|nationwide|mass|general|"
    r"another|renewed|more)\s+)+$"
)
# "Further rallies were called for Friday": a planned act.
_PLANNED_AFTER = _rx(r"^\s+(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been)\s+)"
                     r"(?:also\s+)?(?:called|planned|scheduled|expected|due|set|slated)\s+"
                     r"(?:for|to)\b")
# "Protest leaders said", "the protest movement": the word names people or a cause, not an act.
_PROTEST_NOUN = _rx(r"^[- ](?:leaders?|organi[sz]ers?|movements?|groups?|campaigns?|songs?|"
                    r"letters?|votes?|camps?|encampments?|sites?)\b")


# "he told a rally", "speaking at a rally of supporters": the gathering is where a speech was
# given, which is what the report is about, not a demonstration it tells of.
_SPEECH_VENUE = _rx(r"\b(?:told|tells|addressed|addressing|addresses|speaking\s+(?:to|at|before)|"
                    r"spoke\s+(?:to|at|before)|said\s+at|speech\s+(?:to|at))\s+(?:an?|the)\s+"
                    r"(?:[\w-]+\s+)?$")


def not_an_act(text: str, kind: str, start: int, end: int) -> bool:
    """True when the cue at ``start:end`` names no act of its own (see above)."""
    if _DURATION.search(text[max(0, start - 45) : start]):
        return True
    if _RANKED.search(text[max(0, start - 50) : start]):
        return True
    if _NOT_TOLD.search(text[max(0, start - 110) : start]) or _PLANNED_AFTER.match(
            text[end : end + 40]):
        return True
    if kind == "protest" and (_PROTEST_NOUN.match(text[end : end + 20])
                              or _SPEECH_VENUE.search(text[max(0, start - 40) : start])):
        return True
    if kind == "attack" and _NOT_VIOLENCE.search(text[max(0, start - 12) : start]):
        return True
    if (_ANAPHORIC.search(text[max(0, start - 60) : start])
            and not _SITE_AFTER.match(text[end : end + 12])):
        return True  # "condemned the bombings", "claimed the rocket attack"
    if _REPORTED_BEFORE.search(text[max(0, start - 70) : start]) or _LISTED.match(
            text[end : end + 100]):
        return True
    if kind == "Arrests" and text[max(0, start - 3) : start].lower() == "to ":
        return True  # "an operation to arrest wanted men": a purpose, not an arrest
    if _MODIFIER_OF.match(text[end : end + 30]):
        return True
    if kind == "Looting/property destruction" and _ADJECTIVAL.search(text[max(0, start - 20)
                                                                          : start]):
        return True
    if kind in _WEAPON_KINDS and _USED.search(text[max(0, start - 80) : start]):
        return True
    return kind in ("Air/drone strike", "remote") and _MEANS.search(
        text[max(0, start - 90) : start]) is not None
