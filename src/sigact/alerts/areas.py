"""Areas of interest: a point and a radius, or a polygon, with optional event filters.

Polygons use GeoJSON's order, ``[longitude, latitude]``, and are tested in the plane of
longitude/latitude (fine for areas that do not cross the antimeridian or a pole, which is
what an analyst draws around a province or a border). Points on an edge count as inside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..geo import distance_km
from ..records import Event

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Area:
    """One area of interest from the config's ``[[area]]`` tables."""

    name: str
    #: Centre and radius, for a circular area.
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    #: Outer ring and optional holes, ``[lon, lat]`` pairs, for a polygonal area.
    polygon: tuple[Ring, ...] = ()
    #: Only these event types / sub-event types (codebook names; empty: any).
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    min_fatalities: int = 0
    #: Webhook for this area; empty: the ``[alerts]`` webhook (or only a log line).
    webhook: str | None = None

    def contains(self, lat: float, lon: float) -> bool:
        if self.polygon:
            outer, *holes = self.polygon
            return in_ring(lon, lat, outer) and not any(
                in_ring(lon, lat, h) and not on_boundary(lon, lat, h) for h in holes
            )
        assert self.lat is not None and self.lon is not None and self.radius_km is not None
        return distance_km(self.lat, self.lon, lat, lon) <= self.radius_km

    def matches(self, ev: Event) -> bool:
        """Inside the area and passing every filter; events without coordinates never match."""
        p = ev.place
        if p is None or p.latitude is None or p.longitude is None:
            return False
        if self.event_types and ev.event_type not in self.event_types:
            return False
        if self.sub_event_types and ev.sub_event_type not in self.sub_event_types:
            return False
        if ev.fatalities < self.min_fatalities:
            return False
        return self.contains(p.latitude, p.longitude)


def on_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> bool:
    (x1, y1), (x2, y2) = a, b
    cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
    if abs(cross) > 1e-12 * max(1.0, abs(x2 - x1) + abs(y2 - y1)):
        return False
    return min(x1, x2) - 1e-12 <= x <= max(x1, x2) + 1e-12 and (
        min(y1, y2) - 1e-12 <= y <= max(y1, y2) + 1e-12
    )


def _edges(ring: Sequence[tuple[float, float]]) -> list[tuple[tuple[float, float], ...]]:
    return [(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))]


def on_boundary(x: float, y: float, ring: Sequence[tuple[float, float]]) -> bool:
    return any(on_segment(x, y, a, b) for a, b in _edges(ring))


def in_ring(x: float, y: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Even-odd ray casting (a ray towards +x), with points on an edge inside.

    Each edge counts when it straddles the ray's line, taking the lower end as inside and
    the upper as outside, so a ray through a vertex is counted exactly once.
    """
    if on_boundary(x, y, ring):
        return True
    inside = False
    for (x1, y1), (x2, y2) in _edges(ring):
        if (y1 > y) != (y2 > y):
            x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < x_cross:
                inside = not inside
    return inside
