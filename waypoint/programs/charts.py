"""Server-rendered SVG bar charts (one bar per month) for the report page, each with a table.

Shapes use presentation attributes only (no style=), so they live within the CSP. A suppressed
month (shared report) is drawn as an outlined stub labelled "<11"; the table says the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as noop

if TYPE_CHECKING:
    from waypoint.programs.report import Report

WIDTH, HEIGHT = 440, 200
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 24, 32
BAR = "#0f5e5a"
HIDDEN = "#9aa5a3"

CHARTED = (
    ("encounters", noop("Encounters")),
    ("unique_participants", noop("People with a code")),
    ("syringes_distributed", noop("Syringes handed out")),
    ("naloxone_kits_distributed", noop("Naloxone kits handed out")),
)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    caption: str
    label_x: float
    hidden: bool


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    desc: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    font: int = 15


def _short(month: str) -> str:
    names = [
        _("Jan"),
        _("Feb"),
        _("Mar"),
        _("Apr"),
        _("May"),
        _("Jun"),
        _("Jul"),
        _("Aug"),
        _("Sep"),
        _("Oct"),
        _("Nov"),
        _("Dec"),
    ]
    return names[int(month[5:7]) - 1]


def chart(key: str, title: str, monthly: list[dict[str, Any]]) -> Chart:
    small = f"<{settings.PROGRAMS_SUPPRESS_UP_TO + 1}"
    values = [m["indicators"][key] for m in monthly]
    top = max([v for v in values if v is not None] + [1])
    count = max(len(values), 1)
    slot = (WIDTH - LEFT - RIGHT) / count
    width = min(slot * 0.7, 40)
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    # Label every month when there is room, else every third.
    step = 1 if count <= 12 else 3
    for i, (month, value) in enumerate(zip([m["month"] for m in monthly], values, strict=True)):
        x = LEFT + i * slot + (slot - width) / 2
        hidden = value is None
        height = 4.0 if hidden else (plot * value / top if value else 0.0)
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                label=_short(month) if i % step == 0 else "",
                caption=small if hidden else (str(value) if count <= 12 else ""),
                label_x=round(x + width / 2, 1),
                hidden=hidden,
            )
        )
    desc = "; ".join(
        f"{m['month']}: {small if v is None else v}" for m, v in zip(monthly, values, strict=True)
    )
    # Larger text when few bars share the width; a year of months needs the smaller size.
    return Chart(key=key, title=_(title), desc=desc, bars=bars, font=15 if count <= 6 else 12)


def monthly_charts(result: Report) -> list[Chart]:
    return [chart(key, title, result.monthly) for key, title in CHARTED]


COLOURS = {"bar": BAR, "hidden": HIDDEN}
