"""The RuleExtractor: articles in, event mentions out, by rules over a light spaCy parse.

Per article: skip the dateline, walk sentences split into clauses (";" and line breaks, so a
strike list by place yields one clause per place), find triggers, and either open an event
or attach the clause to the event it elaborates (same act, same place, same day). Dates,
counts, actors and claims come from the lexicon modules (plain-string functions), places
from the parse. One event = one act per place per day per actor pair (CODEBOOK.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Actor, Article, Claim, Evidence, Mention
from . import triggers as T
from .actors import country_adjective, find_actors, unidentified
from .claims import find_claims
from .counts import Casualties, casualties
from .dates import BACKGROUND_CUES, event_date, find_dates, is_background, restates_date
from .places import (
    RANK_COUNTRY,
    RANK_REGION,
    PlacePhrase,
    country_name,
    dateline_end,
    find_places,
    is_country,
    named_site,
    region_country,
    same_place_anaphor,
)
from .prefilter import is_relevant

log = logging.getLogger(__name__)

_CLAUSE_SPLIT = re.compile(r";\s*|\n+\s*(?:[.•·*-]\s*)?")
_CIVILIAN = re.compile(
    r"\b(?:civilians?|villagers?|worshippers?|mourners?|residents?|passengers?|students?|"
    r"children|women|farmers|shoppers|market(?:place)?|funeral|wedding|mosque|church|school|"
    r"hospital|bus station|displaced|refugees?|pilgrims?|people|families|homes?)\b", re.I)
_ARMED = re.compile(
    r"\b(?:troops|soldiers?|forces|base|checkpoint|convoy|patrol|police(?:men)?|position|"
    r"fighters|militants?|militiamen|army|outpost|garrison|service members?)\b", re.I)
_GATHERING = re.compile(
    r"\b(?:mourners|vigils?|(?:laid|laying|lay) flowers|(?:had |who )?gathered|marchers|"
    r"crowds?|sit-ins?|memorial (?:gathering|event)s?)\b", re.I)
_NO_FIGHT = re.compile(
    r"\b(?:after|when|once|as)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:pulled out|withdr[ae]w|"
    r"abandoned|vacated|retreated|left)\b|\bwithout (?:a fight|fighting|resistance|a shot)",
    re.I)
_PROTECTORS = re.compile(
    r"\b(?:soldiers?|troops|police(?:men)?|forces|guards?|militiamen)\s+(?:to|who\s+(?:were|was)"
    r"(?:\s+\w+)?)\s+(?:guard|protect|escort|secure)\w*|\b(?:guarded|protected|escorted)\s+by\s+"
    r"(?:\w+\s+){0,3}(?:soldiers?|troops|police(?:men)?|forces|guards?)", re.I)
_TARGET = re.compile(
    r"\b(?:(?:an?|the|two|three|several|\d+) )?(?:[\w-]+ ){0,3}(?:base|convoy|checkpoint|"
    r"patrol|outpost|market(?:place)?|mosque|church|school|hospital|funeral tent|bus stations?|"
    r"civilians|villagers|worshippers|mourners|residents|protesters|tactical units?|"
    r"fighting positions?|positions?|vehicles?|buildings?|tanks?|headquarters|compound|camp|"
    r"airport|port|power (?:plant|station)|bridge|village|town|homes?|houses?|"
    r"troops|soldiers|forces|police(?:men)?|fighters|militants|tanker|ship|vessel)\b", re.I)


@dataclass
class _Open:
    """An event being assembled from one or more clauses of an article."""

    mention: Mention
    place: PlacePhrase | None
    explicit_date: bool
    strength: float
    killed: int | None = None
    attackers: int | None = None
    texts: list[str] = field(default_factory=list)
    reported_date: bool = False  # the date is the report's ("said on Friday"), not the act's


def _redate(ev: _Open, day: date, precision: int) -> None:
    """Date an event by a later sentence that restates it ("the attack happened on ...")."""
    ev.mention.event_date, ev.mention.time_precision = day, precision
    ev.explicit_date, ev.reported_date = True, False


class RuleExtractor:
    """Rule-based extraction stage (``extract.rules.v1``)."""

    def __init__(
        self,
        *,
        nlp: Language,
        gazetteer: Any = None,
        include_background: bool = False,
        max_age_days: int = 30,
        batch_size: int = 64,
    ) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.include_background = include_background
        self.max_age_days = max_age_days
        self.batch_size = batch_size

    def __call__(self, articles: Sequence[Article]) -> list[Mention]:
        relevant = [a for a in articles if is_relevant(a.text)]
        log.debug("%d of %d articles pass the prefilter", len(relevant), len(articles))
        out: list[Mention] = []
        docs = self.nlp.pipe((a.text for a in relevant), batch_size=self.batch_size)
        for article, doc in zip(relevant, docs, strict=True):
            out.extend(self.extract_doc(article, doc))
        return out

    def _place_country(self, p: PlacePhrase, text: str) -> str | None:
        """Country a place phrase puts the event in; None for "US troops"-style adjectives.

        Only an exact country name, an unambiguous first-level region, or a gazetteer entry
        whose exact-name matches all lie in one country count: a fuzzy guess ("Central" ->
        Botswana) would put foreign country suffixes on every actor of the article.
        """
        if _NATIONALITY_USE.match(text[p.end : p.end + 30]):
            return None
        found = country_name(p.text)
        if found:
            return found
        if self.gazetteer is not None and hasattr(self.gazetteer, "lookup"):
            return _gazetteer_country(self.gazetteer, p.text)
        return region_country(p.text) if p.rank == RANK_REGION else None

    def _article_country(self, doc: Doc, text: str, skip: int) -> str | None:
        for ent in doc.ents:
            if ent.start_char >= skip and ent.label_ in ("GPE", "LOC") and _is_place_ent(ent):
                p = PlacePhrase(ent.text, "in", RANK_REGION, ent.start_char, ent.end_char)
                c = self._place_country(p, text)
                if c:
                    return c
        return None

    # -- one article -------------------------------------------------------------------
    def extract_doc(self, article: Article, doc: Doc) -> list[Mention]:
        """Events of one parsed article, in text order."""
        text = article.text
        skip = dateline_end(text)
        pub = article.published
        events: list[_Open] = []
        # Remote weapons named anywhere so far (the title included): "one strike destroyed a
        # tank" in a strike list inherits "using fighter and remotely piloted aircraft".
        # Kept local (not on self) so one extractor can serve several threads at once.
        doc_weapons = [w for w in T.weapon_names(article.title or "") if w in T.REMOTE_WEAPONS]
        context: list[str] = []
        country = self._article_country(doc, text, skip)
        current_date: date | None = None
        current_place: PlacePhrase | None = None
        ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") and _is_place_ent(e)]
        seen: list[PlacePhrase] = []  # places named so far, for events their clause leaves
        for sent in doc.sents:
            if sent.end_char <= skip:
                continue
            sent_ents = [e for e in ents if sent.start_char <= e.start_char < sent.end_char]
            places = find_places(sent, gazetteer=self.gazetteer, skip_until=skip,
                                 ents=sent_ents, text=text)
            for p in places:
                if p.text not in context:
                    context.append(p.text)
            seen += [p for p in places
                     if p.rank < RANK_COUNTRY and not p.origin and not p.possessive]
            for cs, ce in _clauses(sent.text, sent.start_char, skip):
                clause = text[cs:ce]
                cplaces = [p for p in places if cs <= p.start < ce]
                for p in cplaces:
                    c = self._place_country(p, text)
                    if c and not p.origin:
                        country = c
                prev = events[-1].mention.event_date if events else current_date
                dates = [d for d in find_dates(clause, published=pub, previous=prev)]
                good = [d for d in dates if d.date is not None or d.kind == "anaphoric"]
                doc_weapons += [w for w in T.weapon_names(clause)
                                if w in T.REMOTE_WEAPONS and w not in doc_weapons]
                trigs = _select(T.find_triggers(clause))
                strong_place = any(p.rank < RANK_COUNTRY for p in cplaces)
                trigs = [t for t in trigs if t.strength >= 0.6 or strong_place]
                trigs = [t for t in trigs if t.kind != "territory" or _takes_place(clause, t)]
                if events:  # "The outpost, known as Tower 22", "the attack on Pazigyi"
                    _name_site(events[-1], named_site(clause, cs, cplaces))
                if not trigs:
                    if good and good[0].date is not None:
                        current_date = good[0].date
                        if events and restates_date(clause) and (
                                events[-1].reported_date or not events[-1].explicit_date):
                            _redate(events[-1], good[0].date, good[0].precision)
                    if events:
                        self._attach_info(events[-1], clause, cs, ce, article, country)
                        self._spread_claims(events, clause, country)
                    continue
                if BACKGROUND_CUES.search(clause) and not self.include_background:
                    continue
                ev_date, prec, explicit = current_date, 1, False
                reported = False
                if good:
                    pick, reported = event_date(good, clause, start=trigs[0].start,
                                                end=trigs[0].end)
                    ev_date, prec, explicit = pick.date, pick.precision, True
                    if ev_date is not None and pick.kind != "anaphoric":
                        current_date = ev_date
                elif current_date is None and events:
                    ev_date = events[-1].mention.event_date
                    prec = events[-1].mention.time_precision
                note = ""
                if ev_date is None and not explicit and pub is not None:
                    ev_date, prec = pub, 2
                if ev_date is None:
                    prec, note = 3, "event date unknown (no publication date)"
                if (ev_date is not None and pub is not None and not self.include_background
                        and is_background(ev_date, published=pub, max_days=self.max_age_days)):
                    continue
                targets = _event_places(cplaces, clause_text=text)
                if not targets:
                    if same_place_anaphor(clause) and events:
                        targets = [events[-1].place]
                    else:
                        targets = [current_place]
                n_before = len(events)
                for trig in trigs:
                    for place in targets:
                        self._open_or_attach(
                            events, trig, clause, cs, ce, article, place, ev_date, prec,
                            explicit, country, note, doc_weapons)
                for ev in events[n_before:]:
                    ev.reported_date = reported
                specific = [p for p in targets if p is not None and p.rank < RANK_COUNTRY]
                if specific:
                    current_place = specific[-1]
        events = _absorb_vague(events)
        for ev in events:
            if ev.place is None and ev.mention.evidence:
                # "Missiles struck the Kurdish capital": the last place named before it.
                at = ev.mention.evidence[0].start
                _name_site(ev, next((p for p in reversed(seen) if p.end <= at), None))
        mentions = [self._finish(e, article, country, tuple(context)) for e in events]
        return _drop_summaries(mentions)

    def _open_or_attach(
        self, events: list[_Open], trig: T.Trigger, clause: str, cs: int, ce: int,
        article: Article, place: PlacePhrase | None, ev_date: date | None, prec: int,
        explicit: bool, country: str | None, note: str, doc_weapons: Sequence[str],
    ) -> None:
        sub = self._subtype(trig, clause, doc_weapons)
        if sub is None:
            return
        for ev in reversed(events):
            m = ev.mention
            same_place = (place is None or place.rank >= RANK_COUNTRY
                          or (ev.place is not None and ev.place.text == place.text))
            same_day = not explicit or m.event_date == ev_date
            same_act = T.SUBTYPES[sub] == m.event_type or (
                m.sub_event_type == "Violent demonstration" and T.SUBTYPES[sub] == "Protests")
            if same_act and same_place and same_day:
                if trig.strength > ev.strength and trig.kind not in ("attack",):
                    m.sub_event_type, ev.strength = sub, trig.strength
                self._attach_info(ev, clause, cs, ce, article, country)
                return
            if place is None and not explicit:
                break
        actor1, actor2 = self._actors(clause, trig, country, events, sub)
        if trig.kind == "territory" and _NO_FIGHT.search(clause[trig.end:]):
            sub = "Non-violent transfer of territory"  # "took the town after X pulled out"
        elif trig.kind == "territory":
            sub = ("Government regains territory" if actor1 and actor1.inter == 1
                   else "Non-state actor overtakes territory")
        elif trig.kind == "seizure":
            sub = ("Disrupted weapons use" if actor1 and actor1.inter == 1
                   else "Looting/property destruction")
        m = Mention(
            doc=article.id, event_type=T.SUBTYPES[sub], sub_event_type=sub, event_date=ev_date,
            time_precision=prec, actor1=actor1, actor2=actor2,
            location_text=place.text if place else None,
            location_relation=place.relation if place else "in",
            weapons=T.weapon_names(clause), target=_target(clause, trig),
            url=article.url, outlet=article.outlet, published=article.published, notes=note)
        ev = _Open(m, place, explicit, trig.strength)
        events.append(ev)
        self._attach_info(ev, clause, cs, ce, article, country)

    @staticmethod
    def _subtype(trig: T.Trigger, clause: str, doc_weapons: Sequence[str]) -> str | None:
        weapons = T.weapon_names(clause)
        remote = T.remote_subtype(weapons)
        if trig.kind == "remote" and remote is None:
            remote = T.remote_subtype(list(doc_weapons))
            if remote is None and "strike" in trig.text.lower():
                remote = "Air/drone strike"
        if trig.kind == "remote" or (trig.kind == "attack" and remote):
            return remote or trig.sub_event_type
        if trig.event_type == "Explosions/Remote violence" and remote and trig.kind in (
                "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"):
            return remote if remote != "Grenade" else trig.sub_event_type
        if trig.kind == "attack":
            clause = _PROTECTORS.sub("", clause)  # "villagers ... with soldiers to guard them"
            if _CIVILIAN.search(clause) and not _ARMED.search(clause[trig.end:]):
                return "Attack"
            if _ARMED.search(clause) or "small arms" in weapons:
                return "Armed clash"
            return "Attack" if trig.strength >= 0.45 and _CIVILIAN.search(clause) else None
        if trig.kind == "protest":
            return T.protest_subtype(clause)
        if trig.sub_event_type == "Arrests" and _GATHERING.search(clause):
            return "Protest with intervention"  # detentions at a vigil or rally
        return trig.sub_event_type

    def _actors(
        self, clause: str, trig: T.Trigger, country: str | None, events: list[_Open], sub: str,
    ) -> tuple[Actor | None, Actor | None]:
        blamed = {c.actor for c in find_claims(clause, country=country) if c.kind != "claim"}
        found = [a for a in find_actors(clause, country=country) if a.actor.name not in blamed]
        passive = re.search(r"\b(?:was|were|been)\b", clause[max(0, trig.start - 15):trig.end])
        before = [a for a in found if a.end <= trig.start
                  and not _BACKER.search(clause[max(0, a.start - 25):a.start])]
        after = [a for a in found if a.start >= trig.end]
        by = [a for a in after if re.search(r"\bby\s+(?:the\s+|an?\s+)?$",
                                            clause[max(0, a.start - 8):a.start])]
        if passive or by:
            perp = by[0].actor if by else None
            victim = before[-1].actor if before else (after[0].actor if after and not by else None)
        else:
            perp = before[-1].actor if before else None
            rest = [a for a in after if perp is None or a.actor.name != perp.name]
            victim = rest[0].actor if rest else None
        if perp is not None and perp.inter in (6, 7) and sub not in _PROTEST_LIKE:
            perp, victim = None, perp
        if perp is None:
            for ev in reversed(events):
                a1 = ev.mention.actor1
                if ev.mention.sub_event_type == sub and a1 and not _is_unknown(a1):
                    perp = ev.mention.actor1
                    break
        if perp is None and sub not in _PROTEST_LIKE:
            perp = unidentified(country)
        if victim is not None and perp is not None and victim.name == perp.name:
            victim = None
        return perp, victim

    def _attach_info(
        self, ev: _Open, clause: str, cs: int, ce: int, article: Article, country: str | None,
    ) -> None:
        m = ev.mention
        if any(e.start <= cs and ce <= e.end for e in m.evidence):
            pass
        elif not any(e.start == cs for e in m.evidence):
            m.evidence.append(Evidence(doc=article.id, text=clause, start=cs, end=ce))
            ev.texts.append(clause)
        cas = casualties(clause)
        if _PERPETRATOR_SAYS.search(clause):  # "the militants ... said they had killed hundreds"
            cas = Casualties(killed=None, injured=None, attackers_killed=None)
        if cas.killed is not None:
            ev.killed = max(ev.killed or 0, cas.killed)
        if cas.attackers_killed is not None:
            ev.attackers = max(ev.attackers or 0, cas.attackers_killed)
        if cas.injured is not None:
            m.injuries = max(m.injuries or 0, cas.injured)
        for c in find_claims(clause, country=country):
            if c not in m.claims:
                m.claims.append(c)
        for w in T.weapon_names(clause):
            if w not in m.weapons and T.SUBTYPES[m.sub_event_type] != "Protests":
                m.weapons.append(w)
        if m.event_type == "Protests":
            m.sub_event_type = T.protest_subtype(" ".join(ev.texts))

    def _spread_claims(self, events: list[_Open], clause: str, country: str | None) -> None:
        # "The Coalition blamed Iran-backed militias" after a list of attacks applies to each
        # attack whose perpetrator is unknown, not only the last one.
        claims = find_claims(clause, country=country)
        for ev in events[:-1]:
            m = ev.mention
            if m.event_type in _VIOLENT and (m.actor1 is None or _is_unknown(m.actor1)):
                m.claims.extend(c for c in claims if c not in m.claims)

    def _finish(self, ev: _Open, article: Article, country: str | None,
                context: tuple[str, ...]) -> Mention:
        m = ev.mention
        m.fatalities = (ev.killed or 0) + (ev.attackers or 0 if ev.killed is None else 0)
        claimed = [c for c in m.claims if c.kind == "claim"]
        if claimed and (m.actor1 is None or _is_unknown(m.actor1)):
            m.actor1 = _claim_actor(claimed[0], country) or m.actor1
        m.context_places = tuple(p for p in context if p != m.location_text)
        m.confidence = self._confidence(ev)
        m.notes = "; ".join(x for x in (_note(m), m.notes) if x)
        return m


    def _confidence(self, ev: _Open) -> float:
        """How far the evidence pins the event down, not only how strong its cue is.

        A strong cue at a known, precise place on a stated day by a named actor is usually
        right; a country-level or unplaceable event, a date inferred or only the report's, and
        a cue in a forward-looking or diplomatic sentence ("will aid", "urged ... to stop")
        are where the extractor errs, so each costs confidence.
        """
        m = ev.mention
        conf = ev.strength
        if ev.place is None or ev.place.rank >= RANK_COUNTRY:
            conf -= 0.2
        elif ev.place.rank < RANK_REGION:
            conf += 0.1 if self._known_place(ev.place.text) else -0.15
        if not ev.explicit_date:
            conf -= 0.1
        elif not ev.reported_date:
            conf += 0.05
        if m.actor1 is not None and not _is_unknown(m.actor1):
            conf += 0.05
        if ev.texts and _NONFACTUAL.search(ev.texts[0]):
            conf -= 0.3
        return round(max(0.05, min(0.95, conf)), 2)

    def _known_place(self, name: str) -> bool:
        """False when a gazetteer is at hand and has no entry at all for ``name``."""
        if self.gazetteer is None or not hasattr(self.gazetteer, "lookup"):
            return True
        try:
            return bool(self.gazetteer.lookup(name, limit=1))
        except Exception:  # a gazetteer miss must never stop extraction
            log.debug("gazetteer lookup failed for %r", name, exc_info=True)
            return True


# Forward-looking, diplomatic or commemorative wording: the act named may not have happened
# (yet), or is not the news of the sentence.
_NONFACTUAL = re.compile(
    r"\b(?:will|would|could|urged?|urging|call(?:ed|s|ing)? (?:on|for)|capabilit(?:y|ies)|"
    r"investigations?|condolences|press(?:ed|ing)? (?:the|them|him|her) to|cease)\b", re.I)
# A toll in a perpetrator's claim is propaganda, not the conservative figure (CODEBOOK.md).
_PERPETRATOR_SAYS = re.compile(
    r"\bclaim(?:ed|ing|s)\s+responsibility\b[^.;]{0,80}\b(?:said|says|claimed)\b|"
    r"\b(?:said|says|claimed)\s+(?:that\s+)?(?:its|their)\s+(?:fighters|men|forces|units?)\b",
    re.I,
)
# "troops backed by Russian mercenaries seized": the backer is not the one acting.
_BACKER = re.compile(r"\b(?:backed|supported|aided|assisted|accompanied)\s+by\s+(?:the\s+)?$",
                     re.I)
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _is_place_ent(ent: Span) -> bool:
    """False for a place-like entity that is a word of a personal name or a nationality.

    "Aung San" and "Kyi" in "Aung San Suu Kyi" match place names; so does "Ukrainian" in
    "Ukrainian cities". A name glued to another capitalised word that no entity covers (or to
    a PERSON) is part of a longer name, not a place.
    """
    if country_adjective(ent.text) and not is_country(ent.text):
        return False
    doc = ent.doc
    text = doc.text
    if (_FLAG_BEFORE.search(text[max(0, ent.start_char - 20) : ent.start_char])
            or _STREET_AFTER.match(text[ent.end_char : ent.end_char + 20])):
        return False
    for i in (ent.start - 1, ent.end):
        if not 0 <= i < len(doc):
            continue
        tok = doc[i]
        glued = (tok.whitespace_ if i < ent.start else doc[ent.end - 1].whitespace_) == " "
        if not glued:
            continue
        if tok.ent_type_ == "PERSON":
            return False
        if (tok.is_title and tok.is_alpha and tok.ent_iob_ == "O" and not tok.is_sent_start
                and tok.lower_ not in _NOT_NAME_WORDS):
            return False
    return True


# "sailing under the flag of Barbados", "a Liberian-flagged tanker": a registry, not a place;
# "Palestine Street": a street named after a place.
_FLAG_BEFORE = re.compile(r"\bflag of\s+(?:the\s+)?$", re.I)
_STREET_AFTER = re.compile(r"^(?:-flagged\b|\s+(?:Street|St\.|Avenue|Road|Square|Boulevard)\b)")
_NOT_NAME_WORDS = frozenset({
    "in", "near", "at", "of", "from", "to", "outside", "around", "and", "the", "province",
    "region", "oblast", "governorate", "district", "city", "town", "village", "state", "base",
    "air", "airport", "camp", "port", "strait", "gulf", "sea", "river", "lake", "mount",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "north",
    "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "upper", "lower", "greater", "old", "new", "al", "el", "site", "support", "mission",
    "forward", "operating", "joint", "fort", "tower", "square", "street", "road", "bridge",
    "market", "hospital", "hotel", "university", "school", "beach", "prison", "field", "island",
    "islands", "coast", "valley", "highway", "checkpoint", "crossing", "governor", "mayor",
})


def _gazetteer_country(gazetteer: Any, name: str) -> str | None:
    """The country of a place name when every exact gazetteer match lies in that country."""
    try:
        cands = [c for c in gazetteer.lookup(name, limit=8) if c.match == 0]
    except Exception:  # a gazetteer miss must never stop extraction
        log.debug("gazetteer lookup failed for %r", name, exc_info=True)
        return None
    countries = {c.country for c in cands}
    if len(countries) != 1:
        return None
    found = countries.pop()
    return country_name(found) or found if found else None


def _is_unknown(a: Actor) -> bool:
    return a.name.startswith("Unidentified")


_PROTEST_LIKE = frozenset({"Peaceful protest", "Protest with intervention",
                           "Excessive force against protesters", "Violent demonstration",
                           "Mob violence"})


def _clauses(sent: str, offset: int, skip: int) -> Iterator[tuple[int, int]]:
    """Clause spans (absolute offsets) of a sentence: split on ";" and line breaks."""
    pos = 0
    for m in [*_CLAUSE_SPLIT.finditer(sent), None]:
        end = m.start() if m else len(sent)
        s, e = offset + pos, offset + end
        s = max(s, skip)
        if e - s > 3:
            yield s, e
        if m:
            pos = m.end()


def _select(trigs: list[T.Trigger]) -> list[T.Trigger]:
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
    if any(t.kind == "protest" for t in out):
        out = [t for t in out if t.kind == "protest" or t.event_type not in
               ("Riots", "Strategic developments", "Battles")]
    return out


def _event_places(places: list[PlacePhrase], *, clause_text: str = "") -> list[PlacePhrase | None]:
    """The places a clause's act happened at: most specific first, one per coordinated site.

    A place written as part of another ("Mogadishu's Lido beach") is the same site: the
    named container is kept, since it is the one a gazetteer can place.
    """
    cands = [p for p in places if not p.origin and not p.contained and not p.possessive]
    # "in the Gulf of Aden, south-east of Aden": an attack at sea is coded to the port or
    # town it is located from; a sea area alone stays the place.
    if any(p.relation in ("near", "km") and not _SEA.search(p.text) for p in cands):
        cands = [p for p in cands if not _SEA.search(p.text)]
    if not cands:
        return []
    best = min(p.rank for p in cands)
    out = [p for p in cands if p.rank == best]
    if clause_text and len(out) > 1:
        inner = {q for p in out for q in out
                 if q.start > p.end and _OWNED.match(clause_text[p.end : q.start])}
        out = [p for p in out if p not in inner]
    if not clause_text:
        return list(out)
    named = [_with_anchor(p, places, clause_text) for p in out]
    anchors = {a.text.rpartition(", ")[2] for a, p in zip(named, out, strict=True) if a is not p}
    return [a for a, p in zip(named, out, strict=True) if a is not p or p.text not in anchors]


def _name_site(ev: _Open, site: PlacePhrase | None) -> None:
    """Give a place-less or country-level event the site a later clause names."""
    if site is None or (ev.place is not None and ev.place.rank < RANK_REGION
                        and not ev.place.inside) or site.text == getattr(ev.place, "text", ""):
        return
    ev.place = site
    ev.mention.location_text, ev.mention.location_relation = site.text, site.relation


_OWNED = re.compile(r"^['’]s\s+(?:[a-z][\w-]*\s+){0,3}$")
_SEA = re.compile(r"\b(?:Gulf|Sea|Straits?|Ocean|Bay|Channel)\b|\bBab[ -]e?l[ -]Mand[ae]b", re.I)
_ANCHOR_GAP = re.compile(r"^,\s+(?:about\s+|some\s+)?(?:[\w.]+\s+(?:km|kilomet\w+|miles)\s+)?"
                         r"(?:(?:north|south|east|west)\S*\s+of|near|outside)\s+(?:the\s+)?$",
                         re.I)


def _with_anchor(p: PlacePhrase, places: list[PlacePhrase], text: str) -> PlacePhrase:
    """Name a small place together with the town that locates it ("Safra, Kirkuk"), so the
    geocoder can fall back to the town when the village or the square is not in it: from
    "Baghdad's Tayaran Square" and "the village of Safra, south-west of Kirkuk"."""
    for q in places:
        if q is p or q.rank >= RANK_COUNTRY or q.origin:
            continue
        owned = p.rank == 0 and q.end <= p.start and re.fullmatch(r"['’]s\s+",
                                                                  text[q.end : p.start])
        anchored = q.start >= p.end and _ANCHOR_GAP.match(text[p.end : q.start])
        # "In Moscow, police detained mourners at the Solovetsky Stone": a site after the
        # town its clause opens with
        opened = (p.rank == 0 and q.rank > 0 and q.end <= p.start
                  and re.search(r"(?:^|\W)(?:in|at|near)\s+$", text[max(0, q.start - 6) : q.start],
                                re.I)
                  and "," in text[q.end : p.start])
        if owned or anchored or opened:
            return replace(p, text=f"{p.text}, {q.text}")
    return p


def _absorb_vague(events: list[_Open]) -> list[_Open]:
    """Fold a country-, region- or place-less event into a precise one of the same act.

    "Russia attacked Ukraine" next to "the missile hit Kramatorsk" on the same day is one
    event, coded at Kramatorsk (CODEBOOK.md: one act per place per day).
    """
    def vague(ev: _Open) -> bool:
        return ev.place is None or ev.place.rank >= RANK_COUNTRY

    out: list[_Open] = []
    for ev in events:
        m = ev.mention
        if vague(ev):
            host = next((o for o in events if o is not ev and not vague(o)
                         and o.mention.event_type == m.event_type
                         and o.mention.event_date == m.event_date), None)
            if host is not None:
                for e in m.evidence:
                    if e not in host.mention.evidence:
                        host.mention.evidence.append(e)
                if host.killed is None:
                    host.killed = ev.killed
                continue
        out.append(ev)
    return out


_TERRITORY_OBJECT = re.compile(
    r"^\s+(?:the |a |an |most of |parts of |control of )?(?:(?:[\w'’-]+ ){0,3}(?:town|city|"
    r"village|area|district|neighbou?rhood|base|airfield|complex|hill|province|region|border|"
    r"crossing|checkpoint|positions?|territory|camp|dam|headquarters|command|garrison|"
    r"barracks|posts?|stronghold)\b|[A-Z])"
)


def _takes_place(clause: str, trig: T.Trigger) -> bool:
    """A territory verb counts only with a place or territory as its object."""
    return _TERRITORY_OBJECT.match(clause[trig.end : trig.end + 60]) is not None


def _claim_actor(c: Claim, country: str | None) -> Actor | None:
    from .actors import normalise_actor

    return normalise_actor(c.actor, country=country)


def _target(clause: str, trig: T.Trigger) -> str | None:
    m = _TARGET.search(clause, trig.end) or _TARGET.search(clause)
    if not m:
        return None
    words = m.group().split()
    while words and words[0].lower() in _FUNCTION_WORDS:
        words.pop(0)
    return " ".join(words) or None


_FUNCTION_WORDS = frozenset({
    "inside", "into", "onto", "over", "on", "at", "in", "near", "against", "of", "from", "by",
    "with", "the", "same", "that", "this", "its", "their", "his", "her", "and", "or",
})
_NATIONALITY_USE = re.compile(
    r"^(?:-led|-backed|-allied)?\s*(?:troops|forces|military|service ?(?:members|men)|"
    r"officials?|embassy|army|navy|air force|aircraft|drones?|government|president|"
    r"soldiers|personnel|defen[cs]e|ministry|envoy|citizens?|nationals?|contractors?|said)\b",
    re.IGNORECASE,
)


def _note(m: Mention) -> str:
    where = f" {'near' if m.location_relation != 'in' else 'in'} {m.location_text}" \
        if m.location_text else ""
    when = f" on {m.event_date.isoformat()}" if m.event_date and m.time_precision == 1 else ""
    toll = (f"{m.fatalities} killed" if m.fatalities else "no fatalities reported")
    return f"{m.sub_event_type}{where}{when}; {toll}."


def _drop_summaries(mentions: list[Mention]) -> list[Mention]:
    """Drop a country-level event when the article itemises the same act by place."""
    out = []
    for m in mentions:
        vague = m.location_text is None or is_country(m.location_text)
        if vague and any(o is not m and o.sub_event_type == m.sub_event_type
                         and o.location_text and not is_country(o.location_text)
                         and o.event_date == m.event_date for o in mentions):
            continue
        out.append(m)
    return out
