"""The picture's charts written in Python are exactly what the chart template drew."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.template import engines

from waypoint.groups.charts import Column, Part, bar_chart

# The template the charts were drawn with until session 9 (groups/_chart.html), kept as the
# reference the Python markup must equal.
TEMPLATE = """{% load i18n %}<svg class="chart" viewBox="0 0 {{ chart.width }} {{ chart.height }}" role="img" aria-labelledby="{{ id }}-title {{ id }}-desc" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">
  <title id="{{ id }}-title">{{ title }}</title>
  <desc id="{{ id }}-desc">{{ desc }}</desc>
  {% for y in chart.grid %}<line x1="{{ chart.plot_left }}" x2="{{ chart.plot_right }}" y1="{{ y }}" y2="{{ y }}" stroke="#d5d9d4" stroke-width="1"/>{% endfor %}
  {% for t in chart.ticks %}<text x="{{ t.x }}" y="{{ t.y }}" text-anchor="end" font-size="{{ chart.font }}" fill="#4d5b5b">{{ t.text }}</text>{% endfor %}
  {% for r in chart.rects %}<rect x="{{ r.x }}" y="{{ r.y }}" width="{{ r.width }}" height="{{ r.height }}" fill="{{ r.fill }}"><title>{{ r.title }}</title></rect>{% endfor %}
  {% for c in chart.captions %}<text x="{{ c.x }}" y="{{ c.y }}" text-anchor="middle" font-size="{{ chart.font }}" font-weight="600" fill="#1b2525">{{ c.text }}</text>{% endfor %}
  {% for l in chart.x_labels %}<text x="{{ l.x }}" y="{{ l.y }}" text-anchor="middle" font-size="{{ chart.font }}" fill="#4d5b5b">{{ l.text }}</text>{% endfor %}
  <line x1="{{ chart.plot_left }}" x2="{{ chart.plot_right }}" y1="{{ chart.baseline }}" y2="{{ chart.baseline }}" stroke="#4d5b5b" stroke-width="1"/>
</svg>
"""  # noqa: E501


def test_chart_svg_equals_the_template_it_replaced() -> None:
    start = datetime(2026, 1, 6, 18, tzinfo=UTC)
    for meetings in (0, 1, 7, 52):
        columns = [
            Column(
                f"{(start + timedelta(days=7 * n)):%d %b}",
                [
                    Part(n % 9, "#0f5e5a", f"<b>{n}</b> & members"),  # escaped both ways
                    Part((n * 7) % 5, "#c96a22", "walk-ins"),
                ],
                caption=str(n % 9 + (n * 7) % 5) if n % 4 else "",
            )
            for n in range(meetings)
        ]
        for chart in (bar_chart(columns), bar_chart(columns, top=5, step=1)):
            expected = (
                engines["django"]
                .from_string(TEMPLATE)
                .render(
                    {"chart": chart, "id": "chart-x", "title": "A <title>", "desc": "Bars & more"}
                )
            )
            assert chart.svg("chart-x", "A <title>", "Bars & more") == expected


def test_meeting_days_are_written_as_the_date_filter_writes_them() -> None:
    from types import SimpleNamespace

    from django.utils import formats, timezone

    from waypoint.groups.charts import day_labels

    starts = [
        datetime(2026, month, day, 23, 30, tzinfo=UTC) for month in range(1, 13) for day in (1, 28)
    ]
    picture = SimpleNamespace(rows=[SimpleNamespace(starts_at=at) for at in starts])
    expected = [
        (
            formats.date_format(timezone.localtime(at), "j M"),
            formats.date_format(timezone.localtime(at), "j M Y"),
        )
        for at in starts
    ]
    assert day_labels(picture) == expected  # type: ignore[arg-type]
