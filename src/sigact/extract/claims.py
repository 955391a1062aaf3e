"""Responsibility claimed, blame assigned, involvement denied.

These are statements about an event, not acts in it: "the Coalition blamed Iran-backed
militias" does not make the militias actor1 (CODEBOOK.md "actor1 / actor2"). Each claim names
who is implicated (``actor``, normalised through :func:`normalise_actor`) and who said so
(``by``): the speaker's country for a state body ("the Pentagon" -> "United States"), the
group's name for an armed group ("Daesh" -> "Islamic State"), else the speaker as written.
"""

from __future__ import annotations

import re

from ..records import Claim
from .actors import country_adjective, find_actors, normalise_actor

__all__ = ["find_claims"]

_I = re.IGNORECASE
_AUX = (
    r"(?:(?:has|have|had|later|quickly|swiftly|also|reportedly|since|already|not|yet"
    r"|immediately)\s+)*"
)
_CLAIM = re.compile(
    rf"\b{_AUX}(?:(?:claimed|claims|claiming)\s+(?:responsibility|credit|(?:the\s+)?(?:\w+\s+)?"
    r"(?:attacks?|bombings?|strikes?|killings?|assaults?|operations?|ambush(?:es)?|raids?))"
    rf"|(?:took|takes|taken|taking|accepted)\s+responsibility"
    r"|(?:said|says|stated|announced)\s+(?:(?:on|late|early)\s+\w+\s+(?:(?:evening|morning|night)\s+)?)?"
    r"(?:that\s+)?(?:it|they|its\s+fighters|its\s+(?:[\w'’-]+\s+){1,3}?(?=had\s|has\s|have\s))"
    r"\s*(?:had\s+|has\s+|have\s+)?"
    r"(?:carried\s+out|conducted|launched|was\s+behind|were\s+behind|targeted|attacked|fired"
    r"|struck|executed|detonated|stormed|ambushed|raided|shelled|bombed|shot\s+down))\b",
    _I,
)
_CLAIM_BY = re.compile(
    r"\b(?:responsibility\s+(?:for\s+[^,.;]{1,60}?\s+)?(?:was|has\s+been|had\s+been)\s+claimed"
    r"|(?:was|were|been|later|also)?\s*claimed)\s+by\s+",
    _I,
)
_BLAME = re.compile(
    rf"\b{_AUX}(?:blamed|blames|blaming|accused|accuses|accusing|held|holds|holding)\s+", _I
)
_BLAMED_BY = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|being)\s+(?:\w+\s+)?blamed"
    r"(?:\s+for\s+[^,.;]{1,60}?)?\s+by\s+",
    _I,
)
_BLAMED_ON = re.compile(r"\b(?:blamed|pinned)\s+on\s+", _I)
_ATTRIBUTED = re.compile(r"\battributed\s+(?:\w+\s+){0,4}?to\s+", _I)
_SAID_BEHIND = re.compile(
    r"\b(?:said|says|believes?|believed|suspects?|suspected)\s+(?:that\s+)?", _I
)
_BEHIND = re.compile(
    r"\s+(?:was|were|is|are|had\s+been)\s+(?:likely\s+)?(?:behind|responsible)\b", _I
)
_DENY = re.compile(
    rf"\b{_AUX}(?:denied|denies|denying|rejected|rejects)\s+(?:any\s+|all\s+)?(?:involvement"
    r"|responsibility|carrying\s+out|being\s+behind|(?:any\s+)?role|that\s+it|it\s+was)\b",
    _I,
)
# A proper noun phrase: "the Coalition", "U.S. officials", "Islamic Resistance in Iraq".
_CAP = r"[A-Z][\w'’.-]*"
_NP_AFTER = re.compile(
    rf"(?:the\s+)?{_CAP}(?:\s+(?:(?:of|in|for|al|wal|and\s+the|the)\s+)?{_CAP})*"
    r"(?:\s+(?:officials|militias?|militants|forces|group|fighters|spokesman))?"
)
_NP_BEFORE = re.compile(
    rf"(?:\b[Tt]he\s+)?{_CAP}(?:\s+(?:(?:of|in|for|al|wal|the)\s+)?{_CAP})*"
    r"(?:\s+(?:officials|militias?|militants|forces|group|fighters|spokesman|military|army))?"
    r"(?:\s*,\s*[^,]{1,60},)?\s*$"
)
_STATE_SPEAKERS = {
    "pentagon": "United States", "white house": "United States",
    "state department": "United States", "centcom": "United States",
    "department of defense": "United States", "dod": "United States",
    "kremlin": "Russia", "washington": "United States", "moscow": "Russia", "kyiv": "Ukraine",
    "tehran": "Iran", "baghdad": "Iraq", "damascus": "Syria", "tel aviv": "Israel",
}  # fmt: skip
_APPOSITIVE = re.compile(r"\s*,\s*[^,]{1,60},?\s*$")
_BOUNDARY = re.compile(r"(?<!\b[A-Z])[.;:!?]\s+|\s(?:which|that|who)\s")
#: Words without which no claim pattern can match (a cheap first test per text).
_CUES = ("claim", "responsib", "blam", "accus", "attribut", "deni", "reject", "behind", "held")
_SAID_IT = re.compile(r"\b(?:said|says|stated|announced)\s+(?:(?:on|late|early)\s+\w+\s+"
                      r"(?:(?:evening|morning|night)\s+)?)?(?:that\s+)?(?:it|they|its)\b", _I)
