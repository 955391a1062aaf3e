"""Shared by the service benchmarks: a synthetic event database built quickly by bulk SQL,
a `sigact serve` subprocess on a free loopback port, and a description of the machine.

The database is the real schema (created by SQLiteStore, so the R*Tree, FTS and triggers are
there) filled with seeded random events around conflict hotspots over four years; it is cached
in bench/out/ (gitignored) by size and seed, so re-runs start at once.
"""

from __future__ import annotations

import os
import platform
import random
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from sigact.records import Actor, Event, Evidence, Place, Source
from sigact.store import SQLiteStore
from sigact.store import rows as store_rows

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
START = date(2021, 1, 1)
DAYS = 4 * 365

#: (name, country, iso3, admin1, lat, lon, spread in degrees): where synthetic events fall.
HOTSPOTS = [
    ("Ramadi", "Iraq", "IRQ", "Anbar", 33.42, 43.30, 1.5),
    ("Mosul", "Iraq", "IRQ", "Nineveh", 36.34, 43.13, 1.0),
    ("Kirkuk", "Iraq", "IRQ", "Kirkuk", 35.47, 44.39, 0.8),
    ("Deir ez-Zor", "Syria", "SYR", "Deir ez-Zor", 35.34, 40.14, 1.2),
    ("Idlib", "Syria", "SYR", "Idlib", 35.93, 36.63, 0.7),
    ("Aleppo", "Syria", "SYR", "Aleppo", 36.20, 37.13, 0.8),
    ("Donetsk", "Ukraine", "UKR", "Donetsk", 48.00, 37.80, 1.2),
    ("Kharkiv", "Ukraine", "UKR", "Kharkiv", 49.99, 36.23, 1.0),
    ("Kherson", "Ukraine", "UKR", "Kherson", 46.64, 32.61, 1.0),
    ("Gao", "Mali", "MLI", "Gao", 16.27, -0.04, 2.0),
    ("Mopti", "Mali", "MLI", "Mopti", 14.49, -4.18, 1.5),
    ("Djibo", "Burkina Faso", "BFA", "Sahel", 14.10, -1.63, 1.5),
    ("Mogadishu", "Somalia", "SOM", "Banaadir", 2.04, 45.34, 1.0),
    ("Khartoum", "Sudan", "SDN", "Khartoum", 15.50, 32.56, 1.0),
    ("El Fasher", "Sudan", "SDN", "North Darfur", 13.63, 25.35, 1.5),
    ("Sanaa", "Yemen", "YEM", "Sanaa", 15.37, 44.19, 1.0),
    ("Marib", "Yemen", "YEM", "Marib", 15.46, 45.33, 0.8),
    ("Sagaing", "Myanmar", "MMR", "Sagaing", 21.88, 95.98, 1.5),
    ("Goma", "DR Congo", "COD", "North Kivu", -1.68, 29.22, 1.0),
    ("Maiduguri", "Nigeria", "NGA", "Borno", 11.85, 13.16, 1.5),
]

#: (event_type, sub_event_type, weight)
TYPES = [
    ("Battles", "Armed clash", 20),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 18),
    ("Explosions/Remote violence", "Air/drone strike", 14),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 6),
    ("Violence against civilians", "Attack", 12),
    ("Violence against civilians", "Abduction/forced disappearance", 3),
    ("Protests", "Peaceful protest", 12),
    ("Protests", "Protest with intervention", 3),
    ("Riots", "Violent demonstration", 4),
    ("Strategic developments", "Arrests", 4),
    ("Strategic developments", "Looting/property destruction", 2),
    ("Battles", "Non-state actor overtakes territory", 2),
]
OUTLETS = ["Desert Wire", "River Post", "Sahel Daily", "Kyiv Evening Post", "Horn Monitor",
           "Delta Times", "Highland Courier"]


