"""Groups in real headless Chromium: a whole meeting end to end, and screenshots of every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import BROWSER_TIMEOUT_MS, screenshot, sign_in
from tests.groups.conftest import member
from waypoint.accounts.models import User
from waypoint.groups import services
from waypoint.groups.models import Feedback, Group, GroupMember, Meeting, SharedCheckIn, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture
def contexts(chromium: Any, live_server: Any) -> Iterator[Any]:
    """Separate browser contexts (separate cookies), one per person."""
    opened: list[Any] = []

    def open_page(phone: bool = False) -> Any:
        context = chromium.new_context(base_url=live_server.url, **(PHONE if phone else {}))
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return page

    yield open_page
    for context in opened:
        context.close()


def test_a_meeting_runs_end_to_end(contexts: Any, frank: User, alice: User, bob: User) -> None:
    # The facilitator starts a group and schedules a meeting.
    fac = contexts()
    sign_in(fac, "frank")
    fac.get_by_role("link", name="Groups").click()
    fac.get_by_role("link", name="Start a group").click()
    fac.get_by_label("Name").fill("Wednesday drop-in")
    fac.get_by_label("Where it meets").select_option("both")
    fac.get_by_label("Place or link").fill("Room 4, or the link on the board")
    fac.get_by_label("Schedule").fill("Wednesdays, 5 pm")
    fac.get_by_label("Agreements").fill("Everyone is welcome.\nPassing is always fine.")
    fac.get_by_role("button", name="Start the group").click()
    fac.get_by_role("heading", name="Wednesday drop-in").wait_for()
    code = fac.get_by_test_id("join-code").inner_text()
    screenshot(fac, "groups-e2e-group-created-desktop")

    fac.get_by_role("link", name="Schedule a meeting").click()
    starts = timezone.localtime() - timedelta(minutes=5)
    fac.get_by_label("Date and time").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    fac.get_by_label("Topic").select_option(label="Drug, set and setting")
    fac.get_by_role("button", name="Schedule").click()
    fac.get_by_text("Meeting scheduled.").wait_for()
    meeting_url = fac.url
    feedback_code = fac.get_by_test_id("feedback-code").inner_text()

    # Two members join with the code, each in their own browser.
    people = {}
    for username in ("alice", "bob"):
        page = contexts(phone=True)
        sign_in(page, username)
        page.goto(f"/groups/join/?code={code}")
        page.get_by_role("button", name="Join").click()
        page.get_by_role("heading", name="Wednesday drop-in").wait_for()
        people[username] = page
    screenshot(people["alice"], "groups-e2e-member-group-phone")

    # Attendance: two members ticked, three walk-ins counted with the + button, one save.
    fac.goto(meeting_url)
    fac.get_by_role("link", name="Record attendance").click()
    fac.get_by_label("Alice").check()
    fac.get_by_label("bob").check()
    for _ in range(3):
        fac.get_by_role("button", name="One more walk-in").click()
    assert fac.get_by_label("Walk-ins").input_value() == "3"
    screenshot(fac, "groups-e2e-attendance-desktop")
    fac.get_by_role("button", name="Save attendance").click()
    expect(fac.get_by_test_id("attendance-summary")).to_have_text(
        "2 members · 3 walk-ins", use_inner_text=True
    )

    # Both members share a check-in, then answer the feedback.
    meeting_id = Meeting.objects.get().pk
    for username, words in (("alice", "Two beers, slowly"), ("bob", "Smaller amount, tested")):
        page = people[username]
        page.goto(f"/groups/meetings/{meeting_id}/")
        page.get_by_role("link", name="Share a check-in").click()
        page.get_by_label("Drug").fill(words)
        page.get_by_label("Setting").fill("With friends")
        page.get_by_role("button", name="Share with this meeting").click()
        page.get_by_text("Shared with this meeting.").wait_for()
    screenshot(people["alice"], "groups-e2e-member-meeting-phone")
    for username, helpful, comment in (
        ("alice", "5", "Really useful"),
        ("bob", "4", ""),
    ):
        page = people[username]
        page.get_by_role("link", name="Give anonymous feedback").click()
        page.get_by_label(helpful, exact=True).check()
        page.get_by_label("Yes", exact=True).check()
        page.get_by_label("Anything else? (optional)").fill(comment)
        page.get_by_role("button", name="Send").click()
        page.get_by_text("Your answers are in.").wait_for()

    # A walk-in answers with the code on the screen, no account.
    walk_in = contexts(phone=True)
    walk_in.goto("/groups/feedback/")
    walk_in.get_by_label("Meeting code").fill(feedback_code)
    walk_in.get_by_role("button", name="Continue").click()
    walk_in.get_by_label("3", exact=True).check()
    walk_in.get_by_label("No", exact=True).check()
    screenshot(walk_in, "groups-e2e-walk-in-feedback-phone")
    walk_in.get_by_role("button", name="Send").click()
    walk_in.get_by_text("Your answers are in.").wait_for()
    assert Feedback.objects.count() == 3

    # The facilitator sees check-ins with names, feedback only as totals.
    fac.goto(meeting_url)
    summary = fac.get_by_test_id("feedback-summary").inner_text()
    assert "4.0" in summary and "67%" in summary and "3" in summary
    main = fac.locator("main").inner_text()
    assert "Two beers, slowly" in main and "Smaller amount, tested" in main
    assert "Really useful" in main
    screenshot(fac, "groups-e2e-meeting-results-desktop")

    # The picture reflects it: 2 members + 3 walk-ins, a feedback bar, the topic.
    fac.goto(meeting_url)
    fac.get_by_role("link", name="Wednesday drop-in").click()
    fac.get_by_role("link", name="Picture over time").click()
    fac.get_by_role("heading", name="Picture over time").wait_for()
    assert "5 visits over 1 meeting." in fac.get_by_test_id("picture-summary").inner_text()
    attendance = fac.locator("#chart-attendance-title").locator("..")
    titles = [t.text_content() or "" for t in attendance.locator("rect title").all()]
    assert any("2 people as members" in t for t in titles)
    assert any("3 people as walk-ins" in t for t in titles)
    feedback_bars = fac.locator("#chart-feedback-title").locator("..").locator("rect title")
    assert "helpful 4 of 5" in (feedback_bars.first.text_content() or "")
    fac.get_by_text("Attendance as a table").click()
    row = fac.locator("details.chart-table").first.locator("tbody tr").first.inner_text()
    assert re.split(r"\s+", row.strip())[-3:] == ["2", "3", "5"]
    assert "Drug, set and setting" in fac.locator("#topics-heading").locator("..").inner_text()
    screenshot(fac, "groups-e2e-picture-desktop")


# --- Screenshots of every page, at phone and desktop size ----------------------------------


@pytest.fixture
def shown(frank: User, alice: User, group: Group, topic: Topic) -> dict[str, Any]:
    """A group with some history, so every page has something on it."""
    group.description = "Come as you are. Talk, listen, or just have a coffee."
    group.save()
    alice_m = services.group_join(user=alice, code=group.join_code)
    others = [member(name, group, display_name=name.title()) for name in ("sam", "pat", "lee")]
    topics = list(Topic.objects.filter(organization=None).order_by("title"))
    for weeks in range(6, 0, -1):
        past = services.meeting_schedule(
            user=frank,
            group=group,
            starts_at=timezone.now() - timedelta(weeks=weeks),
            topic=topics[weeks % len(topics)],
        )
        present = [alice_m, *others][: 1 + weeks % 4]
        services.attendance_record(
            user=frank, meeting=past, present=[m.pk for m in present], walk_ins=weeks % 5 + 1
        )
        if weeks % 2 == 0:
            Feedback.objects.bulk_create(
                Feedback(meeting=past, helpful=3 + weeks % 3, respected=True, released=True)
                for _ in range(3)
            )
    now = services.meeting_schedule(
        user=frank, group=group, starts_at=timezone.now() - timedelta(minutes=20), topic=topic
    )
    services.attendance_record(
        user=frank, meeting=now, present=[alice_m.pk, others[0].pk], walk_ins=4
    )
    SharedCheckIn.objects.create(
        meeting=now, member=others[0], drug="Smaller amount, tested first", mindset="Anxious"
    )
    services.checkin_share(
        user=alice, meeting=now, drug="Two beers", mindset="Tired, ate first", setting="At home"
    )
    for helpful, comment in ((5, "Really useful"), (4, "Could we have more time?"), (3, "")):
        services.feedback_submit(meeting=now, helpful=helpful, respected=True, comment=comment)
    services.meeting_schedule(
        user=frank,
        group=group,
        starts_at=timezone.now() + timedelta(days=6),
        topic=topics[0],
        plan="Bring a pen if you like.",
    )
    own = services.topic_create(
        user=frank,
        organization=group.organization,
        title="Sleep and substances",
        summary="Sleep changes how substances affect you.",
        key_points=["Routine helps", "Caffeine late keeps people up"],
        questions=["What helps you sleep?"],
    )
    naloxone = Topic.objects.get(slug="naloxone-overdose-response")
    return {"group": group, "meeting": now, "topic": topic, "own": own, "naloxone": naloxone}


def _pages(shown: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    g, m = shown["group"].pk, shown["meeting"].pk
    return {
        "frank": [
            ("index-facilitator", "/groups/"),
            ("new-group", "/groups/new/"),
            ("group-facilitator", f"/groups/{g}/"),
            ("edit-group", f"/groups/{g}/edit/"),
            ("schedule", f"/groups/{g}/meetings/new/"),
            ("meeting-facilitator", f"/groups/meetings/{m}/"),
            ("attendance", f"/groups/meetings/{m}/attendance/"),
            ("picture", f"/groups/{g}/picture/"),
            ("topics", "/groups/topics/"),
            ("topic", f"/groups/topics/{shown['topic'].pk}/"),
            ("topic-naloxone", f"/groups/topics/{shown['naloxone'].pk}/"),
            ("own-topic", f"/groups/topics/{shown['own'].pk}/"),
            ("new-topic", "/groups/topics/new/"),
            ("handout", f"/groups/meetings/{m}/handout/"),
        ],
        "alice": [
            ("index-member", "/groups/"),
            ("join", "/groups/join/"),
            ("group-member", f"/groups/{g}/"),
            ("meeting-member", f"/groups/meetings/{m}/"),
            ("checkin", f"/groups/meetings/{m}/checkin/"),
            ("feedback", f"/groups/meetings/{m}/feedback/"),
            ("leave", f"/groups/{g}/leave/"),
        ],
        "": [
            ("feedback-entry", "/groups/feedback/"),
            ("feedback-walk-in", f"/groups/feedback/{shown['meeting'].shown_feedback_code}/"),
        ],
    }


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots_of_every_groups_page(
    request: pytest.FixtureRequest, viewport: str, shown: dict[str, Any]
) -> None:
    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    for username, pages in _pages(shown).items():
        page.context.clear_cookies()
        if username:
            sign_in(page, username)
        for name, path in pages:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            screenshot(page, f"groups-{name}-{viewport}")
            # Nothing scrolls sideways on a phone.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= page.viewport_size["width"], (name, width)
    # The walk-in's thank-you page, and the feedback form's errors.
    page.get_by_role("button", name="Send").click()
    screenshot(page, f"groups-feedback-errors-{viewport}")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your answers are in.").wait_for()
    screenshot(page, f"groups-feedback-thanks-{viewport}")
    assert GroupMember.objects.count() == 4


def test_every_builtin_handout_prints_on_one_page(page: Any, frank: User, group: Group) -> None:
    group.agreements = "\n".join(
        [
            "Everyone is welcome, wherever they are with substances.",
            "What is said here stays here.",
            "One person speaks at a time.",
            "Passing is always fine.",
            "Respect each person's choices and goals.",
        ]
    )
    group.save()
    for topic in Topic.objects.filter(organization=None):
        services.meeting_schedule(
            user=frank, group=group, starts_at=timezone.now(), topic=topic, plan="Bring a pen."
        )
    sign_in(page, "frank")
    for meeting in Meeting.objects.select_related("topic"):
        page.goto(f"/groups/meetings/{meeting.pk}/handout/")
        for paper in ("Letter", "A4"):
            pdf = page.pdf(format=paper)
            pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))
            assert pages == 1, (meeting.topic.slug, paper, pages)
