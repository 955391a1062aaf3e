"""Numbers and casualty counts in news text.

Fatalities are the most contested field in any event dataset, so the rules here are
conservative and written down (CODEBOOK.md "fatalities"): the lower bound of a range, "at least
13" is 13, "dozens" is 12, "scores" 20, "several" 3, injured are never counted as deaths, and a
phrase that mixes the two ("60 were killed and injured") gives no count at all.

``killed`` is every death the text states, attackers included; ``attackers_killed`` is the part
of it (or the extra death) of the perpetrators: a bomber who "blew himself up", "two gunmen were
killed". A suicide bomber's own death is not added to a stated toll ("the bomber blew himself
up, killing five" is 5: reports rarely say whether the bomber is in the figure, and the codebook
takes the conservative one); with no toll it is the one death.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .numbers import NUMBER_STARTS, parse_number

__all__ = ["Casualties", "Count", "casualties", "find_counts", "parse_number"]

_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    r"(?:\s+(?:hundred|thousand)(?:\s+and\s+\w+)?)?"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_VAGUE_RX = (
    r"(?:(?:two|three|a|several)\s+)?dozens?|scores|a\s+score|several|a\s+few|a\s+handful"
    r"|a\s+number|a\s+couple|many|numerous|multiple|hundreds|thousands|tens"
)
# "two dozen villagers": tried before the number word, which would take only the "two"
_DOZENS = r"(?:two|three|four|five|several)\s+dozens?\b"
_QUAL_RX = (
    r"(?:at\s+least|more\s+than|over|some|about|around|approximately|roughly|nearly|almost"
    r"|up\s+to|as\s+many\s+as|an\s+estimated|a\s+total\s+of|no\s+fewer\s+than|upwards\s+of"
    r"|close\s+to|another|a\s+further)\s+"
)
# A number phrase; group "n" is the number itself. A range keeps its lower bound.
_NUM = (
    rf"(?:{_QUAL_RX})?(?:between\s+)?(?P<n>(?:{_DIGITS}|{_DOZENS}|{_WORD_NUM}|{_VAGUE_RX}|an?|one))"
    rf"(?![\w,.]*\d)(?:\s*(?:-|–|to|and)\s*(?:{_DIGITS}|{_WORD_NUM})\b)?(?:\s+of)?"
)
_NOT_UNIT = (
    r"(?!-?\s*(?:years?|yr|km|kilomet|miles?|met(?:er|re)s?|hours?|days?|weeks?|months?|%"
    r"|percent|per\s+cent|kg|mm|tons?|tonnes?|rockets?|missiles?|drones?|shells?|mortars?"
    r"|vehicles?|times|am|pm|a\.m|p\.m)\b)"
)
# People who can be killed or hurt; the noun keeps a count from attaching to rockets or km.
_PERSON = (
    r"(?:people|persons?|civilians?|soldiers?|troops|servicem[ae]n|service\s*members?|marines?"
    r"|sailors?|airmen|policem[ae]n|police(?:\s+officers?)?|officers?|militants?|fighters?"
    r"|insurgents?|gunm[ae]n|attackers?|assailants?|bombers?|rebels?|jihadists?|terrorists?"
    r"|extremists?|combatants?|militiam[ae]n|members?|children|child|kids?|boys?|girls?|women"
    r"|woman|men|man|villagers?|worshipp?ers?|protesters?|demonstrators?|students?|workers?"
    r"|pilgrims?|passengers?|guards?|personnel|others|more|farmers?|miners?|shepherds?"
    r"|journalists?|residents?|victims?|individuals?|operatives?|commanders?|leaders?|recruits?"
    r"|cadets?|staff|employees?|doctors?|nurses?|patients?|relatives|family|infants?|babies"
    r"|teenagers?|youths?|elders?|mourners|shoppers|bystanders|detainees|prisoners|hostages"
    r"|contractors?|paramilitar(?:y|ies)|peacekeepers?|gendarmes?|conscripts?|volunteers?"
    r"|aides?|bodyguards?|deputies|deputy|associates?|companions?|escorts?|sons?|daughters?"
    r"|brothers?|wi(?:fe|ves)|husbands?|drivers?|crew(?:\s+members?)?|seafarers?"
    r"|nationals|citizens|locals|Americans?|Iraqis?|Syrians?|Afghans?|Palestinians?|Israelis?"
    r"|Yemenis?|Somalis?|Ukrainians?|Russians?|Kurds?|Yazidis?|Christians?|Muslims?|Shi'?ites?"
    r"|Sunnis?|Rohingya|of\s+them|of\s+whom)"
)
_STOPWORD = (
    r"(?!(?:and|or|but|who|which|that|were|was|is|are|in|on|at|by|with|from|into|after|as)\b)"
    rf"(?!(?:\d|{_WORD_NUM}\b))"
)
_NP = (
    rf"(?:{_STOPWORD}[\w'’.-]+\s+){{0,3}}?{_PERSON}\b"
    r"(?:\s+(?:of|from)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
)
_BE = (
    r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|being|got|reportedly|also|all"
    r"|later|allegedly|subsequently|confirmed|believed\s+to\s+have\s+been|said\s+to\s+have\s+been"
    r"|thought\s+to\s+have\s+been)\s+)*"
)
_DEATH = (r"(?:killed|dead|died|slain|perished|executed|shot\s+dead|murdered|lost\s+their\s+lives"
          r"|martyred)")
_HURT = r"(?:wounded|injured|hurt|maimed)"
# "killed or captured", "killed or injured": a fate that mixes death with another is no toll
_TAKEN = r"(?:captured|abducted|kidnapped|detained|arrested|missing|taken\s+prisoner)"
_INCL = (r"(?:,?\s+aged\s+(?:between\s+)?\d{1,2}(?:\s*(?:-|–|to|and)\s*\d{1,2})?(?:\s+years?)?,?)?"
         r"(?:,\s*(?:including|among\s+them)[^,]{1,60},\s*)?")
_I = re.IGNORECASE

_PASSIVE = re.compile(
    rf"(?<!\bno\s)\b{_NUM}{_NOT_UNIT}(?:\s+{_NP}(?:\s+and\s+(?:{_STOPWORD}[\w'’-]+\s+){{0,2}}?{_PERSON}\b)?)?"
    rf"{_INCL}(?:\s+who)?\s+{_BE}"
    rf"(?P<verb>{_DEATH}|{_HURT})\b"
    rf"(?!\s+(?:and|or|and/or)\s+(?:{_HURT}|{_DEATH}|{_TAKEN})\b)",
    _I,
)
_ACTIVE = re.compile(
    rf"\b(?P<verb>kill(?:ed|ing|s)?|shot\s+dead|shooting\s+dead|gunned\s+down|"
    rf"neutrali[sz](?:ed|ing)|wound(?:ed|ing|s)?|injur(?:ed|ing|es)|claim(?:ed|ing)\s+the"
    rf"\s+lives\s+of|left|leaving)\s+(?:the\s+|his\s+|her\s+|their\s+)?{_NUM}{_NOT_UNIT}"
    rf"(?:\s+{_NP})?"
    rf"(?:\s+(?P<state>dead|wounded|injured|hurt))?\b",
    _I,
)
# "killed a commander of the X militia and one of his aides": the name's tail may run on.
_COORD = re.compile(
    r"(?:\s+(?!(?:in|on|at|near|and|or|who|which|after|when|while|as|but)\b)[\w'’-]+){0,4}?"
    rf"\s*(?:,\s*and|,|and)\s+(?:the\s+|his\s+|her\s+|their\s+)?{_NUM}{_NOT_UNIT}\s+{_NP}",
    _I,
)
_COORD_BACK = re.compile(rf"{_NUM}{_NOT_UNIT}\s+{_NP}\s*(?:,\s*and|,|and)\s*$", _I)
_TOLL = re.compile(
    rf"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|people\s+killed))\s+(?:[^.;]{{0,100}}?\s)??"
    rf"(?:rose|risen|rises|climbed|reached|stood|stands|jumped|increased|is|was|has\s+\w+|of)"
    rf"\s+(?:from\s+(?:{_DIGITS}|{_WORD_NUM})\s+)?(?:to\s+|at\s+)?{_NUM}",
    _I,
)
# "Death toll: 23", "officials put the toll at 31"
_TOLL_AT = re.compile(
    rf"\b(?:(?:death\s+)?toll\s*:\s*|put\s+(?:the\s+)?(?:death\s+toll|toll|number\s+of\s+"
    rf"(?:dead|deaths|people\s+killed))\s+at\s+){_NUM}", _I)
# "the attack claimed 17 lives", "cost the lives of seven soldiers"
_LIVES_OF = re.compile(rf"\b(?:claim(?:ed|ing|s)|cost(?:ing|s)?)\s+the\s+lives\s+of\s+{_NUM}"
                       rf"{_NOT_UNIT}(?:\s+{_NP})?", _I)
_N_LIVES = re.compile(rf"\b(?:claim(?:ed|ing|s)|cost(?:ing|s)?)\s+{_NUM}\s+(?:more\s+)?lives\b",
                      _I)
_DEATHS_NOUN = re.compile(rf"\b{_NUM}{_NOT_UNIT}\s+(?P<noun>deaths|fatalities|dead)\b", _I)
_NONE_HURT = re.compile(
    r"\b(?:no\s+(?:one|body)|nobody|none)\s+(?:\w+\s+){0,2}?(?:was|were|had\s+been|has\s+been)"
    r"\s+(?:\w+\s+)?(?P<v>killed|hurt|injured|wounded|harmed)\b|\b(?:no|without(?:\s+causing)?)"
    r"\s+(?:(?:reported|immediate)\s+)?(?P<n>casualties|injuries|fatalities|deaths)\b"
    r"(?!\s+(?:were\s+)?(?:immediately\s+)?(?:known|clear|available))",
    _I,
)
_NO_REPORTS = re.compile(r"\bno\s+(?:immediate\s+)?(?:reports?|word|information)\s+of\b", _I)
_SELF_KILL = re.compile(
    r"\b(?:blew\s+(?:him|her|them)sel(?:f|ves)\s+up|detonated\s+(?:his|her|their)\s+(?:\w+\s+)?"
    r"(?:vest|belt|explosives?)|suicide\s+bombers?\s+(?:\w+\s+){0,3}?(?:detonated|blew))\b",
    _I,
)
_INCLUDING_ATTACKER = re.compile(
    r"\b(?:including|among\s+them)\s+(?:the\s+)?(?:suicide\s+)?(?:bomber|attacker|assailant)\b", _I
)
_ATTACKER_NOUN = re.compile(r"\b(?:gunm[ae]n|attackers?|assailants?|bombers?|perpetrators?)\b", _I)
_ONE_KILLED = re.compile(  # "... was killed", "killing the contractor"
    r"\b(?:was|has\s+been|had\s+been)\s+(?:(?:\w+\s+)?and\s+)?(?:killed|shot\s+dead|slain)\b|"
    r"\b(?:killing|death\s+of)\s+(?:the|an?|one)\s+(?:[\w-]+\s+){0,2}(?:contractor|soldier|civilian|(?:police|"
    r"watch|fisher)?(?:wo)?man|child|boy|girl|officer|guard|driver|worker|journalist|farmer|"
    r"shepherd|teacher|doctor|nurse|student|commander|fighter|militant|resident|pilot)\b", _I)
# "Sergeant Ana Ruiz, 29, of Fresno, California, died ...": one named person's death.
_NAMED_DEATH = re.compile(
    r"\b[A-Z][\w'’-]+,\s+(?:aged\s+)?\d{1,3},\s+(?:[^.;]{0,80}?\s)?(?:died|was\s+killed|"
    r"was\s+shot\s+dead|was\s+slain)\b")
# "... died in hospital", "succumbed to his wounds": the one person told of died.
# "gunmen shot dead a local councillor": one person, whatever the noun.
_ONE_SLAIN = re.compile(
    r"\b(?:shot\s+dead|gunned\s+down|assassinated|beheaded|stabbed\s+to\s+death|killed|"
    r"murdered|lynched)\s+(?:a|an|one|his|her)\s+(?!number\b|few\b|dozen|handful|score\b|total\b)"
    r"(?:[\w'’-]+\s+){0,3}?[a-z]+\b|\b(?:beat|beaten|stoned|burned|burnt)\s+(?:a|an|one)\s+"
    r"(?:[\w'’-]+\s+){0,3}?[a-z]+\s+(?:to\s+death|alive)\b", re.I)
_DIED_OF_WOUNDS = re.compile(
    r"\b(?:died|succumbed)\s+(?:later\s+|on\s+\w+\s+)?(?:in\s+(?:a\s+|the\s+)?hospital|"
    r"(?:of|from|to)\s+(?:his|her|their|the)\s+(?:wounds|injuries))\b", re.I)
_ONE_HURT = re.compile(r"\b(?:was|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:wounded|injured)\b", _I)
_ATTACKER_ONE = re.compile(
    r"\b(?:(?:killed|shot\s+dead|neutrali[sz]ed)\s+the\s+(?:lone\s+)?(?:gunman|attacker|assailant"
    r"|bomber)\b|\bthe\s+(?:lone\s+)?(?:gunman|attacker|assailant|bomber)\s+(?:was|had\s+been)"
    r"\s+(?:\w+\s+)?(?:killed|shot\s+dead|neutrali[sz]ed)\b)",
    _I,
)
_BODIES = re.compile(rf"\bbodies\s+of\s+(?:the\s+)?{_NUM}{_NOT_UNIT}", _I)
_N_BODIES = re.compile(rf"\b{_NUM}{_NOT_UNIT}\s+(?:[\w-]+\s+){{0,2}}?bodies\b", _I)
_BODIES_CUE = re.compile(r"\bbodies\b", _I)
_FOUND = re.compile(r"\b(?:found|recovered|discovered|retrieved|dumped|pulled|exhumed|unearthed)\b",
                    _I)
_EITHER_BEFORE = re.compile(
    r"\b(?:kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing))\s+(?:or|and/or)\s+$", _I)
_EITHER_AFTER = re.compile(rf"\s+(?:or|and/or)\s+(?:kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing)"
                           rf"|{_TAKEN})\b", _I)
_FAMILY = re.compile(rf"\bfamily\s+of\s+(?P<k>{_DIGITS}|{_WORD_NUM})\b", _I)
_AGED = re.compile(r"\b(?:aged|ages(?:\s+of)?)\s+$", _I)
_SUBSET = re.compile(r"(?:including|among\s+(?:them|the\s+\w+)|of\s+whom|of\s+them)\W*$", _I)


_SUBSET_AFTER = re.compile(r"^\s+(?:of\s+(?:them|whom)|among\s+them)\b", _I)
_PASSIVE_CUE = re.compile(rf"\b(?:{_DEATH}|{_HURT})\b", _I)
_DEATHS_CUE = re.compile(r"\b(?:deaths|fatalities|dead)\b", _I)
_ENDS_AND = re.compile(r"(?:,|\band)\s*$", _I)


_WORD = re.compile(r"[A-Za-z]+|\d[\d,]*")
#: First words of a number phrase: where a count pattern may start.
_NUM_STARTS = NUMBER_STARTS | frozenset(
    [
        "at",
        "more",
        "over",
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "up",
        "as",
        "an",
        "no",
        "upwards",
        "close",
        "another",
        "between",
        "some",
        "two",
        "three",
        "scores",
        "dozens",
    ]
)


def _starts(text: str, a: int, b: int) -> list[int]:
    return [
        w.start()
        for w in _WORD.finditer(text, a, b)
        if w.group()[0].isdigit() or w.group().lower() in _NUM_STARTS
    ]


def _near_cues(
    rx: re.Pattern[str], text: str, cue: re.Pattern[str], starts: list[int]
) -> list[re.Match[str]]:
    """Matches of ``rx`` that end at a cue word, tried only where a number starts before it.

    The count patterns open with a long alternation of number words, too slow to try at every
    position of an article; the verb or noun they end with, and the number words, are cheap
    to find first.
    """
    out: list[re.Match[str]] = []
    last_end = -1
    for c in cue.finditer(text):
        lo = bisect.bisect_left(starts, max(0, last_end, c.start() - 160))
        for pos in starts[lo : bisect.bisect_left(starts, c.start())]:
            m = rx.match(text, pos, min(len(text), c.end() + 40))
            if m is not None and m.end() >= c.end():
                out.append(m)
                last_end = m.end()
                break
    return out


def _coord_back(head: str) -> re.Match[str] | None:
    """The leftmost "five soldiers and" that ends ``head``."""
    if not _ENDS_AND.search(head):
        return None
    for pos in _starts(head, 0, len(head)):
        m = _COORD_BACK.match(head, pos)
        if m is not None:
            return m
    return None


@dataclass(frozen=True, slots=True)
class Casualties:
    """What a text says about deaths and injuries; None where it says nothing."""

    killed: int | None
    injured: int | None
    attackers_killed: int | None


@dataclass(frozen=True, slots=True)
class Count:
    """One casualty statement: ``kind`` is "killed", "injured" or "toll"."""

    kind: str
    n: int
    who: str  # the noun phrase counted ("three Iraqi soldiers"), "" when none
    text: str
    start: int
    end: int


def find_counts(text: str) -> list[Count]:
    """Every casualty statement in ``text``, in order.

    Subsets ("including four children") are skipped so that they are not added twice.
    """
    out: list[Count] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(kind: str, m: re.Match[str], who: str = "", offset: int = 0) -> None:
        n = parse_number(m.group("n"))
        if (fam := _FAMILY.search(m.group(0))) is not None:
            n = parse_number(fam.group("k"))  # "killing a family of six": the six
        start, end = m.start() + offset, m.end() + offset
        if n is None or not free(start, end) or _AGED.search(text[max(0, start - 12):start]):
            return  # "children aged between 10 and 16 were killed": ages, not a toll
        if kind != "toll" and _SUBSET.search(text[max(0, start - 25) : start]):
            return
        n_end = m.end("n") + offset
        if kind != "toll" and _SUBSET_AFTER.match(text[n_end : n_end + 20]):
            return  # "killing eight people, three of them children"
        taken.append((start, end))
        out.append(Count(kind, n, who.strip(), m.group(0), start, end))

    for m in _TOLL.finditer(text):
        add("toll", m)
    for m in _TOLL_AT.finditer(text):
        add("toll", m)
    for rx in (_LIVES_OF, _N_LIVES):
        for m in rx.finditer(text):
            add("killed", m)
    for m in _ACTIVE.finditer(text):
        verb, state = m.group("verb").lower(), (m.group("state") or "").lower()
        if verb.startswith(("left", "leaving")):
            if not state:
                continue
            kind = "killed" if state == "dead" else "injured"
        else:
            kind = "killed" if verb.startswith(("kill", "claim", "shot", "shooting", "gunned",
                                                "neutrali")) \
                else "injured"
        who = m.group(0)[m.end("n") - m.start() :] if m.group("n") else ""
        if _EITHER_BEFORE.search(text, max(0, m.start() - 25), m.start()) or \
                _EITHER_AFTER.match(text, m.end("verb")):
            continue  # "killed or wounded 40 people": no toll of either
        add(kind, m, who)
        pos = m.end()
        while (c := _COORD.match(text, pos)) is not None:
            add(kind, c, c.group(0)[c.end("n") - c.start() :])
            pos = c.end()
    starts = _starts(text, 0, len(text))
    for m in _near_cues(_PASSIVE, text, _PASSIVE_CUE, starts):
        kind = "injured" if re.match(_HURT, m.group("verb"), _I) else "killed"
        add(kind, m, text[m.end("n") : m.start("verb")])
        head = text[max(0, m.start() - 120) : m.start()]
        b = _coord_back(head)
        if b is not None:
            add(kind, b, head[b.end("n") : b.end()], offset=m.start() - len(head))
    for m in _near_cues(_DEATHS_NOUN, text, _DEATHS_CUE, starts):
        add("killed", m)
    if _FOUND.search(text):  # "the bodies of 17 men were found": the dead of the act
        for m in _BODIES.finditer(text):
            add("killed", m)
        for m in _near_cues(_N_BODIES, text, _BODIES_CUE, starts):
            add("killed", m)
    out.sort(key=lambda c: c.start)
    return out


def casualties(text: str) -> Casualties:
    """Deaths, injuries and attackers' deaths stated in ``text`` (usually one event's sentences).

    Separate statements add up ("five soldiers and three civilians were killed" is 8); a
    death-toll statement is taken as the total when it is larger; repeated identical statements
    count once.
    """
    counts = find_counts(text)
    killed: int | None = None
    injured: int | None = None
    attackers: int | None = None
    seen: set[tuple[str, int, str]] = set()
    tolls = [c.n for c in counts if c.kind == "toll"]
    for c in counts:
        key = (c.kind, c.n, c.who.lower())
        if key in seen:
            continue
        seen.add(key)
        if c.kind == "killed":
            killed = (killed or 0) + c.n
            if _ATTACKER_NOUN.search(c.who):
                attackers = (attackers or 0) + c.n
        elif c.kind == "injured":
            injured = (injured or 0) + c.n
    if tolls:
        killed = max(max(tolls), killed or 0)
    none = _NONE_HURT.search(text)
    if none is not None and not _NO_REPORTS.search(text[max(0, none.start() - 30) : none.end()]):
        what = (none.group("v") or none.group("n") or "").lower()
        if what in ("killed", "deaths", "fatalities"):
            killed = killed if killed is not None else 0
        else:  # no one hurt / no casualties / no injuries: nobody killed either
            killed = killed if killed is not None else 0
            injured = injured if injured is not None else 0
    if killed is None and (_ONE_KILLED.search(text) or _NAMED_DEATH.search(text)
                           or _DIED_OF_WOUNDS.search(text) or _ONE_SLAIN.search(text)):
        killed = 1
    elif killed is not None and attackers == killed and _one_victim(text, counts):
        killed += 1  # "militants killed a policeman ... two militants also died": 3
    if injured is None and _ONE_HURT.search(text):
        injured = 1
    if _ATTACKER_ONE.search(text) and not attackers:
        attackers = 1
        if not counts:  # "the gunman was killed" counted by _ONE_KILLED or not at all
            killed = max(killed or 0, 1)
    if _SELF_KILL.search(text):
        attackers = max(attackers or 0, 1)
        if killed is None:  # a stated toll is the conservative figure: never add to it
            killed = 1
    elif _INCLUDING_ATTACKER.search(text) and killed:
        attackers = max(attackers or 0, 1)
    return Casualties(killed=killed, injured=injured, attackers_killed=attackers)


def _one_victim(text: str, counts: list[Count]) -> bool:
    """A single victim's death told apart from the counted (attackers') deaths."""
    for m in _ONE_SLAIN.finditer(text):
        if not _ATTACKER_NOUN.search(m.group()) and all(
                m.end() <= c.start or m.start() >= c.end for c in counts):
            return True
    return False
