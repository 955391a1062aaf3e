"""The RuleExtractor: articles in, event mentions out, by rules over a light spaCy parse.

Per article: skip the dateline, walk sentences split into clauses (";" and line breaks, so a
strike list by place yields one clause per place), find triggers, and either open an event
or attach the clause to the event it elaborates (same act, same place, same day). Dates,
counts, actors and claims come from the lexicon modules (plain-string functions), places
from the parse. One event = one act per place per day per actor pair (CODEBOOK.md).

This module is the per-article loop; how an act is coded lives in ``coding.py``, how events
are assembled in ``events.py``, where they happened in ``eventplace.py`` and how far they are
trusted in ``confidence.py``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Article, Mention
from . import triggers as T
from .actdate import (
    act_after,
    dated_lines,
    dateline_date_end,
    event_date,
    is_report_date,
    quoted_dates,
    restates_date,
)
from .acttype import settle_attack
from .background import is_background, is_tally, recalls_named, recalls_past, recalls_strongly
from .choose import objects, refers_back, select, takes_place
from .clauses import clauses
from .coding import claim_actor, is_unknown
from .confidence import confidence, note
from .counts import casualties
from .dates import DateRef, find_dates
from .eventplace import (
    absorb_regions,
    article_country,
    dateline_place,
    event_places,
    is_place_ent,
    narrows,
    place_country,
    refers_to_dateline,
)
from .events import (
    OpenEvent,
    absorb_vague,
    attach_info,
    drop_summaries,
    fold_generic,
    name_site,
    open_or_attach,
    redate,
    share_toll,
    spread_claims,
)
from .memo import MemoLookup
from .places import (
    RANK_COUNTRY,
    RANK_REGION,
    PlacePhrase,
    dateline_end,
    find_places,
    named_site,
    same_place_anaphor,
)
from .prefilter import is_relevant
from .sides import other_side

log = logging.getLogger(__name__)

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
        # Memoised: the same names are looked up in every article.
        self.gazetteer = MemoLookup(gazetteer) if hasattr(gazetteer, "lookup") else gazetteer
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


    # -- one article -------------------------------------------------------------------
    def extract_doc(self, article: Article, doc: Doc) -> list[Mention]:
        """Events of one parsed article, in text order."""
        text = article.text
        skip = max(dateline_end(text), dateline_date_end(text))
        # a dateline repeated inside the text ("(Translated)\n\nOUAGADOUGOU, Aug. 26 -"):
        # where the report was filed, again, not where anything happened
        datelines = [(i, i + n) for i in (m.end() for m in _PARAGRAPH.finditer(text))
                     if i > skip and (n := dateline_end(text[i:]))]
        pub = article.published
        # the day the text was written: a statement's own date line may say it
        date_lines = dated_lines(text, published=pub)
        events: list[OpenEvent] = []
        # Remote weapons named anywhere so far (the title included): "one strike destroyed a
        # tank" in a strike list inherits "using fighter and remotely piloted aircraft".
        # Kept local (not on self) so one extractor can serve several threads at once.
        title = article.title or ""
        doc_weapons = [w for w in T.weapon_names(title) if w in T.REMOTE_WEAPONS]
        headline = tuple(doc_weapons)
        context: list[str] = []
        country = article_country(doc, text, skip, gazetteer=self.gazetteer)
        current_date: date | None = None
        current_place: PlacePhrase | None = None
        ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")
                and is_place_ent(e, gazetteer=self.gazetteer, text=text)]
        surnames = {e.text for e in ents
                    if _INITIAL_BEFORE.search(text, max(0, e.start_char - 40), e.start_char)}
        ents = [e for e in ents if e.text not in surnames]  # "Scott C. Dayton ... Dayton was"
        seen: list[PlacePhrase] = []  # places named so far, for events their clause leaves
        lead_recalls: bool | None = None  # the first sentence is about an older act
        denied = False  # an act so far named only to be denied or supposed
        for sent in doc.sents:
            if sent.end_char <= skip:
                continue
            if lead_recalls is None:
                lead_recalls = recalls_strongly(text[max(skip, sent.start_char):sent.end_char])
            sent_ents = [e for e in ents if sent.start_char <= e.start_char < sent.end_char]
            places = [p for p in find_places(sent, gazetteer=self.gazetteer, skip_until=skip,
                                             ents=sent_ents, text=text)
                      if not any(s <= p.start < e for s, e in datelines)]
            for p in places:
                if p.text not in context:
                    context.append(p.text)
            seen += [p for p in places
                     if p.rank < RANK_COUNTRY and not p.origin and not p.possessive]
            for cs, ce in clauses(sent.text, sent.start_char, skip, text):
                cs = next((e for s, e in datelines if s <= cs < e), cs)
                clause = text[cs:ce]
                # ("Addis Ababa, 28 November 2020" above "Our forces have today taken ...")
                written = next((d for e, d in reversed(date_lines) if e <= cs), pub)
                cplaces = [p for p in places if cs <= p.start < ce]
                for p in cplaces:
                    c = place_country(p, text, gazetteer=self.gazetteer, prefer=country)
                    if c and not p.origin:
                        country = c
                prev = events[-1].mention.event_date if events else current_date
                if prev is None:
                    # "the army said on Wednesday it had repelled an attack the previous day":
                    # with no earlier act, "the previous day" counts from the clause's own
                    # day ("two days after the election" stays unresolved)
                    own = [d for d in find_dates(clause, published=written) if d.kind != "anaphoric"
                           and d.date is not None]
                    prev = own[0].date if own else None
                dates = quoted_dates(find_dates(clause, published=written, previous=prev), clause,
                                     offset=cs, text=text, previous=prev,
                                     said=current_date if current_date != pub else None)
                good = [d for d in dates if d.date is not None or d.kind == "anaphoric"]
                doc_weapons += [w for w in T.weapon_names(clause)
                                if w in T.REMOTE_WEAPONS and w not in doc_weapons]
                trigs = select(T.find_triggers(clause))
                cued = bool(trigs)
                denied = denied or (not events and not trigs and T.denies_act(clause))
                strong_place = any(p.rank < RANK_COUNTRY for p in cplaces)
                if any(t.strength < 0.6 for t in trigs) and not strong_place and not events:
                    # a weak cue ("attacked") counts at a known place, or with a toll when the
                    # report has told no act yet: "attacked a base near the lake, killing 40
                    # soldiers" is an act somewhere; after one, "several were killed" tells
                    # of it
                    # ("The army denied its jets bombed the market. Residents said several
                    # were killed": the toll is of the denied act, which is no event)
                    # and a toll in a report of a storm or a crash is no act of violence
                    cas = casualties(clause)
                    strong_place = bool(cas.killed or cas.injured) and not denied and not (
                        _DISASTER.search(title + "\n" + text[:ce])
                        and not T.find_weapons(clause))
                # (a drone or a shell that "hit" something is a strike: CODEBOOK.md)
                armed = [w.end for w in T.find_weapons(clause) if w.weapon in T.REMOTE_WEAPONS]
                trigs = [t for t in trigs if t.strength >= 0.6 or strong_place or (
                    t.kind == "attack" and any(0 <= t.start - e <= 40 for e in armed))]
                trigs = [t for t in trigs
                         if t.kind != "territory" or takes_place(clause, t, cplaces, cs)]
                if events and refers_back(clause, trigs, cplaces, cs, events[-1].place):
                    # "The attack, late on Friday, killed 70": the act just told, restated
                    trigs = []
                    if good and good[0].date is not None and (
                            events[-1].reported_date or not events[-1].explicit_date):
                        redate(events[-1], good[0].date, good[0].precision)
                site = named_site(clause, cs, cplaces)
                if events and not _names_earlier(site, events[:-1]) and narrows(
                        events[-1].place, site):
                    # "The outpost, known as Tower 22", "the attack on Pazigyi"
                    name_site(events[-1], site)
                if not trigs:
                    if events and _refines_place(events[-1], clause, cplaces, text):
                        # "The bomb went off in Syria. Two soldiers were wounded near Raqqa."
                        name_site(events[-1], event_places(cplaces, clause_text=text)[0])
                    if good and good[0].date is not None:
                        current_date = good[0].date
                        if events and (restates_date(clause) or cued) and (
                                events[-1].reported_date or not events[-1].explicit_date):
                            redate(events[-1], good[0].date, good[0].precision)
                    if events and not recalls_past(clause, published=pub):
                        # (a sentence about the past, "40,000 have died since 1984", tells
                        # nothing of this act)
                        attach_info(events[-1], clause, cs, ce, article, country)
                        spread_claims(events, clause, country)
                    continue
                # an act dated to a recent day, not only the day of a statement about it
                recent = any(d.date is not None and d.kind != "anaphoric" and not is_background(
                    d.date, published=pub, max_days=self.max_age_days)
                    and not is_report_date(d, clause) for d in good) if pub is not None else False
                recalled = recalls_past(clause, published=pub, dated=recent) or recalls_named(
                    clause, trigs[0].start, published=pub)
                if (recalled or (lead_recalls and not events and not recent)) and (
                        not self.include_background):
                    # (in a report led by a trial or an anniversary, an undated act is the
                    # one recalled)
                    log.debug("%s: %r recalls an older act; skipped", article.id, trigs[0].text)
                    continue
                if is_tally(clause) or _EXERCISE.search(clause):
                    log.debug("%s: %r sums up acts or rehearses one; skipped", article.id,
                              trigs[0].text)
                    continue
                if recalled:
                    # "marked on Sunday the anniversary of the 2017 bombing": the weekday dates
                    # the telling; the recalled act keeps only a date of its own
                    good = [d for d in good if d.kind in ("absolute", "range")]
                ev_date, prec, explicit = current_date, 1, False
                reported = False
                if recalled and not good:
                    ev_date, prec = None, 3
                after = act_after(clause, trigs[0].start)
                if after is not None:
                    # "came two days after the rebels seized the airport": N days before the
                    # day the sentence is about (its own date before the phrase, else the last
                    # act's, else the report's), unless the act has a date of its own
                    good = [d for d in good if not after.start <= d.start < after.end]
                    base = next((d for d in reversed(good) if d.end <= after.start
                                 and d.kind != "anaphoric" and d.date is not None), None)
                    if base is not None:
                        current_date = base.date  # the sentence is about that day
                    if not any(d.start >= after.end and d.date is not None for d in good):
                        day = base.date if base is not None and base.date is not None else (
                            events[-1].mention.event_date if events else pub)
                        if day is not None:
                            good = [DateRef(after.date_from(day), after.precision, "anaphoric",
                                            clause[after.start:after.end], after.start,
                                            after.end)]
                if good:
                    pick, reported = event_date(good, clause, start=trigs[0].start,
                                                end=trigs[0].end)
                    ev_date, prec, explicit = pick.date, pick.precision, True
                    if reported and _AFTER_CUE.search(clause, 0, trigs[0].start):
                        prec = max(prec, 2)  # "85 were buried, officials said on Tuesday,
                        # after the drone strike": some day before the telling
                    if ev_date is None and pick.kind == "anaphoric":
                        explicit = False  # "two days after the election": the week of the report
                    if ev_date is not None and pick.kind != "anaphoric":
                        current_date = ev_date
                elif current_date is None and events:
                    ev_date = events[-1].mention.event_date
                    prec = events[-1].mention.time_precision
                note = ""
                if ev_date is None and not explicit and written is not None and not recalled:
                    ev_date, prec = written, 2
                if ev_date is None:
                    prec = 3
                    note = (_recalled_note(clause) if recalled
                            else "event date unknown (no publication date)")
                if (ev_date is not None and pub is not None and not self.include_background
                        and is_background(ev_date, published=pub, max_days=self.max_age_days)):
                    log.debug("%s: %r dated %s, not within %d days before publication; "
                              "skipped", article.id, trigs[0].text, ev_date, self.max_age_days)
                    continue
                targets = event_places(cplaces, clause_text=text)
                if not targets:
                    if same_place_anaphor(clause) and events:
                        targets = [events[-1].place]
                    else:
                        # the place the text has moved on to, if named after the last event's
                        # first sentence (there, other places only locate that event's place)
                        named = next((p for p in reversed(seen) if p.end <= cs), None)
                        told = events[-1].mention.evidence[0].end \
                            if events and events[-1].mention.evidence else -1
                        moved = named is not None and named.start >= told and (
                            current_place is None or named.start > current_place.start)
                        targets = [named if moved else current_place]
                n_before = len(events)
                for trig in trigs:
                    t_date, t_prec = ev_date, prec
                    later = act_after(clause, trig.start) if trig is not trigs[0] else None
                    if later is not None and ev_date is not None and explicit:
                        # "detained 1,200 on Monday, a day after crowds stormed Congress"
                        t_date, t_prec = later.date_from(ev_date), later.precision
                    for place in objects(trig, targets, cs):
                        # The headline's weapon tells the first act, or one at its place.
                        about = not events or (place is not None and place.text in title)
                        open_or_attach(
                            events, trig, clause, cs, ce, article, place, t_date, t_prec,
                            explicit, country, note, doc_weapons,
                            headline_weapons=headline if about else ())
                for ev in events[n_before:]:
                    ev.reported_date = reported
                share_toll(events[n_before:])
                specific = [p for p in targets if p is not None and p.rank < RANK_COUNTRY]
                if specific:
                    current_place = specific[-1]
        events = fold_generic(absorb_vague(events))
        events = absorb_regions(events, gazetteer=self.gazetteer)  # province + its town
        for ev in events:
            if ev.place is None and ev.mention.evidence:
                # "Missiles struck the Kurdish capital": the last place named before it.
                at = ev.mention.evidence[0].start
                name_site(ev, next((p for p in reversed(seen) if p.end <= at), None))
        filed = dateline_place(text)
        home = filed if not seen else None
        for ev in events:
            # "EL FASHER — Shelling killed 12 in the city": only then the dateline's town.
            if ev.place is None and home and any(refers_to_dateline(e.text)
                                                 for e in ev.mention.evidence):
                name_site(ev, home)
        # The dateline is no event place, but its country is a prior for namesakes
        # ("MOGADISHU — ... Lido beach"), weaker than any place the text itself names.
        context += [n for n in (filed.text.split(", ") if filed else []) if n not in context]
        mentions = [self._finish(e, article, country, tuple(context),
                                 lead=events[0].mention.sub_event_type if i else None)
                    for i, e in enumerate(events)]
        return drop_summaries(mentions)

    def _finish(self, ev: OpenEvent, article: Article, country: str | None,
                context: tuple[str, ...], *, lead: str | None = None) -> Mention:
        m = ev.mention
        m.fatalities = (ev.killed or 0) + (ev.attackers or 0 if ev.killed is None else 0)
        claimed = [c for c in m.claims if c.kind == "claim"]
        if claimed and (m.actor1 is None or is_unknown(m.actor1)):
            m.actor1 = claim_actor(claimed[0], country) or m.actor1
        if m.actor2 is None or (m.actor1 is not None and m.actor1.name == m.actor2.name):
            # no second side in the clause that opened it: what its later sentences say was hit
            m.actor2 = other_side(m, " ".join(e.text for e in m.evidence), ev.country or country)
        settle_attack(m)
        m.context_places = tuple(p for p in context if p != m.location_text)
        m.confidence = confidence(ev, gazetteer=self.gazetteer, country=ev.country, lead=lead)
        m.notes = "; ".join(x for x in (note(m), m.notes) if x)
        return m


_PARAGRAPH = re.compile(r"\n\s*")
# Natural hazards and accidents: what kills people in reports that tell no act of violence.
_DISASTER = re.compile(
    r"\b(?:storms?|cyclones?|hurricanes?|typhoons?|floods?|flooding|earthquakes?|quakes?|"
    r"landslides?|mudslides?|tsunamis?|avalanches?|heatwaves?|droughts?|wildfires?|"
    r"(?:plane|bus|train|helicopter|boat|road|car) (?:crash|accident|collision)|capsized|"
    r"derailed|stampede|epidemic|outbreak of (?:cholera|ebola|measles))\b", re.I)
_AFTER_CUE = re.compile(r"\b(?:after|following)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}$",
                        re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# "Scott C. Dayton": a name after a given name's initial is a surname, wherever it recurs.
_INITIAL_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+[A-Z]\.\s+$")
# "fired missiles during three days of exercises": a drill, not an attack.
_EXERCISE = re.compile(r"\b(?:military |naval |joint )?(?:exercises|drills|manoeuvres|maneuvers|"
                       r"war games|simulat\w+ (?:an? )?(?:attack|strike|assault)|test[- ]fir\w+|"
                       r"live-fire)\b", re.I)


def _recalled_note(clause: str) -> str:
    """The note of a background mention emitted without a day of its own."""
    year = _YEAR.search(clause)
    return ("background mention" + (f" of {year.group()}" if year else "")
            + "; its date is not given")


def _refines_place(ev: OpenEvent, clause: str, places: list[PlacePhrase], text: str) -> bool:
    """True when a clause without a cue tells where the casualties of an event placed only in
    a country or region fell: the act happened there."""
    if ev.place is not None and ev.place.rank < RANK_REGION:
        return False
    found = event_places(places, clause_text=text)
    if not found or found[0] is None or found[0].rank >= RANK_REGION:
        return False
    cas = casualties(clause)
    return cas.killed is not None or cas.injured is not None


def _names_earlier(site: PlacePhrase | None, earlier: list[OpenEvent]) -> bool:
    """True when a named site ("the attack on the Hasakah base") carries the name of an
    earlier event's place: it refers back to that event, not to the last one."""
    if site is None:
        return False
    words = set(re.findall(r"[A-Z][\w'’-]{2,}", site.text))
    return any(words & set(re.findall(r"[A-Z][\w'’-]{2,}", ev.place.text))
               for ev in earlier if ev.place is not None)
