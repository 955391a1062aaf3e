"""Trigger lexicon, weapons, negation and the prefilter: plain strings, no spaCy."""

from __future__ import annotations

import pytest

from sigact.extract.coding import subtype
from sigact.extract.prefilter import is_relevant
from sigact.extract.protests import protest_subtype
from sigact.extract.triggers import (
    SUBTYPES,
    find_triggers,
    remote_subtype,
    weapon_names,
)


def test_all_25_subtypes_and_six_types() -> None:
    assert len(SUBTYPES) == 25
    assert len(set(SUBTYPES.values())) == 6


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Katyusha rockets hit a base hosting US troops", "Shelling/artillery/missile attack"),
        ("eight rounds of indirect fire landed in the base", "Shelling/artillery/missile attack"),
        ("a suicide bomber blew himself up at a checkpoint", "Suicide bomb"),
        ("a roadside bomb exploded near a patrol", "Remote explosive/landmine/IED"),
        ("clashes broke out between the army and rebels", "Armed clash"),
        ("gunmen kidnapped two aid workers", "Abduction/forced disappearance"),
        ("police defused a bomb found under a bridge", "Disrupted weapons use"),
        ("the two sides signed a ceasefire agreement", "Agreement"),
        ("a man threw a grenade into the crowd", "Grenade"),
    ],
)
def test_trigger_kinds(text: str, kind: str) -> None:
    assert kind in {t.kind for t in find_triggers(text)}


def test_intercepted_drones_are_remote_with_the_drone_weapon() -> None:
    text = "two drones were shot down over the base"
    trig = find_triggers(text)
    assert [t.kind for t in trig] == ["remote"]
    assert remote_subtype(weapon_names(text)) == "Air/drone strike"


def test_weapon_decides_remote_violence() -> None:
    assert remote_subtype(weapon_names("a drone hit a wedding party")) == "Air/drone strike"
    assert remote_subtype(["rocket", "drone"]) == "Air/drone strike"
    assert remote_subtype(["small arms"]) is None


def test_weapons_that_were_destroyed_are_not_weapons_used() -> None:
    text = "aircraft destroyed two mortar systems and a VBIED"
    assert weapon_names(text) == ["aircraft"]
    assert weapon_names("a rocket-propelled grenade hit the car") == ["RPG"]


@pytest.mark.parametrize(
    "text",
    [
        "There was no rocket attack on the base, officials said.",
        "The militia threatened to attack US bases in the region.",
        "The group denied carrying out any attack.",
        "Analysts warned that clashes could erupt along the border.",
        "The army plans to recapture the town next month.",
    ],
)
def test_negated_and_hypothetical_cues_give_nothing(text: str) -> None:
    assert [t for t in find_triggers(text) if t.strength >= 0.6] == []


def test_protest_levels() -> None:
    assert protest_subtype("Hundreds protested peacefully in the square.") == "Peaceful protest"
    assert protest_subtype("Police fired tear gas to disperse protesters.") == (
        "Protest with intervention"
    )
    assert protest_subtype("Troops opened fire on protesters, killing four.") == (
        "Excessive force against protesters"
    )
    assert protest_subtype("Demonstrators torched a police station.") == "Violent demonstration"


def test_prefilter() -> None:
    assert is_relevant("A car bomb exploded in the market.")
    assert is_relevant("Protesters gathered outside parliament.")
    assert not is_relevant("The central bank held interest rates steady on Tuesday.")
    assert not is_relevant("The home side won the cup final 2-1 after extra time.")


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Pirates hijacked a fishing trawler off the coast.", "Abduction/forced disappearance"),
        ("Gunmen seized an oil tanker and its crew near the strait.",
         "Abduction/forced disappearance"),
        ("The bulk carrier was captured at dawn by armed men.",
         "Abduction/forced disappearance"),
        ("The militia said it had captured the headquarters of the army's eastern command.",
         "Non-state actor overtakes territory"),
        ("Soldiers entered the valley, taking the mountain town from the insurgents.",
         "Non-state actor overtakes territory"),
        ("The rebels inflicted heavy losses on an army column near the river crossing.",
         "Armed clash"),
        ("Two soldiers died during fighting near the border post.", "Armed clash"),
        ("A tanker was hit by a missile overnight.", "Shelling/artillery/missile attack"),
        ("Police took away dozens of people from the square.", "Arrests"),
    ],
)
def test_more_trigger_forms(text: str, sub: str) -> None:
    assert sub in [t.sub_event_type for t in find_triggers(text)], find_triggers(text)


