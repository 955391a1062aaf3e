"""Event boundaries on text unlike the dev sets: when a clause is a new act, the act told
before, or no act at all.

Each report is written for this test, in the style of one kind of outlet (wire copy, a
ministry statement, a humanitarian bulletin, a live blog, translated press).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigact.extract.actdate import dated_lines
from sigact.extract.notacts import is_negated, not_an_act
from sigact.records import Article, Mention

PUB = date(2024, 5, 15)  # a Wednesday


def extract(pipeline: Any, text: str, *, title: str = "", published: date = PUB
            ) -> list[Mention]:
    return pipeline([Article(id="b", title=title, text=text, published=published)])


def coded(ms: list[Mention]) -> list[tuple[str, str | None, date | None]]:
    return [(m.sub_event_type, m.location_text, m.event_date) for m in ms]


SILENT = [
    # a threat in a quote, and a rally that is only where a speech was given
    ("Houthi leader warns of escalation",
     "SANAA — A Houthi commander said on Tuesday the group would hit ships off Hodeidah if the "
     "strikes went on. 'Any attack on our ports will be answered,' he told a rally in Sanaa."),
    # a conditional
    ("Minister warns over offensive",
     "An assault on Kismayo would be a disaster for the displaced, the minister said on "
     "Monday."),
    # an act named only to be denied, and the toll of the denied act
    ("Army denies bombing market",
     "The army on Friday denied reports that its jets had bombed a market in Nyala. Residents "
     "had said on social media that several people were killed."),
    # a toll of a natural disaster
    ("Floods hit the south",
     "ADEN — Floods swept through Lahij on Sunday after two days of torrential rain. At least "
     "14 people were killed and hundreds of homes destroyed, local officials said."),
    # an act reported last week, recalled as the reason for a visit
    ("Minister visits the wounded",
     "The defence minister on Saturday visited soldiers wounded in last week's ambush near Gao "
     "at a military hospital in Bamako and promised to avenge the dead."),
    # years counted since an act
    ("Mosul marks a decade",
     "Residents of Mosul on Monday marked ten years since Islamic State fighters seized the "
     "city, with a minute of silence in the old town."),
]


def test_a_month_that_holds_the_day_restates_the_act(pipeline: Any) -> None:
    ms = extract(pipeline, "BAMAKO — Police fired tear gas at hundreds of protesters marching on "
                 "the national assembly in Bamako on Tuesday. The demonstration, the third this "
                 "month, was peaceful until officers moved in.")
    assert coded(ms) == [("Protest with intervention", "Bamako", date(2024, 5, 14))]


def test_a_definite_clash_restates_the_fight_just_told(pipeline: Any) -> None:
    ms = extract(pipeline, "Soldiers and militants fought near Gao on Monday, leaving nine "
                 "dead, the army said. The clashes took place at a bridge on the road out of "
                 "the town, where troops had set up a checkpoint.")
    assert [(m.event_type, m.event_date) for m in ms] == [("Battles", date(2024, 5, 13))]


def test_an_undated_highlight_is_the_act_the_bulletin_dates_later(pipeline: Any) -> None:
    ms = extract(pipeline, "FLASH UPDATE No. 1\n\nHIGHLIGHTS\n- At least 20 people killed in "
                 "an attack on a camp for displaced people\n\nSITUATION OVERVIEW\nOn the night "
                 "of 11 to 12 May 2024, gunmen attacked a camp in Baidoa, killing at least 20 "
                 "people.")
    assert [(m.location_text, m.event_date, m.fatalities) for m in ms] == [
        ("Baidoa", date(2024, 5, 11), 20)]


def test_attackers_arrested_after_a_fight_are_its_outcome(pipeline: Any) -> None:
    ms = extract(pipeline, "09:40 Police said officers fought the gunmen who stormed the "
                 "checkpoint in Mogadishu late on Tuesday. Three of the attackers were killed "
                 "and two were arrested, a spokesman said.\n10:15 Police have since detained "
                 "more people.")
    assert [m.event_type for m in ms] == ["Battles"]


def test_a_second_act_after_a_day_after_phrase_is_dated_a_day_before(pipeline: Any) -> None:
    ms = extract(pipeline, "Police in Kirkuk on Tuesday detained about 300 people at a protest "
                 "camp, a day after supporters of the governor stormed and torched the "
                 "provincial council building.")
    assert sorted((m.sub_event_type, m.event_date) for m in ms) == [
        ("Arrests", date(2024, 5, 14)), ("Violent demonstration", date(2024, 5, 13))]


def test_a_statements_date_line_dates_its_today(pipeline: Any) -> None:
    ms = extract(pipeline, "MINISTRY OF DEFENCE — PRESS RELEASE\n\nMogadishu, 12 May 2024\n\n"
                 "Our forces have today taken full control of the town of Jowhar after "
                 "heavy fighting with al-Shabaab.", title="Press release")
    assert [m.event_date for m in ms] == [date(2024, 5, 12)]


def test_date_lines_are_only_place_and_full_date() -> None:
    text = "Kyiv, 12 May 2024\nOn 12 May 2024 drones hit Kyiv.\nMay 2, 2024\nBaghdad, 1 May 2023"
    assert [d for _, d in dated_lines(text, published=PUB)] == [date(2024, 5, 12),
                                                                  date(2024, 5, 2)]


@pytest.mark.parametrize(("text", "cue", "told"), [
    ("Any attack on the port will be answered.", "attack", False),
    ("An offensive on the city would be catastrophic.", "offensive", False),
    ("The attack on the base would later be investigated.", "attack", True),
    ("The attack could have been prevented, officials said.", "attack", True),
])
def test_an_act_under_a_conditional_or_any_is_no_act(text: str, cue: str, told: bool
                                                     ) -> None:
    s = text.index(cue)
    assert (not is_negated(text, s, s + len(cue))) is told


@pytest.mark.parametrize(("text", "cue", "told"), [
    ("Crowds held a rally in the square.", "rally", True),
    ("'We will not give up,' he told a rally in the square.", "rally", False),
    ("Families of those killed in last month's raid demanded answers.", "raid", False),
    ("Police detained dozens at a protest camp.", "protest", False),
])
def test_cues_that_name_a_venue_or_a_past_act(text: str, cue: str, told: bool) -> None:
    s = text.index(cue)
    kind = "protest" if cue in ("rally", "protest") else "attack"
    assert (not not_an_act(text, kind, s, s + len(cue))) is told


SILENT_MORE = [
    # an act years before the talks the report is about
    ("Talks resume",
     "Negotiators for the government and the rebels resumed talks in Khartoum on Monday, more "
     "than two years after the last round collapsed following a bombing in Omdurman that "
     "killed 30 people."),
    # a toll summed up over the year
    ("Envoy visits the north",
     "The UN envoy visited Gao on Tuesday. Aid groups say clashes between jihadist factions "
     "around Menaka have displaced thousands this year."),
    # a fear, not an act
    ("Families flee",
     "Some families have left Baidoa for Mogadishu, afraid of revenge attacks, elders said on "
     "Monday."),
]


def test_the_attacker_arrested_after_the_attack_is_its_outcome(pipeline: Any) -> None:
    ms = extract(pipeline, "A man stabbed two worshippers to death outside a mosque in Kirkuk "
                 "on Friday, police said. The attacker was overpowered by passers-by and "
                 "arrested by police in a nearby street on Saturday.")
    assert len(ms) == 1 and ms[0].sub_event_type != "Arrests"


def test_a_claim_saying_what_was_taken_restates_the_attack(pipeline: Any) -> None:
    ms = extract(pipeline, "Gunmen attacked an army post near Menaka on Monday, killing nine "
                 "soldiers, the army said. JNIM claimed the attack in a statement on Tuesday, "
                 "saying it had seized weapons and vehicles.")
    assert [m.event_type for m in ms] == ["Battles"]


def test_a_dated_dateline_dates_no_act(pipeline: Any) -> None:
    ms = extract(pipeline, "MOGADISHU, 15 May — Gunmen attacked a police station in Mogadishu "
                 "on Tuesday, killing two officers.", title="Police station attacked")
    assert [m.event_date for m in ms] == [date(2024, 5, 14)]


def test_a_dateline_repeated_inside_the_text_is_no_event_place(pipeline: Any) -> None:
    ms = extract(pipeline, "BAMAKO, 15 mai (Agence) - Les autorités ont décrété un deuil.\n\n"
                 "(Translated from French)\n\nBAMAKO, May 15 - Mali declared national mourning "
                 "on Wednesday after the attack. Gunmen stormed the village of Ogossagou "
                 "on Monday and killed 40 villagers, officials said.")
    assert [(m.location_text, m.event_date) for m in ms] == [("Ogossagou", date(2024, 5, 13))]


def test_suspects_rounded_up_after_a_bombing_are_its_aftermath(pipeline: Any) -> None:
    ms = extract(pipeline, "A suicide bomber blew himself up at a checkpoint in Mogadishu on "
                 "Sunday, killing five people. Police said they had arrested four suspects in "
                 "raids in Mogadishu and Baidoa since Sunday.")
    assert [m.sub_event_type for m in ms] == ["Suicide bomb"]


SILENT_PAST = [
    # a verdict about an act whose year follows its name, and the toll in a relative clause
    ("Court convicts bomb plotters",
     "A court in Baghdad on Tuesday found six men guilty of charges linked to the suicide "
     "bombing in Karrada in July 2016, which killed more than 300 people."),
    # a trial about an act named by its year, and the toll told in a relative clause
    ("Court hears appeal",
     "Judges in Mogadishu on Tuesday heard the appeal of a former militia leader convicted of "
     "ordering the 2011 massacre in Afgooye, in which some 90 villagers were killed."),
    # a span of years
    ("Exhibition opens",
     "An exhibition opened in Aleppo on Saturday showing photographs of the city, where "
     "shelling killed thousands of people between 2012 and 2016."),
    # the contents of a report
    ("Aid worker deaths",
     "At least 280 aid workers were killed last year, the UN said on Friday. Attacks on aid "
     "convoys in Darfur and shelling of warehouses in Mosul were among the incidents listed."),
]


def test_a_similar_fight_months_before_adds_no_toll(pipeline: Any) -> None:
    ms = extract(pipeline, "Fighting between armed youth from two clans near Beledweyne killed "
                 "at least 16 people on Saturday, an official said. The violence follows "
                 "similar fighting in the same district in March that killed 30.")
    assert [(m.event_type, m.fatalities) for m in ms] == [("Battles", 16)]


def test_an_operation_to_arrest_is_no_arrest(pipeline: Any) -> None:
    ms = extract(pipeline, "Troops stormed the old city of Hebron at dawn on Tuesday, sparking "
                 "clashes in which two young men were killed. The army said its forces came "
                 "under fire during an operation to arrest wanted men.")
    assert [m.sub_event_type for m in ms if m.sub_event_type == "Arrests"] == []


@pytest.mark.parametrize(("text", "weapons"), [
    ("In the capital, bombers struck two churches and a hotel.", ["suicide vest"]),
    ("A would-be bomber was shot by police before he could detonate.", ["suicide vest"]),
    ("Russia flew Tu-95 bombers over the Baltic.", ["aircraft"]),
    ("Strikes using fighter and bomber aircraft hit the town.", ["aircraft"]),
])
def test_a_bare_bomber_is_a_person_a_typed_one_an_aircraft(text: str, weapons: list[str]
                                                           ) -> None:
    from sigact.extract.triggers import weapon_names

    assert weapon_names(text) == weapons


def test_state_fire_on_people_trying_to_march_is_excessive_force(pipeline: Any) -> None:
    ms = extract(pipeline, "At least nine people were killed in Kirkuk on Friday when police "
                 "and soldiers opened fire on farmers who were trying to march on the "
                 "governor's office, the ombudsman said.", title="Nine dead in Kirkuk")
    assert [m.sub_event_type for m in ms] == ["Excessive force against protesters"]


def test_a_decade_of_background_is_no_event(pipeline: Any) -> None:
    ms = extract(pipeline, "Clan wars in the valleys around Beledweyne are old. Fighting with "
                 "spears gave way in the 2000s to rifles bought with remittances.",
                 title="Analysis: the clan wars")
    assert coded(ms) == []


def test_the_means_of_an_assault_are_no_second_act(pipeline: Any) -> None:
    ms = extract(pipeline, "COMMUNIQUE — On Tuesday the army post at Menaka was attacked by "
                 "hundreds of heavily armed terrorists. Our forces fought back for hours. The "
                 "assailants used mortars and vehicles loaded with explosives driven by suicide "
                 "attackers.", title="Communique")
    assert len(ms) == 1 and ms[0].event_date == date(2024, 5, 14)


@pytest.mark.parametrize(("inter2", "sub"), [(1, "Armed clash"), (2, "Armed clash"),
                                             (7, "Attack"), (None, "Attack")])
def test_an_attack_on_an_armed_side_is_a_battle(inter2: int | None, sub: str) -> None:
    from sigact.extract.acttype import settle_attack
    from sigact.records import Actor

    m = Mention(doc="b", event_type="Violence against civilians", sub_event_type="Attack",
                actor1=Actor("JNIM: Group for Support of Islam and Muslims", 2),
                actor2=Actor("Police Forces of Mali", inter2))
    settle_attack(m)
    assert (m.sub_event_type, m.event_type == "Battles") == (sub, sub == "Armed clash")


def test_militants_attacking_a_gendarmerie_school_fight_a_battle(pipeline: Any) -> None:
    ms = extract(pipeline, "Militants attacked a gendarmerie training school in Bamako before "
                 "dawn on Tuesday, the army said, adding that the attackers had been "
                 "neutralised.")
    assert [m.event_type for m in ms] == ["Battles"]


ALL_SILENT = SILENT + SILENT_MORE + SILENT_PAST


@pytest.mark.parametrize(("title", "text"), ALL_SILENT, ids=[t for t, _ in ALL_SILENT])
def test_reports_that_tell_no_new_act_stay_silent(pipeline: Any, title: str, text: str
                                                   ) -> None:
    assert coded(extract(pipeline, text, title=title)) == []


def test_those_involved_detained_after_an_attack_are_its_aftermath(pipeline: Any) -> None:
    ms = extract(pipeline, "Drones struck an air base near Kharkiv on Sunday, the ministry said. "
                 "It said there were no casualties and that some of those involved had been "
                 "detained.")
    assert [m.sub_event_type for m in ms if m.sub_event_type == "Arrests"] == []