_BLAME_CUES = ("blam", "accus", "held", "holds", "holding")
_NEGATED_SUBJECT = re.compile(r"^(?:no|none|nobody|not)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|yet\s+to)\b", re.IGNORECASE)
_SKIP_LEADING = re.compile(r"^(?:On|In|At|Late|Early|Earlier|Later|But|And|However|Meanwhile)\s+")


def _speaker(surface: str, country: str | None) -> str:
    """How ``by`` is written: a country for state speakers, a group's name, else as written."""
    s = re.sub(r"\s*,\s*[^,]{1,60},\s*$", "", surface).strip()
    s = _SKIP_LEADING.sub("", s)
    bare = re.sub(r"^[Tt]he\s+", "", s)
    low = bare.lower()
    if normalise_actor(bare, country=country) is None:
        bare = s  # "the junta" is an actor where "junta" is not
    for key, state in _STATE_SPEAKERS.items():
        if low.startswith(key):
            return state
    adj = country_adjective(bare.split()[0]) if bare else None
    if adj and (len(bare.split()) == 1 or low.split()[-1] in ("officials", "government")):
        return adj
    if country_adjective(bare):
        return country_adjective(bare) or bare
    actor = normalise_actor(bare, country=country)
    if actor is not None:
        if actor.name.startswith(("Military Forces of ", "Police Forces of ")):
            return actor.name.split(" of ", 1)[1].removeprefix("the ")
        m = re.match(r"^(.+) \(([^)]*)\)$", actor.name)
        return m.group(1) if m and country_adjective(m.group(2)) else actor.name
    return bare


def _np_after(text: str, pos: int, country: str | None) -> tuple[str, str] | None:
    """(surface, actor name) for the phrase starting at ``pos``."""
    for a in find_actors(text[pos : pos + 80], country=country):
        if a.start <= 4:
            return a.text, a.actor.name
        break
    m = _NP_AFTER.match(text, pos)
    if m is None:
        return None
    surface = m.group(0)
    actor = normalise_actor(surface, country=country)
    return surface, actor.name if actor else re.sub(r"^[Tt]he\s+", "", surface)


