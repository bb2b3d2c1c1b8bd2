"""The caseload's summaries, built from window totals in SQL, equal those built day by day."""

from __future__ import annotations

import contextlib
from dataclasses import asdict
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import log
from waypoint.accounts.models import User
from waypoint.goals.progress import (
    BASELINE_PERIOD_MEASURES,
    _baseline_summaries,
    _compare,
    now_start,
    scope_of_goal,
    window_summaries,
)
from waypoint.goals.rules import Journal
from waypoint.goals.summary import WINDOW_DAYS, summaries_for
from waypoint.goals.wording import ChangeText
from waypoint.journal.models import BaselineDay, CheckIn, DayDigest, Entry, Profile
from waypoint.journal.services import checkin_set, profile_of, substance_for
from waypoint.measures import DayRecord

TODAY = timezone.localdate()

days_back = st.integers(min_value=0, max_value=60)
harms = st.lists(st.sampled_from(["blackout", "used_alone", "overdose"]), max_size=2)
care = st.lists(st.sampled_from(["water", "ate_first"]), max_size=2)
entry = st.tuples(
    st.just("entry"),
    days_back,
    st.sampled_from(["alcohol", "cannabis"]),
    st.sampled_from([1, 2, 3.5, 4, 5, 6]),
    harms,
    care,
)
checkin = st.tuples(
    st.just("checkin"), days_back, st.booleans(), st.none() | st.integers(min_value=0, max_value=10)
)
# A calendar: its last day (days before today; below 0, after it), its length, and its rows:
# (day from its start, may fall outside it; substance; amount; grams given or left empty).
calendar = st.none() | st.tuples(
    st.integers(min_value=-5, max_value=40),
    st.integers(min_value=1, max_value=30),
    st.lists(
        st.tuples(
            st.integers(-3, 32),
            st.sampled_from(["alcohol", "alcohol", "cannabis"]),
            st.sampled_from([0, 0, 1, 3, 4.5, 6]),
            st.sampled_from([True, True, False]),
        ),
        max_size=40,
    ),
)
countries = st.sampled_from(["US", "UK", "JP"])


def day_by_day(person: User, today: date, alcohol: frozenset[int]) -> tuple[object, ...]:
    """The summary as it was computed before the totals: each digest day and calendar row, one
    by one. `alcohol`: the substances any calendar row on the page gives grams to."""
    start = today - timedelta(days=WINDOW_DAYS - 1)
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - timedelta(days=WINDOW_DAYS - 1)
    mine = list(
        DayDigest.objects.filter(
            user=person,
            substance__isnull=True,
            reported=True,
            day__gte=previous_start,
            day__lte=today,
        ).values_list("day", "entries", "harms", "care_actions", "wellbeing", "grams")
    )
    profile = Profile.objects.get(user=person)
    rows = [
        (day, substance_id, amount, grams)
        for day, substance_id, amount, grams in BaselineDay.objects.filter(user=person).values_list(
            "day", "substance_id", "amount", "alcohol_grams"
        )
    ]
    rows = rows if profile.baseline_start and profile.baseline_end else []
    journal = Journal(alcohol_ids=alcohol)
    has_alcohol = any(row[5] is not None for row in mine) or any(row[1] in alcohol for row in rows)
    first_now = now_start(start, profile.baseline_end if rows else None)
    periods = (
        [(first_now, max(first_now, today))]
        if rows
        else [(previous_start, previous_end), (start, today)]
    )
    windows = {}
    for first, last in periods:
        records, grams_by_day = {}, {}
        for day, entries, harm_count, care_count, wellbeing, grams in mine:
            if first <= day <= last:
                records[day] = DayRecord(
                    used=entries > 0, harms=harm_count, care_actions=care_count, wellbeing=wellbeing
                )
                grams_by_day[day] = grams or 0.0
        windows[first] = window_summaries(
            records, grams_by_day, start=first, end=last, profile=profile, alcohol=has_alcohol
        )
    if rows:
        before = _baseline_summaries(
            scope_of_goal(None, journal, profile),
            rows,
            journal,
            start=profile.baseline_start,  # type: ignore[arg-type]
            end=profile.baseline_end,  # type: ignore[arg-type]
            profile=profile,
            alcohol=has_alcohol,
        )
        after = windows[first_now]
        measures: tuple[str, ...] | None = BASELINE_PERIOD_MEASURES
    else:
        before, after, measures = windows[previous_start], windows[start], None
    changes = _compare(before, after, period_measures=measures, skip_use_days=False)
    days_reported = sum(1 for row in mine if row[0] >= start)
    return before, after, [shown(c) for c in changes], days_reported


