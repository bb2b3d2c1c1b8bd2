"""The day rules for every kind of goal: which reported days are on track and which off plan."""

from __future__ import annotations

import pytest

from tests.factories import log, no_use
from tests.goals.helpers import MON, ON, day, progress_of, set_goal, statuses
from waypoint.accounts.models import User
from waypoint.journal.services import checkin_set, profile_of

pytestmark = pytest.mark.django_db


# --- Reported and not reported ---------------------------------------------------------------


def test_days_without_an_entry_or_a_no_use_check_in_are_neither_on_track_nor_off_plan(
    alice: User,
) -> None:
    goal = set_goal(alice, "abstain", substance="alcohol")
    no_use(alice, day(0))
    log(alice, day(2), 2)
    # A check-in with only a mood says nothing about use.
    checkin_set(user=alice, day=day(3), mood=4, wellbeing=7)
    item = progress_of(alice, goal)
    assert item.statuses == {day(0): True, day(2): False}
    assert item.all_time.on_track == 1
    assert item.all_time.off_plan == 1
    days_in_period = (ON - MON).days + 1
    assert item.all_time.not_reported == days_in_period - 2


def test_only_days_inside_the_goal_period_count_both_ends_included(alice: User) -> None:
    goal = set_goal(alice, "abstain", start=day(2))
    for n in range(0, 8):
        no_use(alice, day(n))
    goal.ended_on = day(5)
    goal.save()
    assert sorted(statuses(alice, goal)) == [day(2), day(3), day(4), day(5)]


def test_a_goal_that_starts_later_has_no_days_yet(alice: User) -> None:
    goal = set_goal(alice, "abstain", start=day(20))
    no_use(alice, day(1))
    item = progress_of(alice, goal, on=day(10))
    assert item.statuses == {}
    assert (item.all_time.on_track, item.all_time.off_plan, item.all_time.not_reported) == (0, 0, 0)


# --- Abstain -----------------------------------------------------------------------------------


def test_abstain_from_one_substance_counts_use_of_another_as_on_track(alice: User) -> None:
    goal = set_goal(alice, "abstain", substance="alcohol")
    no_use(alice, day(0))
    log(alice, day(1), 1, substance="cannabis")
    log(alice, day(2), 1)
    assert statuses(alice, goal) == {day(0): True, day(1): True, day(2): False}


def test_abstain_from_everything_counts_any_use_as_off_plan(alice: User) -> None:
    goal = set_goal(alice, "abstain")
    no_use(alice, day(0))
    log(alice, day(1), 1, substance="cannabis")
    assert statuses(alice, goal) == {day(0): True, day(1): False}


def test_an_entry_outweighs_a_no_use_check_in_on_the_same_day(alice: User) -> None:
    goal = set_goal(alice, "abstain", substance="alcohol")
    no_use(alice, day(0))
    log(alice, day(0), 1)
    assert statuses(alice, goal) == {day(0): False}


# --- Cut down ----------------------------------------------------------------------------------


def test_cut_down_exactly_at_the_daily_limit_is_on_track(alice: User) -> None:
    goal = set_goal(alice, "cut_down", substance="alcohol", daily_limit=3)
    log(alice, day(0), 3)
    log(alice, day(1), "3.01")
    no_use(alice, day(2))
    assert statuses(alice, goal) == {day(0): True, day(1): False, day(2): True}


def test_cut_down_adds_up_every_entry_of_the_day(alice: User) -> None:
    goal = set_goal(alice, "cut_down", substance="alcohol", daily_limit=3)
    log(alice, day(0), 1)
    log(alice, day(0), 1)
    log(alice, day(0), 1)  # three entries, 3 drinks: still at the limit
    log(alice, day(1), 2)
    log(alice, day(1), "1.5")
    assert statuses(alice, goal) == {day(0): True, day(1): False}


def test_cut_down_counts_drinks_in_the_persons_own_standard_drink(alice: User) -> None:
    profile = profile_of(alice)
    profile.country = "UK"
    profile.save()
    goal = set_goal(alice, "cut_down", substance="alcohol", daily_limit=2)
    # 2 UK units are 15.8 g; 200 mL of 12% wine is 18.9 g, so more than 2 units.
    log(alice, day(0), 2)
    log(alice, day(1), 200, unit="ml", abv_percent=12)
    assert statuses(alice, goal) == {day(0): True, day(1): False}


def test_cut_down_days_per_week_allows_the_first_use_days_of_each_week(alice: User) -> None:
    goal = set_goal(alice, "cut_down", substance="alcohol", days_per_week=2)
    for n in (0, 2, 4):  # Monday, Wednesday, Friday
        log(alice, day(n), 1)
    no_use(alice, day(5))
    log(alice, day(7), 1)  # the next Monday: a new week
    assert statuses(alice, goal) == {
        day(0): True,
        day(2): True,
        day(4): False,
        day(5): True,
        day(7): True,
    }


