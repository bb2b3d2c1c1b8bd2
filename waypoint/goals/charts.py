"""Server-rendered SVG charts (presentation attributes only, no style), each with a summary.

The page pairs each chart with a table of the same numbers, so nothing is only in a picture.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from waypoint.goals.progress import LongViewWeek

CELL = 12
GAP = 2
# Labels are 14 units high: a 26-week chart scaled down to a 390 px phone still shows them at
# 11 px or more (tests/goals/test_chart_browser.py measures it). Charts are never scaled up.
FONT = 14
LEFT = 38  # room for the weekday labels
TOP = 20  # room for the month labels
RIGHT = 30  # room for the last date label; the same in both charts so their weeks line up

# Four shades each, lightest for no use, darkest for the most used in the view. Off plan is a
# warm brown rather than red: it is information, not an alarm.
ON_TRACK = ("#cde9e3", "#8ccabb", "#3f9d89", "#12655c")
OFF_PLAN = ("#f6dcc0", "#eab27d", "#c9793a", "#8a4a17")
NOT_REPORTED = "#ffffff"
NOT_REPORTED_EDGE = "#aab3ae"
OUTSIDE = "#eef0ec"
EDGE = "#1b2525"
STATES = ("on_track", "off_plan", "not_reported", "outside")


class Dates:
    """Short dates in the active language, with the names looked up once per language.

    Django's date_format costs tens of microseconds a call; a chart labels hundreds of days.
    """

    _names: ClassVar[dict[str, tuple[dict[int, str], dict[int, str]]]] = {}

    def __init__(self) -> None:
        language = get_language() or ""
        names = self._names.get(language)
        if names is None:
            names = self._names[language] = (
                {n: str(name) for n, name in WEEKDAYS_ABBR.items()},
                {n: str(name).title() for n, name in MONTHS_3.items()},
            )
        self.weekdays, self.months = names

    def month(self, day: date) -> str:
        return self.months[day.month]

    def day_month(self, day: date) -> str:
        return f"{day.day} {self.months[day.month]}"

    def full(self, day: date) -> str:
        return f"{self.weekdays[day.weekday()]} {day.day} {self.months[day.month]} {day.year}"


def _shade(amount: float, peak: float) -> int:
    """0 for none; then 1-3 by thirds of the largest amount in view."""
    if amount <= 0 or peak <= 0:
        return 0
    return min(3, 1 + int(3 * amount / peak - 1e-9))


def fill_for(state: str, shade: int) -> str:
    if state == "on_track":
        return ON_TRACK[shade]
    if state == "off_plan":
        return OFF_PLAN[shade]
    if state == "outside":
        return OUTSIDE
    return NOT_REPORTED


def heat_map(
    weeks: Sequence[LongViewWeek], *, title: str, labels: dict[str, str], unit_words: str = ""
) -> SafeString:
    """A calendar heat map: a column per week, Monday at the top; colour by state and amount."""
    dates = Dates()
    peak = max((cell.amount for week in weeks for cell in week.days), default=0.0)
    width = LEFT + len(weeks) * (CELL + GAP) + RIGHT
    height = TOP + 7 * (CELL + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="heat-title" '
        f'class="chart heat-map" font-family="system-ui, sans-serif" font-size="{FONT}">',
        f'<title id="heat-title">{escape(title)}</title>',
    ]
    weekday_names = [_("Mon"), _("Wed"), _("Fri"), _("Sun")]
    for row, name in zip((0, 2, 4, 6), weekday_names, strict=True):
        y = TOP + row * (CELL + GAP) + CELL - 2
        parts.append(f'<text x="0" y="{y}" fill="#4d5b5b" aria-hidden="true">{escape(name)}</text>')
    last_month = None
    # Each state's words once (str() of a lazy translation costs more than a cell).
    words = {state: str(labels.get(state, "")) for state in STATES}
    for column, week in enumerate(weeks):
        x = LEFT + column * (CELL + GAP)
        month = week.monday.month
        if month != last_month and week.monday.day <= 7:
            parts.append(
                f'<text x="{x}" y="{FONT}" fill="#4d5b5b" aria-hidden="true">'
                f"{escape(dates.month(week.monday))}</text>"
            )
        last_month = month
        for row, cell in enumerate(week.days):
            y = TOP + row * (CELL + GAP)
            shade = _shade(cell.amount, peak)
            fill = fill_for(cell.state, shade)
            edge = ""
            if cell.state == "not_reported":
                edge = f' stroke="{NOT_REPORTED_EDGE}" stroke-width="1"'
            elif cell.state == "off_plan":
                # A dark outline too, so off-plan days do not rely on colour alone.
                edge = f' stroke="{EDGE}" stroke-width="1.5"'
            tip = f"{dates.full(cell.day)}: {words[cell.state]}"
            if cell.amount:
                tip += f", {cell.amount:.3g} {unit_words}"
            parts.append(
                f'<rect x="{x + 0.5}" y="{y + 0.5}" width="{CELL - 1}" height="{CELL - 1}" '
                f'rx="2" fill="{fill}"{edge}><title>{html.escape(tip)}</title></rect>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every dynamic text above is escaped)


def week_rows(weeks: Sequence[LongViewWeek]) -> SafeString:
    """The chart's weeks as table rows (<tr>), newest first: the charts' text alternative.

    Built here like the charts rather than in the template: template filters and lookups for
    26 rows cost more than the rest of the page's markup (docs/benchmarks.md).
    """
    dates = Dates()
    esc = html.escape
    return mark_safe(  # noqa: S308 (every value is escaped, as format_html_join would)
        "".join(
            f'<tr><th scope="row">{esc(f"{dates.day_month(week.monday)} {week.monday.year}")}'
            f"</th><td>{week.on_track}</td><td>{week.off_plan}</td><td>{week.not_reported}</td>"
            f"<td>{esc(f'{week.total:.1f}'.removesuffix('.0'))}</td></tr>"
            for week in reversed(weeks)
        )
    )


def swatch(fill: str, *, outline: str = "") -> SafeString:
    """A small legend square."""
    edge = f' stroke="{outline}" stroke-width="1.5"' if outline else ""
    return mark_safe(  # noqa: S308 (colours are constants of this module)
        f'<svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true" class="swatch">'
        f'<rect x="1" y="1" width="12" height="12" rx="2" fill="{fill}"{edge}/></svg>'
    )


def weekly_bars(
    weeks: Sequence[LongViewWeek], *, title: str, unit_words: str, limit: float | None = None
) -> SafeString:
    """Weekly totals as bars, oldest on the left, with the scale's top labelled."""
    dates = Dates()
    peak = max((week.total for week in weeks), default=0.0)
    scale_top = max(peak, limit or 0.0) or 1.0
    chart_height = 90
    right = LEFT + len(weeks) * (CELL + GAP)
    width = right + RIGHT
    height = TOP + chart_height + FONT + 6
    base = TOP + chart_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="bars-title" '
        f'class="chart weekly-bars" font-family="system-ui, sans-serif" font-size="{FONT}">',
        f'<title id="bars-title">{escape(title)}</title>',
        f'<line x1="{LEFT - 2}" y1="{base + 0.5}" x2="{right}" y2="{base + 0.5}" '
        f'stroke="#8a9693" stroke-width="1"/>',
        f'<text x="0" y="{TOP + FONT - 4}" fill="#4d5b5b" aria-hidden="true">'
        f"{scale_top:.3g}</text>",
        f'<text x="0" y="{base}" fill="#4d5b5b" aria-hidden="true">0</text>',
    ]
    if limit:
        y = base - chart_height * limit / scale_top
        parts.append(
            f'<line x1="{LEFT - 2}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#b4541a" '
            f'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    week_of = _("Week of %(day)s: %(total)s %(unit)s")
    for column, week in enumerate(weeks):
        x = LEFT + column * (CELL + GAP)
        bar = chart_height * week.total / scale_top
        tip = week_of % {
            "day": dates.day_month(week.monday),
            "total": f"{week.total:.3g}",
            "unit": unit_words,
        }
        parts.append(
            f'<rect x="{x + 1}" y="{base - bar:.1f}" width="{CELL - 2}" height="{bar:.1f}" '
            f'fill="#0f5e5a"><title>{html.escape(tip)}</title></rect>'
        )
        if column % 4 == 0:
            parts.append(
                f'<text x="{x}" y="{base + FONT + 2}" fill="#4d5b5b" aria-hidden="true">'
                f"{escape(dates.day_month(week.monday))}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every dynamic text above is escaped)
