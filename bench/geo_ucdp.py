"""Geocoding accuracy against UCDP GED events in Iraq (a check, not a test).

Usage: python bench/geo_ucdp.py [--csv FILE] [--gazetteer FILE] [--no-context]

UCDP codes each event's place (``where_coordinates``, ``adm_1``, coordinates, ``where_prec``)
and, for some rows, the headline of its source. For rows coded to a town or near one
(``where_prec`` 1-2) whose headline spells the coded town or province (compared with our own
name keys, so "Fallujah" matches "Al Fallūjah"), the headline's spelling is resolved with the
geocoder and compared with UCDP's coding. The data file is read where it lies (default
``../shared/data/ucdp/ged_iraq.csv``) and never copied; without it the script says so and exits 0.

Reported: rows used, coverage (share resolved to coordinates), country accuracy, admin1
accuracy (UCDP's province mapped to ours through the gazetteer), share within 25 km, median
error in km, and resolutions per second (fresh geocoder, so the lookup cache starts cold).
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sigact.geo import Gazetteer, GazetteerGeocoder, distance_km
from sigact.geo.names import index_keys, norm

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "ucdp" / "ged_iraq.csv"
#: Words UCDP appends to a place name to say what kind it is.
_KIND = re.compile(r"\s+(?:town|city|village|province|district|governorate|area|region)\s*$",
                   re.I)
_PAREN = re.compile(r"\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Case:
    phrase: str  # the headline's own spelling
    kind: str  # "town" or "admin1": which coded name the headline spells
    admin1: str | None  # UCDP's province, as our gazetteer names it
    lat: float
    lon: float


def coded_name(value: str) -> str:
    """"Al Fallūjah town" -> "Al Fallūjah"."""
    return _KIND.sub("", _PAREN.sub("", value)).strip()


def _keys(text: str) -> set[str]:
    return {k for k, level in index_keys(text).items()
            if level < 2 or len(k) >= 5}  # skeletons of 3 consonants match too much


def find_in_headline(headline: str, name: str) -> str | None:
    """The headline's words that spell ``name`` (up to 4 words), or None."""
    want = _keys(name)
    if not want:
        return None
    words = [re.sub(r"['’]s$", "", w.strip(".,;:!?\"“”()[]")) for w in headline.split()]
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(w for w in words[i:i + size] if w)
            if phrase and phrase[0].isupper() and _keys(phrase) & want:
                return phrase
    return None


def load_cases(path: Path, gaz: Gazetteer) -> tuple[list[Case], Counter[str]]:
    """Rows with a usable headline, with UCDP's province mapped to our admin1 names."""
    counts: Counter[str] = Counter()
    admin1_of: dict[str, str | None] = {}
    cases = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            if row.get("id", "").strip() == "" or row.get("where_prec") not in ("1", "2"):
                continue  # the HXL tag row, or a row coded to a province or wider
            counts["rows prec 1-2"] += 1
            headline = (row.get("source_headline") or "").strip()
            if not headline:
                continue
            counts["with headline"] += 1
            raw_a1 = coded_name(row.get("adm_1") or "")
            if raw_a1 not in admin1_of:
                found = [c for c in gaz.lookup(raw_a1, country="IQ", limit=20)
                         if c.feature == "admin1" and c.match <= 1] if raw_a1 else []
                admin1_of[raw_a1] = found[0].name if found else None
                if raw_a1 and not found:
                    print(f"note: UCDP province {raw_a1!r} has no admin1 in the gazetteer",
                          file=sys.stderr)
            town = coded_name(row.get("where_coordinates") or "")
            for kind, name in (("town", town), ("admin1", raw_a1)):
                phrase = find_in_headline(headline, name) if name else None
                if phrase:
                    counts[f"headline spells the {kind}"] += 1
                    cases.append(Case(phrase, kind, admin1_of[raw_a1],
                                      float(row["latitude"]), float(row["longitude"])))
                    break
    return cases, counts


def evaluate(cases: list[Case], gaz: Gazetteer, *, context: tuple[str, ...]) -> None:
    for kind in ("town", "admin1", "all"):
        sub = [c for c in cases if kind in ("all", c.kind)]
        if not sub:
            continue
        geo = GazetteerGeocoder(gaz)  # a cold lookup cache for each timing
        t0 = time.perf_counter()
        places = [geo.resolve(c.phrase, context=context, doc="ucdp") for c in sub]
        seconds = time.perf_counter() - t0
        coded = [(c, p) for c, p in zip(sub, places, strict=True) if p.latitude is not None]
        errors = sorted(distance_km(p.latitude or 0, p.longitude or 0, c.lat, c.lon)
                        for c, p in coded)
        n = len(sub)
        country = sum(p.iso3 == "IRQ" for p in places)
        admin1 = sum(c.admin1 is not None and norm(p.admin1 or "") == norm(c.admin1)
                     for c, p in zip(sub, places, strict=True))
        print(f"  {kind:7} rows {n:5}  coverage {len(coded) / n:6.1%}  "
              f"country {country / n:6.1%}  admin1 {admin1 / n:6.1%}  "
              f"<=25 km {sum(e <= 25 for e in errors) / n:6.1%}  "
              f"median km {statistics.median(errors) if errors else float('nan'):7.1f}  "
              f"{n / seconds:8.0f} resolutions/s")
        if kind == "all":
            misses = Counter((c.phrase, p.country or "-", p.location) for c, p
                             in zip(sub, places, strict=True)
                             if p.iso3 != "IRQ" or (c.admin1 and p.admin1 != c.admin1))
            for (phrase, ctry, loc), k in misses.most_common(12):
                print(f"    miss x{k}: {phrase!r} -> {loc} ({ctry})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--gazetteer", type=Path, default=None)
    ap.add_argument("--no-context", action="store_true",
                    help="resolve without naming Iraq as the article's country")
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"skipped: {args.csv} not found (UCDP GED extract for Iraq)")
        return 0
    gaz = Gazetteer.open(args.gazetteer, build=args.gazetteer is None)
    cases, counts = load_cases(args.csv, gaz)
    for key, value in counts.items():
        print(f"{key}: {value}")
    logging.getLogger("sigact.geo").setLevel(logging.ERROR)
    contexts = [()] if args.no_context else [("Iraq",), ()]
    for context in contexts:
        print(f"context {list(context)}:")
        evaluate(cases, gaz, context=context)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
