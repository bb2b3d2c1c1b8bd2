"""A change plan on a phone (390x844): fill it in, revise it, pin it, see it on Today."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, sign_in
from waypoint.accounts.models import User
from waypoint.worksheets.models import WorksheetVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fill_revise_pin_and_see_the_plan_on_today(phone_page: Any, alice: User) -> None:
    page = phone_page
    sign_in(page, "alice")
    page.goto("/worksheets/")
    page.get_by_role("link", name="Change plan").click()
    page.get_by_label("What is it about?").fill("Alcohol")
    page.get_by_label("Using more safely").check()
    page.get_by_label("The changes I want to make").fill("Eat first; home by midnight.")
    page.get_by_label("The steps I plan to take").fill("Dinner before going out.")
    page.get_by_label("What could get in the way").fill("Friday drinks after work.")
    page.get_by_label("What I will do then").fill("Get a taxi home with Sam.")
    screenshot(page, "worksheets-plan-form-phone")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Change plan: Alcohol").wait_for()
    page.get_by_text("Your worksheet is saved.").wait_for()

    page.get_by_role("link", name="Revisit and update").click()
    steps = page.get_by_label("The steps I plan to take")
    expect(steps).to_have_value("Dinner before going out.")
    steps.fill("Dinner before going out; water between drinks.")
    page.get_by_role("button", name="Save a new version").click()
    page.get_by_text("Saved as a new version. Earlier versions are kept.").wait_for()
    page.get_by_text("Version 2, saved").wait_for()
    assert page.get_by_role("link", name="Compare").count() == 0  # a form button, not a link
    page.get_by_role("button", name="Compare").click()
    page.get_by_text("1 answer changed").wait_for()
    page.go_back()

    page.get_by_role("button", name="Pin to Today").click()
    page.get_by_text("Pinned to Today.").wait_for()
    page.get_by_role("link", name="Today", exact=True).click()
    plan = page.get_by_role("region", name="My change plan: Alcohol")
    expect(plan).to_contain_text("water between drinks", use_inner_text=True)
    expect(plan).to_contain_text("Get a taxi home with Sam.", use_inner_text=True)
    screenshot(page, "worksheets-today-phone")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert WorksheetVersion.objects.filter(worksheet__user=alice).count() == 2
