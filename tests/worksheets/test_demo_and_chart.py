"""The demo participant's worksheets, and the readiness chart's drawing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import client_for
from waypoint.core.demo import ensure_demo
from waypoint.worksheets.charts import Reading, readiness_chart
from waypoint.worksheets.models import Worksheet, WorksheetVersion

pytestmark = pytest.mark.django_db


def test_the_demo_gives_river_every_kind_and_a_pinned_plan_once() -> None:
    people = ensure_demo()
    ensure_demo()
    river = people["river"]
    kinds = set(Worksheet.objects.filter(user=river).values_list("kind", flat=True))
    assert kinds == {"cost_benefit", "change_plan", "values", "readiness"}
    assert Worksheet.objects.filter(user=river).count() == 4
    pinned = Worksheet.objects.get(user=river, pinned_at__isnull=False)
    assert pinned.kind == "change_plan" and pinned.versions.count() == 2
    ruler = Worksheet.objects.get(user=river, kind="readiness")
    assert list(ruler.versions.values_list("importance", flat=True)) == [6, 7, 8, 8]
    today = client_for(river).get("/today/").content.decode()
    assert "My change plan: Alcohol" in today
    counselor: Client = client_for(people["dr-okafor"])
    assert counselor.get(f"/care/clients/{river.pk}/worksheets/").status_code == 200
    assert WorksheetVersion.objects.filter(worksheet__user=river).count() == 8


def test_the_chart_draws_each_reading_with_text_and_no_colour_only_meaning() -> None:
    now = timezone.now()
    readings = [
        Reading(now - timedelta(days=30), 3, 2, 1),
        Reading(now - timedelta(days=10), 6, None, 2),
        Reading(now, 9, 5, 3),
    ]
    svg = str(readiness_chart(readings, title="Ruler <&>", chart_id="r1"))
    assert svg.count("<circle") == 3 and svg.count("<rect") == 2  # one missing confidence
    assert 'stroke-dasharray="6 4"' in svg  # confidence is dashed, not only another colour
    assert "Ruler &lt;&amp;&gt;" in svg and 'aria-labelledby="r1-title"' in svg
    single = str(readiness_chart(readings[:1], title="t"))
    assert "<polyline" not in single and single.count("<circle") == 1
