"""Great-circle distance and the bounding box that prefilters it (pure, no database)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from waypoint.directory.geo import Point, bounding_box, distance_km, nearby


def test_known_distances_checked_by_hand() -> None:
    # One degree of latitude is about 111.2 km on the mean-radius sphere.
    assert distance_km(Point(0, 0), Point(1, 0)) == pytest.approx(111.195, abs=0.01)
    # Chicago (41.8781, -87.6298) to Portland, Oregon (45.5152, -122.6784): about 2,827 km.
    assert distance_km(Point(41.8781, -87.6298), Point(45.5152, -122.6784)) == pytest.approx(
        2827, rel=0.005
    )
    assert distance_km(Point(10, 179.5), Point(10, -179.5)) == pytest.approx(109.5, rel=0.01)
    assert distance_km(Point(5, 5), Point(5, 5)) == 0


def test_out_of_range_points_are_refused() -> None:
    with pytest.raises(ValueError):
        Point(91, 0)
    with pytest.raises(ValueError):
        Point(0, 181)


lats = st.floats(min_value=-89.0, max_value=89.0)
lons = st.floats(min_value=-180.0, max_value=180.0)
points = st.builds(Point, lats, lons)


@settings(max_examples=150, deadline=None)
@given(points, points)
def test_distance_is_symmetric_and_bounded(a: Point, b: Point) -> None:
    assert distance_km(a, b) == pytest.approx(distance_km(b, a))
    assert 0 <= distance_km(a, b) <= 20016  # half the circumference


@settings(max_examples=150, deadline=None)
@given(points, points, points)
# Near the antipode the haversine's sin² rounds to 1: the distance is then good to about a tenth
# of a metre, not a millimetre (this case, found by hypothesis, is 6.6 mm over).
@example(Point(0.0, 180.0), Point(0.0, -1.0), Point(0.0, -5.960464477539063e-08))
def test_triangle_inequality(a: Point, b: Point, c: Point) -> None:
    assert distance_km(a, c) <= distance_km(a, b) + distance_km(b, c) + 1e-3


@settings(max_examples=200, deadline=None)
@given(points, st.floats(min_value=0.5, max_value=300), st.floats(0, 1), st.floats(0, 360))
def test_the_box_holds_every_point_within_the_radius(
    center: Point, radius: float, fraction: float, bearing: float
) -> None:
    """Walk `fraction` of the radius in any direction: the point is always inside the box."""
    import math

    d = radius * fraction * 0.999 / 6371.0088
    lat1, lon1, brg = map(math.radians, (center.latitude, center.longitude, bearing))
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(brg))
    lon2 = lon1 + math.atan2(
        math.sin(brg) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2)
    )
    lon2_deg = (math.degrees(lon2) + 540) % 360 - 180
    target = Point(max(-90.0, min(90.0, math.degrees(lat2))), lon2_deg)
    assert distance_km(center, target) <= radius
    assert bounding_box(center, radius).contains(target)


@settings(max_examples=200)
@given(
    center=st.builds(Point, lats, lons),
    others=st.lists(st.tuples(lats, lons), max_size=20),
    radius=st.floats(min_value=0.1, max_value=500.0),
)
def test_nearby_is_distance_km_within_the_radius(
    center: Point, others: list[tuple[float, float]], radius: float
) -> None:
    rows = [(lat, lon, n) for n, (lat, lon) in enumerate(others)] + [(None, 1.0, -1)]
    expected = [
        (distance_km(center, Point(lat, lon)), (lat, lon, n))
        for lat, lon, n in rows
        if lat is not None and distance_km(center, Point(lat, lon)) <= radius
    ]
    assert nearby(center, radius, rows, 0, 1) == expected  # exactly the same numbers
