"""Progress that never resets: cumulative days, runs for those who want them, goal changes,
the comparison with the baseline and the previous period, and insights."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import log, no_use
from tests.goals.helpers import MON, ON, day, progress_of, set_goal
from waypoint.accounts.models import User
from waypoint.goals.models import Goal
from waypoint.goals.progress import progress_for
from waypoint.goals.services import GoalFields, goal_change
from waypoint.journal.models import BaselineDay, Substance
from waypoint.journal.services import checkin_set, profile_of

pytestmark = pytest.mark.django_db


def test_a_day_off_plan_keeps_cumulative_totals_and_history(alice: User) -> None:
    goal = set_goal(alice, "abstain", substance="alcohol")
    for n in range(15):
        no_use(alice, day(n))
    before = progress_of(alice, goal, on=day(14))
    assert before.all_time.on_track == 15
    assert before.milestone == 14

    log(alice, day(15), 6)  # a day off plan
    after = progress_of(alice, goal, on=day(15))
    # Nothing reset: every earlier day keeps its status, totals only grew, milestones stay.
    assert after.all_time.on_track == 15
    assert after.all_time.off_plan == 1
    assert {d: s for d, s in after.statuses.items() if d <= day(14)} == before.statuses
    assert after.milestone == 14

    for n in range(16, 20):
        no_use(alice, day(n))
    later = progress_of(alice, goal, on=day(19))
    assert later.all_time.on_track == 19
    assert later.all_time.off_plan == 1


def test_on_track_counts_this_week_this_month_and_all_time(alice: User) -> None:
    goal = set_goal(alice, "abstain", substance="alcohol", start=MON - timedelta(days=14))
    for n in range(-14, 27):  # 21 Sep to 31 Oct, every day
        no_use(alice, day(n))
    log(alice, day(24), 2)  # Thursday 29 Oct
    item = progress_of(alice, goal, on=ON)  # Saturday 31 Oct
    assert (item.week.on_track, item.week.off_plan, item.week.not_reported) == (5, 1, 0)
    assert (item.month.on_track, item.month.off_plan) == (30, 1)
    assert (item.all_time.on_track, item.all_time.off_plan) == (40, 1)


def test_continuous_days_only_for_people_who_switch_it_on(alice: User) -> None:
    goal = set_goal(alice, "abstain", substance="alcohol")
    for n in range(0, 10):
        no_use(alice, day(n))
    log(alice, day(10), 3)
    for n in range(11, 14):
        no_use(alice, day(n))
    assert progress_of(alice, goal, on=day(13)).continuous is None

    profile = profile_of(alice)
    profile.continuous_days = True
    profile.save()
    item = progress_of(alice, goal, on=day(13))
    assert (item.continuous, item.longest) == (3, 10)
    # The counter sits beside the totals, which still hold every day on track.
    assert item.all_time.on_track == 13
    # Today not logged yet does not end the run; a whole day not logged does.
    assert progress_of(alice, goal, on=day(14)).continuous == 3
    assert progress_of(alice, goal, on=day(15)).continuous == 0


def test_changing_a_goal_keeps_the_old_goal_and_its_progress(alice: User) -> None:
    old = set_goal(alice, "cut_down", substance="alcohol", daily_limit=4)
    for n in range(0, 10):
        log(alice, day(n), 3 if n % 3 else 5)
    before = progress_of(alice, old, on=day(9))
    new = goal_change(
        goal=old,
        fields=GoalFields(kind="cut_down", substance="alcohol", daily_limit=2, started_on=day(10)),
    )
    old.refresh_from_db()
    assert old.ended_on == day(9)
    assert new.replaces == old
    for n in range(10, 14):
        log(alice, day(n), 2)
    progress = progress_for(alice, on=day(13))
    by_id = {item.goal.pk: item for item in progress.goals}
    assert by_id[old.pk].all_time == before.all_time
    assert by_id[old.pk].statuses == before.statuses
    assert by_id[new.pk].all_time.on_track == 4
    assert [item.goal.pk for item in progress.active] == [new.pk]
    assert [item.goal.pk for item in progress.earlier] == [old.pk]


def _baseline(user: User, drinks_by_day: list[float]) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    start = day(-40)
    BaselineDay.objects.bulk_create(
        BaselineDay(
            user=user,
            substance=alcohol,
            day=start + timedelta(days=i),
            amount=d,
            alcohol_grams=d * 14.0,
        )
        for i, d in enumerate(drinks_by_day)
    )
    profile = profile_of(user)
    profile.baseline_start = start
    profile.baseline_end = start + timedelta(days=len(drinks_by_day) - 1)
    profile.save()


def test_fewer_drinking_days_than_at_baseline_are_named_as_better(alice: User) -> None:
    # Baseline: 20 of 28 days drinking, 6 drinks each (heavy, very high WHO level for 'female').
    _baseline(alice, [6 if i % 7 < 5 else 0 for i in range(28)])
    goal = set_goal(alice, "cut_down", substance="alcohol", daily_limit=2)
    for n in range(0, 27):
        if n % 3 == 0:
            log(alice, day(n), 2)
        else:
            no_use(alice, day(n))
    progress = progress_for(alice, on=ON, days=28)
    comparison = progress.scope_of(progress_of(alice, goal))
    assert comparison is not None and comparison.against_baseline is not None
    better = {text.change.measure: text for text in comparison.against_baseline.better}
    assert "percent_days_abstinent" in better
    assert "percent_heavy_drinking_days" in better
    assert "who_risk_level" in better
    assert better["percent_days_abstinent"].shade == "more days without drinking"
    assert better["who_risk_level"].change.levels_down >= 2
    assert "levels down" in better["who_risk_level"].sentence
    # The calendar records no harms or care, so those are not compared against it.
    measures = {text.change.measure for text in comparison.against_baseline.texts}
    assert "harms_per_reported_day" not in measures


def test_fewer_harms_and_more_care_than_the_previous_period_are_named(alice: User) -> None:
    goal = set_goal(alice, "observe", substance="alcohol", start=day(-30))
    for n in range(-28, 0):  # the previous 28 days: harms, no care, low wellbeing
        log(alice, ON - timedelta(days=28) + timedelta(days=n + 1), 3, harms=["blackout"])
        checkin_set(user=alice, day=ON - timedelta(days=28) + timedelta(days=n + 1), wellbeing=3)
    for n in range(0, 28):  # the last 28 days: no harms, care, better wellbeing
        d = ON - timedelta(days=27) + timedelta(days=n)
        log(alice, d, 3, care_actions=["ate_first"])
        checkin_set(user=alice, day=d, wellbeing=7)
    progress = progress_for(alice, on=ON, days=28)
    scope = progress.scope_of(progress_of(alice, goal))
    assert scope is not None
    shades = {text.shade for text in scope.against_previous.better}
    assert {"fewer harms", "more care actions", "better wellbeing"} <= shades
    same = {text.change.measure for text in scope.against_previous.same}
    assert "drinks_per_drinking_day" in same


def test_a_measure_that_went_up_is_stated_plainly_not_judged(alice: User) -> None:
    goal = set_goal(alice, "observe", substance="alcohol", start=day(-30))
    for n in range(56):
        d = ON - timedelta(days=55 - n)
        log(alice, d, 2 if n < 28 else 4)
    progress = progress_for(alice, on=ON, days=28)
    scope = progress.scope_of(progress_of(alice, goal))
    assert scope is not None
    other = {t.change.measure: t.sentence for t in scope.against_previous.other}
    assert other["drinks_per_drinking_day"] == (
        "Drinks on a drinking day: 4.0 drinks now, 2.0 drinks before."
    )
    for sentence in other.values():
        assert "worse" not in sentence.lower()


def _log_with(user: User, n_with: int, n_without: int, *, start: int = 0) -> None:
    for i in range(n_with):
        log(user, day(start + i), 2, ate_before=True)
    for i in range(n_without):
        log(user, day(start + n_with + i), 4, ate_before=False, harms=["blackout"])


def test_no_insight_with_only_four_days_on_one_side(alice: User) -> None:
    set_goal(alice, "observe", substance="alcohol")
    _log_with(alice, 4, 5)
    progress = progress_for(alice, on=ON)
    assert [i for i in progress.scope.insights if i.factor == "ate_before"] == []


def test_an_insight_with_five_days_on_each_side_names_its_counts(alice: User) -> None:
    set_goal(alice, "observe", substance="alcohol")
    _log_with(alice, 5, 6)
    progress = progress_for(alice, on=ON)
    insight = next(i for i in progress.scope.insights if i.factor == "ate_before")
    assert (insight.days_with, insight.days_without) == (5, 6)
    assert insight.amount_sentence == (
        "On days you ate first, you had 2.0 fewer drinks on average (5 days vs 6 days)."
    )
    assert insight.harms_sentence == (
        "On those days, 1.0 fewer harms were noted per day on average."
    )


def test_progress_for_a_person_with_no_goal_summarises_the_log(alice: User) -> None:
    log(alice, day(0), 2)
    no_use(alice, day(1))
    progress = progress_for(alice, on=ON)
    assert progress.selected is None
    assert progress.scope.scope.substance_id is None
    assert sum(week.on_track for week in progress.weeks) == 2


def test_an_earlier_goal_stays_listed_after_it_ends(alice: User) -> None:
    goal = set_goal(alice, "abstain", substance="alcohol")
    no_use(alice, day(0))
    goal.ended_on = day(3)
    goal.save()
    progress = progress_for(alice, on=ON)
    assert [item.goal.pk for item in progress.earlier] == [goal.pk]
    assert progress.earlier[0].all_time.on_track == 1
    assert Goal.objects.filter(pk=goal.pk).exists()
