"""Server-rendered SVG bar charts for a group's picture over time.

Templates draw the shapes with presentation attributes (fill, x, y…), never style=, so the
charts live within the Content-Security-Policy; each chart also gets a table alternative.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from waypoint.groups.selectors import GroupPicture

# A narrow drawing: on a 390 px phone it is drawn at about 0.8 scale, so 13-unit text stays
# readable; on a desktop it grows with the column.
WIDTH = 440
HEIGHT = 230
LEFT = 30
RIGHT = 6
TOP = 18
BOTTOM = 30
MAX_BAR = 36
LABEL_WIDTH = 46  # room a "12 Oct" label needs, in drawing units
FONT = 13

# Colours with at least 3:1 contrast against white and against each other's neighbours.
MEMBERS = "#0f5e5a"
WALK_INS = "#c96a22"
RETURNING = "#0f5e5a"
FIRST_TIME = "#8cc7c1"
HELPFUL = "#2d5f9a"
EMPTY = "#9aa5a3"


@dataclass(frozen=True)
class Part:
    value: float
    fill: str
    title: str


@dataclass(frozen=True)
class Column:
    label: str
    parts: Sequence[Part]
    caption: str = ""  # the number written above the bar


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rects: list[Rect]
    ticks: list[Text]
    grid: list[float]
    x_labels: list[Text]
    captions: list[Text]
    plot_left: float
    plot_right: float
    baseline: float
    font: int = FONT

    def svg(self, id: str, title: str, desc: str) -> SafeString:
        """The chart as SVG markup, written in Python: 52 meetings' bars through the template
        engine cost more than the rest of the picture page (a variable and a number format per
        attribute). Numbers are plain (never localized: SVG wants a dot); text is escaped."""
        font, left, right, base = self.font, self.plot_left, self.plot_right, self.baseline
        out = [
            f'<svg class="chart" viewBox="0 0 {self.width} {self.height}" role="img" '
            f'aria-labelledby="{escape(id)}-title {escape(id)}-desc" '
            'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">\n'
            f'  <title id="{escape(id)}-title">{escape(title)}</title>\n'
            f'  <desc id="{escape(id)}-desc">{escape(desc)}</desc>\n  '
        ]
        out += [
            f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#d5d9d4" stroke-width="1"/>'
            for y in self.grid
        ]
        out.append("\n  ")
        out += [
            f'<text x="{t.x}" y="{t.y}" text-anchor="end" font-size="{font}" fill="#4d5b5b">'
            f"{escape(t.text)}</text>"
            for t in self.ticks
        ]
        out.append("\n  ")
        out += [
            f'<rect x="{r.x}" y="{r.y}" width="{r.width}" height="{r.height}" '
            f'fill="{escape(r.fill)}"><title>{escape(r.title)}</title></rect>'
            for r in self.rects
        ]
        out.append("\n  ")
        out += [
            f'<text x="{c.x}" y="{c.y}" text-anchor="middle" font-size="{font}" '
            f'font-weight="600" fill="#1b2525">{escape(c.text)}</text>'
            for c in self.captions
        ]
        out.append("\n  ")
        out += [
            f'<text x="{x.x}" y="{x.y}" text-anchor="middle" font-size="{font}" '
            f'fill="#4d5b5b">{escape(x.text)}</text>'
            for x in self.x_labels
        ]
        out.append(
            f'\n  <line x1="{left}" x2="{right}" y1="{base}" y2="{base}" stroke="#4d5b5b" '
            'stroke-width="1"/>\n</svg>\n'
        )
        return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


def nice_max(value: float) -> tuple[float, float]:
    """A round top for the axis and a step that gives at most five gridlines."""
    if value <= 0:
        return 1.0, 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value / step <= 5:
            return math.ceil(value / step) * step, float(step)
    step = 10 ** math.ceil(math.log10(value / 5))
    return math.ceil(value / step) * step, float(step)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    columns: Sequence[Column],
    *,
    top: float | None = None,
    step: float | None = None,
    tick_format: Callable[[float], str] = _fmt,
) -> Chart:
    """Stacked bars, one column per meeting, with a y axis starting at zero."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    baseline = float(TOP + plot_h)
    highest = max((sum(p.value for p in c.parts) for c in columns), default=0)
    if top is None or step is None:
        top, step = nice_max(highest)
    scale = plot_h / top
    n = max(len(columns), 1)
    band = plot_w / n
    bar = min(band * 0.7, MAX_BAR)
    every = max(1, math.ceil(LABEL_WIDTH / band))
    rects: list[Rect] = []
    x_labels: list[Text] = []
    captions: list[Text] = []
    for i, column in enumerate(columns):
        centre = LEFT + band * i + band / 2
        x = centre - bar / 2
        y = baseline
        for part in column.parts:
            if part.value <= 0:
                continue
            h = part.value * scale
            y -= h
            rects.append(
                Rect(round(x, 1), round(y, 1), round(bar, 1), round(h, 1), part.fill, part.title)
            )
        if column.caption:
            captions.append(Text(round(centre, 1), round(y - 4, 1), column.caption))
        if i % every == 0:
            x_labels.append(Text(round(centre, 1), baseline + 19, column.label))
    ticks: list[Text] = []
    grid: list[float] = []
    value = 0.0
    while value <= top + 1e-9:
        y = round(baseline - value * scale, 1)
        ticks.append(Text(LEFT - 6, y + 4, tick_format(value)))
        grid.append(y)
        value += step
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        rects=rects,
        ticks=ticks,
        grid=grid,
        x_labels=x_labels,
        captions=captions,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline=baseline,
    )


