"""A member's own export holds their groups and shared check-ins, and never any feedback."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import body
from waypoint.accounts.models import User
from waypoint.groups import services
from waypoint.groups.models import GroupMember, Meeting

pytestmark = pytest.mark.django_db


def test_the_own_export_has_groups_and_shared_checkins_but_no_feedback(
    alice: User, frank: User, meeting: Meeting, alice_member: GroupMember, alice_client: Client
) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[alice_member.pk], walk_ins=0)
    services.checkin_share(user=alice, meeting=meeting, drug="two beers", setting="at home")
    services.feedback_submit(
        meeting=meeting, helpful=5, respected=True, comment="kind room", user=alice
    )
    text = body(alice_client.get("/settings/export.json")).decode()
    section = json.loads(text)["groups"]
    assert section["memberships"] == [
        {"group": meeting.group.name, "joined_at": alice_member.joined_at.isoformat()}
    ]
    [shared] = section["shared_checkins"]
    assert (shared["drug"], shared["setting"]) == ("two beers", "at home")
    assert "kind room" not in text
