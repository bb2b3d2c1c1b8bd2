"""The companion on a 390x844 phone: hard-moment options (and turning them off), an urge and its
insight, a usual changed."""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import BROWSER_TIMEOUT_MS, screenshot, sign_in
from tests.core.test_accessibility import AXE, AXE_RUN, EVERY_RULE, PHONE, WIDE
from tests.factories import log
from waypoint.accounts.models import User
from waypoint.companion.models import Urge
from waypoint.companion.services import urge_create, usual_create
from waypoint.journal.models import Entry, today
from waypoint.journal.services import profile_of, substance_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_beer_alone(page: Any) -> None:
    page.goto("/today/")
    page.get_by_role("radio", name=re.compile(r"^Beer")).tap()
    page.get_by_text("More details").tap()
    page.get_by_label("With whom").select_option("alone")
    page.get_by_role("button", name="Save", exact=True).tap()
    page.get_by_text(re.compile(r"^Saved: Alcohol, 1 beer")).wait_for()


def test_hard_moment_options_after_logging_alone_and_turned_off_in_settings(
    phone_page: Any, alice: User
) -> None:
    page = phone_page
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in(page, "alice")
    _log_beer_alone(page)
    options = page.get_by_test_id("hard-moments")
    options.wait_for()
    link = options.get_by_role(
        "link", name="Using alone? Some people ask someone to check on them."
    )
    expect(link).to_be_visible()
    assert link.get_attribute("href") == "/check-on-me/"
    # Fits the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "companion-hard-moments-phone")
    assert Entry.objects.filter(user=alice, company="alone").count() == 1

    page.goto("/settings/")
    page.get_by_label("After a hard moment, offer one or two places to turn").uncheck()
    page.locator("#hard-moments-section").get_by_role("button", name="Save").tap()
    page.get_by_text("Turned off: nothing extra is shown after an entry.").wait_for()
    assert profile_of(alice).hard_moments is False

    _log_beer_alone(page)
    page.wait_for_load_state()  # the whole page is there: none below, none still to come
    assert page.get_by_test_id("hard-moments").count() == 0
    assert Entry.objects.filter(user=alice, company="alone").count() == 2


def test_an_urge_noted_on_a_phone_and_its_insight_shown(phone_page: Any, alice: User) -> None:
    for back, minutes in enumerate([5, 30, 12]):
        urge_create(
            user=alice,
            day=today() - timedelta(days=back + 1),
            at=time(19, 0),
            strength=5,
            lasted_minutes=minutes,
        )
    page = phone_page
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in(page, "alice")
    page.goto("/today/")
    quick = page.locator(".urge-quick")
    quick.get_by_role("radio", name="7", exact=True).tap()
    quick.get_by_role("button", name="Note the urge").tap()
    page.get_by_text("Noted.", exact=True).wait_for()
    assert Urge.objects.filter(user=alice, day=today(), strength=7).count() == 1

    page.goto("/urges/")
    page.get_by_label("What was going on").fill("after a long shift")
    page.get_by_label("What helped").fill("a shower")
    page.get_by_label("Minutes until it passed").fill("10")
    page.locator(".urge-form").get_by_role("radio", name="6", exact=True).tap()
    page.get_by_role("button", name="Note the urge").tap()
    page.get_by_text("Noted.", exact=True).wait_for()
    insights = page.get_by_test_id("urge-insights")
    # Days with a noted length: 3 earlier days and today; 5, 12 and 10 minutes passed within 20.
    insights.get_by_text("Urges passed within 20 minutes on 3 of 4 days.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "companion-urges-phone")


def _no_axe_violations_at_both_widths(page: Any, name: str) -> None:
    page.evaluate(AXE.read_text())
    for width, viewport in (("phone", PHONE), ("wide", WIDE)):
        page.set_viewport_size(viewport)
        assert page.evaluate(AXE_RUN, EVERY_RULE) == [], f"{name} {width}"
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_usual_changed_on_a_phone(phone_page: Any, alice: User) -> None:
    usual = usual_create(
        user=alice,
        name="my IPA",
        substance=substance_for(alice, "alcohol"),
        amount=473,
        unit="ml",
        abv_percent=6.8,
    )
    page = phone_page
    sign_in(page, "alice")
    page.goto("/usuals/")
    _no_axe_violations_at_both_widths(page, "companion-usuals")
    page.get_by_role("link", name="Change my IPA").tap()
    page.get_by_role("heading", name="Change a usual").wait_for()
    expect(page.get_by_label("How much")).to_have_value("473")
    page.get_by_label("How much").fill("0")
    page.get_by_role("button", name="Save changes").tap()
    page.get_by_text("The amount must be more than 0 and at most 100000.").wait_for()
    _no_axe_violations_at_both_widths(page, "companion-usual-edit-refused")
    page.get_by_label("Name").fill("my pint")
    page.get_by_label("How much").fill("568")
    page.get_by_role("button", name="Save changes").tap()
    page.get_by_text("Your changes are saved.").wait_for()
    page.get_by_role("link", name="Change my pint").wait_for()
    usual.refresh_from_db()
    assert (usual.name, float(usual.amount), usual.abv_percent) == ("my pint", 568.0, 6.8)


def test_a_usual_that_makes_an_unusual_day_is_asked_about_on_a_phone(
    phone_page: Any, alice: User
) -> None:
    log(alice, today(), 30)
    usual_create(
        user=alice,
        name="a bottle",
        substance=substance_for(alice, "alcohol"),
        amount=750,
        unit="ml",
        abv_percent=40,
    )
    page = phone_page
    sign_in(page, "alice")
    page.goto("/today/")
    page.get_by_role("button", name=re.compile(r"^Log a bottle")).tap()
    question = page.get_by_role("alert").filter(has_text="Is that right?")
    question.wait_for()
    assert "750 mL (16.9 standard drinks) would make 46.9 standard drinks" in question.inner_text()
    assert Entry.objects.filter(user=alice).count() == 1
    _no_axe_violations_at_both_widths(page, "companion-usual-asked")
    page.get_by_role("button", name="Yes, that's right").tap()
    page.get_by_text("Saved: Alcohol, 750 mL").wait_for()
    assert Entry.objects.filter(user=alice).count() == 2
