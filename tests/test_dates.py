"""Date expressions resolved against a publication date (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from sigact.extract.actdate import event_date, is_report_date, restates_date
from sigact.extract.background import BACKGROUND_CUES, is_background, recalls_past
from sigact.extract.dates import find_dates

WED = date(2024, 1, 10)  # a Wednesday
SAT = date(2024, 3, 2)  # a Saturday


def one(text: str, published: date | None = WED, previous: date | None = None):
    refs = find_dates(text, published=published, previous=previous)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize(
    ("text", "expected", "precision", "kind"),
    [
        (
            "Militants attacked a checkpoint on Wednesday, officials said.",
            date(2024, 1, 10),
            1,
            "weekday",
        ),
        ("Rockets struck the base late on Sunday.", date(2024, 1, 7), 1, "weekday"),
        ("Two drones were downed early Monday near Erbil.", date(2024, 1, 8), 1, "weekday"),
        (
            "The convoy was hit on Friday night.",
            date(2024, 1, 5),
            1,
            "weekday",
        ),  # after Wed -> last week
        ("Shelling resumed last Wednesday.", date(2024, 1, 3), 1, "weekday"),
        ("A roadside bomb exploded yesterday in Kandahar.", date(2024, 1, 9), 1, "relative"),
        ("Clashes broke out in Aden today.", date(2024, 1, 10), 1, "relative"),
        ("Gunfire was heard this morning in Mogadishu.", date(2024, 1, 10), 1, "relative"),
        ("Two villages were raided the day before yesterday.", date(2024, 1, 8), 1, "relative"),
        ("Russian drones hit Odesa overnight.", date(2024, 1, 9), 1, "relative"),
        ("Three days ago a mortar round hit the market.", date(2024, 1, 7), 1, "relative"),
        ("Fighting intensified last week around Bakhmut.", date(2024, 1, 3), 2, "relative"),
        ("Dozens were detained earlier this month in Khartoum.", date(2024, 1, 1), 3, "relative"),
        ("The junta bombed a school last month.", date(2023, 12, 1), 3, "relative"),
        ("The strike happened on Jan. 8 near Sarmada.", date(2024, 1, 8), 1, "absolute"),
        ("On 8 January 2024 a suicide bomber struck.", date(2024, 1, 8), 1, "absolute"),
        ("Report filed 2024-01-08 by our correspondent.", date(2024, 1, 8), 1, "absolute"),
        ("On Monday, Dec. 26, a leader was killed.", date(2023, 12, 26), 1, "absolute"),
        ("It happened on the 20th of December.", date(2023, 12, 20), 1, "absolute"),
        ("The militia moved in on the 2nd, residents said.", date(2024, 1, 2), 1, "relative"),
        ("The town fell on the 20th.", date(2023, 12, 20), 1, "relative"),  # future -> last month
        ("Tanks were seized between 11-13 Dec. near Palmyra.", date(2023, 12, 11), 2, "range"),
        ("Fighting raged from December 3 to 5 in the east.", date(2023, 12, 3), 2, "range"),
        ("Aid convoys were looted in mid-December.", date(2023, 12, 1), 3, "absolute"),
        ("A soldier died on Thanksgiving Day of his wounds.", date(2023, 11, 23), 1, "absolute"),
        ("Protests spread in recent days.", date(2024, 1, 10), 2, "vague"),
    ],
)
def test_resolves_against_publication(text: str, expected: date, precision: int, kind: str) -> None:
    ref = one(text)
    assert ref.date == expected
    assert ref.precision == precision
    assert ref.kind == kind
    assert text[ref.start : ref.end] == ref.text


def test_weekday_on_publication_day_is_that_day() -> None:
    assert one("On Saturday, gunmen stormed a church.", published=SAT).date == SAT


def test_weekend_is_the_latest_saturday() -> None:
    ref = one("Several drones were shot down over the weekend.", published=date(2024, 1, 8))
    assert (ref.date, ref.precision) == (date(2024, 1, 6), 2)


def test_year_less_date_is_never_after_publication() -> None:
    assert one("Gunmen attacked on December 30.", published=date(2024, 1, 2)).date == date(
        2023, 12, 30
    )


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("Another rocket hit the base the day prior.", -1),
        ("The previous day, two soldiers were wounded.", -1),
        ("A day earlier, a drone was intercepted.", -1),
        ("The following day, militants retook the village.", 1),
        ("Two days later, the army shelled the town.", 2),
        ("Three days earlier, an IED struck a patrol.", -3),
        ("Later that day, a second blast hit the market.", 0),
    ],
)
def test_anaphoric_forms_use_previous(text: str, offset: int) -> None:
    prev = date(2024, 1, 5)
    ref = one(text, previous=prev)
    assert ref.kind == "anaphoric"
    assert (ref.date - prev).days == offset
    assert one(text, previous=None).date is None


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked on Wednesday.",
        "A bomb exploded yesterday.",
        "Clashes erupted on Jan. 8.",
        "Rockets fell last week.",
        "Drones struck on the 2nd.",
    ],
)
def test_without_publication_relative_forms_are_unresolved(text: str) -> None:
    ref = one(text, published=None)
    assert ref.date is None


def test_explicit_year_resolves_without_publication() -> None:
    assert one("The attack on 8 January 2024 killed four.", published=None).date == date(2024, 1, 8)


def test_overnight_defers_to_another_cue() -> None:
    refs = find_dates("Drones attacked overnight Tuesday into Wednesday.", published=WED)
    assert [r.text for r in refs] == ["Tuesday", "Wednesday"]
    assert refs[0].date == date(2024, 1, 9)


def test_no_false_dates_in_plain_words() -> None:
    assert (
        find_dates("Officials may march to the border and say it was sunday best.", published=WED)
        == []
    )
    assert find_dates("The 2nd Battalion fired 30 rounds.", published=WED) == []


def test_several_dates_in_order() -> None:
    refs = find_dates("Rockets hit on Monday and a drone on Tuesday.", published=WED)
    assert [r.date for r in refs] == [date(2024, 1, 8), date(2024, 1, 9)]


def test_is_background() -> None:
    assert is_background(date(2023, 11, 1), published=WED)
    assert not is_background(date(2024, 1, 1), published=WED)
    assert is_background(date(2024, 1, 11), published=WED)  # after publication: planned, not new
    assert not is_background(date(2020, 1, 3), published=None)
    assert is_background(date(2023, 12, 20), published=WED, max_days=7)


@pytest.mark.parametrize(
    "text",
    [
        "The attack came on the anniversary of the 2020 missile strike.",
        "Some 500 people have died since the war began.",
        "The group seized the town in 2014.",
        "A similar attack last year killed nine.",
    ],
)
def test_background_cues(text: str) -> None:
    assert BACKGROUND_CUES.search(text)


def test_background_cue_absent_in_new_report() -> None:
    assert not BACKGROUND_CUES.search("Gunmen killed three farmers on Tuesday near Gao.")


def test_commemorations_are_background() -> None:
    assert BACKGROUND_CUES.search("Crowds gathered to mark six years since a truck bomb hit.")
    assert BACKGROUND_CUES.search("It is two years since the siege ended.")
    assert not BACKGROUND_CUES.search("A truck bomb killed 20 people at the market on Monday.")


def _act_date(text: str, cue: str, published: date = WED) -> tuple[date | None, bool]:
    refs = find_dates(text, published=published)
    start = text.index(cue)
    ref, reported = event_date(refs, text, start=start, end=start + len(cue))
    return ref.date, reported


@pytest.mark.parametrize(
    ("text", "cue", "expected", "reported"),
    [
        # The mourning is on the publication day; the strike it follows was the day before.
        ("The town held funerals on Wednesday after yesterday's rocket attack on the market.",
         "rocket attack", date(2024, 1, 9), False),
        # A date tied to a speech verb is the telling, not the act.
        ("The ministry on Wednesday named four guards who died when a bomb exploded at the "
         "gate early on Monday.", "bomb exploded", date(2024, 1, 8), False),
        ("A boat was hit by a rocket off the coast late on Tuesday, the navy said on Wednesday.",
         "hit by a rocket", date(2024, 1, 9), False),
        # A day before "after ..." dates the later act, not the one after it.
        ("Crews cleared the road on Wednesday after the convoy was ambushed on Monday.",
         "ambushed", date(2024, 1, 8), False),
        # "since the offensive began in June" anchors background, not the act.
        ("Rebels overran the garrison, the army said on Tuesday, the biggest loss since the "
         "offensive began in June.", "overran", date(2024, 1, 9), True),
        # Only a report date: used, but flagged so that a later sentence may correct it.
        ("Fighters seized the airport, the group said on Monday.", "seized",
         date(2024, 1, 8), True),
    ],
)
def test_event_date_picks_the_day_of_the_act(
    text: str, cue: str, expected: date, reported: bool
) -> None:
    assert _act_date(text, cue) == (expected, reported)


def test_event_date_needs_a_reference() -> None:
    with pytest.raises(ValueError):
        event_date([], "no date here", start=0, end=2)


def test_report_dates() -> None:
    text = "Officials said on Monday that the clinic was shelled on Sunday."
    refs = find_dates(text, published=WED)
    assert [is_report_date(r, text) for r in refs] == [True, False]


@pytest.mark.parametrize(
    ("text", "restates"),
    [
        ("The attack happened on Wednesday.", True),
        ("The two days of negotiations and talks, hosted abroad, ended on Thursday.", True),
        ("That raid took place late on Sunday.", True),
        ("Residents returned home on Thursday.", False),
        ("The army said on Thursday it would investigate.", False),
    ],
)
def test_restates_date(text: str, restates: bool) -> None:
    assert restates_date(text) is restates


@pytest.mark.parametrize("text", [
    "The city has been shelled many times since the siege in the spring of 2022.",
    "Troops first entered the area in the summer of 2019.",
])
def test_more_background_cues(text: str) -> None:
    assert BACKGROUND_CUES.search(text)


@pytest.mark.parametrize(("text", "day", "precision"), [
    ("Gunmen struck on the night of the 2nd.", date(2024, 1, 2), 1),
    ("The raid came on the morning of the 8th.", date(2024, 1, 8), 1),
    ("Drones hit the port on the night of 6-7 January.", date(2024, 1, 6), 1),
    ("Drones hit the port on the night of January 6-7.", date(2024, 1, 6), 1),
    # a range of several days stays a range
    ("Fighting raged between 3 and 6 January.", date(2024, 1, 3), 2),
])
def test_nights_and_mornings_of_a_day(text: str, day: date, precision: int) -> None:
    (ref,) = find_dates(text, published=WED)
    assert (ref.date, ref.precision) == (day, precision)


def test_the_evening_before_is_the_day_before_the_act_referred_to() -> None:
    (ref,) = find_dates("Police had warned residents the evening before.", published=WED,
                        previous=date(2024, 1, 8))
    assert (ref.date, ref.kind) == (date(2024, 1, 7), "anaphoric")


@pytest.mark.parametrize(("text", "published", "dated", "recalled"), [
    # a year cue of the publication year is this year's news
    ("Insurgents took the town in 2021, killing dozens.", date(2021, 3, 30), False, False),
    ("Insurgents took the town in 2019, killing dozens.", date(2021, 3, 30), False, True),
    # a trailing comparison does not turn a dated act into background ...
    ("Gunmen killed 12 on Monday, the deadliest attack since 2019.", date(2024, 1, 10), True,
     False),
    # ... but an anniversary does
    ("Crowds marked on Sunday the anniversary of the 2017 bombing.", date(2024, 1, 10), True,
     True),
])
def test_what_recalls_the_past(text: str, published: date, dated: bool, recalled: bool) -> None:
    assert recalls_past(text, published=published, dated=dated) is recalled


def test_a_war_begun_years_ago_does_not_date_todays_strike() -> None:
    text = "Drones struck the port on Monday, the first attack there since the war began years ago."
    assert not recalls_past(text, published=WED, dated=True)
    assert recalls_past("Drones struck the port two years ago.", published=WED, dated=False)


def test_remembering_an_old_act_is_background_mourning_a_fresh_death_is_not() -> None:
    assert recalls_past("Students laid wreaths on Wednesday to remember the 148 people killed "
                        "a decade ago.", published=WED, dated=True)
    assert not recalls_past("Police detained people on Friday as they laid flowers in memory "
                            "of a dissident whose death was announced that day.",
                            published=WED, dated=True)
