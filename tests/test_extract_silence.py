"""Reports full of violence words that name no new act: the extractor must stay silent.

Each is a kind of report a feed carries every day (a commemoration, a drill, an ultimatum, a
verdict, a tally, a donors' meeting, an analysis, a call to march, a security operation, a
sports story), written for this test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigact.records import Article

SILENT = [
    ("Ten years on, town remembers university massacre",
     "Students in Garissa laid wreaths on Wednesday to remember the 148 people killed when "
     "gunmen stormed the campus a decade ago. Survivors said the scars remain."),
    ("Navy holds live-fire drills",
     "The navy fired missiles and dropped depth charges off Aden during three days of "
     "exercises that ended on Sunday, simulating an attack on an enemy fleet."),
    ("Rebels give army 48 hours to leave town",
     "The rebel alliance on Tuesday gave government troops 48 hours to withdraw from Lashio or "
     "face an assault. The army said it would defend its positions."),
    ("Court jails men over truck attack",
     "A court in Mogadishu on Monday sentenced three men to prison for helping the driver who "
     "killed 86 people by ploughing a truck into crowds in 2016."),
    ("Civilian deaths rose sharply this year, UN says",
     "More than 2,500 people have been killed in gang violence in Mogadishu since January, "
     "the United Nations said in a report on Tuesday."),
    ("Donors pledge aid",
     "Donors meeting in Khartoum on Tuesday pledged two billion dollars for civilians caught "
     "up in the war, which has killed tens of thousands since it began."),
    ("Analysis: two years after the coup",
     "Two years after soldiers seized power, the junta has lost swathes of territory to "
     "jihadists, who regularly ambush army convoys and attack villages near Gao."),
    ("Opposition calls for protests next week",
     "Opposition leaders called on supporters to march on parliament in Bamako next Tuesday "
     "and warned that police would be blamed if anyone was hurt."),
    ("Pilgrims begin trek under tight security",
     "Thousands of pilgrims began the annual trek to the shrine near Mosul on Wednesday under "
     "heavy security, a year after militants attacked a bus carrying worshippers."),
    ("Exiled club plays first home game abroad",
     "The club, forced from its stadium in Kharkiv by the war, beat its rivals 2-1 on "
     "Saturday in front of a crowd of refugees."),
]


@pytest.mark.parametrize(("title", "text"), SILENT, ids=[t for t, _ in SILENT])
def test_no_event_in_reports_that_name_no_new_act(pipeline: Any, title: str, text: str) -> None:
    ms = pipeline([Article(id="s", title=title, text=text, published=date(2024, 5, 15))])
    assert [(m.sub_event_type, m.location_text, m.evidence[0].text) for m in ms] == []
