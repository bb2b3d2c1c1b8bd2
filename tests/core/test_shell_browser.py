"""The phone-first shell in Chromium at 390x844: the compact menu and "More", for every role.

Every place is reachable by touch and by keyboard (Tab and Enter only, focus visible), with and
without JavaScript; the menu never makes the page wider than the phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import BROWSER_TIMEOUT_MS, PASSPHRASE, make_user, open_more, screenshot
from waypoint.accounts.models import Membership, Organization, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# What each role finds in the bar and under "More", in order.
PLACES = {
    "participant": (
        ["Today", "Journal", "Goals", "Progress"],
        [
            "Groups",
            "Safer use",
            "Check on me",
            "Worksheets",
            "Sharing",
            "Questionnaires",
            "Program card",
            "Find services",
            "Drug alerts",
            "Settings",
            "Sign out",
        ],
    ),
    "counselor": (["Caseload", "Find services", "Settings"], ["Sign out"]),
    "facilitator": (["Groups", "Find services", "Settings"], ["Sign out"]),
    "outreach": (["Program", "Find services", "Drug alerts", "Settings"], ["Sign out"]),
    "admin": (
        ["Program", "Staff", "Find services", "Drug alerts"],
        ["Settings", "Sign out"],
    ),
    "signed-out": (
        ["Find services", "Safer use", "Sign up", "Sign in"],
        ["Combination checker", "Drug alerts"],
    ),
}


def _people() -> dict[str, User | None]:
    clinic = Organization.objects.create(name="Harbor", slug="harbor")
    program = Organization.objects.create(
        name="Riverside", slug="riverside", kind=Organization.Kind.PROGRAM
    )
    people: dict[str, User | None] = {"participant": make_user("pat"), "signed-out": None}
    for role, organization in (
        ("counselor", clinic),
        ("facilitator", clinic),
        ("outreach", program),
        ("admin", program),
    ):
        user = make_user(role, kind=User.Kind.STAFF)
        Membership.objects.create(user=user, organization=organization, role=role)
        people[role] = user
    return people


@pytest.fixture
def phone_context(chromium: Any, live_server: Any) -> Iterator[Any]:
    # No service worker, as for `phone_page` (tests/conftest.py): cookies are cleared between
    # people, and a refresh the worker began could mint a CSRF cookie after the clearing.
    context = chromium.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        service_workers="block",
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context
    context.close()


def _sign_in(page: Any, user: User | None) -> None:
    page.context.clear_cookies()
    if user is None:
        page.goto("/safety/")
        return
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _names(locator: Any) -> list[str]:
    return [text.strip() for text in locator.all_inner_texts()]


def _focus_is_visible(page: Any) -> bool:
    return bool(
        page.evaluate(
            """() => {
              const el = document.activeElement, style = getComputedStyle(el);
              return el !== document.body && style.outlineStyle !== "none"
                && parseFloat(style.outlineWidth) >= 2;
            }"""
        )
    )


def tab_to(page: Any, name: str, limit: int = 60, *, prefix: bool = False) -> None:
    """Press Tab until the element named `name` (or starting with it) has the focus, each stop
    visibly focused."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert _focus_is_visible(page), page.evaluate("document.activeElement.outerHTML")
        focused = page.evaluate(
            """() => {
              const el = document.activeElement;
              const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
              return (el.innerText || label || el.getAttribute("aria-label") || "").trim();
            }"""
        )
        if focused == name or (prefix and focused.startswith(name)):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_every_place_is_reachable_on_a_phone_by_touch(phone_context: Any) -> None:
    page = phone_context.new_page()
    for role, user in _people().items():
        bar, more = PLACES[role]
        _sign_in(page, user)
        nav = page.get_by_role("navigation", name="Main")
        assert _names(nav.locator(".nav-bar > li:not(.nav-more-item)")) == bar, role
        # The menu fits the phone: nothing sideways, each place at least 44 px high.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], role
        for link in nav.locator(".nav-bar > li > a").all():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], role
            assert box["height"] >= 44, role
        nav.locator("summary").tap()
        expect(nav.locator("details.nav-more"), role).to_have_js_property("open", True)
        listed = nav.locator(".nav-more-list > li")
        assert _names(listed) == more, role
        for item in listed.locator("a, button").all():
            assert item.is_visible(), role
            box = item.bounding_box()
            assert box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 24, role
        screenshot(page, f"shell-more-{role}-phone")
        # A tap on a place under "More" goes there; a tap elsewhere closes the menu.
        if listed.locator("a").count():
            first = listed.locator("a").first
            href = first.get_attribute("href")
            first.tap()
            page.wait_for_url(f"**{href}")
            nav.locator("summary").tap()
            expect(nav.locator("details.nav-more"), role).to_have_js_property("open", True)
        page.touchscreen.tap(180, 20)  # the empty middle of the header, outside the menu
        expect(nav.locator("details.nav-more"), role).to_have_js_property("open", False)


def test_every_place_under_more_is_reachable_by_keyboard(phone_context: Any) -> None:
    page = phone_context.new_page()
    for role, user in _people().items():
        _bar, more = PLACES[role]
        _sign_in(page, user)
        tab_to(page, "More")
        page.keyboard.press("Enter")
        for name in more:
            tab_to(page, name, limit=1)  # the very next stop: the places in order
        if role == "participant":
            # Enter on a place goes there.
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Shift+Tab")
            assert page.evaluate("document.activeElement.innerText").strip() == "Drug alerts"
            page.keyboard.press("Enter")
            page.wait_for_url("**/alerts/")


def test_more_opens_without_javascript(chromium: Any, live_server: Any) -> None:
    make_user("pat")
    context = chromium.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/today/")
    nav = open_more(page)
    nav.get_by_role("link", name="Settings").click()
    page.wait_for_url("**/settings/")
    open_more(page).get_by_role("button", name="Sign out").click()
    # ("**/" would match /settings/ itself: wait for the signed-out menu instead.)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()
    context.close()


def test_the_menu_works_offline(chromium: Any, live_server: Any, tmp_path: Any) -> None:
    """The installed app's kept pages carry the same menu, and "More" opens with no signal."""
    from tests.core.test_offline_browser import Phone, installed

    make_user("pat")
    device = Phone(chromium, live_server.url, tmp_path / "profile")
    page = device.open()
    try:
        _sign_in(page, User.objects.get(username="pat"))
        checker = "/safety/combinations/"
        installed(page, checker, kept=checker, marker="checker-data")
        device.context.set_offline(True)
        page.goto(checker)
        nav = open_more(page)
        expect(nav.get_by_role("link", name="Settings")).to_be_visible()
        expect(nav.get_by_role("link", name="Today")).to_be_visible()
        screenshot(page, "shell-more-offline-phone")
    finally:
        device.close()
