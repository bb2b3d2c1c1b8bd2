"""Meetings of every kind: next near me, online in the next two hours, and listed groups."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.conftest import client_for
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound
from waypoint.directory import services
from waypoint.directory.geo import Point
from waypoint.directory.selectors import next_meetings
from waypoint.directory.services import ServiceFields
from waypoint.groups.models import Group

CHICAGO = ZoneInfo("America/Chicago")
LOOP = Point(41.8781, -87.6298)
WED_5PM = datetime(2026, 12, 9, 17, 0, tzinfo=CHICAGO)


def test_next_meetings_near_a_point_soonest_first(imported: None) -> None:
    found = next_meetings(near=LOOP, online=False, now=WED_5PM)
    assert [(m.result.service.name, m.starts) for m in found][:1] == [
        ("Lakeside SMART Recovery", datetime(2026, 12, 9, 18, 0, tzinfo=CHICAGO))
    ]
    assert found[0].kind == "smart-recovery"
    assert found[0].result.distance_km == pytest.approx(0.22, abs=0.02)
    assert all(m.result.location and m.result.location.location_type == "physical" for m in found)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 12, 9, 17, 0, tzinfo=CHICAGO), []),  # 20:00 is three hours away
        (datetime(2026, 12, 9, 18, 30, tzinfo=CHICAGO), ["Online 12-step meeting"]),
        (datetime(2026, 12, 9, 20, 30, tzinfo=CHICAGO), ["Online 12-step meeting"]),  # under way
        (datetime(2026, 12, 9, 21, 0, tzinfo=CHICAGO), []),  # over
    ],
)
def test_online_in_the_next_two_hours(imported: None, now: datetime, expected: list[str]) -> None:
    found = next_meetings(online=True, hours=2, now=now)
    assert [m.result.service.name for m in found] == expected


def test_meeting_kind_filter(imported: None) -> None:
    found = next_meetings(kind="twelve-step", now=WED_5PM, hours=24)
    assert {m.result.service.name for m in found} == {"Online 12-step meeting"}


def listing(**extra: object) -> ServiceFields:
    fields = {
        "name": "Thursday drop-in",
        "description": "Harm reduction group; come as you are.",
        "address_1": "1 Harbor Street",
        "city": "Chicago",
        "latitude": 41.88,
        "longitude": -87.631,
        "time_zone": "America/Chicago",
        "byday": ("TH",),
        "opens_at": time(18),
        "closes_at": time(19, 30),
    }
    fields.update(extra)
    return ServiceFields(**fields)  # type: ignore[arg-type]


def test_a_facilitator_lists_a_group_and_it_appears_without_member_data(
    imported: None,
    frank: User,
    group: Group,
    alice: User,
) -> None:
    from waypoint.groups.services import group_join

    group_join(user=alice, code=group.join_code)
    service = services.group_list(user=frank, group_id=group.pk, fields=listing())
    assert service.is_meeting and service.group_id == group.pk
    found = next_meetings(near=LOOP, now=datetime(2026, 12, 10, 12, tzinfo=CHICAGO), hours=12)
    assert [m.result.service.name for m in found] == ["Thursday drop-in"]
    assert found[0].kind == "harm-reduction-group"
    page = Client().get(f"/directory/services/{service.pk}/").content.decode()
    assert "Thursday drop-in" in page and "Alice" not in page and group.join_code not in page
    # Listing again updates the same entry; unlisting removes it.
    services.group_list(user=frank, group_id=group.pk, fields=listing(name="Thursday group"))
    assert Group.objects.get(pk=group.pk).directory_listing.name == "Thursday group"
    services.group_unlist(user=frank, group_id=group.pk)
    assert not hasattr(Group.objects.get(pk=group.pk), "directory_listing")


def test_only_the_groups_facilitator_can_list_it(
    imported: None,
    group: Group,
    carol: User,
    alice: User,
) -> None:
    for user in (carol, alice):
        with pytest.raises(NotFound):
            services.group_list(user=user, group_id=group.pk, fields=listing())


def test_the_listing_page_for_a_facilitator(imported: None, frank: User, group: Group) -> None:
    client = client_for(frank)
    assert client.get(f"/directory/groups/{group.pk}/listing/").status_code == 200
    response = client.post(
        f"/directory/groups/{group.pk}/listing/",
        {"name": "Thursday drop-in", "byday": ["TH"], "opens_at": "18:00", "closes_at": "19:30",
         "online": "on", "url": "https://example.org/thursday"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Group.objects.get(pk=group.pk).directory_listing.url == "https://example.org/thursday"


def test_meetings_page_answers_each_question_in_one_tap(imported: None) -> None:
    client = Client()
    assert client.get("/directory/meetings/").status_code == 200
    assert client.get("/directory/meetings/?show=online").status_code == 200
    page = client.get("/directory/meetings/?show=near&lat=41.8781&lon=-87.6298")
    assert page.status_code == 200
    assert b"Lakeside SMART Recovery" in page.content
    assert client.get("/directory/meetings/?show=near&place=Atlantis").status_code == 400
