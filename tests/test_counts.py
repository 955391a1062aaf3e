"""Numbers and casualty counts (sentences written for these tests)."""

from __future__ import annotations

import pytest

from sigact.extract.counts import Casualties, casualties, find_counts, parse_number


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("3", 3),
        ("three", 3),
        ("Three", 3),
        ("twenty-one", 21),
        ("1,200", 1200),
        ("a dozen", 12),
        ("dozens", 12),
        ("dozens of", 12),
        ("scores", 20),
        ("several", 3),
        ("a few", 3),
        ("hundreds", 200),
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("at least 13", 13),
        ("more than 20", 20),
        ("between 10 and 15", 10),
        ("10-15", 10),
        ("two dozen", 24),
        ("one hundred and twenty", 120),
        ("nineteen", 19),
        ("thousands of", 2000),
    ],
)
def test_parse_number(text: str, n: int) -> None:
    assert parse_number(text) == n


@pytest.mark.parametrize("text", ["", "rockets", "the", "km"])
def test_parse_number_none(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("A car bomb exploded near a market in Mogadishu, killing at least 13 people.", 13, None),
        ("Three soldiers were killed when their patrol hit a mine near Gao.", 3, None),
        ("The blast in Aden left 5 dead and 12 wounded.", 5, 12),
        ("The death toll from the strike on Kharkiv rose to 18 on Friday.", 18, None),
        ("Between 10 and 15 villagers were killed in the raid, a local official said.", 10, None),
        ("Gunmen killed two and injured dozens in the attack on the mosque.", 2, 12),
        ("Militants killed three villagers in Borno state.", 3, None),
        ("Three militants were killed in the exchange of fire.", 3, None),
        ("Five soldiers and three civilians were killed in the shelling.", 8, None),
        ("Airstrikes killed two fighters and four civilians in Idlib.", 6, None),
        ("Twelve people, including three children, were killed in Sagaing.", 12, None),
        ("The drone hit a wedding, killing 13 people, including four children.", 13, None),
        ("The attack killed at least 35 more civilians and injured scores of others.", 35, 20),
        ("A 12-year-old boy was killed by a stray shell.", 1, None),
        ("A sergeant who was killed yesterday was named by the ministry.", 1, None),
        ("Rockets hit the base and wounded four US service members.", None, 4),
        ("Two Iraqi policemen were wounded when an IED exploded.", None, 2),
        ("Several people died in the fire set by the mob.", 3, None),
        ("Dozens of protesters were injured as police fired tear gas.", None, 12),
        ("The strike killed more than 20 militants and destroyed eight vehicles.", 20, None),
        ("The Russian attack claimed the lives of seven civilians.", 7, None),
        ("Sixty civilians were killed and injured in the twin bombings.", None, None),
    ],
)
def test_casualties(text: str, killed: int | None, injured: int | None) -> None:
    c = casualties(text)
    assert (c.killed, c.injured) == (killed, injured)


@pytest.mark.parametrize(
    "text",
    [
        "There were no casualties in the attack on the base.",
        "No one was hurt when the rocket landed in an empty field.",
        "The drone was shot down and no injuries were reported.",
        "The mortar rounds fell without causing casualties.",
    ],
)
def test_nothing_happened_is_zero(text: str) -> None:
    assert casualties(text) == Casualties(killed=0, injured=0, attackers_killed=None)


def test_no_one_killed_keeps_injuries() -> None:
    c = casualties("No one was killed but two guards were wounded.")
    assert (c.killed, c.injured) == (0, 2)


def test_unknown_casualties_are_not_zero() -> None:
    assert casualties("There were no immediate reports of casualties.").killed is None


@pytest.mark.parametrize(
    "text",
    [
        "Three rockets hit the base 2 km from the airport.",
        "The convoy of 40 vehicles was ambushed on the 12th.",
        "Some 3,000 troops were deployed to the border.",
        "The 25-year-old leader of the group was arrested.",
    ],
)
def test_numbers_that_are_not_casualties(text: str) -> None:
    assert casualties(text) == Casualties(None, None, None)


def test_injured_never_counted_as_dead() -> None:
    c = casualties("Forty people were wounded and taken to hospital in Kramatorsk.")
    assert c.killed is None and c.injured == 40


def test_suicide_bomber_counts_as_attacker_but_not_added_to_a_toll() -> None:
    c = casualties("The attacker blew himself up at the gate, killing five soldiers.")
    assert (c.killed, c.attackers_killed) == (5, 1)
    alone = casualties("The attacker blew himself up before reaching the checkpoint.")
    assert (alone.killed, alone.attackers_killed) == (1, 1)


def test_bomber_already_in_the_count_is_not_added() -> None:
    c = casualties("A suicide bomber detonated his vest, killing nine people including the bomber.")
    assert (c.killed, c.attackers_killed) == (9, 1)


def test_attackers_killed() -> None:
    c = casualties("Two gunmen were killed in return fire after they shot dead a guard.")
    assert c.attackers_killed == 2
    assert casualties("Troops killed the gunman after a standoff.").attackers_killed == 1
    assert casualties("Militants killed three villagers.").attackers_killed is None


def test_find_counts_reports_spans_and_nouns() -> None:
    text = "Rebels said three soldiers were killed and 12 others wounded near Lashio."
    counts = find_counts(text)
    assert [(c.kind, c.n) for c in counts] == [("killed", 3), ("injured", 12)]
    assert "soldiers" in counts[0].who
    assert all(text[c.start : c.end] == c.text for c in counts)


