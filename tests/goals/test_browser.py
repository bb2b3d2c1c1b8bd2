"""Goals and progress in headless Chromium: set a goal on a phone, and screenshots of each page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, sign_in
from tests.factories import log, no_use
from waypoint.accounts.models import User
from waypoint.goals.models import Goal
from waypoint.goals.services import GoalFields, goal_change, goal_create, step_add, step_set_done
from waypoint.journal.models import BaselineDay, Substance, today
from waypoint.journal.services import checkin_set, profile_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_set_a_cut_down_goal_on_a_phone_and_see_it_on_the_progress_page(
    phone_page: Any, alice: User
) -> None:
    page = phone_page
    sign_in(page, "alice")
    page.get_by_role("link", name="Goals").click()
    page.get_by_role("link", name="Set a goal").first.click()
    page.get_by_role("radio", name=re.compile("^Cut down")).check()
    # Only the parts that go with cutting down are on screen now (the form's script may run
    # after the radio was ticked: it then hides them as it starts).
    expect(page.get_by_label("Area of life")).to_be_hidden()
    page.get_by_label("About").select_option(label="Alcohol")
    page.get_by_label("Limit per day").fill("3")
    page.get_by_label("Days a week, at most").fill("4")
    screenshot(page, "goals-form-filled-phone")
    page.get_by_role("button", name="Set this goal").click()
    page.get_by_text("Your goal is set.").wait_for()
    page.get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Your progress").wait_for()
    expect(page.locator(".goal-card").first).to_contain_text(
        "Alcohol: cut down to at most 3 standard drinks a day, on at most 4 days a week",
        use_inner_text=True,
    )
    assert Goal.objects.get(user=alice).days_per_week == 4
    screenshot(page, "goals-progress-new-goal-phone")


def _story(user: User) -> dict[str, Goal]:
    """120 days: a baseline month, just noticing, then cutting down, with set and setting."""
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    profile = profile_of(user)
    profile.continuous_days = True
    profile.guideline = "male"
    first = today() - timedelta(days=120)
    profile.baseline_start, profile.baseline_end = first - timedelta(days=28), first - timedelta(1)
    profile.save()
    BaselineDay.objects.bulk_create(
        BaselineDay(
            user=user,
            substance=alcohol,
            day=first - timedelta(days=28 - i),
            amount=amount,
            alcohol_grams=amount * 14,
        )
        for i, amount in enumerate([6, 5, 0, 7, 8, 9, 4] * 4)
    )
    notice = goal_create(
        user=user, fields=GoalFields(kind="observe", substance=alcohol, started_on=first)
    )
    for n in range(120):
        d = first + timedelta(days=n)
        later = n / 120
        if n % 7 in (1, 3) or (later > 0.5 and n % 7 == 5):
            no_use(user, d)
            continue
        if n % 11 == 10:
            continue  # not reported
        ate = n % 3 != 0
        amount = max(1, round((6 - 3 * later) - (1.5 if ate else 0)))
        log(
            user,
            d,
            amount,
            ate_before=ate,
            company="friends" if n % 2 else "alone",
            harms=["blackout"] if amount >= 6 else [],
            care_actions=["water"] if later > 0.4 else [],
        )
        checkin_set(user=user, day=d, wellbeing=min(10, 4 + round(4 * later)))
    cut = goal_change(
        goal=notice,
        fields=GoalFields(
            kind="cut_down",
            substance=alcohol,
            title="Weekdays lighter",
            daily_limit=3,
            days_per_week=4,
            started_on=first + timedelta(days=45),
        ),
    )
    life = goal_create(
        user=user,
        fields=GoalFields(kind="life", domain="health", title="Sleep better", started_on=first),
    )
    for text, done in (
        ("Phone out of the bedroom", True),
        ("Lights out by eleven", True),
        ("Ask the GP about sleep", False),
    ):
        step = step_add(goal=life, text=text)
        if done:
            step_set_done(step=step, done=True, on=today() - timedelta(days=20))
    return {"notice": notice, "cut": cut, "life": life}


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_screenshots_of_every_goals_page(
    request: pytest.FixtureRequest, alice: User, bob: User, device: str
) -> None:
    page = request.getfixturevalue("phone_page" if device == "phone" else "page")
    if device == "desktop":
        page.set_viewport_size({"width": 1280, "height": 900})
    # Bob has nothing yet: the empty states.
    sign_in(page, "bob")
    page.goto("/goals/")
    screenshot(page, f"goals-list-empty-{device}")
    page.goto("/goals/progress/")
    screenshot(page, f"goals-progress-empty-{device}")
    page.context.clear_cookies()

    goals = _story(alice)
    sign_in(page, "alice")
    for name, url in (
        ("list", "/goals/"),
        ("new", "/goals/new/"),
        ("detail", f"/goals/{goals['cut'].pk}/"),
        ("detail-earlier", f"/goals/{goals['notice'].pk}/"),
        ("detail-life", f"/goals/{goals['life'].pk}/"),
        ("change", f"/goals/{goals['cut'].pk}/change/"),
        ("progress", "/goals/progress/"),
        ("progress-earlier-goal", f"/goals/progress/?goal={goals['notice'].pk}&days=90"),
    ):
        page.goto(url)
        assert page.locator("main h1").count() == 1, url
        screenshot(page, f"goals-{name}-{device}")
    page.goto("/goals/progress/")
    page.get_by_text("Show these weeks as a table").click()
    screenshot(page, f"goals-progress-table-{device}")
    # The page fits a phone: nothing wider than the viewport.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
