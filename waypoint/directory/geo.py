"""Straight-line (great-circle) distance and the bounding box that prefilters it. No Django."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180

R = TypeVar("R", bound=Sequence[Any])


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (-90 <= self.latitude <= 90) or not (-180 <= self.longitude <= 180):
            raise ValueError("latitude must be within -90…90 and longitude within -180…180")


def distance_km(a: Point, b: Point) -> float:
    """Haversine distance in kilometres on a sphere of the mean Earth radius (error < 0.5%)."""
    return degrees_apart_km(a.latitude, a.longitude, b.latitude, b.longitude)


def degrees_apart_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """`distance_km` of two points given as numbers (a search measures hundreds of them)."""
    lat1, lat2 = math.radians(lat_a), math.radians(lat_b)
    dlat = lat2 - lat1
    dlon = math.radians(lon_b - lon_a)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def nearby(
    center: Point, radius_km: float, rows: Iterable[R], lat: int, lon: int
) -> list[tuple[float, R]]:
    """(distance, row) of the rows within radius_km of center, each row holding its latitude
    and longitude at the indexes `lat` and `lon` (rows without a point are left out).

    The same arithmetic as `degrees_apart_km`, with the center's part worked out once: a search
    measures a hundred places or so."""
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    lat1 = radians(center.latitude)
    cos1, lon0 = math.cos(lat1), center.longitude
    found = []
    for row in rows:
        lat_b, lon_b = row[lat], row[lon]
        if lat_b is None or lon_b is None:
            continue
        lat2 = radians(lat_b)
        dlat = lat2 - lat1
        dlon = radians(lon_b - lon0)
        h = sin(dlat / 2) ** 2 + cos1 * cos(lat2) * sin(dlon / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
        if km <= radius_km:
            found.append((km, row))
    return found


@dataclass(frozen=True)
class Box:
    """A latitude/longitude box; when it crosses the antimeridian, west > east."""

    south: float
    north: float
    west: float
    east: float

    @property
    def crosses_antimeridian(self) -> bool:
        return self.west > self.east

    def contains(self, p: Point) -> bool:
        if not self.south <= p.latitude <= self.north:
            return False
        if self.crosses_antimeridian:
            return p.longitude >= self.west or p.longitude <= self.east
        return self.west <= p.longitude <= self.east


def bounding_box(center: Point, radius_km: float) -> Box:
    """A box holding every point within radius_km of center (it may hold a few more)."""
    dlat = radius_km / KM_PER_DEGREE_LATITUDE
    south, north = center.latitude - dlat, center.latitude + dlat
    if south <= -90 or north >= 90:
        return Box(max(south, -90.0), min(north, 90.0), -180.0, 180.0)
    # The exact widest longitude span of a spherical cap (J. P. Matuschek, "Finding points
    # within a distance of a latitude/longitude using bounding coordinates").
    angular = radius_km / EARTH_RADIUS_KM
    ratio = math.sin(angular) / math.cos(math.radians(center.latitude))
    dlon = math.degrees(math.asin(ratio)) if ratio < 1 else 180.0
    if dlon >= 180:
        return Box(south, north, -180.0, 180.0)
    west, east = center.longitude - dlon, center.longitude + dlon
    if west < -180:
        west += 360
    if east > 180:
        east -= 360
    return Box(south, north, west, east)
