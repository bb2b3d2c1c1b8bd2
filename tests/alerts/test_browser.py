"""Check on me in real headless Chromium, with a real SMTP server and the worker's loop running.

A participant adds a contact; the contact confirms from the email the SMTP server captured; the
participant starts a timer and does not answer; the contact's email arrives with the note and
the rescue plan. A second timer answered "I'm OK" sends nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import close_old_connections, connections
from django.utils import timezone
from playwright.sync_api import expect

from tests.alerts.conftest import confirm_link
from tests.alerts.servers import SmtpSink
from tests.conftest import BROWSER_TIMEOUT_MS, open_more, screenshot, sign_in
from waypoint.accounts.models import User
from waypoint.alerts.models import Timer
from waypoint.alerts.worker import run_once

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Mail is waited for as long as the browser is (the worker and the server share a busy machine).
WAIT_S = BROWSER_TIMEOUT_MS / 1000


@pytest.fixture
def worker_loop(smtp: SmtpSink) -> Iterator[None]:
    """The worker's pass, every 0.2 s, in a thread of this process (subprocesses: test_workers)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            run_once()
            close_old_connections()
            stop.wait(0.2)
        connections.close_all()  # this thread's own connection, so the test database can go

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(10)


@pytest.fixture
def contexts(chromium: Any, live_server: Any) -> Iterator[Any]:
    opened: list[Any] = []

    def open_page(**options: Any) -> Any:
        context = chromium.new_context(base_url=live_server.url, **options)
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return page

    yield open_page
    for context in opened:
        context.close()


def test_contact_confirms_timer_runs_out_and_the_alert_arrives(
    contexts: Any, alice: User, smtp: SmtpSink, worker_loop: None
) -> None:
    page = contexts()
    sign_in(page, "alice")
    open_more(page).get_by_role("link", name="Check on me").click()
    page.get_by_role("link", name="Add a contact").first.click()
    page.get_by_label("Name").fill("Robin")
    page.get_by_label("Email (optional)").fill("robin@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("Invited, not confirmed yet").wait_for()

    # The contact confirms from the email the SMTP server received.
    invitation = smtp.wait_for("robin@example.org", timeout=WAIT_S)[0]
    contact_page = contexts()
    contact_page.goto(confirm_link(invitation.body))
    contact_page.get_by_role("button", name="I agree to be a contact").click()
    contact_page.get_by_role("heading", name="Thank you, you are confirmed").wait_for()

    page.reload()
    page.get_by_test_id("contact-status").filter(has_text="Confirmed").wait_for()
    open_more(page).get_by_role("link", name="Check on me").click()
    page.get_by_role("link", name="Write your rescue plan").click()
    page.get_by_label("Your rescue plan").fill("Flat 3, 12 Example Road. Door code 4321.")
    page.get_by_role("button", name="Save").click()

    page.get_by_label("Ask me in").select_option(label="1 second")
    page.get_by_label("Where you are (optional)").fill("Back room at home")
    page.get_by_role("button", name="Start the timer").click()
    page.get_by_role("heading", name="Your timer").wait_for()
    screenshot(page, "checkonme-timer")

    # No answer: after the deadline and the grace period the contact's email arrives.
    alert = smtp.wait_for("robin@example.org", count=2, timeout=WAIT_S)[-1]
    assert alert.subject == "Please check on Alice now"
    assert "Back room at home" in alert.body
    assert "Door code 4321" in alert.body
    assert "naloxone" in alert.body
    # The page asks every 5 s and reloads once the timer has ended.
    expect(page.get_by_test_id("timer-status")).to_contain_text(
        "were sent your alert", use_inner_text=True
    )

    # A second timer, answered "I'm OK": nothing is sent.
    open_more(page).get_by_role("link", name="Check on me").click()
    page.get_by_label("Ask me in").select_option(label="1 minute")
    page.get_by_role("button", name="Start the timer").click()
    page.get_by_role("button", name="I'm OK").click()
    page.get_by_text("Nobody was contacted").first.wait_for()
    second = Timer.objects.latest("pk")
    assert second.status == Timer.Status.OK
    Timer.objects.filter(pk=second.pk).update(alert_at=timezone.now() - timedelta(seconds=5))
    run_once()
    assert len(smtp.to("robin@example.org")) == 2  # the invitation and the first alert only
