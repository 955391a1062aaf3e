"""What a phrase reads as besides a place: a person's name, a nationality adjective.

The extractor sometimes hands the geocoder "Aung San" or "Hassan" (people) or "Ukrainian"
(a nationality); these cues let the resolver refuse a village of that name, or read the
adjective as its country.
"""

from __future__ import annotations

from .names import loose, norm

#: Given names and name particles common in conflict reporting. A phrase made only of these
#: ("Aung San", "Kyi", "Hassan") is more likely a person the extractor took for a place than
#: the small village of that name.
PERSON_WORDS = frozenset(
    """
    mohammed muhammad mohamed mohammad ahmed ahmad ali hassan hasan hussein husain hussain
    omar umar abdullah abdallah abdul abdel abd khalid mahmoud mustafa ibrahim ismail yusuf
    youssef salim saleh salih jamal karim nasser haider hamza bashar hafez qassem qasim
    abdi abdirahman moussa amadou mamadou oumar aung san suu kyi hlaing thein sein htun
    myint maung thant zaw kyaw soe vladimir volodymyr sergei sergey serhiy oleksandr
    alexander alexei oleksii dmitry dmytro yuri yulia olena viktor victoria andriy mykhailo
    petro
    """.split()  # noqa: SIM905
)
#: Endings of nationality adjectives, and what the country's name ends in instead.
_DEMONYM_ENDINGS = (
    ("ian", ("ia", "e", "")), ("ean", ("ea", "a")), ("an", ("a", "")), ("ese", ("a", "")),
    ("ish", ("ey", "", "y")), ("i", ("", "ia", "a")), ("n", ("",)),
)


def is_person_like(text: str) -> bool:
    """True when every word of a phrase is a common given name or name particle."""
    words = loose(text).split()
    return bool(words) and all(w in PERSON_WORDS for w in words)


def demonym_countries(text: str) -> list[str]:
    """Country names a nationality adjective may stand for ("Ukrainian" -> "Ukraine"),
    most likely first; the caller keeps the first that is a country."""
    word = norm(text)
    if " " in word or len(word) < 4:
        return []
    out: list[str] = []
    for suffix, replacements in _DEMONYM_ENDINGS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            out += [stem + r for r in replacements if stem + r not in (word, *out)]
    return out
