"""Feedback cannot be traced to a member through any page, export or API response.

The strongest check: run the same meeting twice with the members' answers swapped between
them, and every response any role can get (pages, CSV, API, and the submissions' own answers)
must be byte-for-byte the same. If anything linked an answer to a person, some response would
change when the answers change hands.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.groups.conftest import member
from waypoint.accounts.models import User
from waypoint.groups import services
from waypoint.groups.models import Feedback, FeedbackGiven, Group, GroupMember, Meeting

pytestmark = pytest.mark.django_db

ANSWERS = [
    {"helpful": "5", "respected": "yes", "comment": "Loved the naloxone practice"},
    {"helpful": "2", "respected": "no", "comment": "Felt rushed at the end"},
    {"helpful": "4", "respected": "yes", "comment": ""},
]
WALK_IN = {"helpful": "3", "respected": "yes", "comment": "Coffee was good"}


def _normalize(body: bytes) -> str:
    text = body.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)


@pytest.fixture
def room(frank: User, alice: User, group: Group, meeting: Meeting) -> list[GroupMember]:
    members = [
        services.group_join(user=alice, code=group.join_code),
        member("sam", group, display_name="Sam"),
        member("pat", group, display_name="Pat"),
    ]
    services.attendance_record(
        user=frank, meeting=meeting, present=[m.pk for m in members], walk_ins=2
    )
    for m in members:
        services.checkin_share(user=m.user, meeting=meeting, drug=f"{m.user.shown_name}'s drug")
    return members


def _urls(group: Group, meeting: Meeting) -> list[str]:
    g, m = group.pk, meeting.pk
    return [
        "/groups/",
        f"/groups/{g}/",
        f"/groups/{g}/picture/",
        f"/groups/{g}/picture.csv",
        f"/groups/meetings/{m}/",
        f"/groups/meetings/{m}/attendance/",
        f"/groups/meetings/{m}/feedback/",
        f"/groups/meetings/{m}/handout/",
        f"/groups/feedback/{meeting.shown_feedback_code}/",
        "/api/v1/groups",
        f"/api/v1/groups/{g}",
        f"/api/v1/groups/{g}/meetings",
        f"/api/v1/groups/{g}/picture",
        f"/api/v1/groups/meetings/{m}",
        f"/api/v1/groups/meetings/{m}/attendance",
        f"/api/v1/groups/meetings/{m}/checkins",
        f"/api/v1/groups/meetings/{m}/feedback",
    ]


def _run(
    room: list[GroupMember], meeting: Meeting, viewers: dict[str, Client], answers: list[Any]
) -> dict[str, str]:
    """Members answer through the page, a walk-in through the code; capture every response."""
    Feedback.objects.all().delete()
    FeedbackGiven.objects.all().delete()
    seen: dict[str, str] = {}
    for m, answer in zip(room, answers, strict=True):
        response = viewers[m.user.username].post(f"/groups/meetings/{meeting.pk}/feedback/", answer)
        assert response.status_code == 200
        seen[f"submit by {m.user.username}"] = _normalize(response.content)
    walk_in = Client()
    response = walk_in.post(f"/groups/feedback/{meeting.shown_feedback_code}/", WALK_IN)
    seen["submit by walk-in"] = _normalize(response.content)
    for name, client in viewers.items():
        for url in _urls(meeting.group, meeting):
            response = client.get(url)
            seen[f"{name} {url}"] = f"{response.status_code} {_normalize(response.content)}"
    return seen


def test_every_response_is_the_same_whichever_member_gave_which_answer(
    room: list[GroupMember], meeting: Meeting, frank: User, bob: User, olga: User
) -> None:
    viewers = {m.user.username: client_for(m.user) for m in room}
    viewers |= {"frank": client_for(frank), "bob": client_for(bob), "olga": client_for(olga)}
    viewers["anonymous"] = Client()
    first = _run(room, meeting, viewers, ANSWERS)
    swapped = _run(room, meeting, viewers, [ANSWERS[1], ANSWERS[2], ANSWERS[0]])
    assert first.keys() == swapped.keys()
    changed = [key for key in first if first[key] != swapped[key]]
    assert changed == []
    # The run did show the results, so the comparison compared something.
    assert "Loved the naloxone practice" in first[f"frank /groups/meetings/{meeting.pk}/"]
    # Three members and a walk-in: one batch of three is shown, the fourth answer waits.
    assert '"count": 3' in first[f"frank /api/v1/groups/meetings/{meeting.pk}/feedback"]


def test_only_the_facilitator_ever_sees_feedback_content_and_never_a_submitters_name(
    room: list[GroupMember], meeting: Meeting, frank: User, bob: User, olga: User
) -> None:
    viewers = {m.user.username: client_for(m.user) for m in room}
    viewers |= {"frank": client_for(frank), "bob": client_for(bob), "olga": client_for(olga)}
    viewers["anonymous"] = Client()
    seen = _run(room, meeting, viewers, ANSWERS)
    for key, body in seen.items():
        if key.startswith("frank "):
            continue
        for answer in [*ANSWERS, WALK_IN]:
            if answer["comment"]:
                assert answer["comment"] not in body, key
    # Where the facilitator sees comments, no structure ties one to a person: the JSON holds
    # only aggregates and a sorted list of strings.
    results = seen[f"frank /api/v1/groups/meetings/{meeting.pk}/feedback"]
    assert "Sam" not in results and "Pat" not in results and "Alice" not in results
    for key in (
        f"frank /groups/{meeting.group_id}/picture.csv",
        f"frank /api/v1/groups/{meeting.group_id}/picture",
    ):
        for name in ("Sam", "Pat", "Alice", "Loved", "rushed"):
            assert name not in seen[key], (key, name)


def test_the_order_of_comments_does_not_follow_the_order_they_came_in(
    frank: User, frank_client: Client, meeting: Meeting
) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[], walk_ins=6)
    url = f"/api/v1/groups/meetings/{meeting.pk}/feedback"
    orders = []
    for comments in (["b", "c", "a"], ["c", "a", "b"]):
        Feedback.objects.all().delete()
        for comment in comments:
            services.feedback_submit(meeting=meeting, helpful=3, respected=True, comment=comment)
        orders.append(frank_client.get(url).json()["comments"])
    assert orders == [["a", "b", "c"], ["a", "b", "c"]]
