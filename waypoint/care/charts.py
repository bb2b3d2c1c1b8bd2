"""Scores over time as server-rendered SVG geometry; the template draws it beside a table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from waypoint.assessments.models import Assessment
from waypoint.measures import INSTRUMENTS

WIDTH, HEIGHT = 400, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 12, 30
# Points keep clear of the axis labels and the edge.
INSET = 10


def shown_score(instrument: str, total: int) -> int:
    """The number people read: WHO-5 on its 0-100 scale (raw × 4), the others as scored."""
    return total * 4 if instrument == "who5" else total


def score_range(instrument: str) -> tuple[int, int]:
    low, high = INSTRUMENTS[instrument].score_range
    return (low * 4, high * 4) if instrument == "who5" else (low, high)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    instrument: str
    name: str
    width: int
    height: int
    points: list[Point]
    ticks: list[Tick]
    line: str  # the polyline's points attribute
    plot_left: int
    plot_right: int
    baseline_y: float


def score_chart(instrument: str, assessments: Sequence[Assessment]) -> Chart:
    """Totals in time order, x spaced by date, y over the instrument's whole range."""
    ordered = sorted(assessments, key=lambda a: a.taken_at)
    low, high = score_range(instrument)
    plot_w, plot_h = WIDTH - LEFT - RIGHT - 2 * INSET, HEIGHT - TOP - BOTTOM

    def y_of(value: int) -> float:
        return round(TOP + plot_h * (1 - (value - low) / ((high - low) or 1)), 1)

    points: list[Point] = []
    if ordered:
        first, last = ordered[0].taken_at, ordered[-1].taken_at
        span = (last - first).total_seconds()
        for item in ordered:
            share = (item.taken_at - first).total_seconds() / span if span else 0.5
            value = shown_score(instrument, item.total)
            points.append(
                Point(
                    round(LEFT + INSET + plot_w * share, 1),
                    y_of(value),
                    value,
                    date_format(timezone.localtime(item.taken_at), "j M Y"),
                )
            )
    span = high - low
    parts = next((n for n in (4, 3, 5) if span % n == 0), 4)
    step = max(1, span // parts)
    ticks = [Tick(y_of(v), v) for v in range(low, high + 1, step)]
    return Chart(
        instrument=instrument,
        name=INSTRUMENTS[instrument].name,
        width=WIDTH,
        height=HEIGHT,
        points=points,
        ticks=ticks,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline_y=y_of(low),
    )


def charts_for(assessments: Sequence[Assessment]) -> list[Chart]:
    """One chart per instrument the person has answered, in Waypoint's usual order."""
    by_instrument: dict[str, list[Assessment]] = {}
    for item in assessments:
        by_instrument.setdefault(item.instrument, []).append(item)
    order = list(INSTRUMENTS)
    return [
        score_chart(key, items)
        for key, items in sorted(by_instrument.items(), key=lambda kv: order.index(kv[0]))
    ]
