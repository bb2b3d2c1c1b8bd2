"""Period summaries and before/after comparison of TLFB and period summaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.measures import (
    Change,
    DayRecord,
    PeriodSummary,
    WhoRiskLevel,
    compare,
    period_summary,
    tlfb_summary,
)

JAN_1 = date(2024, 1, 1)


def days_from(start: date, grams: Sequence[float | None]) -> dict[date, float]:
    """A grams-by-day mapping; None leaves that day unreported."""
    return {start + timedelta(days=i): g for i, g in enumerate(grams) if g is not None}


def by_measure(changes: list[Change]) -> dict[str, Change]:
    return {change.measure: change for change in changes}


# ---- period_summary --------------------------------------------------------------------------


def test_period_summary_worked_example() -> None:
    days = {
        date(2024, 1, 1): DayRecord(used=True, harms=1, care_actions=2, wellbeing=4),
        date(2024, 1, 2): DayRecord(used=False, wellbeing=6),
        date(2024, 1, 3): DayRecord(used=True, harms=0, care_actions=1),
        date(2024, 1, 4): DayRecord(used=False, harms=1, care_actions=5),  # care off a use day
        date(2024, 2, 1): DayRecord(used=True, harms=9),  # outside the window
        # 5 to 10 January not reported
    }
    summary = period_summary(days, start=date(2024, 1, 1), end=date(2024, 1, 10))
    assert summary == PeriodSummary(
        days_in_window=10,
        days_reported=4,
        coverage=0.4,  # 4 / 10
        use_days=2,
        percent_use_days=50.0,  # 2 / 4 × 100
        harms_per_reported_day=0.5,  # (1 + 0 + 1) / 4
        care_actions_per_use_day=1.5,  # (2 + 1) / 2 use days; the 5 on a non-use day don't count
        mean_wellbeing=5.0,  # (4 + 6) / 2 days that have wellbeing
    )


def test_period_with_no_reported_day_has_unknown_rates() -> None:
    summary = period_summary({}, start=JAN_1, end=JAN_1 + timedelta(days=6))
    assert (summary.days_in_window, summary.days_reported, summary.coverage) == (7, 0, 0.0)
    assert summary.percent_use_days is None
    assert summary.harms_per_reported_day is None
    assert summary.care_actions_per_use_day is None
    assert summary.mean_wellbeing is None


def test_period_without_use_days_has_no_care_rate() -> None:
    summary = period_summary({JAN_1: DayRecord(used=False)}, start=JAN_1, end=JAN_1)
    assert summary.percent_use_days == 0
    assert summary.care_actions_per_use_day is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"used": 1}, "used must be True or False, got 1"),
        ({"used": True, "harms": -1}, "harms must be a whole number, 0 or more, got -1"),
        ({"used": True, "care_actions": 1.5}, "care_actions must be a whole number"),
        ({"used": True, "harms": True}, "harms must be a whole number"),
        ({"used": True, "wellbeing": "good"}, "wellbeing must be a whole number or None"),
    ],
)
def test_day_record_refuses_bad_values(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DayRecord(**kwargs)  # type: ignore[arg-type]


def test_period_summary_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match=r"start \(2024-01-01\) must not be after end"):
        period_summary({}, start=JAN_1, end=JAN_1 - timedelta(days=1))
    with pytest.raises(ValueError, match="the record for 2024-01-01 must be a DayRecord"):
        period_summary({JAN_1: True}, start=JAN_1, end=JAN_1)  # type: ignore[dict-item]
    with pytest.raises(ValueError, match=r"each day in days must be a datetime\.date"):
        text_key = {"2024-01-01": DayRecord(used=True)}
        period_summary(text_key, start=JAN_1, end=JAN_1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="days must be a mapping"):
        period_summary([DayRecord(used=True)], start=JAN_1, end=JAN_1)  # type: ignore[arg-type]


# ---- compare: TLFB ---------------------------------------------------------------------------


def test_cutting_down_shows_every_shade_that_improved() -> None:
    # Baseline, a man, 4 weeks, every day reported: 6 drinks (84 g) on 4 days a week, else 0.
    #   mean 84 × 16 / 28 = 48 g/day → MEDIUM (> 40 to 60); heavy days 16 (84 ≥ 70) = 57.1%
    # Recent, 2 weeks, 10 of 14 days reported: 2 drinks (28 g) on 2 days, else 0.
    #   mean 28 × 2 / 10 = 5.6 g/day → LOW; heavy days 0
    week = [84.0, 84.0, 0.0, 84.0, 0.0, 84.0, 0.0]
    baseline = tlfb_summary(
        days_from(JAN_1, week * 4), start=JAN_1, end=JAN_1 + timedelta(days=27), sex="male"
    )
    recent_start = date(2024, 3, 1)
    recent_grams: list[float | None] = [28.0, 0.0, 0.0, None, 28.0, 0.0, None, 0.0, 0.0, 0.0]
    recent_grams += [None, 0.0, None, 0.0]
    recent = tlfb_summary(
        days_from(recent_start, recent_grams),
        start=recent_start,
        end=recent_start + timedelta(days=13),
        sex="male",
    )
    changes = by_measure(compare(baseline, recent))

    assert list(changes) == [
        "percent_days_abstinent",
        "percent_heavy_drinking_days",
        "drinks_per_drinking_day",
        "mean_drinks_per_day",
        "peak_drinks",
        "who_risk_level",
    ]
    abstinent = changes["percent_days_abstinent"]
    assert abstinent.before == pytest.approx(12 / 28 * 100)  # 3 of 7 days × 4 weeks
    assert abstinent.after == pytest.approx(80.0)  # 8 of 10 reported days
    assert abstinent.direction == "better"
    assert changes["percent_heavy_drinking_days"].direction == "better"  # 57.1% → 0%
    assert changes["drinks_per_drinking_day"].before == pytest.approx(6.0)
    assert changes["drinks_per_drinking_day"].after == pytest.approx(2.0)
    assert changes["mean_drinks_per_day"].after == pytest.approx(0.4)  # 4 drinks / 10 days
    assert changes["peak_drinks"].direction == "better"  # 6 → 2
    level = changes["who_risk_level"]
    assert (level.before, level.after) == (WhoRiskLevel.MEDIUM, WhoRiskLevel.LOW)
    assert level.direction == "better"
    assert level.levels_down == 1
    assert all(c.levels_down is None for c in changes.values() if c.measure != "who_risk_level")
    assert changes["peak_drinks"].label == "most drinks in one day"


def test_same_pattern_in_a_longer_window_is_the_same() -> None:
    # Two weeks and four weeks of the same week: every rate is identical.
    week = [14.0, 0.0, 28.0, 0.0, 0.0, 70.0, 0.0]
    two = tlfb_summary(days_from(JAN_1, week * 2), start=JAN_1, end=date(2024, 1, 14), sex="male")
    four = tlfb_summary(days_from(JAN_1, week * 4), start=JAN_1, end=date(2024, 1, 28), sex="male")
    changes = compare(two, four)
    assert {c.direction for c in changes} == {"same"}
    assert by_measure(changes)["who_risk_level"].levels_down == 0


def test_unreported_period_makes_every_direction_unknown() -> None:
    baseline = tlfb_summary({JAN_1: 28}, start=JAN_1, end=JAN_1, sex="female")
    empty = tlfb_summary({}, start=JAN_1, end=JAN_1, sex="female")
    for change in compare(baseline, empty):
        assert change.direction == "unknown"
        assert change.levels_down is None


def test_tlfb_summaries_with_different_drink_sizes_are_refused() -> None:
    us = tlfb_summary({JAN_1: 28}, start=JAN_1, end=JAN_1, sex="male")
    uk = tlfb_summary({JAN_1: 28}, start=JAN_1, end=JAN_1, sex="male", grams_per_drink=7.9)
    with pytest.raises(ValueError, match=r"same size, got 14 g and 7\.9 g"):
        compare(us, uk)


def test_mixing_a_tlfb_summary_with_a_period_summary_is_refused() -> None:
    tlfb = tlfb_summary({JAN_1: 28}, start=JAN_1, end=JAN_1, sex="male")
    period = period_summary({JAN_1: DayRecord(used=True)}, start=JAN_1, end=JAN_1)
    with pytest.raises(ValueError, match="got TlfbSummary and PeriodSummary"):
        compare(tlfb, period)
    with pytest.raises(ValueError, match="got PeriodSummary and TlfbSummary"):
        compare(period, tlfb)
    with pytest.raises(ValueError, match="got int and int"):
        compare(1, 2)  # type: ignore[arg-type]


# ---- compare: periods ------------------------------------------------------------------------


def test_fewer_use_days_and_harms_more_care_and_wellbeing_are_all_better() -> None:
    baseline = PeriodSummary(30, 30, 1.0, 20, 66.7, 0.5, 1.0, 4.0)
    recent = PeriodSummary(14, 10, 10 / 14, 4, 40.0, 0.1, 2.0, 6.0)
    changes = by_measure(compare(baseline, recent))
    assert list(changes) == [
        "percent_use_days",
        "harms_per_reported_day",
        "care_actions_per_use_day",
        "mean_wellbeing",
    ]
    assert {c.direction for c in changes.values()} == {"better"}
    assert changes["percent_use_days"].label == "use days (% of reported days)"


def test_more_use_days_and_harms_fewer_care_and_lower_wellbeing_are_all_worse() -> None:
    baseline = PeriodSummary(30, 30, 1.0, 4, 13.3, 0.1, 2.0, 6.0)
    recent = PeriodSummary(30, 30, 1.0, 20, 66.7, 0.5, 1.0, 4.0)
    assert {c.direction for c in compare(baseline, recent)} == {"worse"}


def test_float_noise_reads_as_same() -> None:
    baseline = PeriodSummary(3, 3, 1.0, 1, 100 / 3, 0.3, 1.0, 5.0)
    # 0.1 × 3 = 0.30000000000000004 and 1/3 × 100 computed another way: noise, not change
    recent = replace(baseline, harms_per_reported_day=0.1 * 3, percent_use_days=1 / 3 * 100)
    assert {c.direction for c in compare(baseline, recent)} == {"same"}


def test_a_small_real_difference_is_not_same() -> None:
    baseline = PeriodSummary(30, 30, 1.0, 10, 33.0, 0.3, 1.0, 5.0)
    recent = replace(baseline, mean_wellbeing=5.001)
    assert by_measure(compare(baseline, recent))["mean_wellbeing"].direction == "better"


# ---- symmetry --------------------------------------------------------------------------------

OPPOSITE = {"better": "worse", "worse": "better", "same": "same", "unknown": "unknown"}

rates = st.one_of(st.none(), st.floats(min_value=0, max_value=100))
period_summaries = st.builds(
    PeriodSummary,
    days_in_window=st.just(30),
    days_reported=st.just(30),
    coverage=st.just(1.0),
    use_days=st.just(10),
    percent_use_days=rates,
    harms_per_reported_day=rates,
    care_actions_per_use_day=rates,
    mean_wellbeing=rates,
)
tlfb_days = st.lists(
    st.one_of(st.none(), st.sampled_from([0.0, 14.0, 28.0, 42.0, 56.0, 70.0]), st.floats(0, 200)),
    min_size=1,
    max_size=21,
)


def assert_mirrored(forward: list[Change], backward: list[Change]) -> None:
    assert [c.measure for c in forward] == [c.measure for c in backward]
    for there, back in zip(forward, backward, strict=True):
        assert back.direction == OPPOSITE[there.direction]
        assert (back.before, back.after) == (there.after, there.before)
        if there.levels_down is None:
            assert back.levels_down is None
        else:
            assert back.levels_down == -there.levels_down


@given(period_summaries, period_summaries)
def test_swapping_period_summaries_mirrors_every_direction(
    a: PeriodSummary, b: PeriodSummary
) -> None:
    assert_mirrored(compare(a, b), compare(b, a))


@given(tlfb_days, tlfb_days, st.sampled_from(["female", "male"]))
def test_swapping_tlfb_summaries_mirrors_every_direction(
    first: list[float | None], second: list[float | None], sex: str
) -> None:
    a = tlfb_summary(days_from(JAN_1, first), start=JAN_1, end=JAN_1 + timedelta(days=20), sex=sex)
    b = tlfb_summary(days_from(JAN_1, second), start=JAN_1, end=JAN_1 + timedelta(days=20), sex=sex)
    assert_mirrored(compare(a, b), compare(b, a))


@given(period_summaries)
def test_a_summary_compared_with_itself_is_same_or_unknown(a: PeriodSummary) -> None:
    for change in compare(a, a):
        assert change.direction == ("unknown" if change.before is None else "same")


def test_compare_returns_changes_not_bookkeeping() -> None:
    tlfb = tlfb_summary({JAN_1: 28}, start=JAN_1, end=JAN_1, sex="male")
    measures = {c.measure for c in compare(tlfb, tlfb)}
    assert not measures & {"days_in_window", "days_reported", "coverage"}
