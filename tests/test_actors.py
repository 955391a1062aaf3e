"""Actor normalisation (sentences written for these tests)."""

from __future__ import annotations

import pytest

from sigact.extract.actors import country_adjective, find_actors, normalise_actor, unidentified
from sigact.records import Actor


def names(text: str, country: str | None) -> list[tuple[str, int | None]]:
    return [(m.actor.name, m.actor.inter) for m in find_actors(text, country=country)]


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        (
            "US troops came under rocket fire at a base in western Iraq.",
            "Iraq",
            [("Military Forces of the United States", 8)],
        ),
        (
            "U.S. forces conducted a raid in Deir ez-Zor.",
            "Syria",
            [("Military Forces of the United States", 8)],
        ),
        (
            "Two American service members were wounded.",
            "Iraq",
            [("Military Forces of the United States", 8)],
        ),
        ("Iraqi security forces repelled the attack.", "Iraq", [("Military Forces of Iraq", 1)]),
        (
            "Russian forces shelled the outskirts of Kherson.",
            "Ukraine",
            [("Military Forces of Russia", 8)],
        ),
        ("The Ukrainian army said it pushed back an assault.", "Ukraine", []),  # a source
        (
            "The Ukrainian army pushed back an assault.",
            "Ukraine",
            [("Military Forces of Ukraine", 1)],
        ),
        ("Junta troops burned houses in Sagaing.", "Myanmar", [("Military Forces of Myanmar", 1)]),
        ("The Tatmadaw bombed a monastery.", "Myanmar", [("Military Forces of Myanmar", 1)]),
        (
            "Coalition aircraft struck a command post.",
            "Syria",
            [("Global Coalition against Daesh", 8)],
        ),
        ("Islamic State fighters ambushed a convoy.", "Iraq", [("Islamic State (Iraq)", 2)]),
        ("ISIS cells remain active in the desert.", "Syria", [("Islamic State (Syria)", 2)]),
        ("Daesh claimed the bombing.", "Iraq", [("Islamic State (Iraq)", 2)]),
        ("Kataib Hezbollah fired drones.", "Iraq", [("Kataib Hezbollah", 3)]),
        ("Iran-backed militias launched rockets.", "Syria", [("Iran-backed Militias", 3)]),
        (
            "The Islamic Resistance in Iraq launched a drone.",
            "Iraq",
            [("Islamic Resistance in Iraq", 3)],
        ),
        ("The Houthis fired a missile at a tanker.", "Yemen", [("Houthis (Ansar Allah)", 2)]),
        ("Ansar Allah fighters advanced on Marib.", "Yemen", [("Houthis (Ansar Allah)", 2)]),
        ("Al-Shabaab stormed a hotel in Mogadishu.", "Somalia", [("Al Shabaab", 2)]),
        (
            "JNIM besieged the town of Djibo.",
            "Burkina Faso",
            [("JNIM: Group for Support of Islam and Muslims", 2)],
        ),
        (
            "The MNDAA seized a border gate.",
            "Myanmar",
            [("MNDAA: Myanmar National Democratic Alliance Army", 2)],
        ),
        ("The Arakan Army overran an outpost.", "Myanmar", [("AA: Arakan Army", 2)]),
        (
            "PDF fighters attacked a police station.",
            "Myanmar",
            [("PDF: People's Defense Force", 2), ("Police Forces of Myanmar", 1)],
        ),
        ("The RSF shelled El Fasher.", "Sudan", [("Rapid Support Forces", 2)]),
        (
            "Unidentified gunmen opened fire on a bus.",
            "Nigeria",
            [("Unidentified Armed Group (Nigeria)", 3)],
        ),
        ("Unknown attackers torched a school.", "Mali", [("Unidentified Armed Group (Mali)", 3)]),
        (
            "Gunmen killed villagers and worshippers.",
            "Nigeria",
            [
                ("Unidentified Armed Group (Nigeria)", 3),
                ("Civilians (Nigeria)", 7),
                ("Civilians (Nigeria)", 7),
            ],
        ),
        (
            "Protesters clashed with police in Basra.",
            "Iraq",
            [("Protesters (Iraq)", 6), ("Police Forces of Iraq", 1)],
        ),
        ("Coalition airstrikes hit Sanaa.", "Yemen", [("Military Forces of Saudi Arabia", 8)]),
    ],
)
def test_find_actors(text: str, country: str, expected: list[tuple[str, int]]) -> None:
    assert names(text, country) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Pentagon said the strike was lawful.",
        "Reuters reported the news.",
        "State media reported an explosion.",
        "Officials told reporters the road was closed.",
        "According to US military officials, the base was quiet.",
        "Residents said they heard blasts.",
    ],
)
def test_sources_are_not_actors(text: str) -> None:
    assert find_actors(text, country="Iraq") == []