def synth_events(n: int, *, seed: int) -> Iterator[Event]:
    rng = random.Random(seed)
    weights = [w for *_, w in TYPES]
    for i in range(n):
        name, country, iso3, admin1, lat, lon, spread = rng.choice(HOTSPOTS)
        event_type, sub, _ = rng.choices(TYPES, weights=weights)[0]
        day = START + timedelta(rng.randrange(DAYS))
        place = Place(f"{name} district {i % 37}", country=country, iso3=iso3, admin1=admin1,
                      latitude=round(lat + rng.gauss(0, spread / 2), 4),
                      longitude=round(lon + rng.gauss(0, spread / 2), 4), geo_precision=1)
        deaths = int(rng.expovariate(0.4)) if event_type != "Protests" else 0
        sentence = (f"Synthetic report {i}: {sub.lower()} near {place.location} in {admin1}, "
                    f"{country}, on {day.isoformat()}; {deaths} killed.")
        sources = []
        for k in range(1 + (rng.random() < 0.3)):
            doc = f"syn-{i}-{k}"
            sources.append(Source(doc=doc, url=f"https://news.example.org/{doc}",
                                  outlet=rng.choice(OUTLETS), published=day + timedelta(1),
                                  evidence=[Evidence(doc, sentence, 0, len(sentence))]))
        yield Event(doc=sources[0].doc, event_type=event_type, sub_event_type=sub,
                    event_date=day, place=place, location_text=place.location,
                    actor1=Actor(f"Armed Group {rng.randrange(40)}", 2),
                    actor2=Actor(f"Military Forces of {country}", 1), fatalities=deaths,
                    fatalities_high=deaths, weapons=["small arms"], confidence=0.7,
                    evidence=list(sources[0].evidence), notes=sentence,
                    url=sources[0].url, outlet=sources[0].outlet, published=day + timedelta(1),
                    event_id=f"ev-{i:012x}", sources=sources)


def build_db(n: int = 100_000, *, seed: int = 7, path: Path | None = None) -> Path:
    """The synthetic database with ``n`` events (built once, then reused)."""
    path = path or OUT / f"synthetic-{n}-{seed}.db"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    SQLiteStore(tmp).close()  # the real schema, migrations, triggers
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    now = "2025-01-01T00:00:00+00:00"
    cols = ", ".join(store_rows.EVENT_COLUMNS)
    marks = ", ".join(f":{c}" for c in store_rows.EVENT_COLUMNS)
    conn.execute("BEGIN")
    article_pk = 0
    for pk, ev in enumerate(synth_events(n, seed=seed), start=1):
        conn.execute(f"INSERT INTO events (pk, {cols}, created_at, updated_at)"
                     f" VALUES (:pk, {marks}, :now, :now)",
                     {**store_rows.event_row(ev), "pk": pk, "now": now})
        conn.execute("INSERT INTO events_fts (rowid, body) VALUES (?, ?)",
                     (pk, store_rows.search_body(ev)))
        for ord_, src in enumerate(ev.sources):
            article_pk += 1
            conn.execute(
                "INSERT INTO articles (pk, id, content_hash, title, url, outlet, published,"
                " published_source, ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (article_pk, src.doc, f"hash-{src.doc}", f"Report {src.doc}", src.url,
                 src.outlet, src.published.isoformat() if src.published else None, "jsonl",
                 now))
            conn.execute(
                "INSERT INTO sources (event_id, ord, doc, article_pk, url, outlet, published,"
                " evidence) VALUES (:event_id, :ord, :doc, :article_pk, :url, :outlet,"
                " :published, :evidence)",
                {"event_id": ev.event_id, "ord": ord_, "article_pk": article_pk,
                 **store_rows.source_row(src)})
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.replace(path)
    print(f"built {path.name}: {n:,} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, *, workers: int = 1) -> Iterator[str]:
    """`sigact serve` as a user runs it (its own process), on a free loopback port."""
    port = free_port()
    sigact = Path(sys.executable).with_name("sigact")
    proc = subprocess.Popen(
        [str(sigact), "serve", "--db", str(db), "--port", str(port), "--log-level", "warning",
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise SystemExit(f"sigact serve did not start:\n{err[-2000:]}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def machine() -> str:
    """One line: CPU, cores, memory, load, Python and SQLite versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1e6:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    one, five, fifteen = os.getloadavg()
    load = f", load average {one:.2f} {five:.2f} {fifteen:.2f}"
    return (f"{cpu}, {os.cpu_count()} cores{mem}{load}; Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.platform()}")
