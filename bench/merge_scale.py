"""Merge scaling: time and peak memory to merge 10k, 100k and 1M synthetic mentions.

Two paths are measured, each size in a fresh subprocess (so peak memory is that size's own):

* ``library``: ``ClusterMerger.merge`` over all mentions at once, with the in-memory blocking
  index (features, blocking, pairwise rules, grouping and fusion of every event);
* ``store``: ``SQLiteStore.add_articles`` into a new SQLite file, one report merged at a time
  against the SQLite-backed index, committed per 32 reports: the path of ``sigact run``;
* ``remerge``: ``SQLiteStore.remerge`` of that file: every stored mention re-merged in one
  batch pass and one transaction (``sigact remerge``).

Synthetic feed: events in one town per 50 mentions over three years, each told by one to
four reports at different precision (exact town, "near" it, only its province), with
differing tolls, weapons and actors. Half the events fall in a heavy-tailed set of busy towns
(a few events a day each, at every size: a bigger feed covers more places, it does not cram
more events into one town-day), so same-town same-day near-misses are common.
Timings exclude generating the mentions. Run: ``python bench/merge_scale.py`` (defaults:
library 10k 100k 1M, store 10k 100k) or pass ``--library N ...`` / ``--store N ...``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

from sigact.records import Actor, Article, Evidence, Mention, Place

BASE = date(2022, 1, 1)
TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", ["artillery", "rocket"]),
    ("Explosions/Remote violence", "Air/drone strike", ["drone", "aircraft"]),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", ["IED", "car bomb"]),
    ("Battles", "Armed clash", ["small arms"]),
    ("Violence against civilians", "Attack", ["small arms"]),
    ("Protests", "Peaceful protest", []),
]
ACTORS = [Actor(f"Armed Group {i}", 2 + i % 3) for i in range(40)]
WORDS = ["market", "convoy", "checkpoint", "base", "village", "school", "bridge", "camp",
         "patrol", "mosque", "hospital", "road", "farm", "station", "compound"]


def synthetic(n: int, *, seed: int = 7) -> Iterator[tuple[Article, list[Mention]]]:
    """About ``n`` mentions, one per report, grouped as (article, mentions) in feed order."""
    rng = random.Random(seed)
    n_towns = max(200, n // 50)
    towns = []
    for t in range(n_towns):
        lat, lon = rng.uniform(0, 40), rng.uniform(0, 60)
        region = f"Region {t // 25}"
        country = f"Country {t // 500}"
        towns.append((
            Place(f"Town {t}", country=country, iso3=f"C{t // 500:02d}", admin1=region,
                  latitude=lat, longitude=lon, geo_precision=1),
            Place(f"Town {t}", country=country, iso3=f"C{t // 500:02d}", admin1=region,
                  latitude=lat, longitude=lon, geo_precision=2),
            Place(region, country=country, iso3=f"C{t // 500:02d}", admin1=region,
                  latitude=lat + 0.3, longitude=lon - 0.2, geo_precision=3),
        ))
    made = doc_no = 0
    while made < n:
        # Half the events fall in busy towns (front lines), heavy-tailed over the first
        # 0.5 % of towns, so a busy town sees a few events a day whatever the feed's size.
        if rng.random() < 0.5:
            t = min(n_towns - 1, int(rng.paretovariate(1.2) * n_towns / 200))
        else:
            t = rng.randrange(n_towns)
        exact, near, region = towns[t]
        day = BASE + timedelta(rng.randrange(1095))
        etype, sub, weapons = TYPES[rng.randrange(len(TYPES))]
        actor = ACTORS[rng.randrange(len(ACTORS))]
        toll = rng.choice([0, 0, 1, 2, 3, 5, 8, 12])
        word = WORDS[rng.randrange(len(WORDS))]
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            doc = f"r{doc_no}"
            doc_no += 1
            place = rng.choices((exact, near, region), weights=(70, 15, 15))[0]
            text = f"Report {doc}: a {word} in {exact.location} was hit, {toll} killed."
            published = day + timedelta(rng.randrange(3))
            m = Mention(
                doc=doc, event_type=etype, sub_event_type=sub, event_date=day,
                actor1=actor if rng.random() < 0.6 else None, place=place,
                fatalities=max(0, toll + rng.choice([0, 0, 0, 1, -1])),
                weapons=rng.sample(weapons, k=rng.randrange(len(weapons) + 1)),
                target=word if rng.random() < 0.5 else None,
                evidence=[Evidence(doc, text, 0, len(text))], outlet=f"Outlet {doc_no % 97}",
                url=None, published=published,
            )
            article = Article(id=doc, text=text, outlet=m.outlet, published=published,
                              published_source="jsonl")
            yield article, [m]
            made += 1


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(path: str, n: int) -> dict[str, object]:
    """Measure one size in this process; returns the figures."""
    from sigact.dedup import make_cluster_merger

    feed = list(synthetic(n))
    mentions = [m for _, ms in feed for m in ms]
    per_town_day = Counter((m.place.admin1 if m.place and m.place.geo_precision == 3 else
                            m.place.location if m.place else "", m.event_date)
                           for m in mentions)
    before = _rss_mb()
    merger = make_cluster_merger()
    extra: dict[str, object] = {}
    t0 = time.perf_counter()
    if path == "library":
        del feed
        events = len(merger.merge(mentions))
        seconds = time.perf_counter() - t0
    else:
        import tempfile

        from sigact.store import SQLiteStore

        with tempfile.TemporaryDirectory() as tmp, SQLiteStore(f"{tmp}/bench.db") as store:
            for i in range(0, len(feed), 32):  # as `sigact run` commits: per parsed batch
                store.add_articles(feed[i:i + 32], dedup=merger)
            events = store.count_events()
            seconds = time.perf_counter() - t0
            t1 = time.perf_counter()
            assert store.remerge(dedup=make_cluster_merger()) == []  # same rules: no change
            extra["remerge_seconds"] = round(time.perf_counter() - t1, 2)
    return {"path": path, "mentions": len(mentions), "events": events,
            "seconds": round(seconds, 2), "per_mention_us": round(1e6 * seconds / n, 1),
            "peak_rss_mb": round(_rss_mb(), 1), "rss_before_merge_mb": round(before, 1),
            "busiest_town_day": max(per_town_day.values()), **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--store", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--one", nargs=2, metavar=("PATH", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return
    print(f"machine: {platform.machine()} {platform.processor() or ''} "
          f"{os.cpu_count()} cpus, python {platform.python_version()}, one core used, "
          f"load {os.getloadavg()[0]:.2f}")
    print(f"{'path':8} {'mentions':>9} {'events':>9} {'seconds':>8} {'us/mention':>10}"
          f" {'peak RSS MB':>11} {'(before merge)':>14} {'busiest town-day':>16}")
    for path, sizes in (("library", args.library), ("store", args.store)):
        for n in sizes:
            out = subprocess.run([sys.executable, __file__, "--one", path, str(n)],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['path']:8} {r['mentions']:>9,} {r['events']:>9,} {r['seconds']:>8}"
                  f" {r['per_mention_us']:>10} {r['peak_rss_mb']:>11} "
                  f"{r['rss_before_merge_mb']:>14} {r['busiest_town_day']:>16}", flush=True)
            if "remerge_seconds" in r:
                print(f"{'remerge':8} {r['mentions']:>9,} {r['events']:>9,} "
                      f"{r['remerge_seconds']:>8} "
                      f"{round(1e6 * r['remerge_seconds'] / r['mentions'], 1):>10}"
                      "   (all stored mentions re-merged in one transaction)", flush=True)


if __name__ == "__main__":
    main()