def test_state_forces_at_home_and_abroad() -> None:
    assert names("Turkish drones struck a car.", "Turkey") == [("Military Forces of Turkey", 1)]
    assert names("Turkish drones struck a car.", "Iraq") == [("Military Forces of Turkey", 8)]
    assert names("US forces raided a house.", None) == [("Military Forces of the United States", 1)]


def test_offsets_point_into_text() -> None:
    text = "Late on Sunday, Iraqi army troops and Peshmerga fighters retook the village."
    for m in find_actors(text, country="Iraq"):
        assert text[m.start : m.end] == m.text


def test_generic_forces_need_a_country() -> None:
    assert names("Government forces shelled the town.", None) == []
    assert names("Government forces shelled the town.", "Syria") == [
        ("Military Forces of Syria", 1)
    ]


def test_country_suffix_absent_without_country() -> None:
    assert names("Villagers fled.", None) == [("Civilians", 7)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Daesh", Actor("Islamic State (Iraq)", 2)),
        ("U.S. troops", Actor("Military Forces of the United States", 8)),
        ("Islamic State (Iraq)", Actor("Islamic State (Iraq)", 2)),
        ("Military Forces of Iraq", Actor("Military Forces of Iraq", 1)),
        ("Iran", Actor("Military Forces of Iran", 8)),
        ("the Islamic Resistance in Iraq", Actor("Islamic Resistance in Iraq", 3)),
    ],
)
def test_normalise_actor(name: str, expected: Actor) -> None:
    assert normalise_actor(name, country="Iraq") == expected


def test_normalise_unknown_is_none() -> None:
    assert normalise_actor("the weather", country="Iraq") is None
    assert normalise_actor("", country=None) is None


def test_unidentified_and_adjectives() -> None:
    assert unidentified("Syria") == Actor("Unidentified Armed Group (Syria)", 3)
    assert unidentified("Syrian Arab Republic").name == "Unidentified Armed Group (Syria)"
    assert unidentified(None).name == "Unidentified Armed Group"
    assert country_adjective("Iraqi") == "Iraq"
    assert country_adjective("U.S.") == "United States"
    assert country_adjective("Burkinabe") == "Burkina Faso"
    assert country_adjective("Martian") is None


def test_crowd_actors_carry_their_inter_codes() -> None:
    from sigact.extract.actors import crowd

    assert crowd(rioting=False, country="Kenya") == Actor("Protesters (Kenya)", 6)
    assert crowd(rioting=True, country=None) == Actor("Rioters", 5)


@pytest.mark.parametrize(("text", "name", "inter"), [
    ("an attack by M23 rebels near Goma", "M23: March 23 Movement", 2),
    ("the Pakistani Taliban claimed it", "TTP: Tehreek-i-Taliban Pakistan", 2),
    ("Fano militiamen entered the town", "Fano Militia", 4),
    ("ELN guerrillas ambushed a patrol", "ELN: National Liberation Army", 2),
    ("Tigrayan forces shelled the town", "TPLF: Tigray People's Liberation Front", 2),
])
def test_armed_groups_of_other_conflicts(text: str, name: str, inter: int) -> None:
    (found,) = find_actors(text, country="Congo")
    assert (found.actor.name, found.actor.inter) == (name, inter)


def test_common_words_are_no_group_acronyms() -> None:
    assert find_actors("let the convoy pass; the ola was full", country="Ethiopia") == []
