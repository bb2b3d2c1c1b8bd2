"""Every groups endpoint (API and pages) against every persona: one table, one mechanism.

Personas: facilitator (frank, Harbor), member (alice, joined and marked present), non-member
participant (bob), another organization's facilitator (olga, Northside), a Harbor counselor
without the facilitator role (carol), and nobody signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.groups import services
from waypoint.groups.models import Group, GroupMember, Meeting, Topic

pytestmark = pytest.mark.django_db

PERSONAS = ("facilitator", "member", "non_member", "other_facilitator", "counselor", "anonymous")


@dataclass(frozen=True)
class World:
    group: Group
    meeting: Meeting
    member: GroupMember
    own_topic: Topic
    builtin_topic: Topic
    harbor: Organization


@pytest.fixture
def world(
    frank: User, alice: User, group: Group, meeting: Meeting, harbor: Organization, topic: Topic
) -> World:
    member = services.group_join(user=alice, code=group.join_code)
    services.attendance_record(user=frank, meeting=meeting, present=[member.pk], walk_ins=3)
    services.checkin_share(user=alice, meeting=meeting, drug="a little", setting="with friends")
    own = services.topic_create(
        user=frank, organization=harbor, title="Harbor's own", summary="S.", key_points=["K"]
    )
    return World(group, meeting, member, own, topic, harbor)


@pytest.fixture
def persona_client(request: pytest.FixtureRequest) -> Any:
    def make(persona: str) -> Client:
        username = {
            "facilitator": "frank",
            "member": "alice",
            "non_member": "bob",
            "other_facilitator": "olga",
            "counselor": "carol",
        }.get(persona)
        if username is None:
            return Client()
        user = request.getfixturevalue(username)
        return client_for(user)

    return make


def _row(f: str, m: str, n: str, o: str, c: str, a: str) -> dict[str, int]:
    codes = [int(x) for x in (f, m, n, o, c, a)]
    return dict(zip(PERSONAS, codes, strict=True))


# (name, method, path, body, expected per persona: facilitator, member, non-member,
#  other organization's facilitator, counselor, anonymous)
API: list[tuple[str, str, str, dict[str, Any] | None, dict[str, int]]] = [
    ("list groups", "get", "/api/v1/groups", None, _row("200", "200", "200", "200", "200", "401")),
    (
        "create group in Harbor",
        "post",
        "/api/v1/groups",
        {"name": "New", "organization_id": "{harbor}"},
        _row("201", "403", "403", "404", "404", "401"),
    ),
    (
        "get group",
        "get",
        "/api/v1/groups/{group}",
        None,
        _row("200", "200", "404", "404", "404", "401"),
    ),
    (
        "update group",
        "patch",
        "/api/v1/groups/{group}",
        {"name": "Renamed"},
        _row("200", "403", "403", "404", "404", "401"),
    ),
    (
        "rotate join code",
        "post",
        "/api/v1/groups/{group}/join-code",
        None,
        _row("200", "403", "403", "404", "404", "401"),
    ),
    (
        "join by code",
        "post",
        "/api/v1/groups/join",
        {"code": "{code}"},
        _row("403", "201", "201", "403", "403", "401"),
    ),
    (
        "leave group",
        "delete",
        "/api/v1/groups/{group}/membership",
        None,
        _row("403", "204", "404", "403", "403", "401"),
    ),
    (
        "list meetings",
        "get",
        "/api/v1/groups/{group}/meetings",
        None,
        _row("200", "200", "404", "404", "404", "401"),
    ),
    (
        "schedule meeting",
        "post",
        "/api/v1/groups/{group}/meetings",
        {"starts_at": "2030-01-01T18:00:00Z"},
        _row("201", "403", "403", "404", "404", "401"),
    ),
    (
        "picture",
        "get",
        "/api/v1/groups/{group}/picture",
        None,
        _row("200", "403", "403", "404", "404", "401"),
    ),
    (
        "get meeting",
        "get",
        "/api/v1/groups/meetings/{meeting}",
        None,
        _row("200", "200", "404", "404", "404", "401"),
    ),
    (
        "get attendance",
        "get",
        "/api/v1/groups/meetings/{meeting}/attendance",
        None,
        _row("200", "403", "403", "404", "404", "401"),
    ),
    (
        "put attendance",
        "put",
        "/api/v1/groups/meetings/{meeting}/attendance",
        {"present": [], "walk_ins": 2},
        _row("200", "403", "403", "404", "404", "401"),
    ),
    (
        "list check-ins",
        "get",
        "/api/v1/groups/meetings/{meeting}/checkins",
        None,
        _row("200", "200", "404", "404", "404", "401"),
    ),
    (
        "share check-in",
        "put",
        "/api/v1/groups/meetings/{meeting}/checkin",
        {"set": "calm"},
        _row("403", "200", "404", "403", "403", "401"),
    ),
    (
        "delete check-in",
        "delete",
        "/api/v1/groups/meetings/{meeting}/checkin",
        None,
        _row("403", "204", "404", "403", "403", "401"),
    ),
    (
        "give feedback as member",
        "post",
        "/api/v1/groups/meetings/{meeting}/feedback",
        {"helpful": 4, "respected": True},
        _row("403", "201", "404", "403", "403", "401"),
    ),
    (
        # The code is the only credential: whoever holds it answers as an anonymous walk-in.
        "give feedback with code",
        "post",
        "/api/v1/groups/feedback/{feedback_code}",
        {"helpful": 4, "respected": True},
        _row("201", "201", "201", "201", "201", "201"),
    ),
    (
        "feedback results",
        "get",
        "/api/v1/groups/meetings/{meeting}/feedback",
        None,
        _row("200", "403", "403", "404", "404", "401"),
    ),
    (
        "list topics",
        "get",
        "/api/v1/groups/topics",
        None,
        _row("200", "403", "403", "200", "404", "401"),
    ),
    (
        "create topic",
        "post",
        "/api/v1/groups/topics",
        {"title": "T", "summary": "S", "key_points": ["K"]},
        _row("201", "403", "403", "201", "404", "401"),
    ),
    (
        "get own topic",
        "get",
        "/api/v1/groups/topics/{own_topic}",
        None,
        _row("200", "403", "403", "404", "404", "401"),
    ),
    (
        "get built-in topic",
        "get",
        "/api/v1/groups/topics/{builtin_topic}",
        None,
        _row("200", "403", "403", "200", "404", "401"),
    ),
]

# Pages: signed-out people are sent to sign in (302) except on the walk-in feedback pages.
PAGES: list[tuple[str, str, str, dict[str, Any] | None, dict[str, int]]] = [
    ("index", "get", "/groups/", None, _row("200", "200", "200", "200", "200", "302")),
    ("new group", "get", "/groups/new/", None, _row("200", "403", "403", "200", "404", "302")),
    ("join", "get", "/groups/join/", None, _row("403", "200", "200", "403", "403", "302")),
    ("group", "get", "/groups/{group}/", None, _row("200", "200", "404", "404", "404", "302")),
    (
        "edit group",
        "get",
        "/groups/{group}/edit/",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
    (
        "rotate code",
        "post",
        "/groups/{group}/code/",
        {},
        _row("302", "403", "403", "404", "404", "302"),
    ),
    (
        "leave",
        "get",
        "/groups/{group}/leave/",
        None,
        _row("403", "200", "404", "403", "403", "302"),
    ),
    (
        "schedule",
        "get",
        "/groups/{group}/meetings/new/",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
    (
        "picture",
        "get",
        "/groups/{group}/picture/",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
    (
        "picture csv",
        "get",
        "/groups/{group}/picture.csv",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
    (
        "meeting",
        "get",
        "/groups/meetings/{meeting}/",
        None,
        _row("200", "200", "404", "404", "404", "302"),
    ),
    (
        "edit meeting",
        "get",
        "/groups/meetings/{meeting}/edit/",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
    (
        "attendance",
        "get",
        "/groups/meetings/{meeting}/attendance/",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
    (
        "check-in",
        "get",
        "/groups/meetings/{meeting}/checkin/",
        None,
        _row("403", "200", "404", "403", "403", "302"),
    ),
    (
        "delete check-in",
        "post",
        "/groups/meetings/{meeting}/checkin/delete/",
        {},
        _row("403", "302", "404", "403", "403", "302"),
    ),
    (
        "member feedback",
        "get",
        "/groups/meetings/{meeting}/feedback/",
        None,
        _row("403", "200", "404", "403", "403", "302"),
    ),
    (
        "handout",
        "get",
        "/groups/meetings/{meeting}/handout/",
        None,
        _row("200", "200", "404", "404", "404", "302"),
    ),
    (
        "feedback entry",
        "get",
        "/groups/feedback/",
        None,
        _row("200", "200", "200", "200", "200", "200"),
    ),
    (
        "feedback by code",
        "get",
        "/groups/feedback/{feedback_code}/",
        None,
        _row("200", "200", "200", "200", "200", "200"),
    ),
    ("topics", "get", "/groups/topics/", None, _row("200", "403", "403", "200", "404", "302")),
    (
        "new topic",
        "get",
        "/groups/topics/new/",
        None,
        _row("200", "403", "403", "200", "404", "302"),
    ),
    (
        "own topic",
        "get",
        "/groups/topics/{own_topic}/",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
    (
        "edit own topic",
        "get",
        "/groups/topics/{own_topic}/edit/",
        None,
        _row("200", "403", "403", "404", "404", "302"),
    ),
]


def _fill(value: Any, world: World) -> Any:
    ids = {
        "group": world.group.pk,
        "meeting": world.meeting.pk,
        "own_topic": world.own_topic.pk,
        "builtin_topic": world.builtin_topic.pk,
        "harbor": world.harbor.pk,
        "code": world.group.shown_join_code,
        "feedback_code": world.meeting.shown_feedback_code,
    }
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value == "{harbor}" else filled
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value


def _cases(
    table: list[tuple[str, str, str, dict[str, Any] | None, dict[str, int]]],
) -> list[Any]:
    return [
        pytest.param(method, path, body, persona, codes[persona], id=f"{name}-{persona}")
        for name, method, path, body, codes in table
        for persona in PERSONAS
    ]


@pytest.mark.parametrize("method,path,body,persona,expected", _cases(API))
def test_api_answers_each_persona_as_the_table_says(
    world: World,
    persona_client: Any,
    method: str,
    path: str,
    body: Any,
    persona: str,
    expected: int,
) -> None:
    client = persona_client(persona)
    kwargs: dict[str, Any] = {}
    if body is not None:
        kwargs = {"data": _fill(body, world), "content_type": "application/json"}
    response = getattr(client, method)(_fill(path, world), **kwargs)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert "detail" in response.json()
    if expected == 404:
        # Indistinguishable from an id that does not exist.
        assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("method,path,body,persona,expected", _cases(PAGES))
def test_pages_answer_each_persona_as_the_table_says(
    world: World,
    persona_client: Any,
    method: str,
    path: str,
    body: Any,
    persona: str,
    expected: int,
) -> None:
    client = persona_client(persona)
    if method == "post":
        response = client.post(_fill(path, world), body or {})
    else:
        response = client.get(_fill(path, world))
    assert response.status_code == expected
    if persona == "anonymous" and expected == 302:
        assert response.url.startswith("/login/")


def test_a_missing_id_answers_exactly_like_someone_elses(
    world: World, olga_client: Client, frank_client: Client
) -> None:
    theirs = olga_client.get(f"/api/v1/groups/{world.group.pk}")
    missing = frank_client.get("/api/v1/groups/999999")
    assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json())


def test_group_lists_show_only_the_callers_groups(
    world: World, olga_client: Client, frank_client: Client, bob_client: Client
) -> None:
    assert [g["id"] for g in frank_client.get("/api/v1/groups").json()] == [world.group.pk]
    assert olga_client.get("/api/v1/groups").json() == []
    assert bob_client.get("/api/v1/groups").json() == []
    assert world.group.name not in olga_client.get("/groups/").content.decode()