def shown(text: ChangeText) -> tuple[object, ...]:
    """What a page shows of a change (its figures may differ in the last bits: summed in SQL)."""
    change = text.change
    return (change.measure, change.direction, change.levels_down, text.label, text.shade)


def same(got: dict[str, object], expected: dict[str, object]) -> bool:
    """Equal summaries: the same kinds, every figure equal (floats to the last bits)."""
    return got.keys() == expected.keys() and all(
        asdict(got[name]) == pytest.approx(asdict(expected[name]))  # type: ignore[call-overload]
        for name in got
    )


def page_alcohol(people: list[User]) -> frozenset[int]:
    """The substances counted as alcohol on a page: any calendar row of its people with grams."""
    return frozenset(
        BaselineDay.objects.filter(user__in=people, alcohol_grams__isnull=False).values_list(
            "substance_id", flat=True
        )
    )


def write_calendar(
    person: User, plan: tuple[int, int, list[tuple[int, str, float, bool]]] | None, country: str
) -> None:
    """The person's standard drink and getting-started calendar (rows may fall outside it)."""
    BaselineDay.objects.filter(user=person).delete()
    profile = profile_of(person)
    profile.country = country
    profile.baseline_start = profile.baseline_end = None
    if plan is not None:
        end_back, length, values = plan
        profile.baseline_end = TODAY - timedelta(days=end_back)
        profile.baseline_start = profile.baseline_end - timedelta(days=length - 1)
        cells = {(offset, slug): (amount, grams) for offset, slug, amount, grams in values}
        for (offset, slug), (amount, grams) in cells.items():
            BaselineDay.objects.create(
                user=person,
                substance=substance_for(person, slug),
                day=profile.baseline_start + timedelta(days=offset),
                amount=amount,
                alcohol_grams=amount * profile.grams_per_drink
                if slug == "alcohol" and grams
                else None,
            )
    profile.save()


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(st.one_of(entry, checkin), max_size=40),
    plan=calendar,
    other_plan=calendar,
    guideline=st.sampled_from(["", "female", "male"]),
    country=countries,
    other_country=countries,
)
def test_summary_from_totals_equals_the_day_by_day_summary(
    alice: User,
    bob: User,
    steps: list,
    plan: tuple[int, int, list[tuple[int, str, float, bool]]] | None,
    other_plan: tuple[int, int, list[tuple[int, str, float, bool]]] | None,
    guideline: str,
    country: str,
    other_country: str,
) -> None:
    """Alice's journal and calendar, and Bob's calendar alone, read as one page of two."""
    Entry.objects.filter(user=alice).delete()
    CheckIn.objects.filter(user=alice).delete()
    DayDigest.objects.filter(user=alice).delete()
    Profile.objects.filter(user=alice).update(baseline_start=None, baseline_end=None)
    for step in steps:
        if step[0] == "entry":
            _kind, back, slug, amount, harm_codes, care_codes = step
            log(
                alice,
                TODAY - timedelta(days=back),
                amount,
                slug,
                harms=harm_codes,
                care_actions=care_codes,
            )
        else:
            _kind, back, flag, wellbeing = step
            with contextlib.suppress(ValidationError):  # 'no use' on a day with entries
                checkin_set(
                    user=alice, day=TODAY - timedelta(days=back), no_use=flag, wellbeing=wellbeing
                )
    Profile.objects.filter(user=alice).update(guideline=guideline)
    write_calendar(alice, plan, country)
    write_calendar(bob, other_plan, other_country)
    page = summaries_for([alice.pk, bob.pk], today=TODAY)
    alcohol = page_alcohol([alice, bob])
    for person, its_plan in ((alice, plan), (bob, other_plan)):
        summary = page[person.pk]
        before, after, changes, days_reported = day_by_day(person, TODAY, alcohol)
        assert same(summary.comparison.before, before)  # type: ignore[arg-type]
        assert same(summary.comparison.after, after)  # type: ignore[arg-type]
        assert [shown(c) for c in summary.comparison.texts] == changes
        assert summary.days_reported == days_reported
        assert summary.against_baseline == (its_plan is not None and bool(its_plan[2]))
