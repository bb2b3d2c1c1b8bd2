"""Feedback released in batches, stored without order, once per person or code (issue 10)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import client_for
from tests.groups.conftest import member
from waypoint.accounts.models import User
from waypoint.accounts.services import token_create
from waypoint.groups import selectors, services
from waypoint.groups.models import Feedback, FeedbackGiven, Group, GroupMember, Meeting

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def six(frank: User, group: Group, meeting: Meeting) -> list[GroupMember]:
    people = [member(f"m{n}", group) for n in range(6)]
    services.attendance_record(
        user=frank, meeting=meeting, present=[m.pk for m in people], walk_ins=1
    )
    return people


def results(client: Client, meeting: Meeting) -> dict[str, Any]:
    return client.get(f"/api/v1/groups/meetings/{meeting.pk}/feedback").json()


def test_reading_results_before_and_after_one_answer_never_isolates_it(
    frank: User, meeting: Meeting, six: list[GroupMember]
) -> None:
    """The differencing attack: the facilitator reads results around each member's answer."""
    facilitator = client_for(frank)
    for n, person in enumerate(six):
        before = results(facilitator, meeting)
        services.feedback_submit(
            meeting=meeting,
            user=person.user,
            helpful=1 + n % 5,
            respected=n % 2 == 0,
            comment=f"comment by m{n}",
        )
        after = results(facilitator, meeting)
        if after != before:
            # Only a whole batch moves the results: at least three new answers at once.
            assert (after["count"] or 0) - (before["count"] or 0) >= selectors.FEEDBACK_BATCH
        else:
            assert f"comment by m{n}" not in str(after)
    assert results(facilitator, meeting)["count"] == 6


def _physical_order(table: str) -> list[Any]:
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {order}")  # noqa: S608 (fixed names)
        return [row[0] for row in cursor.fetchall()]


def test_storage_order_does_not_follow_the_order_people_answered(
    meeting: Meeting, six: list[GroupMember], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Make the shuffle predictable (reverse) so the test shows the mechanism, not luck.
    monkeypatch.setattr("secrets.SystemRandom.shuffle", lambda self, items: items.reverse())
    first_ids = []
    for n, person in enumerate(six):
        services.feedback_submit(
            meeting=meeting, user=person.user, helpful=3, respected=True, comment=f"m{n}"
        )
        first_ids.append(
            Feedback.objects.filter(meeting=meeting)
            .exclude(pk__in=first_ids)
            .values_list("pk", flat=True)[0]
            if n % 3 == 0
            else None
        )
    ids = _physical_order(Feedback._meta.db_table)
    comments = [Feedback.objects.get(pk=pk).comment for pk in ids]
    assert comments == ["m2", "m1", "m0", "m5", "m4", "m3"]
    # Every answer was written again with a fresh random id when its batch was released.
    assert not set(filter(None, first_ids)) & {
        str(pk) for pk in Feedback.objects.values_list("pk", flat=True)
    }
    assert Feedback.objects.filter(released=False).count() == 0
    assert FeedbackGiven.objects.count() == 6


def test_a_member_who_answered_cannot_answer_again_with_the_walk_in_code(
    meeting: Meeting, six: list[GroupMember]
) -> None:
    person = six[0].user
    services.feedback_submit(meeting=meeting, user=person, helpful=5, respected=True)
    body = {"helpful": 1, "respected": False, "comment": "again"}
    url = f"/api/v1/groups/feedback/{meeting.shown_feedback_code}"
    _token, raw = token_create(user=person, name="app")
    by_token = Client(headers={"Authorization": f"Bearer {raw}"}).post(url, body, content_type=JSON)
    assert by_token.status_code == 409
    by_session = client_for(person).post(url, body, content_type=JSON)
    assert by_session.status_code == 409
    # The page with the code treats a signed-in member as a member too.
    page = client_for(person).post(
        f"/groups/feedback/{meeting.shown_feedback_code}/", {"helpful": "1", "respected": "no"}
    )
    assert b"already" in page.content
    assert Feedback.objects.count() == 1


def test_code_answers_stop_at_the_walk_ins_counted(
    meeting: Meeting, six: list[GroupMember]
) -> None:
    url = f"/api/v1/groups/feedback/{meeting.shown_feedback_code}"
    body = {"helpful": 4, "respected": True, "comment": ""}
    first = Client().post(url, body, content_type=JSON)
    second = Client().post(url, body, content_type=JSON)
    assert (first.status_code, second.status_code) == (201, 422)
    # Members still answer in the app: the walk-in's place was never theirs to take.
    services.feedback_submit(meeting=meeting, user=six[0].user, helpful=5, respected=True)
    meeting.refresh_from_db()
    assert meeting.code_answers == 1
