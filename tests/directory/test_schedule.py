"""Opening-hours arithmetic: hand-checked cases and properties (pure, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.directory import schedule as sched
from waypoint.directory.schedule import Closure, Hours, Rule

CHICAGO = ZoneInfo("America/Chicago")


def local(y: int, m: int, d: int, hh: int, mm: int = 0, zone: ZoneInfo = CHICAGO) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=zone)


WEEKDAYS = Hours(
    (Rule(time(9), time(17), byday=sched.parse_byday("MO,TU,WE,TH,FR")),),
    (Closure(date(2026, 12, 25), date(2026, 12, 25)),),
    "America/Chicago",
)
NIGHTS = Hours(
    (Rule(time(22), time(3), byday=sched.parse_byday("FR,SA")),),
    (Closure(date(2026, 12, 26), date(2026, 12, 26)),),
    "America/Chicago",
)


@pytest.mark.parametrize(
    ("at", "open_", "change"),
    [
        # Monday 7 December 2026, weekday hours 9-17.
        (local(2026, 12, 7, 8, 59), False, local(2026, 12, 7, 9)),
        (local(2026, 12, 7, 9), True, local(2026, 12, 7, 17)),
        (local(2026, 12, 7, 16, 59), True, local(2026, 12, 7, 17)),
        (local(2026, 12, 7, 17), False, local(2026, 12, 8, 9)),
        # Friday evening: next opening is Monday.
        (local(2026, 12, 11, 18), False, local(2026, 12, 14, 9)),
        # Christmas (a Friday) is a closure: closed, and it next opens on Monday the 28th.
        (local(2026, 12, 25, 10), False, local(2026, 12, 28, 9)),
        (local(2026, 12, 24, 10), True, local(2026, 12, 24, 17)),
    ],
)
def test_weekday_hours_checked_by_hand(at: datetime, open_: bool, change: datetime) -> None:
    assert sched.is_open(WEEKDAYS, at) is open_
    assert sched.next_change(WEEKDAYS, at) == change


@pytest.mark.parametrize(
    ("at", "open_", "change"),
    [
        # Friday 4 December 22:00 to Saturday 03:00, Saturday 22:00 to Sunday 03:00.
        (local(2026, 12, 4, 21, 59), False, local(2026, 12, 4, 22)),
        (local(2026, 12, 4, 23, 30), True, local(2026, 12, 5, 3)),
        (local(2026, 12, 5, 1, 30), True, local(2026, 12, 5, 3)),  # past midnight
        (local(2026, 12, 5, 3), False, local(2026, 12, 5, 22)),  # closing time is closed
        (local(2026, 12, 6, 2, 59), True, local(2026, 12, 6, 3)),  # Sunday morning, from Saturday
        (local(2026, 12, 6, 3, 30), False, local(2026, 12, 11, 22)),
        # Saturday 26 December is closed: Friday's night stops at midnight, Saturday's never
        # starts, and the next opening is Friday 1 January.
        (local(2026, 12, 25, 23), True, local(2026, 12, 26, 0)),
        (local(2026, 12, 26, 0, 30), False, local(2027, 1, 1, 22)),
        (local(2026, 12, 26, 23), False, local(2027, 1, 1, 22)),
        # Sunday 27 after the closure: Saturday's night never started, so closed.
        (local(2026, 12, 27, 1), False, local(2027, 1, 1, 22)),
    ],
)
def test_nights_across_midnight_and_a_closure(at: datetime, open_: bool, change: datetime) -> None:
    assert sched.is_open(NIGHTS, at) is open_
    assert sched.next_change(NIGHTS, at) == change


def test_the_same_moment_is_judged_in_the_locations_own_zone() -> None:
    portland = Hours((Rule(time(10), time(14), byday=(((0, "TU")),)),), (), "America/Los_Angeles")
    at = datetime(2026, 12, 8, 16, 30, tzinfo=UTC)  # 08:30 in Portland, 10:30 in Chicago
    assert sched.is_open(portland, at) is False
    assert sched.next_change(portland, at) == datetime(2026, 12, 8, 18, 0, tzinfo=UTC)


def test_daylight_saving_moves_with_the_clock() -> None:
    hours = Hours((Rule(time(9), time(17)),), (), "America/Chicago")
    # 9:00 local is 15:00 UTC in winter (CST) and 14:00 UTC in summer (CDT).
    assert sched.next_change(hours, datetime(2026, 1, 5, 12, tzinfo=UTC)) == datetime(
        2026, 1, 5, 15, tzinfo=UTC
    )
    assert sched.next_change(hours, datetime(2026, 7, 6, 12, tzinfo=UTC)) == datetime(
        2026, 7, 6, 14, tzinfo=UTC
    )


def test_valid_from_and_valid_to_bound_a_rule() -> None:
    rule = Rule(time(10), time(12), valid_from=date(2026, 6, 1), valid_to=date(2026, 6, 30))
    hours = Hours((rule,), (), "UTC")
    assert sched.is_open(hours, datetime(2026, 5, 31, 11, tzinfo=UTC)) is False
    assert sched.is_open(hours, datetime(2026, 6, 1, 11, tzinfo=UTC)) is True
    assert sched.is_open(hours, datetime(2026, 6, 30, 11, tzinfo=UTC)) is True
    assert sched.is_open(hours, datetime(2026, 7, 1, 11, tzinfo=UTC)) is False
    assert sched.next_change(hours, datetime(2026, 7, 1, tzinfo=UTC)) is None


def test_monthly_rules_by_ordinal_weekday_and_by_day_of_month() -> None:
    second_monday = Rule(time(18), time(20), byday=sched.parse_byday("2MO"), freq="MONTHLY")
    last_friday = Rule(time(18), time(20), byday=sched.parse_byday("-1FR"), freq="MONTHLY")
    first = Rule(time(9), time(10), bymonthday=(1, -1), freq="MONTHLY")
    assert second_monday.applies_on(date(2026, 12, 14))
    assert not second_monday.applies_on(date(2026, 12, 7))
    assert last_friday.applies_on(date(2026, 12, 25))
    assert not last_friday.applies_on(date(2026, 12, 18))
    assert first.applies_on(date(2026, 2, 1)) and first.applies_on(date(2026, 2, 28))
    assert not first.applies_on(date(2026, 2, 27))


def test_every_other_week_counts_from_dtstart() -> None:
    rule = Rule(
        time(9), time(10), byday=sched.parse_byday("MO"), interval=2, dtstart=date(2026, 12, 7)
    )
    assert rule.applies_on(date(2026, 12, 7))
    assert not rule.applies_on(date(2026, 12, 14))
    assert rule.applies_on(date(2026, 12, 21))


def test_open_until_midnight_and_around_the_clock() -> None:
    late = Hours((Rule(time(18), time(23, 59)),), (), "UTC")
    assert sched.is_open(late, datetime(2026, 12, 7, 23, 59, 30, tzinfo=UTC)) is True
    always = Hours((Rule(time(0), time(23, 59)),), (), "UTC")
    assert sched.is_open(always, datetime(2026, 12, 7, 3, tzinfo=UTC)) is True
    assert sched.next_change(always, datetime(2026, 12, 7, 3, tzinfo=UTC)) is None


def test_no_rules_means_unknown_not_closed() -> None:
    hours = Hours((), (), "UTC")
    assert sched.is_open(hours, datetime(2026, 12, 7, tzinfo=UTC)) is None
    assert sched.next_change(hours, datetime(2026, 12, 7, tzinfo=UTC)) is None


@pytest.mark.parametrize("raw", ["25:00", "24:00", "9", "09:60", "nine", "12:00:61"])
def test_times_out_of_range_are_refused(raw: str) -> None:
    with pytest.raises(sched.ScheduleError):
        sched.parse_time(raw)


@pytest.mark.parametrize("raw", ["09:30", "9:30", "09:30:00", "09:30Z", "09:30-05:00"])
def test_times_in_hsds_forms_are_read(raw: str) -> None:
    assert sched.parse_time(raw) == time(9, 30)


def test_bad_weekday_codes_are_refused() -> None:
    with pytest.raises(sched.ScheduleError):
        sched.parse_byday("MO,XX")
    with pytest.raises(sched.ScheduleError):
        sched.parse_byday("6MO")


# --- Properties -----------------------------------------------------------------------------

times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
day_sets = st.lists(st.sampled_from(sched.DAY_CODES), min_size=0, max_size=7, unique=True)
rules = st.builds(
    lambda o, c, days: Rule(o, c, byday=tuple((0, d) for d in days)),
    times,
    times,
    day_sets,
).filter(lambda r: r.opens_at != r.closes_at)
zones = st.sampled_from(
    ["UTC", "America/Chicago", "America/Los_Angeles", "Europe/London", "Asia/Kolkata"]
)
moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
closures = st.lists(
    st.builds(
        lambda d, n: Closure(d, d + timedelta(days=n)),
        st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(0, 3),
    ),
    max_size=2,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(rules, min_size=1, max_size=3), closures, zones, moments)
def test_next_change_flips_the_answer(
    rule_list: list[Rule], closure_list: list[Closure], zone: str, at: datetime
) -> None:
    """Just before the next change the answer is the same as now; at the change it flips."""
    hours = Hours(tuple(rule_list), tuple(closure_list), zone)
    now_open = sched.is_open(hours, at)
    change = sched.next_change(hours, at)
    if change is None:
        return
    assert change > at
    assert sched.is_open(hours, change - timedelta(seconds=1)) is now_open or (
        change - timedelta(seconds=1) < at
    )
    assert sched.is_open(hours, change) is (not now_open)


@settings(max_examples=100, deadline=None)
@given(st.lists(rules, min_size=1, max_size=3), closures, zones, moments)
def test_closed_on_every_closure_date(
    rule_list: list[Rule], closure_list: list[Closure], zone: str, at: datetime
) -> None:
    hours = Hours(tuple(rule_list), tuple(closure_list), zone)
    if any(c.first <= hours.local(at).date() <= c.last for c in closure_list):
        assert sched.is_open(hours, at) is False


@settings(max_examples=100, deadline=None)
@given(rules, zones, moments)
def test_a_rule_is_open_only_between_its_times(rule: Rule, zone: str, at: datetime) -> None:
    """Open exactly when the local wall clock falls in a period that started today or
    (past midnight) yesterday on one of the rule's days."""
    hours = Hours((rule,), (), zone)
    local_at = hours.local(at)
    expected = False
    for start_day in (local_at.date() - timedelta(days=1), local_at.date()):
        if rule.applies_on(start_day):
            start, end = rule.period_on(start_day)
            expected = expected or start <= local_at < end
    assert sched.is_open(hours, at) is expected


@settings(max_examples=100, deadline=None)
@given(rules, st.integers(0, 6))
def test_weekday_mask_covers_every_start_day(rule: Rule, weekday: int) -> None:
    day = date(2026, 12, 7) + timedelta(days=weekday)  # a Monday plus weekday
    if rule.applies_on(day):
        assert sched.weekday_mask(rule) & (1 << weekday)


def test_schedule_and_geo_import_no_django() -> None:
    import ast
    from pathlib import Path

    import waypoint.directory.geo as geo_module

    for module in (sched, geo_module):
        tree = ast.parse(Path(module.__file__ or "").read_text())
        names = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not any(name.startswith("django") for name in names)
