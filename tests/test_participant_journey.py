"""Issue 4 end to end in headless Chromium: a new person's first week, nothing ever reset.

Sign up, get started with a heavy 30-day baseline, set a cut-down goal (at most 3 drinks a day,
on at most 4 days a week) that began six days ago, log the week (one day over the limit, one day
not reported), and check the cumulative days on track and the comparison with the baseline.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import screenshot
from waypoint.journal.models import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "lamp river quiet orange"


def log_drinks(page: Any, day: date, drinks: int) -> None:
    page.goto(f"/entries/new/?day={day.isoformat()}")
    page.get_by_role("radio", name=re.compile(r"^Standard drinks")).check()
    page.get_by_label("How many").fill(str(drinks))
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(re.compile(r"^Saved: Alcohol")).first.wait_for()


def no_use_on(page: Any, day: date) -> None:
    page.goto(f"/checkin/{day.isoformat()}/")
    page.get_by_role("button", name=re.compile(r"^No use (on this day|today)")).click()
    page.get_by_text("Noted: no use").first.wait_for()


def test_a_first_week_with_a_day_over_the_limit_keeps_every_day_on_track(page: Any) -> None:
    t = today()
    # Sign up: a username and a passphrase, nothing else.
    page.goto("/signup/")
    page.get_by_label("Username").fill("wren")
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_label("Passphrase again").fill(PASSPHRASE)
    page.get_by_role("button", name="Make my account").click()
    page.get_by_role("link", name="I have kept them, continue").click()
    # Sign-up leads straight into getting started.
    page.wait_for_url("**/start/substances/")

    # Getting started: alcohol, US drinks, lower thresholds, where I am, a heavy baseline.
    page.get_by_label("Alcohol", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Your country's standard drink").select_option("US")
    page.get_by_label("The lower thresholds, often used for women").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("heavy", exact=True).check()
    page.get_by_label("getting ready", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Your last 30 days").wait_for()
    # Six drinks every day remembered, from 30 to 8 days ago; the last week left for the log.
    for back in range(8, 31):
        page.locator(f'input[name$="-{(t - timedelta(days=back)).isoformat()}"]').fill("6")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="A short drinking check").wait_for()
    page.get_by_role("button", name=re.compile("^Skip")).first.click()
    page.get_by_role("heading", name="You're set up").wait_for()

    # A cut-down goal that began six days ago.
    page.goto("/goals/new/")
    page.get_by_role("radio", name=re.compile("^Cut down")).check()
    page.get_by_label("About").select_option(label="Alcohol")
    page.get_by_label("Limit per day").fill("3")
    page.get_by_label("Days a week, at most").fill("4")
    page.get_by_label("Starts on").fill((t - timedelta(days=6)).isoformat())
    page.get_by_role("button", name="Set this goal").click()
    page.get_by_text("Your goal is set.").wait_for()

    # The week: 2 drinks, no use, 5 drinks (over the limit), exactly 3, nothing reported,
    # 1 drink, and no use today.
    log_drinks(page, t - timedelta(days=6), 2)
    no_use_on(page, t - timedelta(days=5))
    log_drinks(page, t - timedelta(days=4), 5)
    log_drinks(page, t - timedelta(days=3), 3)
    log_drinks(page, t - timedelta(days=1), 1)
    no_use_on(page, t)

    page.goto("/goals/progress/")
    page.get_by_role("heading", name="Your progress").wait_for()
    screenshot(page, "journey-progress-desktop")
    card = page.locator(".goal-card").first
    tally = card.locator("dl.tally")
    all_time = tally.locator("div").filter(has_text="All time").locator("dd")
    # On track: 6 and 5 days ago, 3 days ago (exactly at the limit), yesterday and today.
    # The day over the limit is off plan and took nothing away from the days before it.
    assert all_time.inner_text() == "5"
    assert "1 day off plan, 1 day not reported." in card.inner_text()

    # Against the baseline: six reported days are fewer than the comparison rule asks for in
    # each period (issue 11), so no change is named yet, however good the week looks.
    assert page.locator("ul.better").count() == 0
