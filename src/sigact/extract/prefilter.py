"""A fast regex gate: reports with no violence, protest or strategic vocabulary skip spaCy.

Parsing is the expensive step; most items in a general news feed (sport, markets, weather)
contain none of these stems and are dropped here at thousands of articles per second. The gate
is deliberately generous: a false positive costs one parse, a false negative loses events.
"""

from __future__ import annotations

import re

_STEMS = (
    # violence and weapons
    r"attack", r"strik", r"struck", r"airstrike", r"air strike", r"bomb", r"blast", r"explo",
    r"rocket", r"mortar", r"missile", r"shell", r"artillery", r"drone", r"uav", r"ied",
    r"grenade", r"gun", r"shoot", r"shot", r"fire[ds]? (?:on|at|upon)", r"indirect fire",
    r"clash", r"fight", r"battle", r"ambush", r"raid", r"assault", r"offensive", r"kill",
    r"dead", r"death", r"die[ds]?\b", r"wound", r"injur", r"casualt", r"massacre", r"behead",
    r"execut", r"torture", r"rape", r"sexual violence", r"kidnap", r"abduct", r"hostage",
    r"disappear", r"chemical", r"chlorine", r"sarin", r"landmine", r"mine\b", r"suicide",
    r"militant", r"insurgent", r"rebel", r"terror", r"jihad", r"gunmen", r"troops",
    r"jets?\b", r"warplane", r"aircraft", r"helicopter", r"gunship", r"pound(?:ed|ing)", r"sortie",
    r"munition", r"launcher", r"strafe", r"raze", r"stab(?:b|s?\b)", r"machete", r"assassinat",
    r"siege", r"besieg", r"hijack", r"sabotag", r"militia", r"guerrill", r"gang(?:s|sters?)?\b",
    r"cartel",
    r"separatist", r"junta", r"coup\b", r"mutin", r"storm(?:ed|ing)\b", r"ablaze", r"alight",
    # territory and strategic developments
    r"seiz", r"captur", r"overr[au]n", r"recaptur", r"retook", r"retake", r"liberat",
    r"withdr[ae]w", r"handed over", r"ceasefire", r"cease-fire", r"truce", r"peace (?:deal|agree)",
    r"prisoner", r"captive", r"arrest", r"detain", r"detention", r"defus", r"loot",
    r"dissol", r"disband", r"disarm", r"lay down (?:its|their) arms", r"allegiance",
    r"arson", r"torch", r"set (?:on )?fire", r"burn", r"destroy", r"demolish",
    # protest and riots
    r"protest", r"demonstrat", r"rall(?:y|ied|ies)", r"march", r"riot", r"tear ?gas",
    r"rubber bullet", r"live (?:fire|ammunition|rounds)", r"disperse", r"mob\b", r"lynch",
    r"strike(?:rs)?\b", r"sit-in", r"vandal",
)

#: Matched against lowercased text: case-insensitive matching of a large alternation is
#: several times slower than lowercasing once.
RELEVANT: re.Pattern[str] = re.compile(r"\b(?:" + "|".join(_STEMS).lower() + r")")


def is_relevant(text: str) -> bool:
    """True when ``text`` holds any violence/protest/strategic cue worth a spaCy parse."""
    return RELEVANT.search(text.lower()) is not None
