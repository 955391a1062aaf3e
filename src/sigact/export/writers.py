"""Write events as JSON lines, ACLED-style CSV or GeoJSON, streamed one event at a time.

CSV and GeoJSON carry the same flattened fields (``flat_row``): ACLED's column names where a
column has an ACLED equivalent, so the file can be laid beside an ACLED export, then ours.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TextIO

from ..records import Event
from .codes import cameo_code, plover_code

log = logging.getLogger(__name__)

#: ACLED's names, in ACLED's order, for the columns that have one.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "iso",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
#: Our columns, after ACLED's.
EXTRA_COLUMNS: tuple[str, ...] = (
    "iso3",
    "injuries",
    "weapons",
    "target",
    "claims",
    "confidence",
    "fatalities_high",
    "source_urls",
    "source_docs",
    "cameo_code",
    "plover_code",
)
CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS


@lru_cache(maxsize=512)
def iso_numeric(iso3: str | None) -> int | None:
    """ACLED's ``iso`` is the ISO 3166-1 numeric code; ours is alpha-3 (kept as ``iso3``)."""
    if not iso3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3.upper())
    return int(country.numeric) if country else None


def flat_row(ev: Event) -> dict[str, Any]:
    """One event as flat columns (``CSV_COLUMNS``); lists joined, claims as JSON text."""
    d = ev.to_dict()
    return {
        "event_id_cnty": d["event_id"],
        "event_date": d["event_date"],
        "time_precision": d["time_precision"],
        "event_type": d["event_type"],
        "sub_event_type": d["sub_event_type"],
        "actor1": d["actor1"],
        "inter1": d["inter1"],
        "actor2": d["actor2"],
        "inter2": d["inter2"],
        "country": d["country"],
        "iso": iso_numeric(d["iso3"]),
        "admin1": d["admin1"],
        "admin2": d["admin2"],
        "location": d["location"],
        "latitude": d["latitude"],
        "longitude": d["longitude"],
        "geo_precision": d["geo_precision"],
        "source": "; ".join(_unique(s.outlet for s in ev.sources)),
        "notes": d["notes"],
        "fatalities": d["fatalities"],
        "iso3": d["iso3"],
        "injuries": d["injuries"],
        "weapons": ";".join(d["weapons"]),
        "target": d["target"],
        "claims": json.dumps(d["claims"], ensure_ascii=False) if d["claims"] else "",
        "confidence": d["confidence"],
        "fatalities_high": d["fatalities_high"],
        # URLs cannot hold a raw space, so a space separates them unambiguously.
        "source_urls": " ".join(_unique(s.url for s in ev.sources)),
        "source_docs": "; ".join(_unique(s.doc for s in ev.sources)),
        # Mapped from the sub-event type (event_codes.csv); None where no code fits.
        "cameo_code": cameo_code(ev.sub_event_type),
        "plover_code": plover_code(ev.sub_event_type),
    }


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def write_jsonl(events: Iterable[Event], out: TextIO, *, evidence: bool = True) -> int:
    """One ``Event.to_dict()`` per line; ``evidence=False`` drops evidence (also per source)."""
    n = 0
    for ev in events:
        d = ev.to_dict()
        if not evidence:
            del d["evidence"]
            for src in d["sources"]:
                del src["evidence"]
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(events: Iterable[Event], out: TextIO) -> int:
    """ACLED-style CSV with a header row; open ``out`` with ``newline=""``."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(flat_row(ev))
        n += 1
    return n


def write_geojson(events: Iterable[Event], out: TextIO) -> int:
    """A FeatureCollection of points; events without coordinates are skipped (and counted)."""
    n = skipped = 0
    out.write('{"type": "FeatureCollection", "features": [')
    for ev in events:
        p = ev.place
        if p is None or p.latitude is None or p.longitude is None:
            skipped += 1
            continue
        feature = {
            "type": "Feature",
            "id": ev.event_id,
            "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
            "properties": flat_row(ev),
        }
        out.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    if skipped:
        log.warning("geojson: %d events without coordinates were left out", skipped)
    return n
