"""The journal in headless Chromium: logging on a phone in a few taps, check-ins, screenshots."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, sign_in
from tests.factories import log, no_use
from waypoint.accounts.models import User
from waypoint.journal.models import CheckIn, Entry, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_drinks_logged_on_a_phone_in_a_few_taps(phone_page: Any, alice: User) -> None:
    page = phone_page
    sign_in(page, "alice")
    page.wait_for_url("**/today/")
    page.get_by_role("radio", name=re.compile(r"^Beer")).tap()
    page.get_by_role("button", name="One more").tap()
    save = page.get_by_role("button", name="Save", exact=True)
    box = save.bounding_box()
    # The quick path ends on screen: no scrolling to reach Save on a 390×844 phone.
    print("Save button bottom on a 390x844 phone:", box and box["y"] + box["height"])
    assert box is not None and box["y"] + box["height"] <= 844
    save.tap()
    page.get_by_text(re.compile(r"^Saved: Alcohol, 2 beers")).wait_for()
    entry = Entry.objects.get(user=alice)
    assert (entry.amount, entry.unit, entry.day) == (710, "ml", today())

    yesterday = today() - timedelta(days=1)
    page.goto(f"/checkin/{yesterday.isoformat()}/")
    page.get_by_role("button", name="No use on this day").tap()
    page.get_by_text("Noted: no use on this day.").wait_for()
    assert CheckIn.objects.get(user=alice, day=yesterday).no_use

    page.get_by_role("link", name="Journal", exact=True).tap()
    page.get_by_text(re.compile(r"2 beers")).first.wait_for()
    expect(page.locator(".day-no_use")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_the_units_follow_the_substance(page: Any, alice: User) -> None:
    sign_in(page, "alice")
    page.goto("/today/")
    page.get_by_label("Substance").select_option(label="Cannabis")
    units = page.get_by_label("Unit").locator("option").all_inner_texts()
    assert units == ["joints", "hits", "grams", "milligrams"]
    assert not page.get_by_role("radio", name=re.compile(r"^Beer")).is_visible()
    page.get_by_label("How much").fill("1")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved: Cannabis, 1 joint.").wait_for()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots_of_the_journal(request: Any, viewport: str, alice: User) -> None:
    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    day = today()
    for back in range(1, 9):
        if back % 3 == 0:
            no_use(alice, day - timedelta(days=back), mood=4, wellbeing=7)
        elif back % 3 == 1:
            log(alice, day - timedelta(days=back), 2, place="home", company="friends")
    entry = log(
        alice,
        day,
        3,
        place="bar",
        company="friends",
        harms=["used_alone"],
        care_actions=["ate_first", "water"],
        note="Birthday, left before midnight.",
    )
    log(alice, day, 1, substance="cannabis", route="smoked")
    sign_in(page, "alice")
    page.goto("/today/")
    screenshot(page, f"journal-today-{viewport}")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.get_by_label("Substance").select_option(label="Alcohol")
    screenshot(page, f"journal-today-alcohol-{viewport}")
    page.get_by_text("More details").click()
    screenshot(page, f"journal-today-details-{viewport}")
    page.goto("/entries/")
    screenshot(page, f"journal-entries-{viewport}")
    page.goto(f"/entries/{entry.pk}/edit/")
    screenshot(page, f"journal-edit-{viewport}")
    page.goto(f"/checkin/{(day - timedelta(days=2)).isoformat()}/")
    screenshot(page, f"journal-checkin-{viewport}")
    page.goto(f"/entries/{entry.pk}/delete/")
    screenshot(page, f"journal-delete-{viewport}")
    page.goto("/substances/new/")
    screenshot(page, f"journal-substance-{viewport}")
    page.goto("/today/")
    page.get_by_label("How much").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Say how much.").wait_for()
    screenshot(page, f"journal-today-error-{viewport}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
