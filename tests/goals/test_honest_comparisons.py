"""Comparisons only when they hold: one days rule for both periods, a "now" that never overlaps
the baseline calendar, and contradictions shown, not combined (issue 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import log, no_use
from tests.goals.helpers import ON
from waypoint.accounts.models import User
from waypoint.core.crypto import encrypt
from waypoint.goals.progress import (
    Comparison,
    Scope,
    progress_for,
    scope_progress,
)
from waypoint.goals.rules import Journal, Use
from waypoint.goals.summary import summary_for
from waypoint.journal.models import Profile, today
from waypoint.journal.services import baseline_save, profile_of, substance_for
from waypoint.measures.compare import ENOUGH_DAYS

ALCOHOL = 1
CANNABIS = 2
TLFB_FIELDS = {
    "percent_days_abstinent",
    "percent_heavy_drinking_days",
    "drinks_per_drinking_day",
    "mean_drinks_per_day",
    "peak_drinks",
    "who_risk_level",
}


def _kind(measure: str) -> str:
    return "tlfb" if measure in TLFB_FIELDS else "period"


def assert_holds(cmp: Comparison) -> None:
    """Every named change rests on enough reported days in both periods; no overlap."""
    assert cmp.after_start > cmp.before_end
    for text in cmp.texts:
        if text.direction == "unknown":
            continue
        kind = _kind(text.change.measure)
        assert cmp.before[kind].days_reported >= ENOUGH_DAYS, text.sentence
        assert cmp.after[kind].days_reported >= ENOUGH_DAYS, text.sentence
    for text in cmp.better:
        assert text.shade


# --- Property tests over random journals (pure: no database) ---------------------------------

days_back = st.integers(min_value=0, max_value=120)
uses = st.lists(
    st.tuples(days_back, st.sampled_from([ALCOHOL, CANNABIS]), st.integers(1, 15)), max_size=60
)
no_use_days = st.lists(days_back, max_size=40)
baseline = st.one_of(
    st.none(),
    st.tuples(
        st.integers(min_value=-10, max_value=90),  # end, in days before ON (may reach into "now")
        st.integers(min_value=1, max_value=90),  # length
        st.lists(st.tuples(st.integers(0, 89), st.integers(0, 12)), max_size=90),
    ),
)


def _journal(use_rows: list[tuple[int, int, int]], quiet: list[int]) -> Journal:
    by_day: dict[date, list[Use]] = {}
    for back, substance_id, amount in use_rows:
        grams = amount * 14.0 if substance_id == ALCOHOL else None
        unit = "drink" if substance_id == ALCOHOL else "joint"
        by_day.setdefault(ON - timedelta(days=back), []).append(
            Use(substance_id, float(amount), unit, grams)
        )
    no_use = {ON - timedelta(days=back) for back in quiet} - set(by_day)
    return Journal(
        uses=by_day,
        no_use=no_use,
        alcohol_ids=frozenset({ALCOHOL}),
        # Names as `substance_facts` gives them: encrypted, as stored.
        substances={
            ALCOHOL: (encrypt("Alcohol"), "drink"),
            CANNABIS: (encrypt("Cannabis"), "joint"),
        },
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    uses,
    no_use_days,
    baseline,
    st.sampled_from([7, 14, 28, 90]),
    st.sampled_from([None, ALCOHOL]),
)
def test_no_named_change_rests_on_too_few_days_and_windows_never_overlap(
    use_rows: list[tuple[int, int, int]],
    quiet: list[int],
    calendar: tuple[int, int, list[tuple[int, int]]] | None,
    days: int,
    substance_id: int | None,
) -> None:
    journal = _journal(use_rows, quiet)
    profile = Profile(country="US")
    rows: list[tuple[date, int, float, float | None]] = []
    if calendar is not None:
        end_back, length, values = calendar
        profile.baseline_end = ON - timedelta(days=end_back)
        profile.baseline_start = profile.baseline_end - timedelta(days=length - 1)
        for offset, amount in values:
            day = profile.baseline_start + timedelta(days=offset % length)
            rows.append((day, ALCOHOL, float(amount), amount * 14.0))
    if substance_id == ALCOHOL:
        scope = Scope(ALCOHOL, "Alcohol", True, "drink", "drinks")
    else:
        scope = Scope(None, "Everything I use", False, "", "use days")
    result = scope_progress(scope, journal, rows, profile=profile, on=ON, days=days)
    assert_holds(result.against_previous)
    if result.against_baseline is not None:
        assert_holds(result.against_baseline)
        assert profile.baseline_end is not None
        assert result.against_baseline.after_start > profile.baseline_end
        after = result.against_baseline.after["period"]
        first = result.against_baseline.after_start
        assert after.days_reported == len(journal.reported_between(first, max(first, ON)))


# --- The rule on the pages and in care's summary (with the database) --------------------------

pytestmark = pytest.mark.django_db


def test_four_logged_days_name_no_change_in_either_column(
    alice: User, alice_client: Client
) -> None:
    """The issue's case: 4 days logged after a heavy calendar named "6 changes for the better"."""
    on = today()
    alcohol = substance_for(alice, "alcohol")
    start, end = on - timedelta(days=34), on - timedelta(days=5)
    baseline_save(
        user=alice,
        substance=alcohol,
        start=start,
        end=end,
        amounts={start + timedelta(days=i): 8.0 for i in range(30)},
    )
    for back in range(1, 5):
        log(alice, on - timedelta(days=back), 1)
    progress = progress_for(alice)
    cmp = progress.scope.against_baseline
    assert cmp is not None
    assert cmp.better == [] and not cmp.known
    assert cmp.after_start == end + timedelta(days=1)  # "now" starts after the calendar
    assert not progress.scope.against_previous.known
    page = alice_client.get("/goals/progress/").content.decode()
    assert "changes for the better" not in page
    assert "levels down" not in page
    assert f"at least {ENOUGH_DAYS} reported days" in page
    assert "Reported days: 4 now, 30 before." in page
    summary = summary_for(alice.pk)
    assert summary.better == []


