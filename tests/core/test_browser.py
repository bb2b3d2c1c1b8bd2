"""The shell in real headless Chromium: sign-up, quick exit, and screenshots of each page."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.conftest import BROWSER_TIMEOUT_MS, screenshot, sign_in
from waypoint.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def neutral_site(page: Any) -> None:
    """Answer the neutral site locally: the machine has no outside network."""
    page.route(
        settings.QUICK_EXIT_URL + "**",
        lambda route: route.fulfill(
            status=200, body="<title>Weather</title><h1>Weather</h1>", content_type="text/html"
        ),
    )


def wait_until_signed_out(user: User) -> None:
    limit = BROWSER_TIMEOUT_MS / 1000
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not any(
            s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all()
        ):
            return
        time.sleep(0.1)
    raise AssertionError(f"{user.username} is still signed in {limit:.0f} s after quick exit")


def test_sign_up_in_the_browser_shows_recovery_codes(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Start: no email or phone needed").click()
    page.get_by_label("Username").fill("wren")
    page.get_by_label("Passphrase", exact=True).fill("lamp river quiet orange")
    page.get_by_label("Passphrase again").fill("lamp river quiet orange")
    page.get_by_role("button", name="Make my account").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    expect(page.locator("ol.codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them, continue").click()
    # Sign-up leads into getting started, not to an empty Today.
    page.get_by_role("heading", name="What matters to you").wait_for()
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    assert User.objects.filter(username="wren").exists()


def test_escape_twice_leaves_and_back_does_not_return(page: Any, alice: User) -> None:
    neutral_site(page)
    sign_in(page, "alice")
    page.goto("/settings/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert page.title() == "Weather"
    # The sign-out is a beacon the page never waits for (leaving comes first); a person takes
    # longer than a loaded test machine to press Back, so wait until it has landed.
    wait_until_signed_out(alice)
    page.go_back()
    page.wait_for_load_state()
    # Back lands on Waypoint signed out: no private page comes back.
    assert "alice" not in page.content().lower()
    assert "Settings" not in page.title()


def test_quick_exit_button_leaves_in_one_tap(phone_page: Any, alice: User) -> None:
    neutral_site(phone_page)
    sign_in(phone_page, "alice")
    phone_page.get_by_role("button", name="Quick exit").tap()
    phone_page.wait_for_url(settings.QUICK_EXIT_URL)
    wait_until_signed_out(alice)
    phone_page.goto("/settings/")
    assert "/login/" in phone_page.url


def test_one_escape_does_nothing(page: Any) -> None:
    page.goto("/login/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.endswith("/login/")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots_of_the_shell(request: Any, viewport: str, alice: User) -> None:
    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    for name, path in [
        ("home", "/"),
        ("sign-up", "/signup/"),
        ("sign-in", "/login/"),
        ("api-docs", "/api/v1/docs"),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"{name}-{viewport}")
    sign_in(page, "alice")
    screenshot(page, f"home-signed-in-{viewport}")
    page.goto("/settings/")
    screenshot(page, f"settings-{viewport}")
    # The page fits the phone: nothing scrolls sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    assert re.search(r"Settings · Waypoint", page.title())
