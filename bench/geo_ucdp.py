"""Geoparsing accuracy against UCDP GED events in Iraq (a check, not a test).

Usage: python bench/geo_ucdp.py [--csv FILE] [--gazetteer FILE] [--mode phrase|text|both]

The same figures as `sigact eval-geo FILE` (see src/sigact/geo/evaluate.py for the rows used
and the two modes), plus the machine they were measured on. The data file is read where it
lies (default ``../shared/data/ucdp/ged_iraq.csv``, UCDP GED, CC BY 4.0: Sundberg & Melander
2013; Davies, Pettersson & Öberg 2022) and never copied; without it the script says so and
exits 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
from pathlib import Path

from sigact.geo import Gazetteer
from sigact.geo.evaluate import evaluate_ucdp, format_geo_report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "ucdp" / "ged_iraq.csv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--gazetteer", type=Path, default=None)
    ap.add_argument("--mode", choices=("phrase", "text", "both"), default="both")
    ap.add_argument("--no-context", action="store_true",
                    help="phrase mode without the row's country as the article's country")
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"skipped: {args.csv} not found (UCDP GED extract for Iraq)")
        return 0
    logging.getLogger("sigact.geo").setLevel(logging.ERROR)
    gaz = Gazetteer.open(args.gazetteer, build=args.gazetteer is None)
    modes = ("phrase", "text") if args.mode == "both" else (args.mode,)
    report = evaluate_ucdp(args.csv, gazetteer=gaz, modes=modes, context=not args.no_context)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
    print(f"gazetteer: {gaz.path} (version {gaz.version})")
    print(format_geo_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
