"""Event cues beyond one keyword, on reports we wrote (several conflicts, several outlets' styles).

Each test pins one general phrasing: coordinated acts, towns listed in a condemnation, a
headline's weapon, casualties that place an event, hometowns, month names that look like modals.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sigact.records import Article, Mention

PUB = date(2024, 5, 15)  # a Wednesday


def extract(pipeline: Any, text: str, *, title: str | None = None,
            published: date | None = PUB) -> list[Mention]:
    return pipeline([Article(id="t", text=text, title=title, published=published)])


def coded(ms: list[Mention]) -> list[tuple[str, str | None]]:
    return [(m.sub_event_type, m.location_text) for m in ms]


def test_coordinated_acts_keep_their_own_weapon_place_and_day(pipeline: Any) -> None:
    ms = extract(pipeline, "The ministry condemned both the al-Shabaab attack this morning at a "
                           "busy market in Mogadishu, and the car bomb attacks in Baidoa on "
                           "Monday.")
    assert coded(ms) == [("Attack", "Mogadishu"), ("Remote explosive/landmine/IED", "Baidoa")]
    assert [m.event_date for m in ms] == [PUB, date(2024, 5, 13)]
    assert ms[0].weapons == [] and ms[1].weapons == ["car bomb"]


def test_an_and_without_a_new_act_does_not_split(pipeline: Any) -> None:
    ms = extract(pipeline, "Gunmen attacked villagers near Gao on Monday, and the raid killed "
                           "seven people.")
    assert coded(ms) == [("Attack", "Gao")]
    assert ms[0].fatalities == 7


def test_towns_listed_in_a_condemnation_are_one_event_each(pipeline: Any) -> None:
    ms = extract(pipeline, "The government condemns the bombings today in the towns of Zinjibar "
                           "in Abyan province, and the port city of Aden, where dozens of people "
                           "were hurt.")
    # the town is handed to the geocoder with the province that contains it
    assert coded(ms) == [("Remote explosive/landmine/IED", "Zinjibar, Abyan"),
                         ("Remote explosive/landmine/IED", "Aden")]
    assert [m.place.location if m.place else None for m in ms] == ["Zinjibar", "Aden"]


def test_a_terrorist_attack_is_an_attack_on_civilians(pipeline: Any) -> None:
    ms = extract(pipeline, "We condemn the terrorist attacks this weekend in Nyala and El "
                           "Fasher.")
    assert [m.sub_event_type for m in ms] == ["Attack", "Attack"]
    assert {m.location_text for m in ms} == {"Nyala", "El Fasher"}
    assert all(m.actor2 is not None and m.actor2.name == "Civilians (Sudan)" and
               m.actor2.inter == 7 for m in ms)
    # an armed target still makes it a clash, terror or not
    ms = extract(pipeline, "A terrorist attack on an army checkpoint near Djibo killed four "
                           "soldiers on Tuesday.")
    assert [m.sub_event_type for m in ms] == ["Armed clash"]


def test_the_headline_weapon_types_a_generic_attack(pipeline: Any) -> None:
    text = "The attack on Baidoa airport on Tuesday wounded two guards, officials said."
    ms = extract(pipeline, text, title="Mortar attack hits Baidoa airport")
    assert [m.sub_event_type for m in ms] == ["Shelling/artillery/missile attack"]
    assert ms[0].weapons == ["mortar"]
    # without the headline nothing in the sentence says shelling
    assert all(m.sub_event_type != "Shelling/artillery/missile attack"
               for m in extract(pipeline, text))


def test_a_death_by_a_roadside_bomb_is_an_ied_event(pipeline: Any) -> None:
    ms = extract(pipeline, "Two soldiers were killed by a roadside bomb near Mopti on Sunday.")
    assert coded(ms) == [("Remote explosive/landmine/IED", "Mopti")]
    assert ms[0].fatalities == 2 and ms[0].weapons == ["IED"]


def test_a_month_named_may_is_no_hypothetical(pipeline: Any) -> None:
    ms = extract(pipeline, "Corporal Dana Kirk, 24, of Tulsa, Oklahoma, died May 12 near "
                           "Kherson of wounds sustained in a landmine blast.")
    assert coded(ms) == [("Remote explosive/landmine/IED", "Kherson")]
    assert ms[0].event_date == date(2024, 5, 12) and ms[0].fatalities == 1
    # "may" as a modal still marks a hypothetical
    assert extract(pipeline, "Officials said rebels may attack villagers near Kherson.") == []


def test_a_hometown_is_not_where_the_soldier_fell(pipeline: Any) -> None:
    ms = extract(pipeline, "Private Lee Hart, 31, of Odesa, died on Monday in a drone strike "
                           "near Bakhmut.")
    assert coded(ms) == [("Air/drone strike", "Bakhmut")]


def test_where_the_casualties_fell_places_a_country_level_event(pipeline: Any) -> None:
    ms = extract(pipeline, "A bomb went off in Somalia on Monday, the army said. Three "
                           "soldiers were wounded near Kismayo.")
    assert coded(ms) == [("Remote explosive/landmine/IED", "Kismayo")]
    assert ms[0].injuries == 3
    # a town named without casualties (where the statement came from) does not
    ms = extract(pipeline, "A bomb went off in Somalia on Monday. Officials in Mogadishu "
                           "condemned it.")
    assert [m.location_text for m in ms] == ["Somalia"]


def test_a_line_break_before_a_lowercase_word_only_wraps_the_sentence(pipeline: Any) -> None:
    ms = extract(pipeline, "On Monday the Saudi-led\ncoalition\n carried out four air strikes "
                           "near Sanaa.")
    assert coded(ms) == [("Air/drone strike", "Sanaa")]
    assert ms[0].actor1 is not None and ms[0].actor1.name == "Military Forces of Saudi Arabia"
    # a strike list by line still gives one event per line
    ms = extract(pipeline, "Strikes on Monday:\nNear Lashio, two strikes hit fighting "
                           "positions.\nNear Mandalay, one strike destroyed a depot.")
    assert coded(ms) == [("Air/drone strike", "Lashio"), ("Air/drone strike", "Mandalay")]


def test_a_clause_without_a_place_follows_the_text_to_the_place_it_names(
        pipeline: Any) -> None:
    text = ("Rockets struck Kharkiv on Monday, killing two people. In the south, officials "
            "described heavy damage around Kherson. Drones also hit power lines there on "
            "Monday night.")
    ms = extract(pipeline, text, published=date(2024, 5, 14))
    assert coded(ms) == [("Shelling/artillery/missile attack", "Kharkiv"),
                         ("Air/drone strike", "Kherson")]
    # places that only locate the event in its own sentence do not pull a later clause away
    text = ("A jet bombed a crowd in Pazigyi village, Kanbalu township, in the Sagaing region "
            "on Tuesday. Later a helicopter gunship fired on people who had come to help.")
    ms = extract(pipeline, text)
    assert len(ms) == 1 and ms[0].location_text is not None
    assert ms[0].location_text.startswith("Pazigyi")  # maybe named with its township


def test_a_name_followed_by_an_age_is_a_person_not_a_place(pipeline: Any) -> None:
    ms = extract(pipeline, "Staff Sergeant Paul Aden, 35, of Tulsa, died on Monday when a "
                           "roadside bomb struck his patrol near Kismayo.")
    assert coded(ms) == [("Remote explosive/landmine/IED", "Kismayo")]


def test_what_was_taken_from_a_site_was_taken_there(pipeline: Any) -> None:
    ms = extract(pipeline, "Rebels seized weapons and ammunition from an army depot near Gao "
                           "on Sunday, residents said.")
    assert coded(ms) == [("Looting/property destruction", "Gao")]
    ms = extract(pipeline, "Gunmen abducted 20 students from their school in Baidoa on Friday.")
    assert coded(ms) == [("Abduction/forced disappearance", "Baidoa")]
    # a launch site stays no place of the act
    ms = extract(pipeline, "Rockets fired from Sanaa struck Marib on Monday.")
    assert coded(ms) == [("Shelling/artillery/missile attack", "Marib")]


def test_a_demand_to_stop_attacks_reports_none(pipeline: Any) -> None:
    assert extract(pipeline, "The envoy urged the army to stop air strikes on villages near "
                             "Lashio and to end its shelling of Mandalay.") == []


def test_an_actor_inside_the_cue_is_its_perpetrator(pipeline: Any) -> None:
    ms = extract(pipeline, "A commander of the group was killed by a Russian airstrike near "
                           "Idlib on Monday.")
    assert [m.sub_event_type for m in ms] == ["Air/drone strike"]
    assert ms[0].actor1 is not None and ms[0].actor1.name == "Military Forces of Russia"
    assert ms[0].actor1.inter == 8


def test_a_strike_list_keeps_both_sides_for_every_place(pipeline: Any) -> None:
    text = ("Saudi-led coalition aircraft conducted strikes against Houthi positions on "
            "Monday.\nNear Sanaa, two strikes destroyed a depot.\nNear Marib, one strike hit a "
            "launcher.")
    ms = extract(pipeline, text)
    assert [m.location_text for m in ms] == ["Sanaa", "Marib"]
    for m in ms:
        assert m.actor1 is not None and m.actor1.name == "Military Forces of Saudi Arabia"
        assert m.actor2 is not None and m.actor2.name.startswith("Houthis")


def test_a_strike_that_hit_only_homes_has_civilians_as_its_second_side(pipeline: Any) -> None:
    ms = extract(pipeline, "A missile struck a residential block in Kharkiv on Tuesday, "
                           "killing three residents.")
    assert [m.sub_event_type for m in ms] == ["Shelling/artillery/missile attack"]
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Civilians (Ukraine)"
    ms = extract(pipeline, "A missile struck an army base near Kharkiv on Tuesday, killing "
                           "three soldiers.")
    assert ms[0].actor2 is None or ms[0].actor2.inter != 7


def test_hyphenated_weapon_words_keep_the_cue(pipeline: Any) -> None:
    ms = extract(pipeline, "The Houthis fired anti-ship missiles at a tanker west of Hodeidah "
                           "on Thursday.")
    assert [m.sub_event_type for m in ms] == ["Shelling/artillery/missile attack"]


def test_the_previous_day_counts_from_the_statement_when_nothing_came_before(
        pipeline: Any) -> None:
    ms = extract(pipeline, "The army said on Wednesday it had repelled an attack by the Arakan "
                           "Army on its positions near Sittwe the previous day.",
                 published=date(2024, 5, 16))
    assert [(m.sub_event_type, m.event_date) for m in ms] == [
        ("Armed clash", date(2024, 5, 14))]
    assert ms[0].actor1 is not None and ms[0].actor1.name == "AA: Arakan Army"


def test_crowd_arrests_belong_to_the_protest_a_leaders_arrest_does_not(pipeline: Any) -> None:
    ms = extract(pipeline, "Police fired tear gas on Tuesday to disperse thousands of "
                           "protesters in Bamako. Dozens were arrested.")
    assert coded(ms) == [("Protest with intervention", "Bamako")]
    ms = extract(pipeline, "Police arrested the opposition leader in Mogadishu on Tuesday. "
                           "Hundreds of his supporters then rioted in the city, burning tyres.")
    assert {m.sub_event_type for m in ms} == {"Arrests", "Violent demonstration"}


def test_an_assault_by_gunmen_with_grenades_is_a_clash_not_a_grenade_attack(
        pipeline: Any) -> None:
    ms = extract(pipeline, "Militants armed with rifles and grenades stormed a police station "
                           "in Gao late on Monday, killing four policemen.")
    assert [m.sub_event_type for m in ms] == ["Armed clash"]
    assert ms[0].fatalities == 4
    ms = extract(pipeline, "A man threw a grenade into a police station in Gao on Monday.")
    assert [m.sub_event_type for m in ms] == ["Grenade"]


def test_more_ways_to_report_an_air_strike(pipeline: Any) -> None:
    cases = [
        ("Russian jets pounded Aleppo overnight.", "Aleppo", "Military Forces of Russia"),
        ("The air force bombed rebel camps near Lashio on Sunday.", "Lashio", None),
        ("Russia launched 40 drones and six missiles at Odesa overnight, the air force said.",
         "Odesa", "Military Forces of Russia"),
        ("Iran carried out strikes on militant hideouts near Erbil on Monday.", "Erbil",
         "Military Forces of Iran"),
    ]
    for text, where, actor in cases:
        ms = extract(pipeline, text)
        assert [(m.sub_event_type, m.location_text) for m in ms] == [
            ("Air/drone strike", where)], text
        if actor:
            assert ms[0].actor1 is not None and ms[0].actor1.name == actor, text
            assert ms[0].actor1.inter == 8, text  # a state's forces abroad


def test_a_state_named_as_subject_is_its_forces_only_as_a_name(pipeline: Any) -> None:
    ms = extract(pipeline, "On Monday, Sudan shelled villages around Kadugli, killing four "
                           "people.")
    assert ms[0].actor1 is not None and ms[0].actor1.name == "Military Forces of Sudan"
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Civilians (Sudan)"
    # a place that is no country is no actor
    ms = extract(pipeline, "On Monday, Kadugli was shelled, killing four people.")
    assert ms[0].actor1 is not None and ms[0].actor1.name.startswith("Unidentified")


def test_an_attack_referred_back_to_is_no_new_event(pipeline: Any) -> None:
    assert extract(pipeline, "Soldiers were deployed to Gao after the attack, the governor "
                             "said on Monday.") == []
    # a fear of an attack reports none either
    assert extract(pipeline, "Residents fled Gao on Monday fearing an attack by insurgents.") \
        == []


def test_gunmen_attacking_a_village_attack_civilians(pipeline: Any) -> None:
    ms = extract(pipeline, "Security forces are hunting the gunmen who attacked a village near "
                           "Djibo on Monday.")
    assert [m.sub_event_type for m in ms] == ["Attack"]


def test_the_speaker_who_says_it_acted_is_the_actor(pipeline: Any) -> None:
    ms = extract(pipeline, "The army said it had killed 15 militants in clashes near Mopti on "
                           "Monday.")
    assert [m.sub_event_type for m in ms] == ["Armed clash"]
    assert ms[0].actor1 is not None and ms[0].actor1.name == "Military Forces of Mali"
    # a speaker who only reports is not the actor
    ms = extract(pipeline, "The army said militants had attacked a checkpoint near Mopti on "
                           "Monday.")
    assert ms[0].actor1 is not None and ms[0].actor1.name != "Military Forces of Mali"


def test_of_two_joined_subjects_the_first_named_acts(pipeline: Any) -> None:
    ms = extract(pipeline, "Two people were killed in Mandalay on Saturday when police and "
                           "soldiers opened fire on protesters.")
    # excessive force is a protest event: the crowd first, the first-named force second
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Police Forces of Myanmar"


def test_local_soldiers_are_the_state_forces_where_the_act_happened(pipeline: Any) -> None:
    ms = extract(pipeline, "Villagers said soldiers beat and killed two young men near Mopti "
                           "on Monday.")
    assert ms[0].actor1 is not None and ms[0].actor1.name == "Military Forces of Mali"
    assert ms[0].actor1.inter == 1


def test_a_bomb_described_before_its_verb_still_went_off(pipeline: Any) -> None:
    ms = extract(pipeline, "A bomb hidden in a motorcycle went off near a police checkpoint "
                           "in Kirkuk on Tuesday, wounding six officers.")
    assert coded(ms) == [("Remote explosive/landmine/IED", "Kirkuk")]
    assert ms[0].injuries == 6


def test_fighting_between_two_sides_names_both(pipeline: Any) -> None:
    ms = extract(pipeline, "Heavy fighting broke out between the army and RSF fighters in "
                           "Omdurman on Thursday.")
    assert [(m.actor1.name if m.actor1 else None, m.actor2.name if m.actor2 else None)
            for m in ms] == [("Military Forces of Sudan", "Rapid Support Forces")]


def test_rioters_looting_is_part_of_the_riot(pipeline: Any) -> None:
    ms = extract(pipeline, "Rioters looted shops and set fire to a police station in Aden on "
                           "Tuesday.")
    assert [m.sub_event_type for m in ms] == ["Violent demonstration"]


def test_one_toll_over_several_places_is_shared_not_multiplied(pipeline: Any) -> None:
    ms = extract(pipeline, "Russian missiles struck Kharkiv, Odesa and Kherson overnight, "
                           "killing at least 10 people and wounding 7.")
    assert [m.location_text for m in ms] == ["Kharkiv", "Odesa", "Kherson"]
    assert [m.fatalities for m in ms] == [4, 3, 3]
    assert sum(m.injuries or 0 for m in ms) == 7


def test_fighting_reported_at_a_place_is_a_weak_clash(pipeline: Any) -> None:
    ms = extract(pipeline, "Fighting was reported on Monday in Bakhmut, some 30 km south of "
                           "Kramatorsk.")
    assert coded(ms) == [("Armed clash", "Bakhmut, Kramatorsk")]  # named with its anchor
    assert ms[0].confidence < 0.8
    assert extract(pipeline, "Fighting was reported on Monday.") == []


def test_an_actor_inside_the_strike_cue_strikes(pipeline: Any) -> None:
    ms = extract(pipeline, "Israeli strikes hit targets in Hama and Homs on Tuesday.")
    assert all(m.actor1 is not None and m.actor1.name == "Military Forces of Israel"
               for m in ms) and len(ms) == 2


def test_residents_of_a_town_speaking_keep_the_town_in_the_story(pipeline: Any) -> None:
    ms = extract(pipeline, "Residents of Lashio said air strikes had hit the town's main "
                           "market on Sunday.")
    assert coded(ms) == [("Air/drone strike", "Lashio")]


def test_an_act_after_an_undated_anchor_takes_the_report_week(pipeline: Any) -> None:
    ms = extract(pipeline, "Two days after the election, protesters clashed with police in "
                           "Bamako.")
    assert [(m.sub_event_type, m.event_date, m.time_precision) for m in ms] == [
        ("Violent demonstration", PUB, 2)]


def test_those_named_with_their_fate_are_the_victims(pipeline: Any) -> None:
    ms = extract(pipeline, "Officials on Tuesday identified the three soldiers killed in the "
                           "ambush near Djibo.")
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Military Forces of Burkina Faso"
    assert ms[0].actor1 is not None and ms[0].actor1.name.startswith("Unidentified")
    ms = extract(pipeline, "Nine members of Iraq's federal police were killed on Sunday when a "
                           "roadside bomb struck their patrol near Kirkuk.")
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Police Forces of Iraq"


def test_bombs_from_the_air_are_air_strikes(pipeline: Any) -> None:
    ms = extract(pipeline, "Russian glide bombs hit Kharkiv on Saturday afternoon, killing "
                           "three people.")
    assert coded(ms) == [("Air/drone strike", "Kharkiv")]
    assert ms[0].actor1 is not None and ms[0].actor1.name == "Military Forces of Russia"
    ms = extract(pipeline, "The junta's aircraft dropped bombs on a school in Kanbalu on "
                           "Friday, killing 11 students.")
    assert [m.sub_event_type for m in ms] == ["Air/drone strike"]
    ms = extract(pipeline, "An Israeli strike on a car near Tyre killed two men on Monday.")
    assert [m.sub_event_type for m in ms] == ["Air/drone strike"]
    # a labour strike is no air strike
    assert extract(pipeline, "Teachers began a strike on Monday in Kharkiv over pay.") == []


def test_strategic_developments_in_other_words(pipeline: Any) -> None:
    cases = [
        ("The two sides exchanged 90 prisoners each in Aden on Friday under a deal brokered by "
         "Oman.", "Agreement"),
        ("The rebels announced on Monday that they would disband and lay down their arms in "
         "Kidal.", "Change to group/activity"),
        ("Fighters of the group burned their weapons at a ceremony near Gao on Friday.",
         "Change to group/activity"),
        ("The junta dissolved the main opposition party in Bamako on Tuesday.",
         "Change to group/activity"),
    ]
    for text, sub in cases:
        assert [m.sub_event_type for m in extract(pipeline, text)] == [sub], text
    ms = extract(pipeline, cases[0][0])
    assert ms[0].actor1 is None  # an agreement's parties, not an unknown perpetrator


def test_a_territory_cue_that_names_its_object(pipeline: Any) -> None:
    ms = extract(pipeline, "Rebels seized the town near Lashio last week, residents said on "
                           "Tuesday.")
    assert [(m.sub_event_type, m.event_date, m.time_precision) for m in ms] == [
        ("Non-state actor overtakes territory", date(2024, 5, 8), 2)]


def test_a_weak_cue_with_a_toll_opens_the_report_unplaced(pipeline: Any) -> None:
    ms = extract(pipeline, "Boko Haram fighters attacked an army base near the lake on Sunday "
                           "night, killing 40 soldiers.")
    assert [(m.sub_event_type, m.fatalities) for m in ms] == [("Armed clash", 40)]
    assert ms[0].actor1 is not None and ms[0].actor1.name == "Boko Haram (JAS)"
    assert ms[0].confidence < 0.8
    # after an act, a toll clause with a weak cue tells of that act
    ms = extract(pipeline, "Gunmen attacked a police post in Gao on Tuesday. Several people "
                           "were killed, residents said.")
    assert [(m.location_text, m.fatalities) for m in ms] == [("Gao", 3)]


def test_a_groups_own_fighters_are_the_group(pipeline: Any) -> None:
    ms = extract(pipeline, "JNIM militants ambushed a convoy of Malian troops near Kidal on "
                           "Thursday.")
    assert ms[0].actor1 is not None and ms[0].actor1.name.startswith("JNIM")


def test_aid_workers_shot_dead_are_civilians_killed(pipeline: Any) -> None:
    ms = extract(pipeline, "Unidentified gunmen shot dead two aid workers near Baidoa on "
                           "Saturday.")
    assert [(m.sub_event_type, m.fatalities) for m in ms] == [("Attack", 2)]


def test_a_surname_that_is_also_a_town_is_no_place(pipeline: Any) -> None:
    text = ("The ministry named the soldier as Sergeant Omar K. Aden, 31. Aden was killed on "
            "Monday by a roadside bomb near Kismayo.")
    ms = extract(pipeline, text)
    assert coded(ms) == [("Remote explosive/landmine/IED", "Kismayo")]


def test_a_death_told_first_and_explained_later_is_one_event(pipeline: Any) -> None:
    ms = extract(pipeline, "A soldier was killed in Somalia on Monday, the army said. He died "
                           "of wounds from a roadside bomb that struck his patrol near Kismayo.")
    assert coded(ms) == [("Remote explosive/landmine/IED", "Kismayo")]
    assert ms[0].fatalities == 1


def test_a_battle_told_after_the_takeover_keeps_the_takeover(pipeline: Any) -> None:
    ms = extract(pipeline, "Insurgents seized the town of Gao on Wednesday. Fighters attacked "
                           "from three directions, and heavy fighting continued for hours.")
    assert [m.sub_event_type for m in ms] == ["Non-state actor overtakes territory"]


def test_an_attack_on_villagers_and_the_clash_that_followed_are_two_acts(pipeline: Any) -> None:
    ms = extract(pipeline, "Gunmen attacked a village near Mopti on Tuesday, killing 30 "
                           "villagers. Soldiers arrived hours later and exchanged fire with the "
                           "attackers.")
    assert sorted(m.sub_event_type for m in ms) == ["Armed clash", "Attack"]



def test_crowds_that_storm_burn_or_beat_riot(pipeline: Any) -> None:
    ms = extract(pipeline, "Supporters of the former prime minister stormed a military "
                           "headquarters in Mandalay on Tuesday and set it ablaze.")
    assert [(m.sub_event_type, m.actor1.name if m.actor1 else None) for m in ms] == [
        ("Violent demonstration", "Rioters (Myanmar)")]
    ms = extract(pipeline, "Protesters in Kharkiv threw fireworks and stones at riot police, "
                           "who responded with water cannon, on Tuesday.")
    assert [m.sub_event_type for m in ms] == ["Violent demonstration"]
    ms = extract(pipeline, "A crowd beat a suspected thief to death in a market in Mogadishu "
                           "on Friday.")
    assert [(m.sub_event_type, m.fatalities) for m in ms] == [("Mob violence", 1)]
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Civilians (Somalia)"
    # protesters attacked by others are no rioters
    ms = extract(pipeline, "Protesters were attacked by men with sticks in Kharkiv on Tuesday.")
    assert all(m.sub_event_type != "Violent demonstration" for m in ms)


def test_arrests_made_at_a_rally_are_its_intervention(pipeline: Any) -> None:
    ms = extract(pipeline, "Hundreds of demonstrators gathered outside parliament in Bamako on "
                           "Thursday; police made several arrests.")
    assert [m.sub_event_type for m in ms] == ["Protest with intervention"]


def test_a_toll_of_years_past_is_not_the_acts(pipeline: Any) -> None:
    ms = extract(pipeline, "Rockets hit Kharkiv on Monday, killing two people. More than "
                           "10,000 civilians have died in the region since 2014.")
    assert [m.fatalities for m in ms] == [2]


def test_a_disbanding_kills_no_one_told_of_later(pipeline: Any) -> None:
    ms = extract(pipeline, "The rebels announced on Monday that they would disband and lay "
                           "down their arms in Kidal. The rebellion killed 400 soldiers.")
    assert [(m.sub_event_type, m.fatalities) for m in ms] == [("Change to group/activity", 0)]


def test_a_figure_beats_a_vague_word_and_a_risen_toll_beats_the_first(pipeline: Any) -> None:
    ms = extract(pipeline, "Gunmen attacked a market in Gao on Monday, killing dozens of "
                           "people. Officials later said 9 people were killed.")
    assert [m.fatalities for m in ms] == [9]
    ms = extract(pipeline, "A car bomb killed 12 people in Mogadishu on Monday. The death toll "
                           "later rose to 20.")
    assert [m.fatalities for m in ms] == [20]


def test_a_merchant_ships_crew_are_civilians_at_sea(pipeline: Any) -> None:
    ms = extract(pipeline, "A Houthi missile struck a Greek-owned oil tanker off Hodeidah on "
                           "Monday.")
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Civilians (International)"
    assert ms[0].actor2.inter == 7
