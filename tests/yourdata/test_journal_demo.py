"""Journal demo content: river and sam show real change; volume for benchmarks is fast and exact."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment
from waypoint.goals.models import Goal
from waypoint.journal.models import BaselineDay, CheckIn, Entry, Stance, today
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db


def demo(*args: str) -> None:
    call_command("demo", *args, stdout=StringIO(), stderr=StringIO())


def test_demo_twice_adds_the_journals_once() -> None:
    demo()
    river, sam = User.objects.get(username="river"), User.objects.get(username="sam")
    counts = {
        model.__name__: model.objects.count()
        for model in (Entry, CheckIn, BaselineDay, Stance, Assessment, Goal)
    }
    demo()
    assert counts == {
        model.__name__: model.objects.count()
        for model in (Entry, CheckIn, BaselineDay, Stance, Assessment, Goal)
    }
    assert Entry.objects.filter(user=river).count() > 30
    assert Entry.objects.filter(user=sam).count() > 50
    assert BaselineDay.objects.filter(user=river).count() == 28  # two days not remembered
    assert Assessment.objects.filter(user=river, instrument="audit_c").count() == 2
    assert Stance.objects.filter(user=river).count() == 2
    assert set(Goal.objects.filter(user=river).values_list("kind", flat=True)) == {
        "cut_down",
        "life",
    }
    assert set(Goal.objects.filter(user=sam).values_list("kind", flat=True)) == {"safer", "life"}
    assert profile_of(river).started_done_at is not None


def _drinks_per_day(user: User, first_days_ago: int, last_days_ago: int) -> float:
    start, end = today() - timedelta(days=first_days_ago), today() - timedelta(days=last_days_ago)
    grams = sum(
        e.alcohol_grams or 0 for e in Entry.objects.filter(user=user, day__range=(start, end))
    )
    return grams / 14 / (first_days_ago - last_days_ago + 1)


def test_river_drinks_less_than_in_the_baseline_month() -> None:
    demo()
    river = User.objects.get(username="river")
    baseline = list(BaselineDay.objects.filter(user=river))
    baseline_mean = sum(b.amount for b in baseline) / len(baseline)
    last_month = _drinks_per_day(river, 30, 1)
    first_weeks = _drinks_per_day(river, 60, 46)
    assert last_month < first_weeks < baseline_mean
    assert last_month < baseline_mean / 2
    ate = Entry.objects.filter(user=river, ate_before=True)
    did_not = Entry.objects.filter(user=river, ate_before=False)
    assert (
        sum(e.amount for e in ate) / ate.count() < sum(e.amount for e in did_not) / did_not.count()
    )
    assert Entry.objects.filter(user=river).exclude(note="").count() >= 5


def _share(user: User, code: str, field: str, first_days_ago: int, last_days_ago: int) -> float:
    start, end = today() - timedelta(days=first_days_ago), today() - timedelta(days=last_days_ago)
    entries = list(Entry.objects.filter(user=user, day__range=(start, end)))
    return sum(code in getattr(e, field) for e in entries) / len(entries)


def test_sam_uses_more_safely_over_time() -> None:
    demo()
    sam = User.objects.get(username="sam")
    assert _share(sam, "used_alone", "harms", 20, 1) < _share(sam, "used_alone", "harms", 60, 41)
    for care in ("had_naloxone", "tested_supply"):
        assert _share(sam, care, "care_actions", 20, 1) > _share(sam, care, "care_actions", 60, 41)


def test_volume_gives_each_person_every_day() -> None:
    demo("--participants", "3", "--days", "10")
    people = list(User.objects.filter(username__startswith="load-"))
    assert len(people) == 3
    for person in people:
        entry_days = set(Entry.objects.filter(user=person).values_list("day", flat=True))
        checkin_days = set(CheckIn.objects.filter(user=person).values_list("day", flat=True))
        assert len(entry_days | checkin_days) == 10
        assert not entry_days & checkin_days
        assert max(entry_days | checkin_days) == today() - timedelta(days=1)
        assert profile_of(person).substances.filter(slug="alcohol").exists()