def test_cut_down_days_per_week_counts_only_use_days_since_the_goal_started(alice: User) -> None:
    log(alice, day(0), 1)
    log(alice, day(1), 1)
    goal = set_goal(alice, "cut_down", substance="alcohol", days_per_week=1, start=day(2))
    log(alice, day(3), 1)
    assert statuses(alice, goal) == {day(3): True}


def test_cut_down_with_both_limits_a_heavy_day_still_uses_one_of_the_weeks_days(
    alice: User,
) -> None:
    goal = set_goal(alice, "cut_down", substance="alcohol", daily_limit=2, days_per_week=2)
    log(alice, day(0), 5)  # over the limit, and the week's first use day
    log(alice, day(1), 1)  # second use day, within the limit
    log(alice, day(2), 1)  # third use day
    assert statuses(alice, goal) == {day(0): False, day(1): True, day(2): False}


def test_cut_down_other_substances_in_their_own_unit(alice: User) -> None:
    goal = set_goal(alice, "cut_down", substance="cannabis", daily_limit=2, limit_unit="joint")
    log(alice, day(0), 2, substance="cannabis", unit="joint")
    log(alice, day(1), 3, substance="cannabis", unit="joint")
    log(alice, day(2), 6)  # alcohol does not count toward a cannabis limit
    assert statuses(alice, goal) == {day(0): True, day(1): False, day(2): True}


def test_cut_down_converts_milligrams_to_grams(alice: User) -> None:
    goal = set_goal(alice, "cut_down", substance="cannabis", daily_limit=1, limit_unit="g")
    log(alice, day(0), 500, substance="cannabis", unit="mg")
    log(alice, day(0), "0.5", substance="cannabis", unit="g")
    log(alice, day(1), 1200, substance="cannabis", unit="mg")
    assert statuses(alice, goal) == {day(0): True, day(1): False}


# --- Use more safely ---------------------------------------------------------------------------


def test_safer_a_harm_to_avoid_puts_the_day_off_plan(alice: User) -> None:
    goal = set_goal(alice, "safer", substance="heroin", avoid_harms=["used_alone"])
    log(alice, day(0), 1, substance="heroin", harms=["used_alone"])
    log(alice, day(1), 1, substance="heroin", harms=["legal"])  # not one the person chose
    log(alice, day(2), 1, substance="heroin")
    no_use(alice, day(3))
    assert statuses(alice, goal) == {day(0): False, day(1): True, day(2): True, day(3): True}


def test_safer_one_chosen_care_action_with_the_days_use_is_enough(alice: User) -> None:
    goal = set_goal(
        alice, "safer", substance="heroin", practice_care=["had_naloxone", "tested_supply"]
    )
    log(alice, day(0), 1, substance="heroin", care_actions=["tested_supply"])
    log(alice, day(1), 1, substance="heroin", care_actions=["water"])  # not a chosen one
    log(alice, day(2), 1, substance="heroin")
    log(alice, day(2), 1, substance="heroin", care_actions=["had_naloxone"])
    assert statuses(alice, goal) == {day(0): True, day(1): False, day(2): True}


def test_safer_harms_on_another_substance_do_not_count(alice: User) -> None:
    goal = set_goal(alice, "safer", substance="heroin", avoid_harms=["used_alone"])
    log(alice, day(0), 3, harms=["used_alone"])  # alcohol
    assert statuses(alice, goal) == {day(0): True}


# --- Just notice -------------------------------------------------------------------------------


def test_observe_counts_every_reported_day(alice: User) -> None:
    goal = set_goal(alice, "observe", substance="alcohol")
    log(alice, day(0), 12, harms=["blackout"])
    no_use(alice, day(1))
    log(alice, day(2), 1, substance="cannabis")
    assert statuses(alice, goal) == {day(0): True, day(1): True, day(2): True}


# --- Life goals --------------------------------------------------------------------------------


def test_a_life_goal_counts_steps_done_not_days(alice: User) -> None:
    from waypoint.goals.services import step_add, step_set_done

    goal = set_goal(alice, "life", domain="housing", title="Find a flat")
    steps = [step_add(goal=goal, text=text) for text in ("Ask about lists", "Visit", "Sign")]
    step_set_done(step=steps[0], done=True, on=day(1))
    log(alice, day(1), 4)
    item = progress_of(alice, goal)
    assert (item.steps_done, item.steps_total) == (1, 3)
    assert item.statuses == {}
