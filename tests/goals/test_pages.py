"""The goal pages and the progress page, through the HTTP client."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import log, no_use
from tests.goals.helpers import day, set_goal
from waypoint.accounts.models import User
from waypoint.goals.models import Goal, GoalStep, GoalTally
from waypoint.goals.services import step_add
from waypoint.journal.models import today
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    return response.content.decode()


def test_the_goals_page_offers_every_kind_of_goal_when_there_is_none(
    alice_client: Client,
) -> None:
    html = _html(alice_client.get("/goals/"))
    for kind in ("observe", "cut_down", "safer", "abstain", "life"):
        assert f"/goals/new/?kind={kind}" in html


def test_set_a_cut_down_goal_with_the_form(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/goals/new/",
        {
            "kind": "cut_down",
            "substance": Goal._meta.get_field("substance")
            .related_model.objects.get(slug="alcohol", owner=None)
            .pk,
            "daily_limit": "3",
            "days_per_week": "4",
            # A box ticked in a part that does not apply is ignored, not refused.
            "avoid_harms": ["used_alone"],
            "started_on": today().isoformat(),
        },
    )
    goal = Goal.objects.get(user=alice)
    assert response.status_code == 302
    assert response.url == f"/goals/{goal.pk}/"
    assert (goal.kind, float(goal.daily_limit), goal.limit_unit, goal.days_per_week) == (
        "cut_down",
        3.0,
        "drink",
        4,
    )
    assert goal.avoid_harms == []
    assert "at most 3 standard drinks a day" in _html(alice_client.get(response.url))


def test_a_cut_down_goal_without_any_limit_is_refused_with_a_message(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post("/goals/new/", {"kind": "cut_down"})
    assert response.status_code == 400
    assert "Set a limit per day, a number of days a week, or both." in _html(response)
    assert not Goal.objects.filter(user=alice).exists()


def test_a_personal_goal_needs_words_and_an_area(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/goals/new/", {"kind": "life", "domain": "housing"})
    assert response.status_code == 400
    assert "Say what the goal is, in your words." in _html(response)
    response = alice_client.post(
        "/goals/new/", {"kind": "life", "domain": "housing", "title": "A place of my own"}
    )
    assert response.status_code == 302
    assert Goal.objects.get(user=alice).title == "A place of my own"


def test_steps_are_added_ticked_off_and_removed(alice: User, alice_client: Client) -> None:
    goal = set_goal(alice, "life", domain="work", title="Back to college")
    alice_client.post(f"/goals/{goal.pk}/steps/", {"text": "Ask about evening classes"})
    step = GoalStep.objects.get(goal=goal)
    alice_client.post(f"/goals/{goal.pk}/steps/{step.pk}/toggle/")
    step.refresh_from_db()
    assert step.done_on == today()
    html = _html(alice_client.get(f"/goals/{goal.pk}/"))
    assert "1 of 1 steps done" in html
    alice_client.post(f"/goals/{goal.pk}/steps/{step.pk}/toggle/")
    step.refresh_from_db()
    assert step.done_on is None
    alice_client.post(f"/goals/{goal.pk}/steps/{step.pk}/remove/")
    assert not GoalStep.objects.filter(goal=goal).exists()


def test_an_empty_step_is_refused_with_a_message(alice: User, alice_client: Client) -> None:
    goal = set_goal(alice, "life", domain="work", title="Back to college")
    response = alice_client.post(f"/goals/{goal.pk}/steps/", {"text": "  "}, follow=True)
    assert "Write the step in a few words" in _html(response)
    assert not GoalStep.objects.filter(goal=goal).exists()


def test_changing_a_goal_on_the_page_keeps_the_old_one_listed(
    alice: User, alice_client: Client
) -> None:
    old = set_goal(alice, "observe", substance="alcohol", start=today() - timedelta(days=10))
    no_use(alice, today() - timedelta(days=2))
    response = alice_client.post(
        f"/goals/{old.pk}/change/", {"kind": "abstain", "started_on": today().isoformat()}
    )
    new = Goal.objects.get(user=alice, ended_on__isnull=True)
    assert response.url == f"/goals/{new.pk}/"
    old.refresh_from_db()
    assert old.ended_on == today() - timedelta(days=1)
    html = _html(alice_client.get("/goals/"))
    assert "Earlier goals" in html
    assert f"/goals/{old.pk}/" in html
    old_page = _html(alice_client.get(f"/goals/{old.pk}/"))
    assert "This goal has ended" in old_page
    assert re.search(r"<dt>While it ran</dt><dd>1</dd>", old_page)


def test_ending_a_goal_keeps_it(alice: User, alice_client: Client) -> None:
    goal = set_goal(alice, "abstain", start=today() - timedelta(days=3))
    alice_client.post(f"/goals/{goal.pk}/end/")
    goal.refresh_from_db()
    assert goal.ended_on == today()
    assert "Earlier goals" in _html(alice_client.get("/goals/"))


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/goals/{id}/"),
        ("get", "/goals/{id}/change/"),
        ("post", "/goals/{id}/change/"),
        ("post", "/goals/{id}/end/"),
        ("post", "/goals/{id}/steps/"),
        ("post", "/goals/{id}/steps/{step}/toggle/"),
        ("post", "/goals/{id}/steps/{step}/remove/"),
        ("get", "/goals/progress/?goal={id}"),
    ],
)
def test_another_persons_goal_answers_404(
    alice: User, bob_client: Client, method: str, path: str
) -> None:
    goal = set_goal(alice, "life", domain="money", title="Pay off the phone")
    step = step_add(goal=goal, text="Call them")
    response = getattr(bob_client, method)(path.format(id=goal.pk, step=step.pk))
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.ended_on is None
    assert GoalStep.objects.filter(pk=step.pk, done_on__isnull=True).exists()


def test_a_missing_goal_answers_404_like_anyone_elses(alice_client: Client) -> None:
    assert alice_client.get("/goals/999999/").status_code == 404


def test_the_progress_page_shows_totals_the_long_view_and_what_changed(
    alice: User, alice_client: Client
) -> None:
    set_goal(alice, "cut_down", substance="alcohol", daily_limit=2, start=today() - timedelta(60))
    for n in range(60):
        d = today() - timedelta(days=n)
        if n % 4 == 0:
            no_use(alice, d)
        else:
            log(alice, d, 1 if n < 28 else 4, ate_before=n % 2 == 0)
    response = alice_client.get("/goals/progress/")
    html = _html(response)
    assert response.status_code == 200
    assert "days on track, added up" in html
    assert 'class="chart heat-map"' in html and 'class="chart weekly-bars"' in html
    assert "Show these weeks as a table" in html
    assert "Fewer drinks per day on average" in html
    assert "Patterns: drug, set and setting" in html
    # Strict CSP: no inline style or script anywhere on the page.
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


@pytest.mark.parametrize("days", ["5", "0", "abc", "100000"])
def test_the_progress_page_refuses_a_period_it_does_not_offer(
    alice_client: Client, days: str
) -> None:
    response = alice_client.get(f"/goals/progress/?days={days}")
    assert response.status_code == 400
    assert "Choose one of the periods offered" in _html(response)


def test_a_personal_goal_has_no_long_view(alice: User, alice_client: Client) -> None:
    goal = set_goal(alice, "life", domain="health", title="Walk more")
    assert alice_client.get(f"/goals/progress/?goal={goal.pk}").status_code == 404


def _history(user: User, days: int) -> None:
    for n in range(days):
        d = today() - timedelta(days=n)
        if n % 5 == 0:
            no_use(user, d)
        else:
            log(user, d, 1 + n % 4, ate_before=n % 2 == 0, harms=["blackout"] if n % 7 else [])


def _goals(user: User) -> None:
    old = set_goal(user, "observe", substance="alcohol", start=today() - timedelta(days=500))
    old.ended_on = today() - timedelta(days=100)
    old.save()
    set_goal(user, "cut_down", substance="alcohol", daily_limit=3, start=today() - timedelta(99))
    life = set_goal(user, "life", domain="health", title="Sleep better")
    step_add(goal=life, text="Lights out by eleven")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_length_of_history(
    alice: User,
    bob: User,
    alice_client: Client,
    bob_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    _goals(alice)
    _history(alice, 10)
    _goals(bob)
    _history(bob, 400)
    # Progress: money and health adds two queries, constant with history (the person's
    # prices; the month's digest and the baseline in one), and reads the profile the page read
    # already. The change log and the journal's running totals are one query.
    most = {
        "/goals/progress/": 11,
        "/api/v1/progress": 10,
        "/goals/": 10,
        "/goals/progress/?days=365": 11,
    }
    for url, limit in most.items():
        short = _count(alice_client, url)
        long = _count(bob_client, url)
        assert short == long, url
        with django_assert_max_num_queries(limit):
            bob_client.get(url)


def test_the_goal_page_queries_do_not_grow_with_history(
    alice: User, alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    goal = set_goal(alice, "abstain", start=today() - timedelta(days=400))
    for n in range(5):
        step_add(goal=goal, text=f"Step {n}")
    profile_of(alice)
    short = _count(alice_client, f"/goals/{goal.pk}/")
    _history(alice, 400)
    assert _count(alice_client, f"/goals/{goal.pk}/") == short
    with django_assert_max_num_queries(12):
        alice_client.get(f"/goals/{goal.pk}/")


def test_steps_carry_over_to_the_new_goal_when_a_goal_changes(alice: User) -> None:
    from waypoint.goals.services import GoalFields, goal_change, step_set_done

    goal = set_goal(alice, "life", domain="housing", title="Find a flat", start=day(0))
    done = step_add(goal=goal, text="Register")
    step_add(goal=goal, text="Visit three places")
    step_set_done(step=done, done=True, on=day(1))
    new = goal_change(
        goal=goal, fields=GoalFields(kind="life", domain="housing", title="Find a shared flat")
    )
    assert [s.text for s in new.steps.all()] == ["Visit three places"]
    assert [s.text for s in goal.steps.all()] == ["Register", "Visit three places"]


def test_the_days_in_a_row_counter_is_switched_on_and_off_beside_the_totals(
    alice: User, alice_client: Client
) -> None:
    set_goal(alice, "abstain", start=today() - timedelta(days=3))
    for n in range(1, 4):
        no_use(alice, today() - timedelta(days=n))
    html = _html(alice_client.get("/goals/progress/"))
    assert "days in a row on track" not in html
    assert "Show days in a row" in html
    alice_client.post("/goals/progress/continuous/", {"on": "1"})
    assert profile_of(alice).continuous_days is True
    html = _html(alice_client.get("/goals/progress/"))
    assert "3 days in a row on track" in html
    assert "<dt>All time</dt><dd>3</dd>" in html
    alice_client.post("/goals/progress/continuous/", {"on": "0"})
    assert profile_of(alice).continuous_days is False
    assert alice_client.get("/goals/progress/continuous/").status_code == 405


def test_more_than_five_patterns_keep_the_rest_one_tap_away() -> None:
    """River (demo) has many patterns: five show, the rest fold behind one tap, none are lost."""
    import re

    from waypoint.core.demo import ensure_demo

    people = ensure_demo()
    client = Client()
    client.force_login(people["river"])
    html = client.get("/goals/progress/").content.decode()
    shown, folded = html.split('<details class="more-insights">')
    assert len(re.findall(r"<li>On days you", shown)) == 5
    more = int(re.search(r"(\d+) more patterns?", folded).group(1))
    assert len(re.findall(r"<li>On days you", folded)) == more >= 1


def test_goal_cards_written_in_python_keep_their_words_in_each_language(alice: User) -> None:
    from django.utils import translation

    from waypoint.goals.cards import cards_html
    from waypoint.goals.progress import goals_overview

    started = today() - timedelta(days=10)
    set_goal(alice, "cut_down", substance="alcohol", daily_limit=3, start=started)
    life = set_goal(alice, "life", domain="health", title="Fish & <chips>", start=started)
    step_add(goal=life, text="Walk")
    with translation.override("es"):
        html = cards_html(goals_overview(alice))
    # The same msgids as the templates had: the Spanish catalogue answers for each of them.
    assert f"Desde el {started.day} " in html
    assert "días según el plan, sumados: nunca vuelven a cero" in html
    assert "Esta semana" in html
    assert "0 de 1 pasos hechos" in html
    assert "Fish &amp; &lt;chips&gt;" in html  # the person's words, escaped
    assert "<chips>" not in html


def test_goals_older_than_the_year_read_raw_keep_the_bound_at_any_length(
    alice: User,
    bob: User,
    alice_client: Client,
    bob_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    # Goals reaching back past the last year are counted from kept tallies (one more query);
    # the count stays the same for a short and a long history, and within each URL's bound.
    for person in (alice, bob):
        start = today() - timedelta(days=700)
        set_goal(person, "cut_down", substance="alcohol", daily_limit=3, start=start)
        set_goal(person, "abstain", substance="cannabis", start=start)
        set_goal(person, "observe", substance="alcohol", start=start + timedelta(days=10))
    _history(alice, 20)
    _history(bob, 720)
    for url, limit in {"/goals/progress/": 11, "/api/v1/progress": 10, "/goals/": 10}.items():
        for client in (alice_client, bob_client):
            client.get(url)  # the first view counts and keeps the tallies
        assert _count(alice_client, url) == _count(bob_client, url), url
        with django_assert_max_num_queries(limit):
            bob_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        bob_client.get("/goals/progress/")
    assert any(GoalTally._meta.db_table in q["sql"] for q in queries.captured_queries)
