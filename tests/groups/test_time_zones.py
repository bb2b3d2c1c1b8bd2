"""A group's report counts days in its organization's time zone, whoever reads it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from waypoint.accounts.models import Organization, User
from waypoint.groups import services
from waypoint.groups.models import Group, Topic

pytestmark = pytest.mark.django_db


def test_the_groups_picture_dates_meetings_on_the_organizations_clock(
    frank: User, frank_client: Client, group: Group, topic: Topic, harbor: Organization
) -> None:
    harbor.time_zone = "America/Los_Angeles"
    harbor.save()
    frank.time_zone = "Asia/Tokyo"  # the facilitator reads it from far away
    frank.save()
    # 19:00 on Tuesday 3 March in Los Angeles: Wednesday in UTC, and noon Wednesday in Tokyo.
    services.meeting_schedule(
        user=frank, group=group, starts_at=datetime(2026, 3, 4, 3, 0, tzinfo=UTC), topic=topic
    )
    csv = frank_client.get(f"/groups/{group.pk}/picture.csv").content.decode()
    assert csv.splitlines()[1].startswith("2026-03-03,")
    page = frank_client.get(f"/groups/{group.pk}/picture/").content.decode()
    assert "3 Mar" in page and "4 Mar" not in page
    assert "America/Los_Angeles" in page
