"""Shared fixtures: named personas, an API client, and headless Chromium.

Personas (what each may see):
- alice: a participant; sees only her own records.
- bob: a second participant; sees only his own records, never alice's.
- carol: a counselor at Harbor; sees a participant's data only under a live consent.
- dave: a counselor at Harbor with no consent from anyone; sees no participant data.
- erin: the admin of Harbor; manages staff, sees no participant data by role alone.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from waypoint.accounts.models import Membership, Organization, User

PASSPHRASE = "correct horse battery staple"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("WAYPOINT_SCREENSHOTS", "/tmp/waypoint-screenshots"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """The .mo files are built from the .po files (make setup does it too); stale ones are
    rebuilt, so a test run always sees the translations in the repository."""
    from waypoint.core.translations import build

    build()


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """Each test ends on the default language, whatever language its pages were asked in."""
    # Django's locale middleware leaves a Spanish request's language active in the test's
    # thread: the next test would make its data (a catalogue's item names) in Spanish.
    yield
    translation.deactivate()


def make_user(username: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password=PASSPHRASE, **extra)


@pytest.fixture
def alice(db: None) -> User:
    return make_user("alice", display_name="Alice")


@pytest.fixture
def bob(db: None) -> User:
    return make_user("bob")


@pytest.fixture
def harbor(db: None) -> Organization:
    return Organization.objects.create(name="Harbor Street Health", slug="harbor")


def _staff(username: str, organization: Organization, role: str) -> User:
    user = make_user(username, kind=User.Kind.STAFF)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def carol(harbor: Organization) -> User:
    return _staff("carol", harbor, Membership.Role.COUNSELOR)


@pytest.fixture
def dave(harbor: Organization) -> User:
    return _staff("dave", harbor, Membership.Role.COUNSELOR)


@pytest.fixture
def erin(harbor: Organization) -> User:
    return _staff("erin", harbor, Membership.Role.ADMIN)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User) -> Client:
    return client_for(alice)


@pytest.fixture
def bob_client(bob: User) -> Client:
    return client_for(bob)


# --- Browser -------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Waits end as soon as what they wait for happens; the limit only matters on a busy machine
# (a shared 2-core machine running several suites at once was seen to need more than 10 s).
BROWSER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("WAYPOINT_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required here but {CHROMIUM} is missing")
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; Django's ORM calls in the test are still
    # synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    # No service worker, as for `phone_page` below: the screenshot tests sign several people in
    # one after another in this page too.
    context = chromium.new_context(base_url=live_server.url, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    # No service worker: tests here sign several people in one after another, clearing cookies
    # between them, and a refresh the worker began for the last page could mint a CSRF cookie
    # after the clearing, so the next sign-in was refused (seen under load). The offline tests
    # have their own context, with the worker.
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        service_workers="block",
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def spanish_phone_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A 390x844 phone whose browser asks for Spanish (Accept-Language: es-US)."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="es-US",
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page PNG for a person to look at (not compared automatically)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, username: str, passphrase: str = PASSPHRASE) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Sign in").click()
    # Off the sign-in page: a refused sign-in (a wrong passphrase, a stale CSRF cookie) fails
    # here, not later on a page that quietly redirected to it. ("**/" matched /login/ itself.)
    page.wait_for_url(lambda url: urlsplit(url).path != "/login/")


def wait_until(page: Any, expression: str, what: str, arg: Any = None) -> None:
    """Evaluate `expression` in the page (it may answer with a promise, as IndexedDB and the
    caches do) until it answers true; fail with `what` after BROWSER_TIMEOUT_MS.

    `page.wait_for_function` is no use for these: it takes a promise as its answer, true or not.
    """
    limit = BROWSER_TIMEOUT_MS / 1000
    deadline = time.monotonic() + limit
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still not so after {limit:.0f} s")
        page.wait_for_timeout(100)


def open_more(page: Any) -> Any:
    """Open the menu's "More" (a <details>) unless it is open; returns the main navigation."""
    nav = page.get_by_role("navigation", name="Main")
    more = nav.locator("details.nav-more")
    if more.get_attribute("open") is None:
        more.locator("summary").click()
    return nav


@contextmanager
def at_utc(*parts: int) -> Iterator[None]:
    """Stop the clock at this UTC moment (year, month, day, hour, minute) for the block."""
    with time_machine.travel(datetime(*parts, tzinfo=UTC), tick=False):  # type: ignore[misc]
        yield
