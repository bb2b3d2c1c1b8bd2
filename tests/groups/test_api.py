from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import client_for
from tests.groups.conftest import member
from waypoint.accounts.models import Organization, User
from waypoint.accounts.services import token_create
from waypoint.groups import services
from waypoint.groups.models import Feedback, Group, GroupMember, Meeting, Topic

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_a_meeting_runs_end_to_end_through_the_api(
    frank: User, frank_client: Client, alice: User, alice_client: Client, bob: User, topic: Topic
) -> None:
    created = frank_client.post(
        "/api/v1/groups",
        {
            "name": "API group",
            "schedule": "Fridays",
            "agreements": ["Everyone is welcome", "Passing is fine"],
        },
        content_type=JSON,
    )
    assert created.status_code == 201
    group = created.json()
    assert group["role"] == "facilitator"
    assert group["agreements"] == ["Everyone is welcome", "Passing is fine"]

    bob_client = client_for(bob)
    for client in (alice_client, bob_client):
        joined = client.post("/api/v1/groups/join", {"code": group["join_code"]}, content_type=JSON)
        assert joined.status_code == 201
        assert joined.json()["join_code"] is None

    starts = (timezone.now() - timedelta(minutes=10)).isoformat()
    meeting = frank_client.post(
        f"/api/v1/groups/{group['id']}/meetings",
        {"starts_at": starts, "topic_id": topic.pk},
        content_type=JSON,
    ).json()
    assert meeting["topic"]["title"] == "Drug, set and setting"

    members = frank_client.get(f"/api/v1/groups/{group['id']}").json()["members"]
    ids = [m["id"] for m in members]
    attendance = frank_client.put(
        f"/api/v1/groups/meetings/{meeting['id']}/attendance",
        {"present": ids, "walk_ins": 3},
        content_type=JSON,
    )
    assert attendance.json()["total"] == 5

    shared = alice_client.put(
        f"/api/v1/groups/meetings/{meeting['id']}/checkin",
        {"drug": "Two beers", "set": "Tired", "setting": "Home"},
        content_type=JSON,
    )
    assert shared.status_code == 200
    assert shared.json() == {
        "member": "Alice",
        "mine": True,
        "drug": "Two beers",
        "set": "Tired",
        "setting": "Home",
    }
    seen_by_bob = bob_client.get(f"/api/v1/groups/meetings/{meeting['id']}/checkins").json()
    assert [(c["member"], c["mine"]) for c in seen_by_bob] == [("Alice", False)]

    for client in (alice_client, bob_client):
        answer = client.post(
            f"/api/v1/groups/meetings/{meeting['id']}/feedback",
            {"helpful": 5, "respected": True, "comment": "Good"},
            content_type=JSON,
        )
        assert answer.json() == {"received": True}
    code = meeting["feedback_code"]
    assert (
        Client()
        .post(
            f"/api/v1/groups/feedback/{code}", {"helpful": 2, "respected": False}, content_type=JSON
        )
        .status_code
        == 201
    )

    results = frank_client.get(f"/api/v1/groups/meetings/{meeting['id']}/feedback").json()
    assert results == {
        "enough": True,
        "count": 3,
        "mean_helpful": 4.0,
        "respected_percent": 67,
        "comments": ["Good", "Good"],
    }
    picture = frank_client.get(f"/api/v1/groups/{group['id']}/picture").json()
    assert picture["meetings"][0] | {"starts_at": None} == {
        "meeting_id": meeting["id"],
        "starts_at": None,
        "topic": "Drug, set and setting",
        "members": 2,
        "returning_members": 0,
        "walk_ins": 3,
        "total": 5,
        "feedback_answers": 3,
        "mean_helpful": 4.0,
        "respected_percent": 67,
    }
    assert picture["topics"][0]["title"] == "Drug, set and setting"


def test_members_see_names_in_order_but_not_member_ids_or_the_join_code(
    alice_client: Client, alice_member: GroupMember, group: Group, bob: User
) -> None:
    member("sam", group, display_name="Sam")
    services.group_join(user=bob, code=group.join_code)  # no display name: shown as "bob"
    body = alice_client.get(f"/api/v1/groups/{group.pk}").json()
    assert body["join_code"] is None
    assert body["members"] == [
        {"id": None, "name": "Alice"},
        {"id": None, "name": "bob"},
        {"id": None, "name": "Sam"},
    ]


