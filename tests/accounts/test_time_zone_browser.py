"""Sign-up proposes the browser's own time zone (a phone set to Los Angeles) through the script."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS
from waypoint.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)
GOOD = "lamp river quiet orange"


@pytest.fixture
def los_angeles_phone(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        timezone_id="America/Los_Angeles",
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


def test_sign_up_proposes_the_phones_time_zone(los_angeles_phone: Any) -> None:
    page = los_angeles_phone
    page.goto("/signup/")
    assert page.get_by_label("Time zone").input_value() == "America/Los_Angeles"
    assert page.get_by_text("Proposed from this device's clock").is_visible()
    page.get_by_label("Username").fill("tamsin")
    page.get_by_label("Passphrase", exact=True).fill(GOOD)
    page.get_by_label("Passphrase again").fill(GOOD)
    page.get_by_role("button", name="Make my account").click()
    page.wait_for_url("**/signup/codes/")
    assert User.objects.get(username="tamsin").time_zone == "America/Los_Angeles"


def test_settings_offer_the_devices_zone_after_travelling(los_angeles_phone: Any) -> None:
    User.objects.create_user(username="lena", password=GOOD, time_zone="America/New_York")
    page = los_angeles_phone
    page.goto("/login/")
    page.get_by_label("Username").fill("lena")
    page.get_by_label("Passphrase").fill(GOOD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto("/settings/")
    assert page.get_by_label("Time zone").input_value() == "America/New_York"
    page.get_by_role("button", name="Use this device's zone").click()
    assert page.get_by_label("Time zone").input_value() == "America/Los_Angeles"
