"""Keyboard only (Tab, Enter and typing), focus always visible; text enlarged to 200%.

The three most used flows of each role, walked without a pointer at 1280 wide; the
participant's main pages with text at 200% (and the whole page zoomed to 200%) never scroll
sideways.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS, PASSPHRASE, make_user, screenshot
from tests.core.test_shell_browser import tab_to
from waypoint.accounts.models import Membership, Organization, User
from waypoint.journal.models import Entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_by_keyboard(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")  # `page` runs without the service worker: no request of its own
    tab_to(page, "Username")
    page.keyboard.type(username)
    tab_to(page, "Passphrase", limit=1)
    page.keyboard.type(PASSPHRASE)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


def _go(page: Any, *names: str, then: str) -> None:
    """From the top of the page, Tab to each name in turn and press Enter on it.

    The last Enter must load a page at `then`: waited for as a navigation, since the address
    may already match (Caseload from the caseload), and a page still loading would cut the
    next step's reload short (net::ERR_ABORTED, seen on PostgreSQL).
    """
    page.goto(page.url)
    *opening, last = names
    for name in opening:
        tab_to(page, name)
        page.keyboard.press("Enter")
    tab_to(page, last)
    with page.expect_navigation(url=lambda url: then in url):
        page.keyboard.press("Enter")


def test_three_flows_of_each_role_by_keyboard(page: Any) -> None:
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    pat = make_user("pat")
    clinic = Organization.objects.create(name="Harbor", slug="harbor")
    program = Organization.objects.create(
        name="Riverside", slug="riverside", kind=Organization.Kind.PROGRAM
    )
    for username, organization, role in (
        ("counselor", clinic, Membership.Role.COUNSELOR),
        ("facilitator", clinic, Membership.Role.FACILITATOR),
        ("outreach", program, Membership.Role.OUTREACH),
        ("admin", program, Membership.Role.ADMIN),
    ):
        Membership.objects.create(
            user=make_user(username, kind=User.Kind.STAFF), organization=organization, role=role
        )

    # Signed out: find services, check a combination, sign in.
    page.goto("/safety/")
    _go(page, "Find services", then="/directory/")
    _go(page, "More", "Combination checker", then="/safety/combinations/")
    _sign_in_by_keyboard(page, "pat")

    # Participant: log a use on Today (the form's defaults, then Save), see progress, share.
    page.wait_for_url("**/today/")
    tab_to(page, "Beer", prefix=True)
    page.keyboard.press("Space")
    tab_to(page, "Save")
    page.keyboard.press("Enter")
    page.get_by_text("Saved").first.wait_for()
    assert Entry.objects.filter(user=pat).count() == 1
    _go(page, "Progress", then="/goals/progress/")
    _go(page, "More", "Sharing", then="/sharing/")
    screenshot(page, "keyboard-participant-desktop")

    # Counselor: caseload, finding a service for someone, settings.
    _sign_in_by_keyboard(page, "counselor")
    _go(page, "Caseload", then="/care/")
    _go(page, "Find services", then="/directory/")
    _go(page, "Settings", then="/settings/")

    # Facilitator: groups, finding services, settings.
    _sign_in_by_keyboard(page, "facilitator")
    _go(page, "Groups", then="/groups/")
    _go(page, "Find services", then="/directory/")
    _go(page, "Settings", then="/settings/")

    # Program outreach worker and admin: the program, drug alerts, services; the admin's staff.
    for username in ("outreach", "admin"):
        _sign_in_by_keyboard(page, username)
        _go(page, "Program", then="/programs/")
        _go(page, "Drug alerts", then="/alerts/org/")
        _go(page, "Find services", then="/directory/")
    _go(page, "Staff", then="/org/")


@pytest.mark.parametrize("zoom", ["text", "page"])
def test_participant_pages_at_200_percent_do_not_scroll_sideways(
    chromium: Any, live_server: Any, zoom: str
) -> None:
    make_user("pat")
    # Page zoom at 200% on a 1280 px window is a 640 px viewport at twice the pixel density;
    # text zoom is every rem and em doubled (Waypoint sizes text and spacing in rem).
    viewport = {"width": 640, "height": 450} if zoom == "page" else {"width": 1280, "height": 900}
    context = chromium.new_context(
        base_url=live_server.url, viewport=viewport, device_scale_factor=2 if zoom == "page" else 1
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.goto("/login/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/today/")
    for path in ("/today/", "/entries/", "/goals/", "/goals/progress/", "/settings/", "/start/"):
        page.goto(path)
        if zoom == "text":
            page.evaluate("document.documentElement.style.fontSize = '200%'")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} at 200% {zoom} zoom is {width} px wide"
        # Nothing is cut off: the main heading and the menu are on screen.
        assert page.locator("main h1").first.is_visible(), path
        assert page.get_by_role("navigation", name="Main").is_visible(), path
        screenshot(page, f"zoom-{zoom}-{path.strip('/').replace('/', '-') or 'home'}")
    context.close()