def test_a_campaign_summed_up_is_no_trigger() -> None:
    text = "The advance followed weeks of clashes and air strikes along the highway."
    assert find_triggers(text) == []
    assert find_triggers("Clashes and air strikes hit the highway on Monday.")


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Marchers tried to force their way into the consulate, setting fire to a gate, and "
         "police fired tear gas.", "Violent demonstration"),
        ("Crowds pelted the police station with stones.", "Violent demonstration"),
        ("Officers took away several marchers.", "Protest with intervention"),
        ("A student was shot in the chest by security forces at the vigil.",
         "Excessive force against protesters"),
    ],
)
def test_more_protest_levels(text: str, sub: str) -> None:
    assert protest_subtype(text) == sub


@pytest.mark.parametrize(
    "text",
    [
        "The ministry trained two counter-attack brigades for the spring offensive.",
        "The navy published the findings of the March drone strike inquiry on Monday.",
        "Rebels, backed by allied advisers and air strikes, opened a new front last month.",
        "The new jets give the brigade the capability to deliver precision strikes at night.",
        "Smugglers made a fortune trafficking in looted manuscripts from the museum.",
        "The pact gives the militia the opportunity to launch attacks on the capital.",
        "A guard at the Basra base died of a heart attack while sheltering.",
        "A little-known group claimed the attack and praised its fighters.",
    ],
)
def test_a_means_a_capability_or_a_modifier_is_no_act(text: str) -> None:
    assert find_triggers(text) == [], find_triggers(text)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Backed by tanks, the militia attacked the convoy, and then air strikes hit the "
         "depot.", "Air/drone strike"),
        ("In support of the army, coalition jets conducted an air strike near the dam.",
         "Air/drone strike"),
        ("Gunmen looted the market and torched the clinic.", "Looting/property destruction"),
        ("An attack on the brigade headquarters killed four.", "Attack"),
        ("The group claimed the attack on a church in the town.", "Attack"),
    ],
)
def test_the_same_words_as_acts_still_trigger(text: str, sub: str) -> None:
    assert sub in [t.sub_event_type for t in find_triggers(text)], find_triggers(text)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Heavy rockets and drones struck the port city before dawn.",
         "Shelling/artillery/missile attack"),
        ("Drones and rockets struck the port city before dawn.", "Air/drone strike"),
        ("Soldiers and drones struck the port city before dawn.", "Air/drone strike"),
    ],
)
def test_the_first_of_weapons_named_together_decides(text: str, sub: str) -> None:
    trig = next(t for t in find_triggers(text) if t.event_type == "Explosions/Remote violence")
    assert subtype(trig, text, []) == sub


def test_air_war_words_pass_the_prefilter() -> None:
    assert is_relevant("Israeli jets pounded the southern suburbs overnight.")
    assert is_relevant("Warplanes flew low over the town as the militia withdrew.")
    assert not is_relevant("The jetty was repainted and the pound rose against the euro.")


def test_prefilter_stems_do_not_catch_common_words() -> None:
    assert not is_relevant("Prices were stable and the gangway was repainted.")
    assert is_relevant("A man was stabbed outside the station.")


def test_protesters_who_clash_with_police_riot() -> None:
    assert protest_subtype("Protesters clashed with police outside parliament.") == (
        "Violent demonstration")
    assert protest_subtype("Clashes between students and riot police broke out.") == (
        "Violent demonstration")


@pytest.mark.parametrize("text", [
    "The army is investigating whether troops were killed by friendly fire.",
    "Buses were turned back after threats of an attack on the road.",
])
def test_questions_and_threats_are_no_acts(text: str) -> None:
    assert find_triggers(text) == []


@pytest.mark.parametrize("text", [
    "It was the deadliest bombing in the capital for several years.",
    "This was one of the worst attacks on the city since the war began.",
])
def test_an_act_ranked_after_its_telling_is_no_new_cue(text: str) -> None:
    assert find_triggers(text) == []
