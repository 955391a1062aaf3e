"""Gazetteer size, build time and lookup speed (a benchmark, not a test).

Usage: python bench/geo_speed.py [--gazetteer FILE] [--build] [--rounds N]

Resolves a fixed list of place phrases written for this benchmark (towns, provinces, sites,
"near X" and "N km south of X", spellings and exonyms, from a dozen conflicts) with the
article's country as context: once with a cold lookup cache (every phrase a new SQLite
query, as for a new article) and then ``--rounds`` times warm. ``--build`` also times a full
build into a temporary file (about a minute).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sqlite3
import tempfile
import time
from pathlib import Path

from sigact.geo import Gazetteer, GazetteerGeocoder, build_gazetteer

PHRASES: list[tuple[str, str]] = [
    ("Deir ez-Zor", "Syria"), ("Dayr az Zawr", "Syria"), ("near Raqqa", "Syria"),
    ("Al-Tanf garrison", "Syria"), ("Kobani", "Syria"), ("Idlib province", "Syria"),
    ("Fallujah", "Iraq"), ("30 km south of Mosul", "Iraq"), ("Ain al-Asad air base", "Iraq"),
    ("Anbar Governorate", "Iraq"), ("Tal Afar", "Iraq"), ("Kirkuk airbase", "Iraq"),
    ("Kharkov", "Ukraine"), ("20 km south of Pokrovsk", "Ukraine"), ("Donetsk Oblast", "Ukraine"),
    ("Hostomel airport", "Ukraine"), ("Odessa", "Ukraine"), ("Engels air base", "Russia"),
    ("El Fasher", "Sudan"), ("Zamzam camp", "Sudan"), ("North Darfur", "Sudan"),
    ("Wad Medani", "Sudan"), ("Darfur", "Sudan"), ("Gao", "Mali"), ("Ménaka region", "Mali"),
    ("near Tillabéri", "Niger"), ("Djibo", "Burkina Faso"), ("Rangoon", "Myanmar"),
    ("Sagaing Region", "Myanmar"), ("Lashio airport", "Myanmar"), ("Khan Younis", "Palestine"),
    ("Jabalia camp", "Palestine"), ("Tripoli", "Libya"), ("Tripoli", "Lebanon"),
    ("Goma", "DR Congo"), ("Bunia", "DR Congo"), ("Maiduguri", "Nigeria"),
    ("Sambisa Forest", "Nigeria"), ("Kismaayo", "Somalia"), ("Lido Beach", "Somalia"),
    ("Al Hudaydah", "Yemen"), ("Ras Isa", "Yemen"), ("Kandahar airfield", "Afghanistan"),
    ("Qwertzuiop Heights", "Sudan"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", type=Path, default=None)
    ap.add_argument("--build", action="store_true", help="also time a full build")
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args(argv)
    logging.getLogger("sigact.geo").setLevel(logging.ERROR)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            report = build_gazetteer(Path(tmp) / "gazetteer.sqlite")
            print(f"full build: {report.seconds:.1f} s")
    gaz = Gazetteer.open(args.gazetteer, build=args.gazetteer is None)
    con = sqlite3.connect(f"{gaz.path.resolve().as_uri()}?mode=ro", uri=True)
    counts = dict(con.execute("SELECT feature, COUNT(*) FROM places GROUP BY feature"))
    keys = con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    forms = con.execute("SELECT COUNT(*) FROM forms").fetchone()[0]
    con.close()
    sites = sum(n for f, n in counts.items() if f.startswith("site:"))
    print(f"gazetteer: {gaz.path}, {gaz.path.stat().st_size / 1e6:.0f} MB, version "
          f"{gaz.version}")
    print(f"  {sum(counts.values()):,} places ({counts.get('city', 0):,} towns, "
          f"{counts.get('admin1', 0):,} admin1 areas, {counts.get('country', 0)} countries, "
          f"{sites:,} sites and airfields), {keys:,} name keys, {forms:,} entity forms")
    geo = GazetteerGeocoder(gaz)
    t0 = time.perf_counter()
    resolved = sum(geo.resolve(t, context=(c,)).latitude is not None for t, c in PHRASES)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for t, c in PHRASES:
            geo.resolve(t, context=(c,))
    warm = time.perf_counter() - t0
    n = len(PHRASES)
    print(f"lookup: {n} phrases ({resolved} placed); cold cache {n / cold:,.0f} "
          f"resolutions/s, warm cache {n * args.rounds / warm:,.0f} resolutions/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
