"""Assembling events from clauses: open one, or attach a clause to the event it elaborates.

One event is one act per place per day per actor pair (CODEBOOK.md), so a clause with a
trigger opens an event only when no earlier event of the article is the same act at the same
place on the same day; a clause without one adds its casualties, claims and weapons to the
last event. Vague (country-level or placeless) duplicates are folded into precise ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..records import Article, Evidence, Mention
from . import triggers as T
from .actors import crowd
from .acttype import in_protest_report, refine_subtype
from .claims import find_claims
from .coding import actor_subtype, is_unknown, subtype, target
from .counts import Casualties, casualties
from .places import RANK_COUNTRY, RANK_REGION, PlacePhrase, is_country
from .protests import protest_subtype
from .sides import actors, fill_perpetrator


@dataclass
class OpenEvent:
    """An event being assembled from one or more clauses of an article."""

    mention: Mention
    place: PlacePhrase | None
    explicit_date: bool
    strength: float
    killed: int | None = None
    attackers: int | None = None
    vague_toll: bool = False  # the toll so far is a word ("hundreds"), not a figure
    texts: list[str] = field(default_factory=list)
    reported_date: bool = False  # the date is the report's ("said on Friday"), not the act's
    borrowed_place: bool = False  # the place was named outside the clause that opened it
    country: str | None = None  # the country the text was in when the event was opened


def redate(ev: OpenEvent, day: date, precision: int) -> None:
    """Date an event by a later sentence that restates it ("the attack happened on ...")."""
    ev.mention.event_date, ev.mention.time_precision = day, precision
    ev.explicit_date, ev.reported_date = True, False


def within(day: date | None, precision: int, m: Mention) -> bool:
    """True when a coarse date (a week, a month) holds the day of an event told more exactly.

    "Police fired tear gas at the march on Tuesday ... The demonstration, the third this
    month, ...": "this month" restates Tuesday's act at its place, it opens no other.
    """
    if day is None or m.event_date is None or precision <= m.time_precision:
        return False
    if precision >= 3:
        return (day.year, day.month) == (m.event_date.year, m.event_date.month)
    return abs((day - m.event_date).days) <= 3


def told_undated(ev: OpenEvent, day: date | None) -> bool:
    """True when an event dated only by default (the report's week) may be the act a later
    clause dates to a day up to a week before the event's default date."""
    d = ev.mention.event_date
    return (not ev.explicit_date and day is not None and d is not None
            and 0 <= (d - day).days <= 7)


def name_site(ev: OpenEvent, site: PlacePhrase | None) -> None:
    """Give a place-less or country-level event the site a later clause names."""
    if site is None or (ev.place is not None and ev.place.rank < RANK_REGION
                        and not ev.place.inside) or site.text == getattr(ev.place, "text", ""):
        return
    ev.place = site
    ev.mention.location_text, ev.mention.location_relation = site.text, site.relation


def open_or_attach(
    events: list[OpenEvent], trig: T.Trigger, clause: str, cs: int, ce: int,
    article: Article, place: PlacePhrase | None, ev_date: date | None, prec: int,
    explicit: bool, country: str | None, note: str, doc_weapons: Sequence[str], *,
    headline_weapons: Sequence[str] = (),
) -> None:
    """Attach the clause to the same act at the same place and day, or open a new event."""
    sub = refine_subtype(
        subtype(trig, clause, doc_weapons, headline_weapons=headline_weapons), trig, clause,
        protests=in_protest_report(article.title or "", [e.mention.event_type for e in events]),
        last=events[-1].mention.sub_event_type if events else None)
    if sub is None:
        return
    host = next((e for e in reversed(events) if e.mention.event_type in _VIOLENT), None)
    if sub == "Arrests" and host is not None and _ATTACKERS_HELD.search(clause):
        # "The attacker was overpowered and arrested by police": the act's outcome, wherever
        # and whenever the clause says it happened
        attach_info(host, clause, cs, ce, article, country)
        return
    for ev in reversed(events):
        m = ev.mention
        # "HIGHLIGHTS - 60 killed in an attack on a camp ... During the night of 1 to 2
        # February, armed men attacked the camp": the undated lead's act, now dated and placed
        undated = explicit and told_undated(ev, ev_date)
        same_place = (place is None or place.rank >= RANK_COUNTRY
                      or (ev.place is not None and ev.place.text == place.text)
                      or (undated and ev.place is None))
        same_day = (not explicit or m.event_date == ev_date or within(ev_date, prec, m)
                    or undated)
        same_act = T.SUBTYPES[sub] == m.event_type or (
            m.sub_event_type == "Violent demonstration" and T.SUBTYPES[sub] == "Protests") or (
            # "Police dispersed the march ... Dozens were arrested": the protest's intervention
            # (the arrest of a named leader stays an event of its own)
            sub == "Arrests" and m.event_type in ("Protests", "Riots")
            and _CROWD_ARRESTS.search(clause) is not None) or (
            # "Four of the attackers were killed and two were arrested": the fight's outcome
            sub == "Arrests" and m.event_type in _VIOLENT
            and _ATTACKERS_HELD.search(clause) is not None) or (
            # "the attackers also looted shops", "some broke in and torched the building": the
            # destruction is part of the attack or the riot it follows, on its day and place
            (sub == "Looting/property destruction" or trig.kind == "seizure")
            and m.event_type in _VIOLENT | _CROWD)
        if same_act and same_place and same_day:
            if undated and ev_date is not None:
                redate(ev, ev_date, prec)
                name_site(ev, place)
            if sub == "Looting/property destruction" and m.event_type == "Protests":
                riot(ev, country)
            if trig.strength > ev.strength and trig.kind not in ("attack", "seizure") and not (
                    m.sub_event_type in _TERRITORY and sub == "Armed clash") and (
                    sub != "Looting/property destruction" or m.event_type not in _VIOLENT):
                # (a battle told with or after the place changing hands stays coded as that
                # change: "seized the airport following an exchange of fire")
                m.sub_event_type, ev.strength = sub, trig.strength
            attach_info(ev, clause, cs, ce, article, country)
            return
        if place is None and not explicit:
            break
    actor1, actor2 = actors(clause, trig, country, events, sub,
                            before=(article.title or "") + "\n" + article.text[:cs])
    sub = actor_subtype(sub, trig, clause, actor1)
    m = Mention(
        doc=article.id, event_type=T.SUBTYPES[sub], sub_event_type=sub, event_date=ev_date,
        time_precision=prec, actor1=actor1, actor2=actor2,
        location_text=place.text if place else None,
        location_relation=place.relation if place else "in",
        weapons=T.weapon_names(clause) or (
            list(headline_weapons) if trig.kind == "attack" and sub != T.DEFERRED["attack"]
            else []),
        target=target(clause, trig),
        url=article.url, outlet=article.outlet, published=article.published, notes=note)
    ev = OpenEvent(m, place, explicit, trig.strength,
                   borrowed_place=place is not None and not cs <= place.start < ce,
                   country=country)
    events.append(ev)
    attach_info(ev, clause, cs, ce, article, country)


_CROWD_ARRESTS = re.compile(
    r"\b(?:dozens|scores|hundreds|several|many|some|\d+|[a-z]+(?:ty|teen)|two|three|four|five|"
    r"six|seven|eight|nine|ten)\s+(?:[a-z]+\s+){0,2}?(?:were|had been|have been)\s+(?:\w+\s+)?"
    r"(?:arrested|detained)|\b(?:arrested|detained)\s+(?:at least\s+|about\s+|some\s+)?"
    r"(?:dozens|scores|hundreds|several|\d+)\b|\bmade\s+(?:several|many|dozens\s+of|scores\s+of|"
    r"hundreds\s+of|a\s+number\s+of|\d+)\s+arrests\b", re.I)


_PERPETRATORS = (r"(?:attackers?|assailants?|gunm[ae]n|militants|fighters|kidnappers?|bombers?|"
                 r"raiders|assassins?|perpetrators?|shooters?|killers?|(?:the|a)\s+suspect|suspects)")
_ATTACKERS_HELD = re.compile(
    rf"\b{_PERPETRATORS}\b[^.;]{{0,80}}\b(?:arrested|detained|captured|held)\b|"
    rf"\b(?:arrested|detained|captured)\s+(?:\w+\s+){{0,3}}?(?:of\s+)?(?:the\s+)?"
    rf"{_PERPETRATORS}\b|\b(?:arrested|detained)\s+(?:him|her|them)\s+at\s+the\s+scene\b|"
    r"\b(?:those|some\s+of\s+those)\s+(?:involved|responsible)\b[^.;]{0,40}\b(?:arrested|detained)\b|"
    # "police have since detained more people": the same round-up, continued
    r"\b(?:arrested|detained)\s+(?:more|further|other)\s+(?:people|suspects|men)\b", re.I)


_VAGUE_TOLL = re.compile(r"\b(?:dozens|scores|hundreds|thousands|several|many|a few|numerous)\b",
                         re.I)
_FIGURE = re.compile(r"\b\d[\d,]*\b(?!\s*(?:km|kilomet|miles|years?|hours?|days?|am|pm|%))",
                     re.I)


# A toll in a perpetrator's claim is propaganda, not the conservative figure (CODEBOOK.md).
_PERPETRATOR_SAYS = re.compile(
    r"\bclaim(?:ed|ing|s)\s+responsibility\b[^.;]{0,80}\b(?:said|says|claimed)\b|"
    r"\b(?:said|says|claimed)\s+(?:that\s+)?(?:its|their)\s+(?:fighters|men|forces|units?)\b",
    re.I,
)
# "a contractor died of a heart attack while sheltering": a death, but not by violence.
_NATURAL_DEATH = re.compile(
    r"\b(?:died|dead|death)\s+(?:of|from)\s+(?:an?\s+)?(?:suspected\s+)?(?:heart attack|"
    r"cardiac arrest|stroke|natural causes|illness|disease|cancer|covid(?:-19)?|exhaustion|"
    r"heat ?stroke)\b[^.;,]*", re.I)


def without_natural_deaths(clause: str) -> str:
    """The clause without deaths from illness, which are no fatalities (CODEBOOK.md)."""
    return _NATURAL_DEATH.sub(";", clause)


_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_CROWD = frozenset({"Protests", "Riots"})
_TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def attach_info(
    ev: OpenEvent, clause: str, cs: int, ce: int, article: Article, country: str | None,
) -> None:
    """Add a clause's evidence, casualties, claims and weapons to an event."""
    m = ev.mention
    if any(e.start <= cs and ce <= e.end for e in m.evidence):
        pass
    elif not any(e.start == cs for e in m.evidence):
        m.evidence.append(Evidence(doc=article.id, text=clause, start=cs, end=ce))
        ev.texts.append(clause)
    cas = casualties(without_natural_deaths(clause))
    if _PERPETRATOR_SAYS.search(clause) or (
            m.event_type == "Strategic developments" and len(ev.texts) > 1):
        # "the militants ... said they had killed hundreds"; and a ceasefire, an arrest or a
        # disbanding kills no one: deaths told later in its report are of other acts
        cas = Casualties(killed=None, injured=None, attackers_killed=None)
    if cas.killed is not None:
        vague = _VAGUE_TOLL.search(clause) is not None and not _FIGURE.search(clause)
        if ev.killed is None or (ev.vague_toll and not vague):
            # "hundreds were killed ... at least 100 died": the figure, not the word's code
            ev.killed, ev.vague_toll = cas.killed, vague
        elif vague == ev.vague_toll:
            ev.killed = max(ev.killed, cas.killed)  # a toll that rose
    if cas.attackers_killed is not None:
        ev.attackers = max(ev.attackers or 0, cas.attackers_killed)
    if cas.injured is not None:
        m.injuries = max(m.injuries or 0, cas.injured)
    for c in find_claims(clause, country=country):
        if c not in m.claims:
            m.claims.append(c)
    fill_perpetrator(m, clause, country)  # "Moscow's troops used two missiles"
    for w in T.weapon_names(clause):
        if w not in m.weapons and T.SUBTYPES[m.sub_event_type] != "Protests":
            m.weapons.append(w)
    if m.event_type == "Protests":
        m.sub_event_type = protest_subtype(" ".join(ev.texts))
        if m.sub_event_type == "Violent demonstration":
            riot(ev, country)


def riot(ev: OpenEvent, country: str | None) -> None:
    """A protest whose crowd turned violent is a riot, its crowd rioters (CODEBOOK.md)."""
    m = ev.mention
    m.event_type, m.sub_event_type = "Riots", "Violent demonstration"
    if m.actor1 is not None and m.actor1.inter == 6:
        m.actor1 = crowd(rioting=True, country=country)


def share_toll(opened: list[OpenEvent]) -> None:
    """Split one toll over the events a clause opened at several places.

    "Missiles struck Kharkiv, Dnipro and Odesa, killing 11" gives three events, but the 11
    died in all of them together: each gets an even share (the first the remainder), so the
    sum stays the reported toll instead of tripling it.
    """
    if len(opened) < 2:
        return
    for attr in ("killed", "attackers"):
        tolls = {getattr(ev, attr) for ev in opened}
        if len(tolls) != 1 or not (toll := tolls.pop()):
            continue
        share, rest = divmod(toll, len(opened))
        for i, ev in enumerate(opened):
            setattr(ev, attr, share + (rest if i == 0 else 0))
    injured = {ev.mention.injuries for ev in opened}
    if len(injured) == 1 and (hurt := injured.pop()):
        share, rest = divmod(hurt, len(opened))
        for i, ev in enumerate(opened):
            ev.mention.injuries = share + (rest if i == 0 else 0)


def spread_claims(events: list[OpenEvent], clause: str, country: str | None) -> None:
    """Give a blame clause to every earlier violent event whose perpetrator is unknown."""
    # "The Coalition blamed Iran-backed militias" after a list of attacks applies to each
    # attack whose perpetrator is unknown, not only the last one.
    claims = find_claims(clause, country=country)
    for ev in events[:-1]:
        m = ev.mention
        if m.event_type in _VIOLENT and (m.actor1 is None or is_unknown(m.actor1)):
            m.claims.extend(c for c in claims if c not in m.claims)


def absorb_vague(events: list[OpenEvent]) -> list[OpenEvent]:
    """Fold a country-, region- or place-less event into a precise one of the same act.

    "Russia attacked Ukraine" next to "the missile hit Kramatorsk" on the same day is one
    event, coded at Kramatorsk (CODEBOOK.md: one act per place per day).
    """
    def vague(ev: OpenEvent) -> bool:
        return ev.place is None or ev.place.rank >= RANK_COUNTRY

    out: list[OpenEvent] = []
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


def fold_generic(events: list[OpenEvent]) -> list[OpenEvent]:
    """Fold an event opened only by a generic cue ("was killed", "attacked") into a specific
    one told of the same day at the same or an unnamed place.

    "A soldier was killed in Syria on Thursday. He died of wounds from a roadside bomb" is
    one IED event, not a clash and a bombing.
    """
    def vague(ev: OpenEvent) -> bool:
        return ev.place is None or ev.place.rank >= RANK_COUNTRY

    out: list[OpenEvent] = []
    for ev in events:
        m = ev.mention
        if ev.strength < 0.6:
            # a clash after an attack that killed civilians is another act, with other sides
            apart = m.sub_event_type == "Attack" and bool(ev.killed)
            host = next((o for o in events if o is not ev and o.strength >= 0.6
                         and (o.mention.event_type == "Explosions/Remote violence" or not apart)
                         # (an attack folds into a battle or a bombing, not into a looting)
                         and (o.mention.event_type in _VIOLENT
                              or o.mention.event_type == m.event_type)
                         and (o.mention.event_date == m.event_date or None in (
                             o.mention.event_date, m.event_date))
                         and (vague(ev) or vague(o) or getattr(o.place, "text", None)
                              == getattr(ev.place, "text", None))), None)
            if host is not None:
                host.mention.evidence.extend(e for e in m.evidence
                                             if e not in host.mention.evidence)
                host.killed = max(host.killed or 0, ev.killed or 0) if (
                    host.killed is not None or ev.killed is not None) else None
                if vague(host) and not vague(ev):
                    host.place = ev.place
                    host.mention.location_text = ev.mention.location_text
                    host.mention.location_relation = ev.mention.location_relation
                continue
        out.append(ev)
    return out


def drop_summaries(mentions: list[Mention]) -> list[Mention]:
    """Drop a country-level event when the article itemises the same act by place."""
    def family(m: Mention) -> str:
        return "crowd" if m.event_type in _CROWD else m.sub_event_type

    out = []
    for m in mentions:
        vague = m.location_text is None or is_country(m.location_text)
        # ("six killed as protests turned violent in several cities" sums up the riots and
        # the shooting it goes on to tell city by city)
        if vague and any(o is not m and family(o) == family(m)
                         and o.location_text and not is_country(o.location_text)
                         and o.event_date == m.event_date for o in mentions):
            continue
        out.append(m)
    return out
