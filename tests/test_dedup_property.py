"""Property: merging is order-independent and incremental == batch (dedup.v2 + the store).

Hypothesis generates small feeds of invented reports: a few real events, each told by one to
four reports at different precision (exact town, "near" the town, only the province, only a
name without coordinates), with
different tolls, weapons, actors and publication days, plus near-misses (the next town, the
next day, a site 2 km away) and reports that list two events. Whatever order the reports come
in, one at a time through the store or all at once in memory, the events are the same: the
same partition of mentions, the same fused fields, the same ids.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigact.dedup import make_cluster_merger
from sigact.records import Actor, Article, Claim, Evidence, Mention, Place
from sigact.store import SQLiteStore

DAY = date(2024, 3, 6)


def _town(name: str, lat: float, lon: float, admin1: str = "Anbar", gp: int = 1) -> Place:
    return Place(name, country="Iraq", iso3="IRQ", admin1=admin1, latitude=lat, longitude=lon,
                 geo_precision=gp)


TOWNS = [
    _town("Qaryat Alif", 33.40, 43.30),
    _town("Qaryat Ba", 33.40, 43.46),  # 15 km east: a near-miss
    _town("Tal Jim", 33.41, 43.31),  # 1.5 km: a neighbouring site
    _town("Dal", 36.30, 43.10, admin1="Ninawa"),  # another province
]
PROVINCES = {"Anbar": _town("Anbar", 33.0, 42.5, gp=3), "Ninawa": _town("Ninawa", 36.0, 42.9,
                                                                           gp=3)}
TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"),
         ("Battles", "Armed clash")]
ACTORS = [None, Actor("Group One", 2), Actor("Group Two", 3),
          Actor("Unidentified Armed Group (Iraq)", 3)]
WEAPONS = ["rocket", "drone", "small arms", "mortar"]

report = st.fixed_dictionaries({
    "doc": st.integers(0, 11),
    "precision": st.sampled_from(["exact", "exact", "near", "province", "named"]),
    "fatalities": st.integers(0, 6),
    "weapons": st.lists(st.sampled_from(WEAPONS), max_size=2, unique=True),
    "actor": st.sampled_from(ACTORS),
    "claim": st.booleans(),
    "coarse": st.integers(0, 9).map(lambda n: n == 0),
    "word": st.sampled_from(["market", "convoy", "base", "checkpoint"]),
})
event = st.fixed_dictionaries({
    "type": st.integers(0, len(TYPES) - 1),
    "day": st.integers(0, 2),
    "town": st.integers(0, len(TOWNS) - 1),
    "reports": st.lists(report, min_size=1, max_size=4),
})


def build(events: list[dict[str, Any]], published: list[int]) -> list[Mention]:
    """Mentions of the generated events; report ``doc`` n is published on day published[n]."""
    out: list[Mention] = []
    for e_no, ev in enumerate(events):
        etype, sub = TYPES[ev["type"]]
        town = TOWNS[ev["town"]]
        for r_no, r in enumerate(ev["reports"]):
            doc = f"doc{r['doc']}"
            place = {"exact": town,
                     "near": Place(town.location, country=town.country, iso3=town.iso3,
                                   admin1=town.admin1, latitude=town.latitude,
                                   longitude=town.longitude, geo_precision=2),
                     "province": PROVINCES[town.admin1 or "Anbar"],
                     # Not found in the gazetteer: a name and its province, no coordinates.
                     "named": Place(town.location, country=town.country, admin1=town.admin1),
                     }[r["precision"]]
            start = 100 * e_no + r_no
            text = f"Invented: a {r['word']} was hit near {town.location}."
            out.append(Mention(
                doc=doc, event_type=etype, sub_event_type=sub,
                event_date=DAY + timedelta(ev["day"]), time_precision=2 if r["coarse"] else 1,
                actor1=r["actor"], place=place, fatalities=r["fatalities"],
                weapons=list(r["weapons"]), target=r["word"],
                claims=[Claim("claim", "Group One", "Group One")] if r["claim"] else [],
                evidence=[Evidence(doc, text, start, start + len(text))],
                outlet=f"Outlet {r['doc'] % 5}", url=f"https://example.org/{doc}",
                published=DAY + timedelta(published[r["doc"]]),
            ))
    return out


def dicts(events: list[Any]) -> list[dict[str, Any]]:
    return sorted((e.to_dict() for e in events), key=lambda d: d["event_id"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=st.lists(event, min_size=1, max_size=6),
       published=st.lists(st.integers(0, 3), min_size=12, max_size=12),
       seed=st.integers(0, 2**32 - 1))
def test_one_by_one_in_any_order_equals_batch(
    events: list[dict[str, Any]], published: list[int], seed: int
) -> None:
    mentions = build(events, published)
    batch = dicts(make_cluster_merger().merge(mentions))

    shuffled = list(mentions)
    random.Random(seed).shuffle(shuffled)
    assert dicts(make_cluster_merger().merge(shuffled)) == batch

    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in shuffled:
        by_doc[m.doc].append(m)
    docs = list(by_doc)
    random.Random(seed + 1).shuffle(docs)
    merger = make_cluster_merger()
    with SQLiteStore(":memory:") as store:
        for doc in docs:
            first = by_doc[doc][0]
            article = Article(id=doc, text=f"Invented report {doc}.", outlet=first.outlet,
                              url=first.url, published=first.published,
                              published_source="jsonl")
            store.add_article(article, by_doc[doc], dedup=merger)
        assert dicts(store.events()) == batch
        # Every retired id points at a live event.
        for old, new in store._conn.execute("SELECT old_id, new_id FROM event_aliases"):
            assert store.get_event(new) is not None and store.get_event(old) is None
