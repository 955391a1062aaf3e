"""Who did what to whom: the two sides of an act, on sentences written for these tests about
conflicts beyond Iraq and Syria."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigact.extract import triggers as T
from sigact.extract.actors import find_actors
from sigact.extract.coding import subtype
from sigact.extract.sides import actors, other_side
from sigact.records import Actor, Article, Mention


def names(text: str, country: str | None) -> list[str]:
    return [m.actor.name for m in find_actors(text, country=country)]


def sides(clause: str, country: str, *, before: str = "") -> tuple[str | None, str | None]:
    trigs = [t for t in T.find_triggers(clause) if subtype(t, clause, []) is not None]
    trig = max(trigs, key=lambda t: t.strength)
    sub = subtype(trig, clause, [])
    assert sub is not None
    a1, a2 = actors(clause, trig, country, [], sub, before=before)
    return (a1.name if a1 else None, a2.name if a2 else None)


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # a generic noun of a named group is that group
        ("Gunmen of the Viv Ansanm coalition opened fire.", "Haiti", ["Viv Ansanm"]),
        ("Fighters loyal to the Stability Support Apparatus held the road.", "Libya",
         ["SSA: Stability Support Apparatus"]),
        ("FARDC soldiers abandoned their posts.", "Democratic Republic of Congo",
         ["Military Forces of the Democratic Republic of Congo"]),
        # the anti-IS coalition only where it fights; elsewhere a coalition is of gangs, parties
        ("The coalition said it would keep fighting.", "Haiti", []),
        ("The coalition struck a command post.", "Syria", ["Global Coalition against Daesh"]),
        ("The US-led coalition struck a camp.", "Somalia", ["Global Coalition against Daesh"]),
        # a weapon's model between the nationality and the weapon
        ("A Russian Iskander missile hit the square.", "Ukraine", ["Military Forces of Russia"]),
        ("American F-16 jets bombed the depot.", "Yemen",
         ["Military Forces of the United States"]),
        # the holder of a place
        ("Shells fell on the RSF-held town of Nyala.", "Sudan", ["Rapid Support Forces"]),
        # al-Qaeda acts through its regional branch
        ("Militants linked to al-Qaeda ambushed the convoy.", "Niger",
         ["JNIM: Group for Support of Islam and Muslims"]),
        ("Militants linked to al-Qaeda ambushed the convoy.", "Kenya", ["Al Shabaab"]),
        # mixed-case acronyms keep their case
        ("LeT operatives crossed the line.", "India", ["LeT: Lashkar-e-Taiba"]),
        ("Let the convoy pass.", "India", []),
        # state bodies and regional forces named as ACLED names them
        ("The FSB detained two men in Dagestan.", "Russia", ["Police Forces of Russia"]),
        ("Iran's Revolutionary Guards fired missiles at the camp.", "Iraq",
         ["Military Forces of Iran"]),
        ("Kuki militants attacked the village.", "India", ["Kuki Ethnic Militia (India)"]),
        ("The police said Israeli settlers set fire to cars.", "Palestine",
         ["Settlers (Israel)"]),
    ],
)
def test_find_actors(text: str, country: str, expected: list[str]) -> None:
    assert names(text, country) == expected


def test_the_police_who_describe_an_attack_are_a_source() -> None:
    assert names("Police described it as a terror attack.", "Israel") == []


@pytest.mark.parametrize(
    ("clause", "country", "expected"),
    [
        # whose weapon it was fired it, wherever the weapon is named
        ("Nine people died when a Russian cruise missile struck a clinic in Zaporizhzhia.",
         "Ukraine", ("Military Forces of Russia", "Civilians (Ukraine)")),
        ("A hospital was hit by Israeli jets overnight.", "Lebanon",
         ("Military Forces of Israel", "Civilians (Lebanon)")),
        # an act, not a fate: "rebels captured the town" has an object
        ("The rebels captured the mining town of Walikale.", "Democratic Republic of Congo",
         ("Opposition Rebels (Democratic Republic of Congo)",
          "Military Forces of the Democratic Republic of Congo")),
        # "by X" names the perpetrator; the victims follow
        ("Drone strikes by the Sudanese army killed 12 civilians in a market.", "Sudan",
         ("Military Forces of Sudan", "Civilians (Sudan)")),
        # civilians named before the cue were hit, not the attackers
        ("A camp for displaced families came under attack by the Rapid Support Forces.",
         "Sudan", ("Rapid Support Forces", "Civilians (Sudan)")),
        ("Villagers fled after the Rapid Support Forces stormed Wad Madani.", "Sudan",
         ("Rapid Support Forces", "Civilians (Sudan)")),
        # a state target: its forces were attacked
        ("Drones struck the military airport in Kassala.", "Sudan",
         ("Unidentified Armed Group (Sudan)", "Military Forces of Sudan")),
        ("A bomb exploded outside a police station in Quetta.", "Pakistan",
         ("Unidentified Armed Group (Pakistan)", "Police Forces of Pakistan")),
        # an arrest is made by the state
        ("Three suspected militants were arrested in Karachi.", "Pakistan",
         ("Police Forces of Pakistan", "Unidentified Armed Group (Pakistan)")),
        # a group's own men beside it are not its victims
        ("Al Shabaab fighters stormed the hotel, landing gunmen from boats.", "Somalia",
         ("Al Shabaab", None)),
    ],
)
def test_sides(clause: str, country: str, expected: tuple[str | None, str | None]) -> None:
    assert sides(clause, country) == expected


def test_a_definite_generic_is_the_group_named_before() -> None:
    before = "M23 fighters advanced along the lake shore on Monday.\n"
    got = sides("The rebels seized the town of Sake.", "Democratic Republic of Congo",
                before=before)
    assert got[0] == "M23: March 23 Movement"
    # without an antecedent the generic stays generic
    got = sides("The rebels seized the town of Sake.", "Democratic Republic of Congo")
    assert got[0] == "Opposition Rebels (Democratic Republic of Congo)"


def test_the_group_is_the_group_named_before() -> None:
    before = "Hezbollah fired rockets at northern Israel on Friday.\n"
    got = sides("An Israeli air strike hit the group's headquarters in Tyre.", "Lebanon",
                before=before)
    assert got == ("Military Forces of Israel", "Hezbollah")


def test_the_anti_is_coalition_strikes_islamic_state() -> None:
    got = sides("Coalition aircraft struck a weapons cache near Hajin.", "Syria")
    assert got == ("Global Coalition against Daesh", "Islamic State (Syria)")


@pytest.mark.parametrize(
    ("clause", "country", "expected"),
    [
        # a capital that owns forces is its state
        ("Moscow's troops fired missiles at homes in Izmail.", "Ukraine",
         ("Military Forces of Russia", "Civilians (Ukraine)")),
        # the defenders of an intercepted attack were attacked
        ("Kenyan troops shot down two drones over the base at Manda Bay.", "Kenya",
         ("Unidentified Armed Group (Kenya)", "Military Forces of Kenya")),
        # who reported it is not whom it hit
        ("A drone hit a block of flats in Rostov, injuring four, police and medics said.",
         "Russia", ("Unidentified Armed Group (Russia)", "Civilians (Russia)")),
        # a bomb aimed at the police: the police, even when children died too
        ("Six children died when a bomb aimed at a police van went off in Bannu.", "Pakistan",
         ("Unidentified Armed Group (Pakistan)", "Police Forces of Pakistan")),
        # "fell to X": X took it, from the state unless another holder is named
        ("The town of Walikale fell to the M23 on Wednesday.", "Democratic Republic of Congo",
         ("M23: March 23 Movement", "Military Forces of the Democratic Republic of Congo")),
        # the Islamic State's regional branches
        ("Islamic State fighters raided a village near Beni.", "Democratic Republic of Congo",
         ("ADF: Allied Democratic Forces", "Civilians (Democratic Republic of Congo)")),
        # a speaker who says its own forces acted is the one who acted
        ("Russia's defence ministry said that its forces had yesterday struck a depot in "
         "Kramatorsk.", "Ukraine", ("Military Forces of Russia", None)),
        # a generic state weapon is the state's where it struck
        ("A military drone struck a wedding in the village of Tudun Biri.", "Nigeria",
         ("Military Forces of Nigeria", "Civilians (Nigeria)")),
        # workers at a port are civilians, whoever reports their deaths
        ("A US air strike on the port of Ras Isa killed six workers, the health ministry said.",
         "Yemen", ("Military Forces of the United States", "Civilians (Yemen)")),
    ],
)
def test_more_sides(clause: str, country: str,
                    expected: tuple[str | None, str | None]) -> None:
    assert sides(clause, country) == expected


def test_the_weapon_named_before_names_its_owner() -> None:
    before = "Russian missile strike on Kharkiv kills seven\n"
    assert sides("A missile hit a printing house in the city centre.", "Ukraine",
                 before=before)[0] == "Military Forces of Russia"
    # a weapon of another kind is another act
    assert sides("A drone hit a printing house in the city centre.", "Ukraine",
                 before=before)[0] == "Unidentified Armed Group (Ukraine)"


def test_a_later_sentence_names_who_fired() -> None:
    from sigact.extract.sides import fill_perpetrator
    from sigact.records import Actor, Mention

    m = Mention(doc="d", event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                actor1=Actor("Unidentified Armed Group (Ukraine)", 3))
    fill_perpetrator(m, "A Ukrainian drone was flying near the base at the time.", "Ukraine")
    assert m.actor1 is not None and m.actor1.name == "Unidentified Armed Group (Ukraine)"
    fill_perpetrator(m, "Moscow's troops used two Iskander missiles.", "Ukraine")
    assert m.actor1 == Actor("Military Forces of Russia", 8)


# --- a side never acts on itself ------------------------------------------------------------

def _mention(sub: str, actor: str, inter: int) -> Mention:
    side = Actor(actor, inter)
    return Mention(doc="t", event_type=T.SUBTYPES[sub], sub_event_type=sub, actor1=side,
                   actor2=side)


@pytest.mark.parametrize(
    ("sub", "text", "country", "expected"),
    [("Shelling/artillery/missile attack", "Two missiles hit a shopping street in the centre.",
      "Ukraine", "Civilians (Ukraine)"),
     ("Air/drone strike", "Drones struck two military airfields in the north.", "Russia",
      "Military Forces of Russia"),
     ("Attack", "Gunmen shot dead a trader outside his shop.", "Nigeria", "Civilians (Nigeria)"),
     ("Armed clash", "Fighters exchanged fire for an hour near the bridge.", "Mali", None)],
)
def test_the_second_side_falls_back_to_what_was_hit(sub: str, text: str, country: str,
                                                    expected: str | None) -> None:
    m = _mention(sub, "Military Forces of Ukraine" if country == "Russia" else
                 "Unidentified Armed Group", 3)
    side = other_side(m, text, country)
    assert (side.name if side else None) == expected


def test_the_state_is_not_its_own_victim() -> None:
    m = _mention("Air/drone strike", "Military Forces of Russia", 1)
    assert other_side(m, "Drones struck a military airfield.", "Russia") is None


def test_a_claim_that_makes_the_victim_the_perpetrator_leaves_one_side(pipeline: Any) -> None:
    # The claim names JNIM as who shelled Arbinda; JNIM was also read as whom it hit.
    text = ("Early on Sunday, gunmen stormed the gendarmerie post at Djibo, where soldiers and "
            "volunteers are stationed; photos later showed burned trucks. At the same time the "
            "base at Arbinda, some distance north, came under mortar fire, which the JNIM said "
            "it carried out. The army said both assaults were repelled.")
    ms = pipeline([Article(id="t", text=text, published=date(2024, 5, 15))])
    shelled = [m for m in ms if m.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shelled) == 1 and shelled[0].actor1 is not None
    assert shelled[0].actor1.name.startswith("JNIM")
    assert shelled[0].actor2 is None or shelled[0].actor2.name != shelled[0].actor1.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject of the act told beside the deaths did it; the dead are whom it hit
        ("About thirty villagers were killed when gunmen stormed Djibo in northern Burkina Faso "
         "on Tuesday, residents said.",
         ("Unidentified Armed Group (Burkina Faso)", "Civilians (Burkina Faso)")),
        ("At least 15 people died after fighters of the JNIM attacked an army outpost near "
         "Djibo in Burkina Faso on Tuesday.",
         ("JNIM: Group for Support of Islam and Muslims", "Military Forces of Burkina Faso")),
        # the object of "wounded" is hit, however the sentence's source is named
        ("A roadside bomb wounded four soldiers and killed one near Gao in northern Mali on "
         "Tuesday, the army said.", ("Unidentified Armed Group (Mali)", "Military Forces of Mali")),
        # victims named with their fate before a passive "by": whom the ambush hit
        ("Eight soldiers were killed in an ambush by JNIM fighters near Djibo in Burkina Faso "
         "on Tuesday.", ("JNIM: Group for Support of Islam and Muslims",
                         "Military Forces of Burkina Faso")),
    ],
)
def test_victims_and_perpetrators_around_a_death(pipeline: Any, text: str,
                                                 expected: tuple[str, str]) -> None:
    ms = pipeline([Article(id="t", text=text, published=date(2024, 5, 15))])
    assert ms, text
    m = ms[0]
    assert (m.actor1.name if m.actor1 else None, m.actor2.name if m.actor2 else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police opened fire on protesters in Bamako on Tuesday, killing four demonstrators, "
         "witnesses said.", ("Protesters (Mali)", "Police Forces of Mali")),
        ("Soldiers fired live rounds at a crowd of demonstrators marching in Mandalay on "
         "Tuesday, killing two, local media reported.",
         ("Protesters (Myanmar)", "Military Forces of Myanmar")),
    ],
)
def test_excessive_force_is_a_protest_with_the_crowd_first(pipeline: Any, text: str,
                                                            expected: tuple[str, str]) -> None:
    ms = pipeline([Article(id="t", text=text, published=date(2024, 5, 15))])
    assert [m.sub_event_type for m in ms] == ["Excessive force against protesters"]
    m = ms[0]
    assert (m.actor1.name if m.actor1 else None, m.actor2.name if m.actor2 else None) == expected


def test_a_later_sentence_names_whom_it_hit(pipeline: Any) -> None:
    text = ("A car bomb went off outside a compound in Baidoa on Sunday, police said. The blast "
            "wounded 20 shoppers at a nearby market.")
    (m,) = pipeline([Article(id="t", text=text, published=date(2024, 5, 15))])
    assert m.actor2 is not None and m.actor2.name == "Civilians (Somalia)"


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # groups of other conflicts, under ACLED's names and inter codes
        ("Anti-balaka militiamen burned the mosque.", "Central African Republic",
         [("Anti-Balaka", 4)]),
        ("Fighters of the Arakan Rohingya Salvation Army crossed the border.", "Myanmar",
         [("ARSA: Arakan Rohingya Salvation Army", 2)]),
        ("Amhara militiamen held the road.", "Ethiopia", [("Amhara Ethnic Militia (Ethiopia)", 4)]),
        ("The Tehrik-e-Taliban said nothing.", "Pakistan",
         [("TTP: Tehreek-i-Taliban Pakistan", 2)]),
        # a generic noun set right before a group's name is that group
        ("Police blamed the gang Los Lobos for the killings.", "Ecuador", [("Los Lobos", 3)]),
        ("Members of the Tren de Aragua were detained.", "Chile", [("Tren de Aragua", 3)]),
    ],
)
def test_groups_worldwide(text: str, country: str, expected: list[tuple[str, int]]) -> None:
    assert [(m.actor.name, m.actor.inter) for m in find_actors(text, country=country)
            if m.actor.inter != 1] == expected
