from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import client_for
from tests.groups.conftest import member
from waypoint.accounts.models import Organization, User
from waypoint.groups import selectors, services
from waypoint.groups.models import Feedback, Group, GroupMember, Meeting, SharedCheckIn, Topic

pytestmark = pytest.mark.django_db


def main_text(response: Any) -> str:
    """The text inside <main>, tags removed."""
    html = response.content.decode()
    body = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# --- Index, nav, creating and editing ------------------------------------------------------


def test_nav_offers_groups_to_facilitators_and_participants_only(
    frank_client: Client, alice_client: Client, carol: User
) -> None:
    link = 'href="/groups/"'
    assert link in frank_client.get("/settings/").content.decode()
    assert link in alice_client.get("/settings/").content.decode()
    assert link not in client_for(carol).get("/settings/").content.decode()


def test_facilitator_starts_a_group_from_the_form(
    frank_client: Client, harbor: Organization
) -> None:
    response = frank_client.post(
        "/groups/new/",
        {
            "organization": harbor.pk,
            "name": "Monday circle",
            "mode": "online",
            "place": "Link sent on the day",
            "schedule": "Mondays 7 pm",
            "drop_in": "on",
            "agreements": "Everyone is welcome\nPassing is fine",
        },
    )
    group = Group.objects.get(name="Monday circle")
    assert response.status_code == 302
    assert response.url == f"/groups/{group.pk}/"
    assert group.organization == harbor
    page = frank_client.get(response.url)
    assert group.shown_join_code in page.content.decode()
    assert "Passing is fine" in page.content.decode()


def test_group_form_errors_answer_400_and_keep_nothing(
    frank_client: Client, harbor: Organization
) -> None:
    response = frank_client.post("/groups/new/", {"organization": harbor.pk, "name": ""})
    assert response.status_code == 400
    assert not Group.objects.exists()


def test_participants_cannot_open_the_new_group_form(alice_client: Client) -> None:
    assert alice_client.get("/groups/new/").status_code == 403