def _np_before(text: str, end: int, country: str | None) -> tuple[str, str] | None:
    """(surface, actor name) for the phrase ending at ``end`` (the subject of a verb)."""
    head = text[max(0, end - 100) : end]
    cuts = list(_BOUNDARY.finditer(head))
    if cuts and cuts[-1].end() == len(head) and cuts[-1].group(0).strip() in ("which", "who"):
        # "the PDF, which denied ...": the subject is the relative clause's antecedent.
        head = head[: cuts[-1].start()].rstrip(" ,")
        cuts = list(_BOUNDARY.finditer(head))
    if cuts:
        head = head[cuts[-1].end() :]
    head = head.rstrip()
    if _NEGATED_SUBJECT.match(head):
        return None
    found = find_actors(head, country=country)
    if found and len(head) - found[-1].end <= 3:
        a = found[-1]
        return a.text, a.actor.name
    m = _NP_BEFORE.search(head)
    if m is None:
        return None
    surface = m.group(0).strip()
    surface = _SKIP_LEADING.sub("", surface)
    # "JNIM, the al-Qaeda affiliate in the Sahel, said": the subject, not its description
    actor = normalise_actor(_APPOSITIVE.sub("", surface), country=country)
    return surface, actor.name if actor else re.sub(r"^[Tt]he\s+", "", surface)


def find_claims(text: str, *, country: str | None = None) -> list[Claim]:
    """Claims of responsibility, blame and denials in ``text``, in order of appearance.

    ``country`` (where the event happened) names country-suffixed actors ("Islamic State (Iraq)").
    """
    low = text.lower()
    said_it = _SAID_IT.search(text) is not None
    if not said_it and not any(k in low for k in _CUES):
        return []
    found: list[tuple[int, Claim]] = []

    def add(pos: int, kind: str, by: str | None, actor: str) -> None:
        claim = Claim(kind, by, actor)  # type: ignore[arg-type]
        if all(c != claim for _, c in found):
            found.append((pos, claim))

    for m in _CLAIM.finditer(text) if said_it or "claim" in low or "responsib" in low else ():
        if _NEGATED.search(m.group(0)):
            continue
        subj = _np_before(text, m.start(), country)
        if subj is not None:
            add(m.start(), "claim", _speaker(subj[0], country), subj[1])
    for m in _CLAIM_BY.finditer(text) if "claimed by" in low else ():
        obj = _np_after(text, m.end(), country)
        if obj is not None:
            add(m.start(), "claim", _speaker(obj[0], country), obj[1])
    for m in _BLAME.finditer(text) if any(k in low for k in _BLAME_CUES) else ():
        obj = _np_after(text, m.end(), country)
        if obj is None:
            continue
        if m.group(0).lower().strip().startswith(("held", "holds", "holding")) and not re.match(
            r"\s+responsible", text[m.end() + len(obj[0]) :]
        ):
            continue
        subj = _np_before(text, m.start(), country)
        add(m.start(), "blame", _speaker(subj[0], country) if subj else None, obj[1])
    for m in _BLAMED_BY.finditer(text) if "blamed" in low else ():
        subj = _np_before(text, m.start(), country)
        by = _np_after(text, m.end(), country)
        if subj is not None:
            add(m.start(), "blame", _speaker(by[0], country) if by else None, subj[1])
    for m in _BLAMED_ON.finditer(text) if " on " in low else ():
        obj = _np_after(text, m.end(), country)
        if obj is not None:
            add(m.start(), "blame", None, obj[1])
    for m in _ATTRIBUTED.finditer(text) if "attributed" in low else ():
        obj = _np_after(text, m.end(), country)
        if obj is None:
            continue
        rest = text[m.end() + len(obj[0]) :]
        by_m = re.match(r"\s+by\s+", rest)
        by = _np_after(text, m.end() + len(obj[0]) + by_m.end(), country) if by_m else None
        add(m.start(), "blame", _speaker(by[0], country) if by else None, obj[1])
    for m in _SAID_BEHIND.finditer(text) if "behind" in low or "responsible" in low else ():
        obj = _np_after(text, m.end(), country)
        if obj is None or not _BEHIND.match(text, m.end() + len(obj[0])):
            continue
        subj = _np_before(text, m.start(), country)
        add(m.start(), "blame", _speaker(subj[0], country) if subj else None, obj[1])
    for m in _DENY.finditer(text) if "deni" in low or "reject" in low else ():
        if _NEGATED.search(m.group(0)):
            continue
        subj = _np_before(text, m.start(), country)
        if subj is not None:
            add(m.start(), "denial", _speaker(subj[0], country), subj[1])
    found.sort(key=lambda p: p[0])
    return [c for _, c in found]
