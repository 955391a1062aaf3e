"""Trigger lexicon, weapons, negation and the prefilter: plain strings, no spaCy."""

from __future__ import annotations

import pytest

from sigact.extract.prefilter import is_relevant
from sigact.extract.triggers import (
    SUBTYPES,
    find_triggers,
    protest_subtype,
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
    ],
)
def test_more_protest_levels(text: str, sub: str) -> None:
    assert protest_subtype(text) == sub
