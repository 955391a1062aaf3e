"""RuleExtractor on short hand-written reports (several conflicts and styles)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from sigact.extract import RuleExtractor, make_extractor
from sigact.extract.nlp import load_nlp
from sigact.pipeline import registered
from sigact.records import Actor, Article, Mention


@pytest.fixture(scope="module")
def nlp() -> Iterator[Any]:
    yield load_nlp()


@pytest.fixture(scope="module")
def extractor(nlp: Any) -> RuleExtractor:
    return make_extractor(nlp=nlp)


def run(ex: RuleExtractor, text: str, published: date | None = date(2024, 1, 10)) -> list[Mention]:
    return ex([Article(id="t", text=text, published=published, url="http://x/1", outlet="X")])


KATYUSHA = (
    "BAGHDAD (Tigris Wire) - Katyusha rockets hit a base hosting US troops in Anbar on "
    "Wednesday; the day prior, drones were downed over the same base. In Syria, eight rounds "
    "of indirect fire landed inside the Green Village base. No one was hurt. The Coalition "
    "blamed Iran-backed militias for the attacks."
)


def test_registered() -> None:
    assert "extract.rules.v1" in registered("extract")


def test_ruler_fixes_weapon_and_site_labels(nlp: Any) -> None:
    doc = nlp("Katyusha rockets hit Ain al-Asad air base.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Katyusha") != "GPE"
    assert labels.get("Ain al-Asad") == "FAC"


def test_katyusha_example(extractor: RuleExtractor) -> None:
    events = run(extractor, KATYUSHA)  # published Wednesday 10 January 2024
    got = [(e.sub_event_type, e.event_date, e.location_text) for e in events]
    assert got == [
        ("Shelling/artillery/missile attack", date(2024, 1, 10), "Anbar"),
        ("Air/drone strike", date(2024, 1, 9), "Anbar"),
        ("Shelling/artillery/missile attack", date(2024, 1, 10), "Green Village base"),
    ]
    for e in events:
        assert e.fatalities == 0
        assert e.actor1 is not None and e.actor1.name.startswith("Unidentified Armed Group")
        assert any(c.kind == "blame" for c in e.claims)
        assert e.url == "http://x/1" and e.outlet == "X" and e.published == date(2024, 1, 10)
    # The dateline is not a place of any event, and evidence points into the text.
    assert all("BAGHDAD" not in (e.location_text or "") for e in events)
    ev = events[0].evidence[0]
    assert KATYUSHA[ev.start : ev.end] == ev.text and "Katyusha" in ev.text
    assert events[1].weapons == ["drone"]


def test_strike_list_by_place(extractor: RuleExtractor) -> None:
    text = (
        "On Jan. 8, coalition forces conducted seven strikes in Syria using fighter and "
        "remotely piloted aircraft.\n"
        "Near Raqqa, four strikes destroyed two fighting positions and a tank.\n"
        "Near Palmyra, two strikes engaged an ISIL tactical unit.\n"
        "Near Deir ez-Zor, one strike destroyed an oil well head."
    )
    events = run(extractor, text)
    assert [e.location_text for e in events] == ["Raqqa", "Palmyra", "Deir ez-Zor"]
    assert {e.sub_event_type for e in events} == {"Air/drone strike"}
    assert {e.event_date for e in events} == {date(2024, 1, 8)}
    assert all(e.location_relation == "near" for e in events)


def test_two_sites_in_one_sentence_are_two_events(extractor: RuleExtractor) -> None:
    text = "Rockets struck Ain al-Asad air base and Harir air base on Tuesday, officials said."
    events = run(extractor, text)
    assert sorted(e.location_text or "" for e in events) == ["Ain al-Asad air base",
                                                              "Harir air base"]


def test_casualty_update_attaches_to_the_same_event(extractor: RuleExtractor) -> None:
    text = (
        "A car bomb exploded at a crowded market in Mogadishu on Monday, killing at least "
        "eight people. Hospital officials later said the death toll had risen to 12. "
        "The bombing was the deadliest in the city this year."
    )
    events = run(extractor, text, published=date(2024, 3, 5))
    assert len(events) == 1
    e = events[0]
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.fatalities == 12
    assert e.event_date == date(2024, 3, 4)
    assert len(e.evidence) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "The foreign minister visited troops in Erbil on Tuesday and praised their work.",
        "Officials warned that militias could attack bases in Iraq if the talks fail.",
        "The army denied that any air strike had taken place near Kidal.",
        "Both armies held joint exercises near the border on Monday.",
    ],
)
def test_statements_and_hypotheticals_give_nothing(extractor: RuleExtractor, text: str) -> None:
    assert run(extractor, text) == []


def test_no_event_article_skips_the_parse(nlp: Any) -> None:
    class Spy:
        calls = 0

        def pipe(self, texts: Any, **kw: Any) -> Any:
            texts = list(texts)
            Spy.calls += len(texts)
            return nlp.pipe(texts, **kw)

    ex = RuleExtractor(nlp=Spy())  # type: ignore[arg-type]
    arts = [
        Article(id="a", text="Shares rose on Tuesday as markets welcomed the budget."),
        Article(id="b", text="Gunmen attacked a police checkpoint in Kano on Monday."),
    ]
    ex(arts)
    assert Spy.calls == 1


def test_unknown_publication_date_lowers_precision(extractor: RuleExtractor) -> None:
    events = run(extractor, "Clashes erupted between troops and rebels in Goma.", None)
    assert len(events) == 1
    assert events[0].event_date is None and events[0].time_precision == 3
    assert "date" in events[0].notes


def test_background_events_are_dropped(extractor: RuleExtractor) -> None:
    text = "Rockets hit Kyiv on 3 March 2023, the mayor recalled in a speech on Tuesday."
    assert run(extractor, text) == []


def test_protest_dispersed(extractor: RuleExtractor) -> None:
    text = (
        "Thousands of protesters marched in Khartoum on Sunday. Police fired tear gas to "
        "disperse the crowd."
    )
    events = run(extractor, text)
    assert [e.sub_event_type for e in events] == ["Protest with intervention"]


# -- places, countries and duplicates (no model needed: entities set by hand) ------------------

def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Any:
    import spacy
    from spacy.tokens import Doc, Span

    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def test_words_of_a_personal_name_are_not_places() -> None:
    from sigact.extract.eventplace import is_place_ent

    doc = _doc(["The", "army", "detained", "Aung", "San", "Suu", "Kyi", "in", "Naypyidaw", "."],
               [(3, 5, "GPE"), (6, 7, "GPE"), (8, 9, "GPE")])
    assert [e.text for e in doc.ents if is_place_ent(e)] == ["Naypyidaw"]


def test_nationality_flag_and_street_are_not_places() -> None:
    from sigact.extract.eventplace import is_place_ent

    doc = _doc(["Missiles", "hit", "Ukrainian", "cities", "and", "a", "ship", "under", "the",
                "flag", "of", "Liberia", "near", "Palestine", "Street", "in", "Kharkiv"],
               [(2, 3, "GPE"), (11, 12, "GPE"), (13, 14, "GPE"), (16, 17, "GPE")])
    assert [e.text for e in doc.ents if is_place_ent(e)] == ["Kharkiv"]


def test_generic_or_shared_region_names_give_no_country() -> None:
    from sigact.extract.places import region_country

    assert region_country("Central") is None  # a Botswana district, and a word
    assert region_country("North") is None
    assert region_country("Anbar") == "Iraq"
    assert region_country("Kidal") == "Mali"


class _FakeGazetteer:
    """Two exact "Springfield"s in different countries, one "Kramatorsk"."""

    def lookup(self, name: str, *, limit: int = 10) -> list[Any]:
        from types import SimpleNamespace as C

        rows = {"springfield": [C(country="United States", match=0),
                                C(country="Jamaica", match=0)],
                "kramatorsk": [C(country="Ukraine", match=0), C(country="Russia", match=2)]}
        return rows.get(name.lower(), [])[:limit]


def test_country_only_from_an_unambiguous_exact_gazetteer_match() -> None:
    from sigact.extract.eventplace import gazetteer_country

    gaz = _FakeGazetteer()
    assert gazetteer_country(gaz, "Kramatorsk") == "Ukraine"
    assert gazetteer_country(gaz, "Springfield") is None
    assert gazetteer_country(gaz, "Lido") is None


def test_a_town_that_dwarfs_its_namesakes_abroad_gives_its_country() -> None:
    from types import SimpleNamespace

    from sigact.extract.eventplace import gazetteer_country

    def cand(country: str, population: int) -> SimpleNamespace:
        return SimpleNamespace(country=country, population=population, match=0)

    class Gaz:
        def lookup(self, name: str, *, limit: int = 10) -> list[SimpleNamespace]:
            return {"Odesa": [cand("Ukraine", 1_000_000), cand("United States", 12_000)],
                    "Tripoli": [cand("Libya", 1_100_000), cand("Lebanon", 230_000)]}[name]

    assert gazetteer_country(Gaz(), "Odesa") == "Ukraine"
    assert gazetteer_country(Gaz(), "Tripoli") is None  # both cities are large: ambiguous
    # the country the report is in wins when the name has a match there
    assert gazetteer_country(Gaz(), "Tripoli", prefer="Lebanon") == "Lebanon"
    assert gazetteer_country(Gaz(), "Odesa", prefer="United States") == "United States"
    assert gazetteer_country(Gaz(), "Odesa", prefer="Mali") == "Ukraine"


def test_a_country_level_event_is_absorbed_by_the_precise_one() -> None:
    from sigact.extract.events import OpenEvent, absorb_vague
    from sigact.extract.places import RANK_COUNTRY, RANK_REGION, RANK_TOWN, PlacePhrase

    def ev(place: str | None, rank: int, etype: str = "Explosions/Remote violence") -> OpenEvent:
        m = Mention(doc="t", event_type=etype, sub_event_type="x",
                    event_date=date(2024, 7, 8), time_precision=1)
        p = PlacePhrase(place, "in", rank, 0, 1) if place else None
        return OpenEvent(m, p, True, 0.8, killed=3 if place is None else None)

    town, country, region = ev("Kyiv", RANK_TOWN), ev("Ukraine", RANK_COUNTRY), \
        ev("Idlib", RANK_REGION)
    none, battle = ev(None, RANK_TOWN), ev("Ukraine", RANK_COUNTRY, "Battles")
    kept = absorb_vague([country, town, region, none, battle])
    assert kept == [town, region, battle]  # another day or type would stay separate
    assert town.killed == 3


def test_extractor_keeps_no_per_document_state(extractor: RuleExtractor) -> None:
    before = dict(vars(extractor))
    run(extractor, "Drones struck a base in Anbar on Monday. Rockets hit Erbil on Tuesday.")
    assert vars(extractor) == before


def test_a_perpetrators_claimed_toll_is_not_the_fatality_count(extractor: RuleExtractor) -> None:
    (m,) = run(extractor, "Gunmen attacked an army base in Mopti on Tuesday, killing 12 soldiers. "
               "The militants, who claimed responsibility, said their fighters had killed "
               "hundreds.")
    assert m.fatalities == 12


@pytest.mark.parametrize(("text", "where", "relation"), [
    # "the Syrian city of X": nothing before the name contains it, so it is the place
    ("Drones hit an ammunition depot in the Syrian city of Hama on Monday, killing two "
     "soldiers.", "Hama", "in"),
    # at sea: coded to the port it is located from, at "km"/"near" precision
    ("A missile struck the cargo ship Sea Star in the Gulf of Aden on Tuesday, 60 nautical "
     "miles east of Aden, the navy said.", "Aden", "km"),
    # a sea area alone stays the place; no port is invented
    ("A missile struck the cargo ship Sea Star in the Red Sea on Tuesday, the navy said.",
     "Red Sea", "in"),
    # the named site of a later sentence replaces "a US base in eastern Syria"
    ("A drone struck a small US base in eastern Syria on Sunday, killing one soldier. The "
     "base, known as Camp Falcon, hosts about 200 troops.", "Camp Falcon", "in"),
    # a square owned by a town carries the town for the geocoder to fall back on
    ("A car bomb exploded in Mosul's Zzyzx Square on Friday, killing six people.",
     "Zzyzx Square, Mosul", "in"),
    # a building named in apposition is not the place; the town is
    ("A missile hit the city of Odesa on Tuesday, striking Lisova, the city's main maternity "
     "hospital, and killing four people.", "Odesa", "in"),
    # a clause with no place of its own takes the last place named before it
    ("Officials in Kirkuk counted the damage on Friday. Rockets had struck the northern city "
     "late on Thursday, killing two people.", "Kirkuk", "in"),
    # an unnamed village in a district takes the name a later sentence gives the attack
    ("Jets bombed a village in Kandahar province on Monday, killing nine people. Rights "
     "groups condemned the attack on Panjwai and called for an inquiry.", "Panjwai", "in"),
    # a ship's destination is not the place; with no other place the event stays placeless
    ("Gunmen seized the cargo ship Sea Star on Sunday while it was sailing from Egypt to "
     "India.", None, "in"),
    # a village located from a town: one event, named with the town as its anchor
    ("A roadside bomb killed three soldiers on Monday near the village of Zzyzx, 20 km north "
     "of Mosul.", "Zzyzx, Mosul", "near"),
])
def test_event_place_comes_from_its_own_clause(
    extractor: RuleExtractor, text: str, where: str | None, relation: str
) -> None:
    ms = run(extractor, text)
    assert [(m.location_text, m.location_relation) for m in ms] == [(where, relation)]


def test_distance_and_off_phrases_are_near_relations() -> None:
    from sigact.extract.places import _KM_BEFORE, _NEAR_BEFORE

    assert _KM_BEFORE.search("about 35 nautical miles south of the Yemeni port of ")
    assert _NEAR_BEFORE.search("the ship was attacked off ")
    assert _NEAR_BEFORE.search("near the village of ")
    assert not _NEAR_BEFORE.search("fighting in the ")


def test_compass_blocs_and_a_persons_story_are_not_places(nlp: Any) -> None:
    from spacy.tokens import Span

    from sigact.extract.places import find_places

    doc = nlp("Allies in the West condemned the raid on Mosul, whose mayor in Basra was hurt.")
    ents = [Span(doc, 3, 4, label="LOC"), Span(doc, 8, 9, label="GPE"),
            Span(doc, 13, 14, label="GPE")]
    assert [e.text for e in ents] == ["West", "Mosul", "Basra"]
    assert [p.text for p in find_places(doc[:], ents=ents)] == ["Mosul"]


def test_a_site_takes_the_town_its_clause_opens_with(nlp: Any) -> None:
    from sigact.extract.eventplace import event_places
    from sigact.extract.places import RANK_SITE, PlacePhrase

    text = "Crowds grew. In Mosul, police detained mourners at the Zzyzx Stone on Friday."
    at = text.index("Mosul"), text.index("Zzyzx")
    town = PlacePhrase("Mosul", "in", 1, at[0], at[0] + 5)
    site = PlacePhrase("Zzyzx Stone", "in", RANK_SITE, at[1], at[1] + 11)
    assert [p.text for p in event_places([town, site], clause_text=text)
            if p is not None] == ["Zzyzx Stone, Mosul"]


def test_a_name_after_a_persons_title_is_not_a_place(nlp: Any) -> None:
    from spacy.tokens import Span

    from sigact.extract.places import find_places

    doc = nlp("Rockets hit Mosul on Monday, military spokesman Basra told reporters.")
    ents = [Span(doc, 2, 3, label="GPE"), Span(doc, 8, 9, label="GPE")]  # as a gazetteer tags
    assert [e.text for e in ents] == ["Mosul", "Basra"]
    assert [p.text for p in find_places(doc[:], ents=ents)] == ["Mosul"]


def test_a_place_naming_a_branch_of_a_group_is_not_a_place(nlp: Any) -> None:
    from spacy.tokens import Span

    from sigact.extract.places import find_places

    doc = nlp("Gunmen raided Mosul on Monday, and the Basra branch of the movement claimed it.")
    ents = [Span(doc, 2, 3, label="GPE"), Span(doc, 8, 9, label="GPE")]
    assert [e.text for e in ents] == ["Mosul", "Basra"]
    assert [p.text for p in find_places(doc[:], ents=ents)] == ["Mosul"]


def test_a_death_from_illness_is_no_fatality() -> None:
    from sigact.extract.counts import casualties
    from sigact.extract.events import without_natural_deaths

    text = "A guard died of a heart attack during the alarm, and two soldiers were killed."
    assert casualties(text).killed == 3
    assert casualties(without_natural_deaths(text)).killed == 2
    assert casualties(without_natural_deaths("A guard died of wounds at the base.")).killed == 1


def test_a_death_from_illness_adds_no_fatality(extractor: RuleExtractor) -> None:
    text = ("Gunmen killed five farmers in Mosul on Monday. "
            "A guard at the market died of a heart attack while sheltering.")
    out = run(extractor, text)
    assert len(out) == 1, out
    assert out[0].fatalities == 5


def test_a_region_naming_an_armed_group_is_not_a_place(nlp: Any) -> None:
    from spacy.tokens import Span

    from sigact.extract.places import find_places

    doc = nlp("Basra rebels said they had overrun a base near Mosul on Monday.")
    ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 9, 10, label="GPE")]
    assert [e.text for e in ents] == ["Basra", "Mosul"]
    assert [p.text for p in find_places(doc[:], ents=ents)] == ["Mosul"]


def test_a_list_of_towns_is_no_containment_and_a_site_takes_its_town(nlp: Any) -> None:
    from spacy.tokens import Span

    from sigact.extract.eventplace import event_places
    from sigact.extract.places import find_places

    doc = nlp("Rallies were held in Mosul, Basra and Erbil on Monday.")
    ents = [Span(doc, 4, 5, label="GPE"), Span(doc, 6, 7, label="GPE"),
            Span(doc, 8, 9, label="GPE")]
    assert [e.text for e in ents] == ["Mosul", "Basra", "Erbil"]
    found = find_places(doc[:], ents=ents)
    assert [p.text for p in found if not p.contained] == ["Mosul", "Basra", "Erbil"]
    doc = nlp("Crowds gathered near the Zzyzx Stone hall in central Mosul on Monday.")
    ents = [Span(doc, 4, 6, label="FAC"), Span(doc, 9, 10, label="GPE")]
    assert [e.text for e in ents] == ["Zzyzx Stone", "Mosul"]
    places = find_places(doc[:], ents=ents)
    assert [p.text for p in event_places(places, clause_text=doc.text)
            if p is not None] == ["Zzyzx Stone, Mosul"]


def test_an_earlier_act_after_a_day_after_lends_nothing(extractor: RuleExtractor) -> None:
    text = ("Rockets hit a base in Mosul on Tuesday, a day after a drone attack killed a guard, "
            "officials said.")
    out = [m for m in run(extractor, text) if m.location_text == "Mosul"]
    assert len(out) == 1, out
    assert (out[0].sub_event_type, out[0].fatalities) == ("Shelling/artillery/missile attack", 0)
    assert "drone" not in out[0].weapons


def test_a_site_naming_an_earlier_events_town_does_not_move_the_last(
        extractor: RuleExtractor) -> None:
    text = ("A drone struck a base near Mosul on Monday. Later on Monday, jets struck depots "
            "in Nineveh province. Officials denied any role in the attack on the Mosul base.")
    places = [m.location_text for m in run(extractor, text)]
    assert "Mosul base" not in places, places
    assert any(p and "Nineveh" in p for p in places), places


def test_crowds_are_the_first_side_of_protests_and_riots(extractor: RuleExtractor) -> None:
    peaceful = run(extractor, "Thousands of people marched peacefully through central Lviv on "
                              "Tuesday to demand the return of prisoners of war from Ukraine.")
    assert [(m.sub_event_type, m.actor1) for m in peaceful] == [
        ("Peaceful protest", Actor("Protesters (Ukraine)", 6))
    ]
    riot = run(extractor, "Demonstrators set fire to tyres and pelted police with stones in "
                          "Niamey, Niger on Tuesday.")
    assert riot and riot[0].sub_event_type == "Violent demonstration"
    assert riot[0].actor1 == Actor("Rioters (Niger)", 5)
