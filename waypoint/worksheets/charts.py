"""The readiness ruler over time as a server-rendered SVG (presentation attributes, no style).

Like goals/charts.py: every dynamic text is escaped, and the page pairs the chart with a table
of the same numbers. Importance and confidence differ in colour, line pattern and marker shape,
so neither relies on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

LEFT, RIGHT, TOP, BOTTOM = 28, 30, 12, 30
HEIGHT = 180
STEP_MAX = 56  # widest gap between two readings
IMPORTANCE = "#0f5e5a"
CONFIDENCE = "#b4541a"
GRID = "#d5d9d4"
LABEL = "#4d5b5b"


@dataclass(frozen=True)
class Reading:
    at: datetime
    importance: int | None
    confidence: int | None
    number: int


def short_day(at: datetime) -> str:
    day = timezone.localtime(at)
    return f"{day.day} {str(MONTHS_3[day.month]).title()}"


def _series(
    readings: Sequence[Reading], xs: list[float], y_of: dict[int, float], key: str
) -> list[tuple[float, float, Reading]]:
    return [
        (x, y_of[value], r)
        for x, r in zip(xs, readings, strict=True)
        if (value := getattr(r, key)) is not None
    ]


def readiness_chart(
    readings: Sequence[Reading], *, title: str, chart_id: str = "ruler"
) -> SafeString:
    """Importance (solid line, circles) and confidence (dashed line, squares), 0 to 10."""
    count = len(readings)
    plot_width = max(340.0, min(STEP_MAX * max(count - 1, 1), 640.0))
    width = LEFT + plot_width + RIGHT
    height = TOP + HEIGHT + BOTTOM
    step = plot_width / (count - 1) if count > 1 else 0.0
    xs = [LEFT + (i * step if count > 1 else plot_width / 2) for i in range(count)]
    y_of = {v: TOP + HEIGHT - HEIGHT * v / 10 for v in range(11)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title" class="chart ruler-chart" '
        f'font-family="system-ui, sans-serif" font-size="10">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for value in (0, 5, 10):
        y = y_of[value]
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_width:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 3:.1f}" text-anchor="end" fill="{LABEL}" '
            f'aria-hidden="true">{value}</text>'
        )
    label_every = max(1, -(-count // 6))
    for index, (x, reading) in enumerate(zip(xs, readings, strict=True)):
        if index % label_every == 0 or index == count - 1:
            parts.append(
                f'<text x="{x:.1f}" y="{TOP + HEIGHT + 18}" text-anchor="middle" fill="{LABEL}" '
                f'aria-hidden="true">{escape(short_day(reading.at))}</text>'
            )
    styles = (
        ("importance", IMPORTANCE, "", _("Importance")),
        ("confidence", CONFIDENCE, ' stroke-dasharray="6 4"', _("Confidence")),
    )
    for key, colour, dash, name in styles:
        points = _series(readings, xs, y_of, key)
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _r in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash}/>'
            )
        for x, y, reading in points:
            tip = f"{short_day(reading.at)}: {name} {getattr(reading, key)}"
            if key == "importance":
                mark = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
                end = "</circle>"
            else:
                mark = (
                    f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" '
                    f'fill="#fff" stroke="{colour}" stroke-width="2.5">'
                )
                end = "</rect>"
            parts.append(f"{mark}<title>{escape(tip)}</title>{end}")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every dynamic text above is escaped)


def legend_mark(key: str) -> SafeString:
    """The legend's sample of one series: its line pattern and marker."""
    if key == "importance":
        body = (
            f'<line x1="1" y1="7" x2="27" y2="7" stroke="{IMPORTANCE}" stroke-width="2.5"/>'
            f'<circle cx="14" cy="7" r="4.5" fill="{IMPORTANCE}"/>'
        )
    else:
        body = (
            f'<line x1="1" y1="7" x2="27" y2="7" stroke="{CONFIDENCE}" stroke-width="2.5" '
            f'stroke-dasharray="6 4"/><rect x="10" y="3" width="8" height="8" fill="#fff" '
            f'stroke="{CONFIDENCE}" stroke-width="2.5"/>'
        )
    return mark_safe(  # noqa: S308 (constants of this module)
        f'<svg viewBox="0 0 28 14" width="28" height="14" aria-hidden="true">{body}</svg>'
    )