def test_repeated_statement_counted_once() -> None:
    text = "Four civilians were killed in the strike. Four civilians were killed, the mayor said."
    assert casualties(text).killed == 4


def test_a_subset_after_the_count_is_not_added() -> None:
    c = casualties("A missile hit a cafe, killing at least eight people, three of them children.")
    assert c.killed == 8


def test_a_toll_that_has_risen_after_a_long_subject() -> None:
    c = casualties("The number of people killed by the two car bombs at the busy junction in the "
                   "capital on Saturday has risen to at least 120, officials said.")
    assert c.killed == 120


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("A drone strike killed a commander of the northern brigade and one of his aides.", 2),
        ("The raid killed a local chief and two of his bodyguards.", 3),
        ("Officials named the four police officers who died in the ambush.", 4),
        ("Dozens of soldiers and allied militiamen were killed, the rebels said.", 12),
        ("Five soldiers and three civilians were killed in the shelling.", 8),
        ("The strike killed two fighters in the village and wounded a child.", 2),
    ],
)
def test_coordinated_and_relative_clause_tolls(text: str, killed: int) -> None:
    assert casualties(text).killed == killed


def test_killing_the_one_person_named_before_is_one_death() -> None:
    assert casualties("A shell hit the depot, killing the watchman and wounding two.").killed == 1
    assert casualties("A shell hit the depot, killing the soldier.").killed == 1
    for plural in ("killing the guards", "killing the men", "killing the people",
                   "killing the personnel", "killing the police"):
        assert casualties(f"A shell hit the depot, {plural}.").killed is None, plural


def test_the_death_of_one_person_is_one_death() -> None:
    assert casualties("Crowds mourned the death of a local teacher at the rally.").killed == 1
    assert casualties("Crowds mourned the deaths of the teachers.").killed is None


@pytest.mark.parametrize(("text", "killed"), [
    ("Corporal Ana Ruiz, 29, of Fresno, California, died on Sunday of her wounds.", 1),
    ("Mohamed Ali, aged 41, a teacher from Baidoa, was killed in the blast.", 1),
    # an age without a death is no fatality; a stated toll is not replaced
    ("Corporal Ana Ruiz, 29, was wounded by shrapnel.", None),
    ("Three soldiers were killed; Corporal Ana Ruiz, 29, died later in hospital.", 3),
])
def test_a_named_person_with_an_age_who_died_is_one_death(text: str, killed: int | None) -> None:
    assert casualties(text).killed == killed


@pytest.mark.parametrize("text", [
    "A soldier wounded in the ambush died in hospital on Tuesday.",
    "The driver later succumbed to his wounds.",
])
def test_one_who_died_of_wounds_is_one_death(text: str) -> None:
    assert casualties(text).killed == 1


@pytest.mark.parametrize(("text", "killed"), [
    ("Gunmen shot dead a local councillor outside his home.", 1),
    ("A mob lynched a man accused of theft.", 1),
    ("The militants killed a number of villagers.", 3),
    ("The drone destroyed a tank.", None),
])
def test_one_person_slain_is_one_death(text: str, killed: int | None) -> None:
    assert casualties(text).killed == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # ages are not a toll
        ("Nine boys aged between 8 and 14 were killed when the shell hit their school.", 9),
        ("Four girls, aged 10 to 12, died in the blast.", 4),
        # multiples of a dozen are read whole
        ("Some two dozen farmers were killed in the raid.", 24),
        ("At least three dozen people died.", 36),
        # a family of N is N people
        ("The strike killed a family of seven in their home.", 7),
        ("A family of four was killed when the shell hit.", 4),
        # bodies found are the dead of the act
        ("Police found the bodies of 11 men by the roadside.", 11),
        ("Rescuers recovered 14 bodies from the rubble of the market.", 14),
        # a victim's kin named by a possessive are counted with him
        ("A landmine killed a herder and his three sons near the well.", 4),
        ("Gunmen seized the imam and killed his driver.", 1),
        # the words of other presses: "martyred", a ministry's "neutralised"
        ("Six citizens were martyred in the raid, the agency said.", 6),
        ("The armed forces neutralised 17 terrorists during the sweep.", 17),
        # tolls as a figure of lives, or as a stated figure
        ("The raid claimed 21 lives, the governor said.", 21),
        ("The ambush cost the lives of nine gendarmes.", 9),
        ("Death toll: 16, according to the health office.", 16),
        ("Medics put the death toll at 13.", 13),
        # a victim told apart from the attackers killed with him
        ("Gunmen shot dead a shopkeeper before police killed two attackers.", 3),
    ],
)
def test_tolls_in_other_words(text: str, killed: int) -> None:
    assert casualties(text).killed == killed


def test_bodies_without_a_finding_are_no_toll() -> None:
    assert casualties("Armed bodies of 3 states met in the capital.").killed is None


@pytest.mark.parametrize(
    "text",
    [
        # a figure for death or another fate together is no death toll
        "The shelling killed or wounded 35 people.",
        "At least 22 people were killed or injured, the mayor said.",
        "Some 40 fighters were killed or captured in the offensive.",
        "The blast, killing or maiming 18 people, shook the town.",
    ],
)
def test_a_mixed_figure_is_no_toll(text: str) -> None:
    assert casualties(text).killed is None


def test_a_toll_that_climbed_from_one_figure_to_another_is_the_later() -> None:
    assert casualties("The toll climbed from 8 to 15 overnight.").killed == 15
