"""Getting started in headless Chromium, on a phone and a desktop, with screenshots of each step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import screenshot, sign_in
from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment
from waypoint.journal.models import BaselineDay, Stance, today
from waypoint.journal.services import profile_of, substance_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    """Nothing scrolls sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def shoot(page: Any, name: str, viewport: str) -> None:
    page.wait_for_load_state("networkidle")
    screenshot(page, f"start-{name}-{viewport}")
    fits(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_getting_started_with_a_baseline_and_audit_c(
    request: Any, viewport: str, alice: User
) -> None:
    page = request.getfixturevalue("phone_page" if viewport == "phone" else "page")
    sign_in(page, "alice")
    page.goto("/start/")

    # (a) What matters
    page.get_by_role("heading", name="What matters to you").wait_for()
    shoot(page, "1-substances", viewport)
    page.get_by_label("Alcohol", exact=True).check()
    page.get_by_label("Cannabis", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    # (b) Drinks
    page.get_by_role("heading", name="Your drinks").wait_for()
    shoot(page, "2-drinks", viewport)
    page.get_by_label("Your country's standard drink").select_option("AU")
    page.get_by_label("The higher thresholds, often used for men").check()
    page.get_by_role("button", name="Save and continue").click()

    # (c) Where you are
    page.get_by_role("heading", name="Where you are now").wait_for()
    shoot(page, "3-where", viewport)
    alcohol = page.locator("section.stance").filter(has_text="Alcohol")
    alcohol.get_by_label("regular", exact=True).check()
    alcohol.get_by_label("getting ready", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    # (d) Baseline: a bad value first, then a few days and a quick fill.
    page.get_by_role("heading", name="Your last 30 days").wait_for()
    shoot(page, "4-baseline", viewport)
    a_id = substance_for(alice, "alcohol").pk
    c_id = substance_for(alice, "cannabis").pk
    yesterday = today() - timedelta(days=1)
    days = [yesterday - timedelta(days=n) for n in range(3)]
    page.locator(f'input[name="b-{a_id}-{days[0].isoformat()}"]').fill("-1")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Use 0 for none; amounts cannot be negative.").first.wait_for()
    shoot(page, "4-baseline-error", viewport)
    for day, amount in zip(days, ("4", "0", "6.5"), strict=True):
        page.locator(f'input[name="b-{a_id}-{day.isoformat()}"]').fill(amount)
    cannabis = page.locator("section.calendar").filter(has_text="Cannabis")
    cannabis.get_by_label("Quick fill with").fill("1")
    cannabis.get_by_role("button", name="empty Sat–Sun").click()
    weekend = next(d for d in days + [yesterday - timedelta(days=n) for n in range(3, 8)]
                   if d.weekday() >= 5)  # fmt: skip
    assert page.locator(f'input[name="b-{c_id}-{weekend.isoformat()}"]').input_value() == "1"
    page.get_by_role("button", name="Save and continue").click()

    # (e) AUDIT-C
    page.get_by_role("heading", name="A short drinking check").wait_for()
    shoot(page, "5-audit", viewport)
    for question, answer in (
        ("How often do you have a drink containing alcohol?", "2 to 3 times a week"),
        ("How many drinks containing alcohol", "5 or 6"),
        ("How often do you have six or more drinks", "Monthly"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Your score is 7 out of 12.").wait_for()
    shoot(page, "6-audit-result", viewport)
    page.get_by_role("link", name="Continue").click()

    # (f) Done
    page.get_by_role("heading", name="You're set up").wait_for()
    shoot(page, "7-done", viewport)
    assert page.get_by_role("link", name="Set a first goal").get_attribute("href") == "/goals/new/"

    profile = profile_of(alice)
    assert (profile.country, profile.guideline) == ("AU", "male")
    assert profile.started_done_at is not None
    assert Stance.objects.filter(user=alice).count() == 1
    alcohol_days = dict(
        BaselineDay.objects.filter(user=alice, substance_id=a_id).values_list("day", "amount")
    )
    assert alcohol_days == {days[0]: 4.0, days[1]: 0.0, days[2]: 6.5}
    assert BaselineDay.objects.filter(user=alice, substance_id=c_id, amount=1).exists()
    assert Assessment.objects.get(user=alice).total == 7


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_screenshots_of_settings_and_delete(request: Any, viewport: str, alice: User) -> None:
    page = request.getfixturevalue("phone_page" if viewport == "phone" else "page")
    sign_in(page, "alice")
    page.goto("/settings/")
    page.get_by_role("heading", name="Your data").scroll_into_view_if_needed()
    shoot(page, "settings-data", viewport)
    page.get_by_role("link", name="Delete your account and all your data").click()
    shoot(page, "delete", viewport)
    page.get_by_label("Type your username to confirm").fill("alice")
    page.get_by_role("button", name="Delete my account and data").click()
    page.get_by_role("heading", name="Your account is deleted").wait_for()
    shoot(page, "goodbye", viewport)
    assert not User.objects.filter(username="alice").exists()
