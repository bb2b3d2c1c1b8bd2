"""Care in real headless Chromium: invite, consent, see, revoke, the access log; screenshots."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.care.conftest import grant
from tests.conftest import (
    BROWSER_TIMEOUT_MS,
    PASSPHRASE,
    make_user,
    open_more,
    screenshot,
    sign_in,
)
from tests.core.test_accessibility import PHONE, WIDE
from waypoint.accounts.models import Organization, User
from waypoint.accounts.zones import local_today
from waypoint.care import services
from waypoint.care.models import Consent, Invitation, Scope
from waypoint.core.demo import DEMO_PASSPHRASE, ensure_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCOPE_LABELS = {
    Scope.PROGRESS: "Progress summary",
    Scope.GOALS: "Goals and steps",
    Scope.ENTRIES: "Journal entries",
    Scope.CHECKINS: "Daily check-ins",
    Scope.ASSESSMENTS: "Questionnaires and scores",
    Scope.NOTES: "Session notes",
}


def test_invite_share_progress_only_revoke_and_read_the_log(
    page: Any, phone_page: Any, alice: User, carol: User, alice_data: Any
) -> None:
    counselor, participant = page, phone_page
    # The counselor makes a code.
    sign_in(counselor, "carol")
    counselor.get_by_role("link", name="Caseload", exact=True).click()
    counselor.get_by_role("link", name="Invite a client").click()
    counselor.get_by_role("button", name="Make a code").click()
    code = counselor.get_by_test_id("invitation-code").inner_text()
    screenshot(counselor, "care-invite-desktop")

    # The participant, on her phone, enters it and shares only her progress.
    sign_in(participant, "alice")
    open_more(participant).get_by_role("link", name="Sharing", exact=True).click()
    participant.get_by_label("Invitation code").fill(code)
    participant.get_by_role("button", name="Continue").click()
    participant.get_by_text("carol, counselor at Harbor Street Health").wait_for()
    for scope, label in SCOPE_LABELS.items():
        participant.get_by_label(label).set_checked(scope == Scope.PROGRESS)
    participant.get_by_label("Sign by typing your name").fill("Alice")
    screenshot(participant, "care-grant-phone")
    participant.get_by_role("button", name="Sign and share").click()
    participant.get_by_role("heading", name="Consent to share information").wait_for()
    consent = Consent.objects.get(participant=alice)
    assert consent.scopes == [Scope.PROGRESS]

    # The counselor sees her progress, and not her entries.
    counselor.get_by_role("link", name="Caseload", exact=True).click()
    counselor.get_by_role("link", name="Alice", exact=True).click()
    counselor.get_by_role("heading", name="Progress").wait_for()
    assert counselor.get_by_role("link", name="Entries").count() == 0
    screenshot(counselor, "care-client-progress-only-desktop")
    counselor.goto(f"/care/clients/{alice.pk}/entries/")
    counselor.get_by_role("heading", name="Nothing here").wait_for()

    # She stops sharing; the counselor's very next request is refused.
    open_more(participant).get_by_role("link", name="Sharing", exact=True).click()
    participant.get_by_role("button", name="Stop sharing").click()
    participant.get_by_text(
        "Sharing with carol, counselor at Harbor Street Health has stopped"
    ).wait_for()
    counselor.goto(f"/care/clients/{alice.pk}/")
    counselor.get_by_role("heading", name="Nothing here").wait_for()
    counselor.goto("/care/")
    assert counselor.get_by_role("link", name="Alice", exact=True).count() == 0

    # Her access log shows each look.
    participant.get_by_role("link", name="Access log").click()
    participant.get_by_role("heading", name="Who has looked at your data").wait_for()
    log = participant.locator("ol.log").inner_text()
    assert "carol viewed your progress summary (caseload)" in log
    assert "carol viewed your progress summary (client page)" in log
    screenshot(participant, "care-access-log-phone")


def test_phq9_item_9_shows_crisis_resources_on_the_phone(phone_page: Any, alice: User) -> None:
    sign_in(phone_page, "alice")
    phone_page.goto("/assessments/take/phq9/")
    questions = phone_page.locator("fieldset.question")
    for index in range(9):
        questions.nth(index).get_by_label("Not at all" if index < 8 else "Several days").check()
    phone_page.get_by_role("button", name="See my result").click()
    crisis = phone_page.get_by_role("alert")
    crisis.get_by_role("link", name="Call 988").wait_for()
    assert crisis.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    box = crisis.bounding_box()
    assert box is not None and box["y"] < 844  # on screen without scrolling
    screenshot(phone_page, "care-phq9-crisis-phone")


def _pages(people: dict[str, User]) -> dict[str, list[tuple[str, str]]]:
    """Every care page, by who sees it, with the data the demo made."""
    river, sam, okafor, admin = (
        people["river"],
        people["sam"],
        people["dr-okafor"],
        people["admin"],
    )
    harbor = Organization.objects.get(slug="harbor-street")
    consent = Consent.objects.filter(participant=river).first()
    assert consent is not None
    # River also lets Dr. Okafor see entries for a while, so that page has something to show.
    services.consent_grant(
        participant=river,
        replaces_id=consent.pk,
        scopes=[*consent.scopes, Scope.ENTRIES],
        purpose=consent.purpose,
        expires_on=None,
        signature="River",
    )
    _invitation, client_code = services.invitation_create_client(
        counselor=okafor, organization=harbor, scopes=[Scope.PROGRESS, Scope.GOALS]
    )
    _invitation, staff_code = services.invitation_create_staff(
        admin=admin, organization=harbor, role="counselor"
    )
    result = services.assessment_take(
        participant=river, instrument="gad7", answers=[1, 1, 0, 1, 0, 1, 0]
    )
    live = Consent.objects.filter(participant=river, revoked_at__isnull=True).get()
    return {
        "river": [
            ("sharing", "/sharing/"),
            ("connect", "/sharing/connect/"),
            ("grant", f"/sharing/connect/?code={client_code}"),
            ("consent", f"/sharing/consents/{live.pk}/"),
            ("change", f"/sharing/consents/{live.pk}/change/"),
            ("log", "/sharing/log/"),
            ("notes", "/sharing/notes/"),
            ("questionnaires", "/assessments/"),
            ("take-audit", "/assessments/take/audit/"),
            ("take-readiness", "/assessments/take/readiness/"),
            ("result", f"/assessments/results/{result.pk}/"),
        ],
        "dr-okafor": [
            ("caseload", "/care/"),
            ("invite", "/care/invite/"),
            ("client", f"/care/clients/{river.pk}/"),
            ("client-goals", f"/care/clients/{river.pk}/goals/"),
            ("client-entries", f"/care/clients/{river.pk}/entries/"),
            ("client-checkins", f"/care/clients/{river.pk}/checkins/"),
            ("client-questionnaires", f"/care/clients/{river.pk}/questionnaires/"),
            ("client-notes", f"/care/clients/{river.pk}/notes/"),
            ("client-sam", f"/care/clients/{sam.pk}/"),
        ],
        "admin": [("org-staff", "/org/harbor-street/staff/")],
        "": [("join", f"/org/join/{staff_code}/")],
    }


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots_of_every_care_page(request: Any, viewport: str) -> None:
    """Not compared automatically: saved for a person to look at, at both sizes."""
    browser_page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    pages = _pages(ensure_demo())
    for username, paths in pages.items():
        browser_page.context.clear_cookies()
        if username:
            sign_in(browser_page, username, DEMO_PASSPHRASE)
        for name, path in paths:
            response = browser_page.goto(path)
            assert response is not None and response.status == 200, path
            screenshot(browser_page, f"care-{name}-{viewport}")
    assert Invitation.objects.filter(used_at__isnull=True).count() == 2


def sign_in_any_language(page: Any, username: str) -> None:
    page.goto("/login/")
    page.locator("input[autocomplete=username]").fill(username)
    page.locator("input[type=password]").fill(PASSPHRASE)
    page.locator("input[type=password]").press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path != "/login/")


@pytest.mark.parametrize(
    ("locale", "ends"),
    [
        ("en-US", "(end of the day, Los Angeles time)"),
        ("es-US", "(al final del día, hora de Los Angeles)"),
    ],
)
def test_a_consents_end_names_its_clock_for_both_sides(
    chromium: Any, live_server: Any, carol: User, harbor: Organization, locale: str, ends: str
) -> None:
    """carol counsels from Madrid; lena, in Los Angeles, shares until a day she chose."""
    carol.time_zone = "Europe/Madrid"
    carol.save(update_fields=["time_zone"])
    lena = make_user("lena", display_name="Lena", time_zone="America/Los_Angeles")
    consent = grant(
        lena, carol, harbor, [Scope.PROGRESS], expires_on=local_today(lena) + timedelta(days=30)
    )
    pages = {
        "carol": [("client", f"/care/clients/{lena.pk}/", ends)],
        "lena": [
            ("sharing", "/sharing/", ends),
            ("consent", f"/sharing/consents/{consent.pk}/", ends.split(",")[-1].strip(" )")),
            ("change", f"/sharing/consents/{consent.pk}/change/", ends.split(",")[-1].strip(" )")),
        ],
    }
    # No service worker (as in tests/conftest.py's pages): the cookies are cleared between the
    # two people, and a refresh it began for the last page could mint a CSRF cookie after that.
    context = chromium.new_context(base_url=live_server.url, locale=locale, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        for username, shown in pages.items():
            context.clear_cookies()
            sign_in_any_language(page, username)
            for name, path, words in shown:
                page.set_viewport_size(WIDE)
                page.goto(path)
                page.get_by_text(words).first.wait_for()
                screenshot(page, f"care-ends-{name}-{locale}-wide")
                page.set_viewport_size(PHONE)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
                screenshot(page, f"care-ends-{name}-{locale}-phone")
    finally:
        context.close()
