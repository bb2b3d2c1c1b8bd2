"""Safety in headless Chromium: the Today note after logging a second substance, the overdose
guide offline and printed on one page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, sign_in, wait_until
from tests.safety.helpers import dose
from waypoint.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log(page: Any, substance: str) -> None:
    page.goto("/today/")
    page.get_by_label("Substance").select_option(label=substance)
    page.get_by_label("How much").fill("1")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(f"Saved: {substance}").wait_for()


def test_the_note_appears_for_a_second_substance_inside_the_window(
    phone_page: Any, alice: User
) -> None:
    dose(alice, "alcohol", hours_ago=2, amount="3")
    sign_in(phone_page, "alice")
    _log(phone_page, "Benzodiazepines")
    note = phone_page.get_by_test_id("combination-note")
    expect(note).to_contain_text("Alcohol + Benzodiazepines", use_inner_text=True)
    expect(note).to_contain_text("Dangerous", use_inner_text=True)
    screenshot(phone_page, "safety-today-note-phone")
    note.get_by_role("link", name="More about this mix").click()
    phone_page.get_by_role("heading", name="What is known").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_no_note_for_a_second_substance_outside_the_window(page: Any, alice: User) -> None:
    dose(alice, "alcohol", hours_ago=15, amount="3")
    sign_in(page, "alice")
    _log(page, "Benzodiazepines")
    expect(page.get_by_text("Time since last dose")).to_be_visible()
    page.wait_for_load_state()  # the whole page is there: no note below, not one still to come
    assert page.get_by_test_id("combination-note").count() == 0


def test_the_overdose_guide_opens_offline_once_seen(chromium: Any, live_server: Any) -> None:
    context = chromium.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name="Overdose help").click()
        page.get_by_role("heading", name="Overdose: what to do").wait_for()
        # Seen once, kept: the service worker installs and keeps the guide in the background,
        # which a loaded machine may not have finished before the next line goes offline.
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_until(
            page,
            "caches.match('/safety/overdose/').then(r => !!r)",
            "the overdose guide kept for offline use",
        )
        context.set_offline(True)
        page.goto("/safety/overdose/")
        page.get_by_role("heading", name="Give naloxone").wait_for()
        # Self-contained: its styles and drawings come inside the page itself.
        expect(page.locator("svg")).to_have_count(7)
        color = page.locator("h1").evaluate("el => getComputedStyle(el).color")
        assert color == "rgb(163, 38, 42)"
    finally:
        context.close()


def test_the_overdose_guide_prints_on_one_page(page: Any, phone_page: Any) -> None:
    page.goto("/safety/overdose/")
    for paper in ("Letter", "A4"):
        pdf = page.pdf(format=paper)
        pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))
        assert pages == 1, (paper, pages)
    phone_page.goto("/safety/overdose/")
    screenshot(phone_page, "safety-overdose-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
