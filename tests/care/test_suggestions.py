"""A counselor suggests; the participant decides. Nothing joins the plan until accepted."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.care import services
from waypoint.care.models import Suggestion
from waypoint.goals.models import Goal, GoalStep

pytestmark = pytest.mark.django_db


def test_an_accepted_goal_joins_the_plan(
    alice: User, alice_client: Client, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["goals"])
    response = client_for(carol).post(
        f"/care/clients/{alice.pk}/goals/",
        {
            "kind": "goal",
            "goal-goal_kind": "life",
            "goal-text": "Find a steady place to live",
            "goal-domain": "housing",
            "goal-message": "We talked about this on Tuesday",
        },
    )
    assert response.status_code == 302
    assert not Goal.objects.filter(user=alice).exists()
    suggestion = Suggestion.objects.get()
    page = alice_client.get("/sharing/").content.decode()
    assert "carol suggests a goal" in page and "Find a steady place to live" in page
    alice_client.post(f"/sharing/suggestions/{suggestion.pk}/accept/")
    goal = Goal.objects.get(user=alice)
    assert (goal.kind, goal.title, goal.domain) == (
        "life",
        "Find a steady place to live",
        "housing",
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.result_goal == goal


def test_a_declined_suggestion_changes_nothing(
    alice: User, alice_client: Client, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["goals"])
    suggestion = services.suggestion_create(
        author=carol, participant_id=alice.pk, kind="goal", goal_kind="observe", text="Notice"
    )
    alice_client.post(f"/sharing/suggestions/{suggestion.pk}/decline/")
    suggestion.refresh_from_db()
    assert suggestion.status == "declined"
    assert not Goal.objects.filter(user=alice).exists()
    with pytest.raises(ValidationError):
        services.suggestion_decide(participant=alice, suggestion_id=suggestion.pk, accept=True)


def test_an_accepted_step_is_added_to_the_goal(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["goals"])
    goal = alice_data["goal"]
    response = client_for(carol).post(
        f"/care/clients/{alice.pk}/goals/",
        {"kind": "step", "step-goal": goal.pk, "step-text": "Eat before going out"},
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.goal == goal and suggestion.kind == "step"
    services.suggestion_decide(participant=alice, suggestion_id=suggestion.pk, accept=True)
    assert "Eat before going out" in [step.text for step in GoalStep.objects.filter(goal=goal)]


def test_suggestions_need_a_consent_covering_goals(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, [s for s in ALL_SCOPES if s != "goals"])
    with pytest.raises(services.NotFound):
        services.suggestion_create(
            author=carol, participant_id=alice.pk, kind="goal", goal_kind="observe", text="x"
        )


def test_a_step_can_only_go_to_the_clients_own_current_goal(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["goals"])
    bobs = Goal.objects.create(user=bob, kind="observe")
    with pytest.raises(ValidationError):
        services.suggestion_create(
            author=carol, participant_id=alice.pk, kind="step", goal_id=bobs.pk, text="x"
        )


def test_another_participant_cannot_answer_a_suggestion(
    alice: User, bob_client: Client, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["goals"])
    suggestion = services.suggestion_create(
        author=carol, participant_id=alice.pk, kind="goal", goal_kind="observe", text="Notice"
    )
    assert bob_client.post(f"/sharing/suggestions/{suggestion.pk}/accept/").status_code == 404
    api = bob_client.post(f"/api/v1/sharing/suggestions/{suggestion.pk}/accept")
    assert api.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_a_goal_that_needs_the_participants_own_numbers_cannot_be_suggested(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["goals"])
    with pytest.raises(ValidationError):
        services.suggestion_create(
            author=carol, participant_id=alice.pk, kind="goal", goal_kind="cut_down", text="Less"
        )
