"""The directory on a phone (390×844): search by type near a place, and near the browser's
location only after the person taps the button."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import BROWSER_TIMEOUT_MS, screenshot
from tests.directory.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(imported: None) -> None:
    call_command("import_gazetteer", str(FIXTURES / "gazetteer.csv"))


@pytest.fixture
def located_phone(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 41.8781, "longitude": -87.6298},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


def test_search_by_type_near_a_place_on_a_phone(phone_page: Any, loaded: None) -> None:
    page = phone_page
    page.goto("/directory/")
    page.get_by_label("What you need").select_option("syringe-services")
    page.get_by_label("Near (a place or postcode)").fill("60601")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/directory/?*")
    heading = page.get_by_role("heading", name="2 results, nearest to The Loop first")
    assert heading.is_visible()
    names = page.locator(".dir-result h3").all_inner_texts()
    assert names == ["Lakeside syringe services", "Night outreach van"]
    assert page.get_by_text("0.2 km away").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    screenshot(page, "directory-search-phone")


def test_my_location_is_used_only_when_asked(located_phone: Any, loaded: None) -> None:
    page = located_phone
    page.goto("/directory/")
    assert page.locator("[name=lat]").input_value() == ""  # nothing asked yet
    page.get_by_label("What you need").select_option("syringe-services")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_url("**lat=41.878**")
    assert page.get_by_role(
        "heading", name="2 results, nearest to your location first"
    ).is_visible()
    screenshot(page, "directory-search-located-phone")


def test_a_service_page_in_spanish_at_both_widths_has_no_axe_violations(
    chromium: Any, live_server: Any, imported: None
) -> None:
    from tests.core.test_accessibility import AXE, AXE_RUN, EVERY_RULE
    from waypoint.directory.models import Service

    service = Service.objects.get(hsds_id="svc-ssp")
    for width, height in ((390, 844), (1280, 900)):
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale="es-US"
        )
        page = context.new_page()
        page.goto(f"/directory/services/{service.pk}/")
        assert "lunes a viernes" in page.content()
        screenshot(page, f"directory-service-es-{width}")
        page.evaluate(AXE.read_text())
        assert page.evaluate(AXE_RUN, EVERY_RULE) == []
        context.close()