def test_facilitator_edits_the_agreements(frank_client: Client, group: Group) -> None:
    response = frank_client.post(
        f"/groups/{group.pk}/edit/",
        {"name": group.name, "mode": "in_person", "agreements": "One\nTwo\nThree", "drop_in": ""},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.agreement_list == ["One", "Two", "Three"]
    assert group.drop_in is False


def test_rotating_the_code_shows_the_new_one(frank_client: Client, group: Group) -> None:
    old = group.shown_join_code
    frank_client.post(f"/groups/{group.pk}/code/")
    group.refresh_from_db()
    page = frank_client.get(f"/groups/{group.pk}/").content.decode()
    assert group.shown_join_code in page
    assert old not in page


# --- Joining, the member's view, leaving ---------------------------------------------------


def test_participant_joins_from_a_link_with_the_code(
    alice_client: Client, alice: User, group: Group
) -> None:
    form = alice_client.get(f"/groups/join/?code={group.shown_join_code}").content.decode()
    assert f'value="{group.shown_join_code}"' in form
    response = alice_client.post("/groups/join/", {"code": group.shown_join_code})
    assert response.status_code == 302
    assert GroupMember.objects.filter(group=group, user=alice).exists()


def test_a_wrong_code_answers_400_with_a_message(alice_client: Client, group: Group) -> None:
    response = alice_client.post("/groups/join/", {"code": "abcd-efgh"})
    assert response.status_code == 400
    assert "does not match a group" in response.content.decode()


def test_member_sees_agreements_names_and_topics_but_no_join_code_or_feedback(
    alice_client: Client, alice_member: GroupMember, group: Group, meeting: Meeting, frank: User
) -> None:
    sam = member("sam", group, display_name="Sam R")
    services.attendance_record(user=frank, meeting=meeting, present=[sam.pk], walk_ins=3)
    for helpful in (5, 4, 3):
        services.feedback_submit(meeting=meeting, helpful=helpful, respected=True, comment="Nice")
    text = main_text(alice_client.get(f"/groups/{group.pk}/"))
    assert "What is said here stays here." in text
    assert "Sam R" in text and "Alice" in text
    assert group.shown_join_code not in text
    assert "helpful 4.0" not in text
    meeting_text = main_text(alice_client.get(f"/groups/meetings/{meeting.pk}/"))
    assert "Drug, set and setting" in meeting_text
    assert "Nice" not in meeting_text
    assert meeting.shown_feedback_code not in meeting_text


def test_member_leaves_after_confirming(
    alice_client: Client, alice_member: GroupMember, group: Group
) -> None:
    assert "Leave" in alice_client.get(f"/groups/{group.pk}/leave/").content.decode()
    response = alice_client.post(f"/groups/{group.pk}/leave/")
    assert response.status_code == 302
    assert not GroupMember.objects.filter(pk=alice_member.pk).exists()
    assert alice_client.get(f"/groups/{group.pk}/").status_code == 404


# --- Meetings, attendance, check-ins -------------------------------------------------------


def test_facilitator_schedules_a_meeting_with_a_topic(
    frank_client: Client, group: Group, topic: Topic
) -> None:
    when = timezone.localtime() + timedelta(days=3)
    response = frank_client.post(
        f"/groups/{group.pk}/meetings/new/",
        {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "topic": topic.pk, "plan": "Bring a pen"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.topic == topic
    assert "Drug, set and setting" in frank_client.get(f"/groups/{group.pk}/").content.decode()


def test_a_meeting_needs_a_valid_time(frank_client: Client, group: Group) -> None:
    response = frank_client.post(f"/groups/{group.pk}/meetings/new/", {"starts_at": "soon"})
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_attendance_page_saves_members_and_walk_ins_in_one_post(
    frank_client: Client, alice_member: GroupMember, group: Group, meeting: Meeting
) -> None:
    sam = member("sam", group)
    page = frank_client.get(f"/groups/meetings/{meeting.pk}/attendance/")
    assert page.status_code == 200
    response = frank_client.post(
        f"/groups/meetings/{meeting.pk}/attendance/",
        {"present": [alice_member.pk, sam.pk], "walk_ins": "3"},
    )
    assert response.status_code == 302
    assert selectors.attendance_of(meeting) == ({alice_member.pk, sam.pk}, 0)
    meeting.refresh_from_db()
    assert meeting.walk_ins == 3
    detail = main_text(frank_client.get(f"/groups/meetings/{meeting.pk}/"))
    assert "2 members · 3 walk-ins" in detail


def test_attendance_page_says_nothing_about_substance_use(
    frank_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    text = main_text(frank_client.get(f"/groups/meetings/{meeting.pk}/attendance/")).lower()
    for word in ("drug", "substance", "sober", "using", "use today", "drink", "alcohol"):
        assert word not in text, word


def test_bad_walk_in_count_answers_400_and_changes_nothing(
    frank_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    response = frank_client.post(
        f"/groups/meetings/{meeting.pk}/attendance/",
        {"present": [alice_member.pk], "walk_ins": "-2"},
    )
    assert response.status_code == 400
    assert selectors.attendance_of(meeting) == (set(), 0)


def test_member_shares_a_check_in_others_present_see_it_and_she_deletes_it(
    alice_client: Client,
    alice_member: GroupMember,
    group: Group,
    meeting: Meeting,
    frank: User,
    frank_client: Client,
) -> None:
    sam = member("sam", group)
    services.attendance_record(
        user=frank, meeting=meeting, present=[alice_member.pk, sam.pk], walk_ins=0
    )
    response = alice_client.post(
        f"/groups/meetings/{meeting.pk}/checkin/",
        {"drug": "Two beers", "mindset": "Tired", "setting": "At home"},
    )
    assert response.status_code == 302
    assert "Two beers" in main_text(client_for(sam.user).get(f"/groups/meetings/{meeting.pk}/"))
    assert "Two beers" in main_text(frank_client.get(f"/groups/meetings/{meeting.pk}/"))
    alice_client.post(f"/groups/meetings/{meeting.pk}/checkin/delete/")
    assert not SharedCheckIn.objects.exists()
    assert "Two beers" not in main_text(frank_client.get(f"/groups/meetings/{meeting.pk}/"))


def test_an_empty_check_in_answers_400(
    alice_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    response = alice_client.post(f"/groups/meetings/{meeting.pk}/checkin/", {"drug": ""})
    assert response.status_code == 400
    assert not SharedCheckIn.objects.exists()


# --- Feedback ------------------------------------------------------------------------------


def test_member_gives_feedback_once_from_the_group(
    alice_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    url = f"/groups/meetings/{meeting.pk}/feedback/"
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(url, {"helpful": "4", "respected": "yes", "comment": "Good"})
    assert response.status_code == 200
    assert "Your answers are in" in response.content.decode()
    again = alice_client.post(url, {"helpful": "1", "respected": "no"})
    assert "already in" in again.content.decode()
    assert Feedback.objects.count() == 1


def test_feedback_without_choices_answers_400(
    alice_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    response = alice_client.post(f"/groups/meetings/{meeting.pk}/feedback/", {"comment": "x"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_walk_in_answers_with_the_code_without_an_account(frank: User, meeting: Meeting) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[], walk_ins=2)
    walk_in = Client()
    entry = walk_in.post("/groups/feedback/", {"code": meeting.shown_feedback_code.upper()})
    assert entry.status_code == 302
    form = walk_in.get(entry.url)
    assert form.status_code == 200
    walk_in.post(entry.url, {"helpful": "5", "respected": "yes"})
    # The same browser is thanked rather than counted twice…
    assert (
        "already in"
        in walk_in.post(entry.url, {"helpful": "5", "respected": "yes"}).content.decode()
    )
    # …unless the device is handed to the next person.
    walk_in.get(entry.url + "?next_person=1")
    walk_in.post(entry.url, {"helpful": "3", "respected": "no"})
    assert Feedback.objects.count() == 2
    # A third answer would be more answers than people counted.
    walk_in.get(entry.url + "?next_person=1")
    capped = walk_in.post(entry.url, {"helpful": "3", "respected": "no"})
    assert capped.status_code == 400
    assert Feedback.objects.count() == 2


def test_an_unknown_feedback_code_is_404(db: None) -> None:
    assert Client().get("/groups/feedback/zzzz-zzzz/").status_code == 404
    entry = Client().post("/groups/feedback/", {"code": "zzzz"})
    assert entry.status_code == 400


def test_facilitators_are_not_offered_the_feedback_form(
    frank_client: Client, meeting: Meeting
) -> None:
    url = f"/groups/feedback/{meeting.shown_feedback_code}/"
    assert "for the people who came" in frank_client.get(url).content.decode()
    assert frank_client.post(url, {"helpful": "5", "respected": "yes"}).status_code == 403
    assert not Feedback.objects.exists()


def test_facilitator_sees_aggregates_and_sorted_comments_after_three_answers(
    frank: User, frank_client: Client, meeting: Meeting
) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[], walk_ins=4)
    services.feedback_submit(meeting=meeting, helpful=5, respected=True, comment="Warm")
    services.feedback_submit(meeting=meeting, helpful=4, respected=True, comment="Also good")
    url = f"/groups/meetings/{meeting.pk}/"
    before = main_text(frank_client.get(url))
    assert "Results appear once 3 people have answered" in before
    assert "Warm" not in before
    services.feedback_submit(meeting=meeting, helpful=3, respected=False)
    after = main_text(frank_client.get(url))
    assert "4.0 helpful, out of 5" in after
    assert "67% felt respected" in after
    assert after.index("Also good") < after.index("Warm")


# --- Picture, export, topics, handout ------------------------------------------------------


def test_picture_page_draws_charts_with_table_alternatives(
    frank: User, frank_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[alice_member.pk], walk_ins=3)
    response = frank_client.get(f"/groups/{meeting.group_id}/picture/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="chart"') == 3
    assert html.count('role="img"') >= 3
    assert html.count("<table>") == 3
    assert "style=" not in html
    assert "4 visits over 1 meeting." in main_text(response)


def test_picture_csv_has_counts_and_no_names(
    frank: User, frank_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[alice_member.pk], walk_ins=3)
    response = frank_client.get(f"/groups/{meeting.group_id}/picture.csv")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("date,topic,members_present")
    assert ",Drug, set and setting," not in lines[1]  # quoted by csv
    assert lines[1].endswith(",1,0,3,4,,,")
    assert "alice" not in response.content.decode().lower()


def test_topic_library_lists_builtin_outlines_and_adds_own(
    frank_client: Client, harbor: Organization
) -> None:
    library = frank_client.get("/groups/topics/").content.decode()
    assert "Naloxone and overdose response" in library
    response = frank_client.post(
        "/groups/topics/new/",
        {
            "title": "Sleep and use",
            "summary": "Sleep changes how substances affect you.",
            "key_points": "Routine\nLight\nCaffeine",
            "questions": "What helps you sleep?",
        },
    )
    topic = Topic.objects.get(title="Sleep and use")
    assert response.status_code == 302
    assert topic.organization == harbor
    assert topic.key_points == ["Routine", "Light", "Caffeine"]
    assert "Sleep and use" in frank_client.get("/groups/topics/").content.decode()


def test_topic_library_is_for_facilitators(alice_client: Client, topic: Topic) -> None:
    assert alice_client.get("/groups/topics/").status_code == 403
    assert alice_client.get(f"/groups/topics/{topic.pk}/").status_code == 403


def test_handout_prints_the_topic_without_navigation(
    frank_client: Client, alice_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    for client in (frank_client, alice_client):
        response = client.get(f"/groups/meetings/{meeting.pk}/handout/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Drug, set and setting" in html
        assert "What is said here stays here." in html
        assert "site-nav" not in html
        assert "handout.css" in html
        assert "style=" not in html and "<style" not in html


# --- Query counts --------------------------------------------------------------------------


def _meetings(frank: User, group: Group, topic: Topic, members: list[GroupMember], n: int) -> None:
    for i in range(n):
        meeting = services.meeting_schedule(
            user=frank,
            group=group,
            starts_at=timezone.now() - timedelta(days=7 * (n - i)),
            topic=topic,
        )
        services.attendance_record(
            user=frank, meeting=meeting, present=[m.pk for m in members[: i % 4 + 1]], walk_ins=i
        )
        Feedback.objects.bulk_create(
            Feedback(meeting=meeting, helpful=4, respected=True, comment=f"c{i}") for _ in range(3)
        )
        for m in members[:2]:
            SharedCheckIn.objects.create(meeting=meeting, member=m, drug="x")
    services.meeting_schedule(
        user=frank, group=group, starts_at=timezone.now() + timedelta(days=3), topic=topic
    )


def _counts(pages: list[tuple[Client, str]]) -> list[int]:
    counts = []
    for client, url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts.append(len(queries.captured_queries))
    return counts


def test_group_and_picture_pages_use_a_fixed_number_of_queries(
    frank: User,
    frank_client: Client,
    alice_client: Client,
    alice_member: GroupMember,
    group: Group,
    topic: Topic,
    django_assert_max_num_queries: Any,
) -> None:
    members = [alice_member] + [member(f"m{i}", group) for i in range(3)]
    _meetings(frank, group, topic, members, 3)
    first = group.meetings.order_by("starts_at").first()
    assert first is not None
    pages = [
        (frank_client, f"/groups/{group.pk}/"),
        (alice_client, f"/groups/{group.pk}/"),
        (frank_client, f"/groups/{group.pk}/picture/"),
        (frank_client, f"/groups/meetings/{first.pk}/"),
        (alice_client, f"/groups/meetings/{first.pk}/"),
        (frank_client, f"/api/v1/groups/{group.pk}/picture"),
        (alice_client, f"/api/v1/groups/{group.pk}/meetings"),
    ]
    with_three = _counts(pages)
    _meetings(frank, group, topic, members, 27)
    assert _counts(pages) == with_three
    # Measured with 3 and with 30 meetings: 10, 9, 9, 9, 7, 7, 7. The limits leave room for two
    # queries of the shared page shell (session, user, menu), which other parts own.
    for (client, url), limit in zip(pages, (12, 11, 11, 11, 9, 9, 9), strict=True):
        with django_assert_max_num_queries(limit):
            client.get(url)
