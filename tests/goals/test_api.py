"""/api/v1/goals and /api/v1/progress: shapes, validation errors, isolation between people."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from tests.factories import log, no_use
from tests.goals.helpers import set_goal
from waypoint.accounts.models import User
from waypoint.goals.models import Goal
from waypoint.journal.models import BaselineDay, Substance, today
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_create_and_list_goals(alice_client: Client) -> None:
    response = post(
        alice_client,
        "/api/v1/goals",
        {"kind": "cut_down", "substance": "alcohol", "daily_limit": 3, "days_per_week": 4},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "cut_down"
    assert body["substance"] == "alcohol"
    assert body["daily_limit"] == 3.0
    assert body["limit_unit"] == "drink"
    assert body["active"] is True
    assert body["description"] == (
        "Alcohol: cut down to at most 3 standard drinks a day, on at most 4 days a week"
    )
    listed = alice_client.get("/api/v1/goals").json()
    assert [goal["id"] for goal in listed] == [body["id"]]


@pytest.mark.parametrize(
    "payload,message",
    [
        ({"kind": "stop_everything"}, "kind: Choose a kind of goal."),
        ({"kind": "cut_down", "substance": "alcohol"}, "daily_limit: Set a limit per day"),
        (
            {"kind": "cut_down", "substance": "alcohol", "days_per_week": 9},
            "days_per_week: Days a week is from 1 to 6",
        ),
        ({"kind": "cut_down", "daily_limit": 2}, "substance: A limit per day needs one"),
        ({"kind": "cut_down", "substance": "alcohol", "daily_limit": -1}, "more than 0"),
        (
            {"kind": "cut_down", "substance": "alcohol", "daily_limit": 2, "limit_unit": "g"},
            "limit_unit: For alcohol the limit is in standard drinks.",
        ),
        ({"kind": "abstain", "substance": "moonbeams"}, "substance: Unknown substance"),
        ({"kind": "safer", "substance": "heroin"}, "avoid_harms: Choose at least one"),
        ({"kind": "safer", "avoid_harms": ["flying"]}, "avoid_harms: Unknown value(s): flying."),
        ({"kind": "life", "domain": "health"}, "title: Say what the goal is"),
        ({"kind": "life", "title": "Walk"}, "domain: Choose an area of life."),
        ({"kind": "abstain", "started_on": "2999-01-01"}, "started_on: Choose a start day"),
        ({"kind": "abstain", "started_on": "not a day"}, "started_on"),
        ({"title": "no kind"}, "kind"),
    ],
)
def test_invalid_goals_answer_422_with_a_clear_detail(
    alice: User, alice_client: Client, payload: dict[str, Any], message: str
) -> None:
    response = post(alice_client, "/api/v1/goals", payload)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Goal.objects.filter(user=alice).exists()


def test_another_persons_goal_answers_404_everywhere(alice: User, bob_client: Client) -> None:
    goal = set_goal(alice, "abstain", start=today())
    for method, url, data in (
        ("get", f"/api/v1/goals/{goal.pk}", None),
        ("post", f"/api/v1/goals/{goal.pk}/change", {"kind": "observe"}),
        ("post", f"/api/v1/goals/{goal.pk}/end", {}),
        ("post", f"/api/v1/goals/{goal.pk}/steps", {"text": "x"}),
        ("patch", f"/api/v1/goals/{goal.pk}/steps/1", {"done": True}),
        ("delete", f"/api/v1/goals/{goal.pk}/steps/1", None),
    ):
        if data is None:
            response = getattr(bob_client, method)(url)
        else:
            response = getattr(bob_client, method)(
                url, json.dumps(data), content_type="application/json"
            )
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}
    goal.refresh_from_db()
    assert goal.ended_on is None
    assert bob_client.get("/api/v1/goals").json() == []


def test_the_goals_api_needs_sign_in() -> None:
    assert Client().get("/api/v1/goals").status_code == 401
    assert post(Client(), "/api/v1/goals", {"kind": "abstain"}).status_code == 401
    assert Client().get("/api/v1/progress").status_code == 401


def test_change_returns_the_new_goal_and_keeps_the_old(alice_client: Client) -> None:
    first = post(alice_client, "/api/v1/goals", {"kind": "observe", "substance": "alcohol"})
    old_id = first.json()["id"]
    response = post(
        alice_client,
        f"/api/v1/goals/{old_id}/change",
        {"kind": "cut_down", "substance": "alcohol", "days_per_week": 3},
    )
    assert response.status_code == 201
    new = response.json()
    assert new["replaces"] == old_id
    old = alice_client.get(f"/api/v1/goals/{old_id}").json()
    assert old["replaced_by"] == new["id"]
    assert old["active"] is False
    assert old["ended_on"] == (today() - timedelta(days=1)).isoformat()
    listed = {goal["id"]: goal for goal in alice_client.get("/api/v1/goals").json()}
    assert listed[old_id]["replaced_by"] == new["id"]
    again = post(alice_client, f"/api/v1/goals/{old_id}/change", {"kind": "observe"})
    assert again.status_code == 422
    assert "has ended already" in again.json()["detail"]


def test_end_a_goal(alice_client: Client) -> None:
    goal_id = post(alice_client, "/api/v1/goals", {"kind": "abstain"}).json()["id"]
    response = post(alice_client, f"/api/v1/goals/{goal_id}/end", {})
    assert response.status_code == 200
    assert response.json()["ended_on"] == today().isoformat()
    assert post(alice_client, f"/api/v1/goals/{goal_id}/end", {}).status_code == 422


def test_steps_through_the_api(alice_client: Client) -> None:
    goal_id = post(
        alice_client, "/api/v1/goals", {"kind": "life", "domain": "legal", "title": "Court date"}
    ).json()["id"]
    step = post(alice_client, f"/api/v1/goals/{goal_id}/steps", {"text": "Call the lawyer"})
    assert step.status_code == 201
    step_id = step.json()["id"]
    done = alice_client.patch(
        f"/api/v1/goals/{goal_id}/steps/{step_id}",
        json.dumps({"done": True}),
        content_type="application/json",
    )
    assert done.json()["done"] is True
    assert done.json()["done_on"] == today().isoformat()
    future = alice_client.patch(
        f"/api/v1/goals/{goal_id}/steps/{step_id}",
        json.dumps({"done": True, "done_on": "2999-01-01"}),
        content_type="application/json",
    )
    assert future.status_code == 422
    empty = post(alice_client, f"/api/v1/goals/{goal_id}/steps", {"text": " "})
    assert empty.status_code == 422
    assert alice_client.delete(f"/api/v1/goals/{goal_id}/steps/{step_id}").status_code == 204
    assert alice_client.get(f"/api/v1/goals/{goal_id}").json()["steps"] == []


@pytest.mark.parametrize("days", ["0", "3651", "-3", "abc"])
def test_progress_refuses_a_period_out_of_range(alice_client: Client, days: str) -> None:
    response = alice_client.get(f"/api/v1/progress?days={days}")
    assert response.status_code == 422
    assert "days" in response.json()["detail"]


def test_progress_gives_cumulative_days_and_the_baseline_comparison(
    alice: User, alice_client: Client
) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    start = today() - timedelta(days=60)
    # Baseline: 28 days of 5 drinks a day.
    BaselineDay.objects.bulk_create(
        BaselineDay(
            user=alice,
            substance=alcohol,
            day=start - timedelta(days=28) + timedelta(days=i),
            amount=5,
            alcohol_grams=70.0,
        )
        for i in range(28)
    )
    profile = profile_of(alice)
    profile.baseline_start = start - timedelta(days=28)
    profile.baseline_end = start - timedelta(days=1)
    profile.save()
    goal = set_goal(alice, "cut_down", substance="alcohol", daily_limit=2, start=start)
    for n in range(1, 29):  # the last 28 days before today: every other day 2 drinks
        d = today() - timedelta(days=n)
        if n % 2:
            log(alice, d, 2)
        else:
            no_use(alice, d)
    log(alice, today() - timedelta(days=40), 6)  # one day off plan, earlier
    body = alice_client.get("/api/v1/progress?days=28").json()
    assert body["days"] == 28
    item = next(g for g in body["goals"] if g["goal"]["id"] == goal.pk)
    assert item["all_time"] == {"on_track": 28, "off_plan": 1, "not_reported": 32}
    assert item["continuous_days"] is None
    better = item["against_baseline"]["better"]
    assert "more days without drinking" in better
    assert "fewer heavy drinking days" in better
    assert "a lower WHO drinking risk level" in better
    who = next(c for c in item["against_baseline"]["changes"] if c["measure"] == "who_risk_level")
    assert who["direction"] == "better"
    assert who["levels_down"] >= 1
    assert item["against_baseline"]["before"]["tlfb"]["days_reported"] == 28
    assert body["baseline_start"] == profile.baseline_start.isoformat()
    assert body["scopes"][0]["name"] == "Alcohol"


def test_progress_shows_only_the_callers_goals(alice: User, bob: User, bob_client: Client) -> None:
    set_goal(alice, "abstain", start=today())
    no_use(alice, today())
    body = bob_client.get("/api/v1/progress").json()
    assert body["goals"] == []


def test_the_openapi_schema_lists_the_goal_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/goals",
        "/api/v1/goals/{goal_id}",
        "/api/v1/goals/{goal_id}/change",
        "/api/v1/goals/{goal_id}/end",
        "/api/v1/goals/{goal_id}/steps",
        "/api/v1/goals/{goal_id}/steps/{step_id}",
        "/api/v1/progress",
    ):
        assert path in paths, path