def day_labels(picture: GroupPicture) -> list[tuple[str, str]]:
    """("j M", "j M Y") of each meeting's local day, as the `date` filter writes them.

    `date_format` costs ~20 µs a call; 52 meetings were formatted four times per view. The
    month's short name is looked up once per month (the same translated MONTHS_3 it uses).
    """
    months: dict[int, str] = {}
    found = []
    for row in picture.rows:
        local = timezone.localtime(row.starts_at)
        month = months.get(local.month)
        if month is None:
            month = months[local.month] = str(MONTHS_3[local.month]).title()
        short = f"{local.day} {month}"
        found.append((short, f"{short} {local.year}"))
    return found


def _people_words() -> Callable[[int], str]:
    said: dict[int, str] = {}

    def people(n: int) -> str:
        if n not in said:
            said[n] = ngettext("%(n)d person", "%(n)d people", n) % {"n": n}
        return said[n]

    return people


@dataclass(frozen=True)
class PictureCharts:
    attendance: Chart
    returning: Chart
    feedback: Chart


def picture_charts(
    picture: GroupPicture, days: list[tuple[str, str]] | None = None
) -> PictureCharts:
    """The three charts of the picture page, from the per-meeting counts."""
    attendance, returning, feedback = [], [], []
    days = days if days is not None else day_labels(picture)
    _people = _people_words()
    # Each message translated once, not once per meeting.
    as_members = _("%(day)s: %(people)s as members")
    as_walk_ins = _("%(day)s: %(people)s as walk-ins")
    as_returning = _("%(day)s: %(people)s returning")
    first_time = _("%(day)s: %(people)s for the first time")
    helpful = _("%(day)s: helpful %(mean)s of 5")
    for row, (day, _long) in zip(picture.rows, days, strict=True):
        attendance.append(
            Column(
                day,
                [
                    Part(
                        row.members,
                        MEMBERS,
                        as_members % {"day": day, "people": _people(row.members)},
                    ),
                    Part(
                        row.walk_ins,
                        WALK_INS,
                        as_walk_ins % {"day": day, "people": _people(row.walk_ins)},
                    ),
                ],
                caption=str(row.total),
            )
        )
        returning.append(
            Column(
                day,
                [
                    Part(
                        row.returning,
                        RETURNING,
                        as_returning % {"day": day, "people": _people(row.returning)},
                    ),
                    Part(
                        row.new_members,
                        FIRST_TIME,
                        first_time % {"day": day, "people": _people(row.new_members)},
                    ),
                ],
                caption=str(row.members) if row.members else "",
            )
        )
        if row.feedback.enough and row.feedback.mean_helpful is not None:
            mean = row.feedback.mean_helpful
            feedback.append(
                Column(
                    day,
                    [
                        Part(
                            mean,
                            HELPFUL,
                            helpful % {"day": day, "mean": _fmt(mean)},
                        )
                    ],
                    caption=_fmt(mean),
                )
            )
        else:
            feedback.append(Column(day, [], caption="–"))
    return PictureCharts(
        attendance=bar_chart(attendance),
        returning=bar_chart(returning),
        feedback=bar_chart(feedback, top=5, step=1),
    )


def picture_tables(
    picture: GroupPicture, days: list[tuple[str, str]], minimum: int
) -> dict[str, SafeString]:
    """The rows of the three tables beside the charts, written in Python like the charts."""
    attendance, returning, feedback = [], [], []
    too_few = escape(_("fewer than %(minimum)s answers") % {"minimum": minimum})
    for row, (_short, day) in zip(picture.rows, days, strict=True):
        head = f'<tr><th scope="row">{escape(day)}</th>'
        attendance.append(
            f"{head}<td>{row.members}</td><td>{row.walk_ins}</td><td>{row.total}</td></tr>"
        )
        returning.append(
            f"{head}<td>{row.returning}</td><td>{row.new_members}</td><td>{row.members}</td></tr>"
        )
        answers = row.feedback
        if answers.enough:
            feedback.append(
                f"{head}<td>{answers.count}</td><td>{formats.localize(answers.mean_helpful)}</td>"
                f"<td>{answers.respected_percent}%</td></tr>"
            )
        else:
            feedback.append(f'{head}<td colspan="3">{too_few}</td></tr>')
    return {
        "attendance": mark_safe("".join(attendance)),  # noqa: S308 (numbers and escaped text)
        "returning": mark_safe("".join(returning)),  # noqa: S308
        "feedback": mark_safe("".join(feedback)),  # noqa: S308
    }
