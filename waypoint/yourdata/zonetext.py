"""Stored UTC text as ISO text on a time zone's clock, without a datetime per value.

Django stores datetimes on SQLite as text in UTC ("2026-03-02 20:15:00.123456"). Parsing each
one, converting it (`astimezone`) and writing it again (`isoformat`) cost a long export about a
third of its time in a zone other than UTC. The same text comes from two small tables instead:
where the zone's UTC offset changes in each year met (found once per year), and, for each
offset, the local hour (or hour and minute) of each UTC one. Seconds and microseconds are the
same on both clocks, so they are copied as stored. Plain Python, no Django.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import cast

_DAY = timedelta(days=1)
STEP = timedelta(days=2)
_HOUR = timedelta(hours=1)
_SECOND = timedelta(seconds=1)
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(29))
_LENGTHS = (19, 26)  # "2026-03-02 20:15:00" and with ".123456"
_MINUTE = timedelta(minutes=1)

# One offset's clock: how many characters of the UTC time it reads ("HH", or "HH:MM" for an
# offset with minutes), for each of those the days to move and the local "THH" ("THH:MM"), and
# the offset as `isoformat` writes it ("-07:00").
Clock = tuple[int, dict[str, tuple[int, str]], str]
# A UTC year: the first second of each new offset ("YYYY-MM-DD HH:MM:SS", as stored), and the
# clock before the first change and after each (None: converted exactly, see `_clock`).
Year = tuple[list[str], list[Clock | None]]


def _clock(offset: timedelta) -> Clock | None:
    """The clock of a UTC offset; None for one with seconds (local mean time, before about
    1900), which the exact conversion writes as "+00:53:28"."""
    if offset % _MINUTE:
        return None
    shift = offset // _MINUTE
    width, step = (2, 60) if shift % 60 == 0 else (5, 1)
    faces: dict[str, tuple[int, str]] = {}
    for minute in range(0, 1440, step):
        days, local = divmod(minute + shift, 1440)
        utc_face = f"{minute // 60:02d}:{minute % 60:02d}"[:width]
        faces[utc_face] = (days, f"T{local // 60:02d}:{local % 60:02d}"[: width + 1])
    return width, faces, datetime(2000, 1, 1, tzinfo=timezone(offset)).isoformat()[19:]


def _year(zone: tzinfo, year: int, clocks: dict[timedelta, Clock | None]) -> Year:
    """Where the zone's offset changes in a UTC year, read from the zone every `STEP` from the
    first midnight UTC.

    Sampling every two days finds every change as long as no two changes are two days apart
    or closer: in the tz database the closest are just under four days apart (Africa/Freetown,
    1939; `test_changes_are_further_apart_than_the_sampling_step` checks the server's). A
    change is then found to the hour and to the second (zones change at whole seconds).
    `clocks` holds the clocks made so far, shared between years.
    """
    if not 1 < year < 9999:  # near the ends of `datetime` a conversion can overflow
        return [], [None]
    # Moments here carry the zone but their fields are UTC: what `zone.fromutc` takes (the
    # shortest way to ask the zone for the offset at a moment).
    fromutc = zone.fromutc

    def offset(moment: datetime) -> timedelta:
        return cast(timedelta, fromutc(moment).utcoffset())  # aware: never None

    first = datetime(year, 1, 1, tzinfo=zone)
    days = (date(year + 1, 1, 1) - first.date()).days
    samples = [first + STEP * n for n in range(-(-days // STEP.days) + 1)]
    offsets = [offset(sample) for sample in samples]
    changes: list[str] = []
    after = [offsets[0]]
    for n in range(1, len(samples)):
        before = offsets[n - 1]
        if offsets[n] == before:
            continue
        low, high = samples[n - 1], samples[n]  # the offset is `before` at low, not at high
        for step in (_HOUR, _SECOND):
            if step is _SECOND and offset(high - _SECOND) == before:
                break  # most zones change on the hour
            while high - low > step:
                middle = low + (high - low) // step // 2 * step
                if offset(middle) == before:
                    low = middle
                else:
                    high = middle
        if high.year == year:  # the last sample is the next year's (or past it)
            changes.append(high.strftime("%Y-%m-%d %H:%M:%S"))
            after.append(offsets[n])
    for shift in after:
        if shift not in clocks:
            clocks[shift] = _clock(shift)
    return changes, [clocks[shift] for shift in after]


class ZoneText:
    """Stored UTC text on `zone`'s clock: the tables, and converters sharing them (`column`)."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.years: dict[str, Year] = {}
        self.clocks: dict[timedelta, Clock | None] = {}

    def exact(self, value: str | datetime) -> str:
        if isinstance(value, str):
            value = datetime.fromisoformat(value + "+00:00")
        return value.astimezone(self.zone).isoformat()

    def span(self, text: str) -> tuple[str, str, Clock | None] | None:
        """The stored texts from `low` up to `high` (not included) around `text` that share
        one offset, and its clock; None for text that does not start with a year."""
        year = self.years.get(text[:4])
        if year is None:
            if not (text[:4].isdigit() and text[4:5] == "-"):
                return None
            year = self.years[text[:4]] = _year(self.zone, int(text[:4]), self.clocks)
        changes, after = year
        n = bisect_right(changes, text)
        low = changes[n - 1] if n else text[:4]
        high = changes[n] if n < len(changes) else f"{int(text[:4]) + 1:04d}"
        return low, high, after[n]

    def column(self) -> Callable[[str | datetime | None], str | None]:
        """A function giving `isoformat()` of a moment in the zone, from Django's stored UTC
        text (see `zone_text`). It keeps the offset's span of the last text: a column read in
        time order finds it without a search almost every time, so take one per column."""
        low = high = ""
        clock: Clock | None = None

        def convert(text: str | datetime | None) -> str | None:
            nonlocal low, high, clock
            if text is None:
                return None
            if not isinstance(text, str):
                return self.exact(text)
            if not low <= text < high:
                span = self.span(text)
                if span is None:
                    return self.exact(text)
                low, high, clock = span
            if clock is None or len(text) not in _LENGTHS or text[10] != " ":
                return self.exact(text)
            width, faces, suffix = clock
            face = faces.get(text[11 : 11 + width])
            if face is None:
                return self.exact(text)
            days, local = face
            if not days:
                return f"{text[:10]}{local}{text[11 + width :]}{suffix}"
            day_of_month = int(text[8:10]) + days  # the day before or after
            if 0 < day_of_month < 29:
                day = f"{text[:8]}{_TWO_DIGITS[day_of_month]}"
            else:
                day = (date.fromisoformat(text[:10]) + _DAY * days).isoformat()
            return f"{day}{local}{text[11 + width :]}{suffix}"

        return convert


def zone_text(zone: tzinfo) -> Callable[[str | datetime | None], str | None]:
    """A function giving `isoformat()` of a moment in `zone`, from Django's stored UTC text.

    For the text, byte for byte what `datetime.fromisoformat(text + "+00:00")
    .astimezone(zone).isoformat()` gives; offsets with seconds, years at the ends of the
    calendar and text in another shape go that way. An aware datetime is converted that way
    too, and None stays None. Memory: a small table per UTC year met, and one per offset.
    """
    return ZoneText(zone).column()
