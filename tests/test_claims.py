"""Claims, blame and denials (sentences written for these tests)."""

from __future__ import annotations

import pytest

from sigact.extract.claims import find_claims
from sigact.records import Claim


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        (
            "Islamic State claimed responsibility for the bombing in a statement.",
            "Iraq",
            [Claim("claim", "Islamic State", "Islamic State (Iraq)")],
        ),
        (
            "Al-Shabaab later claimed the attack on the hotel.",
            "Somalia",
            [Claim("claim", "Al Shabaab", "Al Shabaab")],
        ),
        (
            "Responsibility for the ambush was claimed by JNIM.",
            "Mali",
            [
                Claim(
                    "claim",
                    "JNIM: Group for Support of Islam and Muslims",
                    "JNIM: Group for Support of Islam and Muslims",
                )
            ],
        ),
        (
            "The twin blasts, for which Daesh has claimed responsibility, hit a bus station.",
            "Syria",
            [Claim("claim", "Islamic State", "Islamic State (Syria)")],
        ),
        (
            "The Houthis said they carried out the strike on the tanker.",
            "Yemen",
            [Claim("claim", "Houthis (Ansar Allah)", "Houthis (Ansar Allah)")],
        ),
        (
            "The Coalition blamed Iran-backed militias for the rocket fire.",
            "Iraq",
            [Claim("blame", "Global Coalition against Daesh", "Iran-backed Militias")],
        ),
        (
            "Iran-backed militias were blamed by the Pentagon for the drone attack.",
            "Syria",
            [Claim("blame", "United States", "Iran-backed Militias")],
        ),
        (
            "U.S. officials accused Kataib Hezbollah of launching the drone.",
            "Iraq",
            [Claim("blame", "United States", "Kataib Hezbollah")],
        ),
        (
            "The bombing was attributed to ISIS by Iraqi officials.",
            "Iraq",
            [Claim("blame", "Iraq", "Islamic State (Iraq)")],
        ),
        (
            "Kyiv blamed Russian forces for the strike on the station.",
            "Ukraine",
            [Claim("blame", "Ukraine", "Military Forces of Russia")],
        ),
        (
            "On Saturday, Daesh claimed twin attacks in a market district of Baghdad.",
            "Iraq",
            [Claim("claim", "Islamic State", "Islamic State (Iraq)")],
        ),
        (
            "Kataib Hezbollah denied involvement in the attack.",
            "Iraq",
            [Claim("denial", "Kataib Hezbollah", "Kataib Hezbollah")],
        ),
        (
            "The junta blamed the PDF, which denied carrying out the bombing.",
            "Myanmar",
            [
                Claim("blame", "Myanmar", "PDF: People's Defense Force"),
                Claim("denial", "PDF: People's Defense Force", "PDF: People's Defense Force"),
            ],
        ),
    ],
)
def test_find_claims(text: str, country: str, expected: list[Claim]) -> None:
    assert find_claims(text, country=country) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a checkpoint near Kirkuk on Tuesday.",
        "No group has claimed responsibility so far.",
        "Hamas has not claimed the attack on the crossing.",
        "The ministry said three soldiers were killed.",
    ],
)
def test_no_claim(text: str) -> None:
    assert find_claims(text, country="Iraq") == []


def test_an_appositive_does_not_replace_the_claimant() -> None:
    found = find_claims("JNIM, the al-Qaeda affiliate active in the Sahel, said it had carried "
                        "out the raid.", country="Burkina Faso")
    assert [(c.kind, c.actor) for c in found] == [
        ("claim", "JNIM: Group for Support of Islam and Muslims")]


@pytest.mark.parametrize(
    ("text", "country", "actor"),
    [
        # a group that says a unit of its own did it claims it, whenever it said so
        ("The Baloch Liberation Front said its Lashkar wing had carried out the ambush.",
         "Pakistan", "BLF: Balochistan Liberation Front"),
        ("Hezbollah said on Monday it had fired rockets at the barracks.", "Lebanon",
         "Hezbollah"),
        ("Al-Shabaab said late Sunday that its fighters had stormed the base.", "Somalia",
         "Al Shabaab"),
    ],
)
def test_a_group_saying_its_own_did_it_is_a_claim(text: str, country: str, actor: str) -> None:
    assert [(c.kind, c.actor) for c in find_claims(text, country=country)] == [("claim", actor)]
