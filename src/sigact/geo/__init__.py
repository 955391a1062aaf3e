"""geo stage: gazetteer build + lookup, context-aware resolution of place phrases.

The gazetteer is a heavy resource: open it once (``Gazetteer.open()``) and pass it to
``make_geocoder``; the stage never opens it per mention.
"""

from __future__ import annotations

import math

from ..pipeline import register
from .build import BuildReport, build_gazetteer
from .gazetteer import Candidate, Gazetteer, default_path
from .resolve import GazetteerGeocoder

__all__ = [
    "BuildReport",
    "Candidate",
    "Gazetteer",
    "GazetteerGeocoder",
    "build_gazetteer",
    "default_path",
    "distance_km",
    "make_geocoder",
]

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres, for dedup and evaluation."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@register("geo", "geo.gazetteer.v1")
def make_geocoder(*, gazetteer: Gazetteer | None = None) -> GazetteerGeocoder:
    """Build the gazetteer geocoder; without a gazetteer, open (and if needed build) the
    default one in the user cache."""
    return GazetteerGeocoder(gazetteer if gazetteer is not None else Gazetteer.open())