def test_members_meeting_list_hides_facilitator_fields(
    alice_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    (row,) = alice_client.get(f"/api/v1/groups/{meeting.group_id}/meetings").json()
    assert row["feedback_code"] is None
    assert row["walk_ins"] is None
    assert row["checkin_shared"] is False
    assert row["feedback_given"] is False


def test_a_second_answer_from_a_member_is_409(
    alice_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    url = f"/api/v1/groups/meetings/{meeting.pk}/feedback"
    body = {"helpful": 3, "respected": True}
    assert alice_client.post(url, body, content_type=JSON).status_code == 201
    again = alice_client.post(url, body, content_type=JSON)
    assert again.status_code == 409
    assert "already" in again.json()["detail"]
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"helpful": 0, "respected": True},
        {"helpful": 6, "respected": True},
        {"helpful": 3},
        {"helpful": 3, "respected": True, "comment": "x" * 1001},
    ],
)
def test_invalid_feedback_is_422_and_stores_nothing(
    alice_client: Client, alice_member: GroupMember, meeting: Meeting, body: dict[str, object]
) -> None:
    response = alice_client.post(
        f"/api/v1/groups/meetings/{meeting.pk}/feedback", body, content_type=JSON
    )
    assert response.status_code == 422
    assert "detail" in response.json()
    assert not Feedback.objects.exists()


def test_walk_in_answers_before_counting_are_422_with_a_message(meeting: Meeting) -> None:
    response = Client().post(
        f"/api/v1/groups/feedback/{meeting.feedback_code}",
        {"helpful": 3, "respected": True},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "counted who came" in response.json()["detail"]


def test_attendance_with_a_stranger_or_negative_walk_ins_is_422(
    frank: User, frank_client: Client, harbor: Organization, meeting: Meeting
) -> None:
    other = services.group_create(user=frank, organization=harbor, name="Other")
    stranger = member("sam", other)
    url = f"/api/v1/groups/meetings/{meeting.pk}/attendance"
    bad = frank_client.put(url, {"present": [stranger.pk], "walk_ins": 0}, content_type=JSON)
    assert bad.status_code == 422
    assert "Only members" in bad.json()["detail"]
    negative = frank_client.put(url, {"present": [], "walk_ins": -1}, content_type=JSON)
    assert negative.status_code == 422


def test_joining_with_a_wrong_code_is_422(alice_client: Client, group: Group) -> None:
    response = alice_client.post("/api/v1/groups/join", {"code": "zzzz"}, content_type=JSON)
    assert response.status_code == 422
    assert "does not match" in response.json()["detail"]


def test_scheduling_with_another_organizations_topic_is_422(
    frank_client: Client, olga: User, northside: Organization, group: Group
) -> None:
    theirs = services.topic_create(
        user=olga, organization=northside, title="Theirs", summary="S", key_points=["K"]
    )
    response = frank_client.post(
        f"/api/v1/groups/{group.pk}/meetings",
        {"starts_at": "2030-01-01T18:00:00Z", "topic_id": theirs.pk},
        content_type=JSON,
    )
    assert response.status_code == 422


def test_a_facilitator_of_two_organizations_picks_one(
    frank: User, frank_client: Client, northside: Organization
) -> None:
    from waypoint.accounts.models import Membership

    Membership.objects.create(user=frank, organization=northside, role="facilitator")
    response = frank_client.post("/api/v1/groups", {"name": "Which?"}, content_type=JSON)
    assert response.status_code == 422
    assert "organization_id" in response.json()["detail"]
    chosen = frank_client.post(
        "/api/v1/groups", {"name": "Here", "organization_id": northside.pk}, content_type=JSON
    )
    assert chosen.status_code == 201
    assert chosen.json()["organization"] == "Northside Drop-in"


def test_patch_changes_only_what_is_sent(frank_client: Client, group: Group) -> None:
    response = frank_client.patch(
        f"/api/v1/groups/{group.pk}", {"agreements": ["Only this"]}, content_type=JSON
    )
    assert response.json()["agreements"] == ["Only this"]
    assert response.json()["name"] == "Thursday drop-in"


def test_tokens_work_for_scripts(frank: User, group: Group) -> None:
    _token, raw = token_create(user=frank, name="script")
    response = Client().get("/api/v1/groups", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert [g["name"] for g in response.json()] == ["Thursday drop-in"]


def test_leaving_by_api_keeps_the_past_count(
    frank: User, alice_client: Client, alice_member: GroupMember, meeting: Meeting
) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[alice_member.pk], walk_ins=0)
    assert alice_client.delete(f"/api/v1/groups/{meeting.group_id}/membership").status_code == 204
    assert alice_client.get(f"/api/v1/groups/{meeting.group_id}").status_code == 404
    frank_view = client_for(frank).get(f"/api/v1/groups/meetings/{meeting.pk}/attendance").json()
    assert frank_view == {"present": [], "former_members_present": 1, "walk_ins": 0, "total": 1}


def test_the_schema_documents_the_groups_endpoints(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/groups",
        "/api/v1/groups/{group_id}",
        "/api/v1/groups/join",
        "/api/v1/groups/meetings/{meeting_id}/attendance",
        "/api/v1/groups/feedback/{code}",
        "/api/v1/groups/{group_id}/picture",
    ):
        assert path in paths, path