def test_enough_days_on_both_sides_name_the_changes(alice: User) -> None:
    on = today()
    alcohol = substance_for(alice, "alcohol")
    start, end = on - timedelta(days=60), on - timedelta(days=31)
    baseline_save(
        user=alice,
        substance=alcohol,
        start=start,
        end=end,
        amounts={start + timedelta(days=i): 8.0 for i in range(30)},
    )
    for back in range(1, ENOUGH_DAYS + 1):
        log(alice, on - timedelta(days=back), 1)
    cmp = progress_for(alice).scope.against_baseline
    assert cmp is not None and cmp.known
    assert any("level" in text.sentence for text in cmp.better)
    assert summary_for(alice.pk).better


def test_a_contradiction_is_shown_and_left_out(alice: User, alice_client: Client) -> None:
    on = today()
    alcohol = substance_for(alice, "alcohol")
    start, end = on - timedelta(days=30), on - timedelta(days=1)
    clash = on - timedelta(days=10)
    baseline_save(
        user=alice,
        substance=alcohol,
        start=start,
        end=end,
        amounts={start + timedelta(days=i): 8.0 for i in range(30)},
    )
    no_use(alice, clash)
    progress = progress_for(alice)
    assert [(c.day, c.calendar_amount, c.journal_says) for c in progress.contradictions] == [
        (clash, 8.0, "no_use")
    ]
    cmp = progress.scope.against_baseline
    assert cmp is not None and cmp.days_before == 29  # the day is left out, not combined
    page = alice_client.get("/goals/progress/").content.decode()
    assert "tell these days differently" in page
    assert "the calendar says 8 standard drinks; your check-in says no use." in page
    assert profile_of(alice).baseline_start == start
