"""Opening-hours arithmetic after HSDS 3.0 schedules (RFC 5545 style). Pure Python, no Django.

A `Rule` is one schedule row: weekdays (`byday`, with ordinals like ``2MO`` or ``-1FR`` for
monthly rules), or days of the month (`bymonthday`), an opening and a closing time, and the dates
it is valid (`valid_from`, `valid_to`, `until`). A closing time at or before the opening time
means the period runs past midnight into the next day; ``23:59`` means "until midnight".

A `Closure` is a range of dates on which the place is closed whatever the rules say (a holiday,
a staff day). No period starts on a closed date, and a period that runs into one (a night that
starts the day before) stops at the closure's first midnight.

Everything works in the location's own local wall-clock time (naive datetimes) and is converted
at the edges with `zoneinfo`, so a daylight-saving change moves the hours with the clock, as
people expect of "opens at 9".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$")
# How far ahead `next_change` and `occurrences` look; a weekly rule always repeats within it,
# a monthly one within five weeks.
HORIZON_DAYS = 40


class ScheduleError(ValueError):
    """A schedule value that cannot be understood (``25:00``, ``XX`` as a weekday)."""


def parse_time(raw: str) -> time:
    """``HH:MM`` or ``HH:MM:SS``, with an optional ``Z`` or UTC offset (ignored: the location's
    own time zone decides). Refuses hours over 23 and minutes or seconds over 59."""
    match = _TIME.match(raw.strip())
    if not match:
        raise ScheduleError(f"{raw!r} is not a time like 09:30")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ScheduleError(f"{raw!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute, second)


def parse_byday(raw: str) -> tuple[tuple[int, str], ...]:
    """``MO,WE`` → ((0, 'MO'), (0, 'WE')); ``2MO,-1FR`` → ((2, 'MO'), (-1, 'FR'))."""
    parts = [p.strip().upper() for p in raw.split(",") if p.strip()]
    out: list[tuple[int, str]] = []
    for part in parts:
        match = _BYDAY.match(part)
        if not match:
            raise ScheduleError(f"{part!r} is not a weekday code (MO, TU, WE, TH, FR, SA, SU)")
        out.append((int(match[1] or 0), match[2]))
    return tuple(out)


def parse_monthdays(raw: str) -> tuple[int, ...]:
    out = []
    for part in (p.strip() for p in raw.split(",") if p.strip()):
        try:
            day = int(part)
        except ValueError:
            raise ScheduleError(f"{part!r} is not a day of the month") from None
        if day == 0 or not -31 <= day <= 31:
            raise ScheduleError(f"{part!r} is not a day of the month")
        out.append(day)
    return tuple(out)


@dataclass(frozen=True)
class Rule:
    """One recurring opening period; with no byday and no bymonthday it applies every day."""

    opens_at: time
    closes_at: time
    byday: tuple[tuple[int, str], ...] = ()
    bymonthday: tuple[int, ...] = ()
    freq: str = "WEEKLY"
    interval: int = 1
    dtstart: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    until: date | None = None

    def applies_on(self, day: date) -> bool:
        """Whether a period of this rule starts on this local date."""
        last = min((d for d in (self.valid_to, self.until) if d is not None), default=None)
        if self.valid_from is not None and day < self.valid_from:
            return False
        if last is not None and day > last:
            return False
        if self.dtstart is not None and day < self.dtstart:
            return False
        if self.interval > 1 and self.dtstart is not None:
            if self.freq == "MONTHLY":
                months = (day.year - self.dtstart.year) * 12 + day.month - self.dtstart.month
                if months % self.interval:
                    return False
            else:
                start_week = self.dtstart - timedelta(days=self.dtstart.weekday())
                weeks = (day - start_week).days // 7
                if weeks % self.interval:
                    return False
        if self.bymonthday:
            length = _month_length(day)
            if not any(day.day == (d if d > 0 else length + d + 1) for d in self.bymonthday):
                return False
        if self.byday:
            code = DAY_CODES[day.weekday()]
            return any(c == code and (n == 0 or _nth_matches(day, n)) for n, c in self.byday)
        return True

    def period_on(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, self.opens_at)
        if self.closes_at == time(23, 59):
            end = datetime.combine(day + timedelta(days=1), time(0))
        elif self.closes_at <= self.opens_at:
            end = datetime.combine(day + timedelta(days=1), self.closes_at)
        else:
            end = datetime.combine(day, self.closes_at)
        return start, end


def _month_length(day: date) -> int:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - timedelta(days=1)).day


def _nth_matches(day: date, n: int) -> bool:
    """Whether `day` is the n-th (or, negative, n-th from last) of its weekday in its month."""
    if n > 0:
        return (day.day - 1) // 7 + 1 == n
    return (_month_length(day) - day.day) // 7 + 1 == -n


@dataclass(frozen=True)
class Closure:
    """Closed from `first` to `last` (inclusive), whatever the rules say."""

    first: date
    last: date


@dataclass(frozen=True)
class Hours:
    """Everything needed to answer "is it open": the rules, the closures, the time zone."""

    rules: tuple[Rule, ...]
    closures: tuple[Closure, ...] = ()
    time_zone: str = "UTC"
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    # Periods already worked out for these hours, by (first day, last day); kept small.
    _seen: dict[tuple[date, date], tuple[tuple[datetime, datetime], ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_zone", ZoneInfo(self.time_zone))
        object.__setattr__(self, "_seen", {})

    def periods(self, first: date, last: date) -> tuple[tuple[datetime, datetime], ...]:
        """`digest` of these hours, remembered on the object too (the search keeps one Hours
        per distinct digest, so a repeated question costs one dictionary look-up)."""
        key = (first, last)
        found = self._seen.get(key)
        if found is None:
            if len(self._seen) > 16:
                self._seen.clear()
            found = self._seen[key] = digest(self.rules, self.closures, first, last)
        return found

    @property
    def known(self) -> bool:
        return bool(self.rules)

    def local(self, moment: datetime) -> datetime:
        """An aware moment as a naive local wall-clock time in this place."""
        return moment.astimezone(self._zone).replace(tzinfo=None)

    def aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self._zone)


def _closed_on(closures: Sequence[Closure], day: date) -> bool:
    return any(c.first <= day <= c.last for c in closures)


def periods(
    rules: Iterable[Rule], closures: Sequence[Closure], first: date, last: date
) -> list[tuple[datetime, datetime]]:
    """Merged open periods (naive local) of rules starting on dates first…last, minus closures."""
    raw: list[tuple[datetime, datetime]] = []
    rules = tuple(rules)
    day = first
    while day <= last:
        if _closed_on(closures, day):
            day += timedelta(days=1)
            continue  # nothing starts on a closed day
        for rule in rules:
            if rule.applies_on(day):
                raw.extend(_minus_closures(*rule.period_on(day), closures))
        day += timedelta(days=1)
    raw.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in raw:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _minus_closures(
    start: datetime, end: datetime, closures: Sequence[Closure]
) -> list[tuple[datetime, datetime]]:
    """The parts of [start, end) that fall on dates that are not closed."""
    if not closures:
        return [(start, end)] if end > start else []
    pieces: list[tuple[datetime, datetime]] = []
    cursor = start
    while cursor < end:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0))
        piece_end = min(end, midnight)
        if not _closed_on(closures, cursor.date()):
            if pieces and pieces[-1][1] == cursor:
                pieces[-1] = (pieces[-1][0], piece_end)
            else:
                pieces.append((cursor, piece_end))
        cursor = piece_end
    return pieces


@lru_cache(maxsize=16384)
def digest(
    rules: tuple[Rule, ...], closures: tuple[Closure, ...], first: date, last: date
) -> tuple[tuple[datetime, datetime], ...]:
    """The merged periods of `periods`, remembered: a directory has few distinct sets of hours
    (most places open 9 to 5 on weekdays), so one day's digest serves every place that shares
    them, and a search computes each at most once a day per process."""
    return tuple(periods(rules, closures, first, last))


def is_open(hours: Hours, at: datetime) -> bool | None:
    """Open at this aware moment; None when the hours are not known."""
    if not hours.known:
        return None
    return is_open_local(hours, hours.local(at))


def is_open_local(hours: Hours, local: datetime) -> bool | None:
    """`is_open` for a naive local wall-clock time in the hours' own zone (a search works
    out the local time once per zone, not once per place)."""
    if not hours.known:
        return None
    day = local.date()
    return any(start <= local < end for start, end in hours.periods(day - timedelta(days=1), day))


def next_change(hours: Hours, at: datetime, horizon_days: int = HORIZON_DAYS) -> datetime | None:
    """When it next opens (if closed) or closes (if open), as an aware moment; None if unknown.

    A place open around the clock with no end in the horizon answers None too.
    """
    if not hours.known:
        return None
    local = hours.local(at)
    day = local.date()
    found = hours.periods(day - timedelta(days=1), day + timedelta(horizon_days))
    for start, end in found:
        if start <= local < end:
            if end >= datetime.combine(day + timedelta(days=horizon_days), time(0)):
                return None
            return hours.aware(end)
        if start > local:
            return hours.aware(start)
    return None


def upcoming(
    hours: Hours, at: datetime, until: datetime, *, include_current: bool = True
) -> list[tuple[datetime, datetime]]:
    """Periods (aware) that start between at and until, plus the one under way when asked."""
    if not hours.known:
        return []
    local, local_until = hours.local(at), hours.local(until)
    found = periods(
        hours.rules, hours.closures, local.date() - timedelta(days=1), local_until.date()
    )
    out = []
    for start, end in found:
        if (local <= start <= local_until) or (include_current and start <= local < end):
            out.append((hours.aware(start), hours.aware(end)))
    return out


def weekday_mask(rule: Rule) -> int:
    """Bit i set when a period of the rule can start on weekday i (Monday 0): an SQL prefilter.

    A rule by day of the month can start on any weekday.
    """
    if rule.bymonthday or not rule.byday:
        return 0b1111111
    mask = 0
    for _n, code in rule.byday:
        mask |= 1 << DAY_CODES.index(code)
    return mask


def candidate_mask(weekday: int) -> int:
    """Weekdays on which a period covering a moment of UTC weekday `weekday` can start, in any
    time zone: local time is a day behind to a day ahead of UTC, and a period may have started
    the local day before (past midnight)."""
    mask = 0
    for shift in (-2, -1, 0, 1):
        mask |= 1 << ((weekday + shift) % 7)
    return mask
