"""The long view starts where the person's data starts, and its labels stay readable on a phone."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from tests.conftest import BROWSER_TIMEOUT_MS
from tests.factories import log, no_use
from tests.goals.helpers import set_goal
from waypoint.accounts.models import User
from waypoint.journal.models import today

pytestmark = pytest.mark.django_db


def _weeks_shown(client: Client) -> list[str]:
    html = client.get("/goals/progress/").content.decode()
    return re.findall(r'<tr><th scope="row">([^<]+)</th>', html)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def test_a_goal_three_days_old_shows_its_own_weeks_not_six_months(
    alice: User, alice_client: Client
) -> None:
    start = today() - timedelta(days=3)
    set_goal(alice, "cut_down", substance="alcohol", daily_limit=2, start=start)
    log(alice, today() - timedelta(days=2), 1)
    weeks = _weeks_shown(alice_client)
    assert len(weeks) == (_monday(today()) - _monday(start)).days // 7 + 1
    assert len(weeks) <= 2


def test_the_long_view_starts_with_earlier_data_when_there_is_some(
    alice: User, alice_client: Client
) -> None:
    first = today() - timedelta(days=40)
    no_use(alice, first)
    set_goal(alice, "cut_down", substance="alcohol", daily_limit=2, start=today())
    weeks = _weeks_shown(alice_client)
    assert len(weeks) == (_monday(today()) - _monday(first)).days // 7 + 1


def test_the_long_view_never_reaches_back_more_than_26_weeks(
    alice: User, alice_client: Client
) -> None:
    no_use(alice, today() - timedelta(days=400))
    no_use(alice, today() - timedelta(days=1))
    set_goal(alice, "observe", substance="alcohol", start=today() - timedelta(days=400))
    assert len(_weeks_shown(alice_client)) == 26


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chart_labels_are_at_least_11_px_on_a_phone(phone_page: Any, alice: User) -> None:
    from tests.conftest import screenshot, sign_in

    set_goal(alice, "cut_down", substance="alcohol", daily_limit=2, start=today() - timedelta(200))
    for n in range(0, 200, 3):
        log(alice, today() - timedelta(days=n), 1 + n % 4)
    phone_page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in(phone_page, "alice")
    phone_page.goto("/goals/progress/")
    sizes = phone_page.evaluate(
        """() => [...document.querySelectorAll("svg.chart text")].map(t =>
             t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))"""
    )
    screenshot(phone_page, "progress-long-view-phone")
    assert len(sizes) > 10
    assert min(sizes) >= 11, sizes
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
