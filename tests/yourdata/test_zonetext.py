"""The export's times in a zone: the same text as `astimezone(zone).isoformat()`, from tables."""

from __future__ import annotations

import random
import zoneinfo
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from waypoint.yourdata.zonetext import STEP, zone_text


def stored(moment: datetime) -> str:
    """A UTC moment as Django stores it on SQLite."""
    return str(moment.replace(tzinfo=None))


def exact(text: str, zone: ZoneInfo) -> str:
    return datetime.fromisoformat(text + "+00:00").astimezone(zone).isoformat()


# Daylight saving both ways (north and south, this year, 2038 and far ahead), war time and double
# summer time, local mean time with seconds, half-hour and 45-minute offsets, a half-hour
# daylight saving (Lord Howe), saving below standard time (Dublin, Casablanca's Ramadan), a day
# skipped (Apia 2011, Kiritimati 1994), Newfoundland's double daylight saving (1988).
YEARS = (
    *(("America/Los_Angeles", year) for year in (1883, 1942, 2024, 2038, 2400)),
    *(("Europe/Berlin", year) for year in (1893, 1945, 2024)),
    *(("America/St_Johns", year) for year in (1935, 1988, 2024)),
    ("Asia/Kolkata", 1942),
    ("Asia/Kathmandu", 1985),
    ("Australia/Lord_Howe", 2024),
    ("America/Sao_Paulo", 2018),
    *(("Europe/Dublin", year) for year in (1916, 2024)),
    *(("Africa/Casablanca", year) for year in (2024, 2087)),
    ("Pacific/Apia", 2011),
    ("Pacific/Kiritimati", 1994),
)


@pytest.mark.parametrize(("name", "year"), YEARS)
def test_every_hour_of_a_year_and_every_second_around_each_change(name: str, year: int) -> None:
    """A moment in every hour of the UTC year (minutes and microseconds varied); where the
    offset differs from the hour before, every minute of that hour and the moments on both
    sides of each (the changes found here without the tables)."""
    zone = ZoneInfo(name)
    convert = zone_text(zone)
    start = datetime(year, 1, 1, tzinfo=UTC)
    hours = [start + timedelta(hours=n) for n in range(24 * 366)]
    previous = hours[0].astimezone(zone).utcoffset()
    changes = 0
    for n, hour in enumerate(hours):
        moment = hour + timedelta(minutes=n * 7 % 60, seconds=n % 60, microseconds=n % 2 * 120)
        assert convert(stored(moment)) == exact(stored(moment), zone), stored(moment)
        offset = hour.astimezone(zone).utcoffset()
        if offset == previous:
            continue
        previous, changes = offset, changes + 1
        for minute in range(-60, 1):
            moment = hour + timedelta(minutes=minute)
            for near in (moment - timedelta(microseconds=1), moment, moment + timedelta(seconds=1)):
                assert convert(stored(near)) == exact(stored(near), zone), stored(near)
    assert changes > 0  # each year chosen has a change


def test_apia_skips_the_last_friday_of_2011() -> None:
    """Samoa moved across the date line: 2011-12-30 never happened on its clock."""
    zone = ZoneInfo("Pacific/Apia")
    convert = zone_text(zone)
    assert convert("2011-12-30 09:59:59.999999") == "2011-12-29T23:59:59.999999-10:00"
    assert convert("2011-12-30 10:00:00") == "2011-12-31T00:00:00+14:00"


def test_los_angeles_daylight_saving_both_ways() -> None:
    convert = zone_text(ZoneInfo("America/Los_Angeles"))
    assert convert("2024-03-10 09:59:59.999999") == "2024-03-10T01:59:59.999999-08:00"
    assert convert("2024-03-10 10:00:00") == "2024-03-10T03:00:00-07:00"
    assert convert("2024-11-03 08:59:59") == "2024-11-03T01:59:59-07:00"
    assert convert("2024-11-03 09:00:00") == "2024-11-03T01:00:00-08:00"  # the repeated hour
    assert convert("2024-01-01 03:00:00") == "2023-12-31T19:00:00-08:00"  # the day before


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01 12:00:00",
        "0002-01-01 00:00:00.000001",
        "1850-06-01 12:00:00",  # local mean time, an offset with seconds
        "1969-12-31 23:59:59.999999",
        "9998-12-31 23:59:59",
        "9999-06-30 12:00:00.5",
        "2024-03-31T01:00:00",  # not Django's shape: converted exactly
    ],
)
@pytest.mark.parametrize("name", ["America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin"])
def test_far_past_and_future_years(name: str, text: str) -> None:
    zone = ZoneInfo(name)
    assert zone_text(zone)(text) == exact(text, zone)


def test_every_zone_in_the_tz_database() -> None:
    """A hundred moments in 1970 and in this decade, in each zone the server knows."""
    rng = random.Random(17)
    for name in sorted(zoneinfo.available_timezones()):
        zone = ZoneInfo(name)
        convert = zone_text(zone)
        for year in (1970, 2026):
            start = datetime(year, 1, 1, tzinfo=UTC)
            for _ in range(50):
                moment = start + timedelta(seconds=rng.randrange(365 * 86400))
                if rng.random() < 0.5:
                    moment += timedelta(microseconds=rng.randrange(1, 10**6))
                assert convert(stored(moment)) == exact(stored(moment), zone), (name, moment)


def test_changes_are_further_apart_than_the_sampling_step() -> None:
    """The tables find a zone's changes by asking it every `STEP`: two changes that close
    would hide each other. Checked against the server's tz database, read through the
    standard library's pure Python reader (its transitions, then its rule until 2100)."""
    reader = pytest.importorskip("zoneinfo._zoneinfo")
    closest = timedelta.max
    for name in sorted(zoneinfo.available_timezones()):
        zone = reader.ZoneInfo.no_cache(name)
        moments = list(zip(zone._trans_utc, (t.utcoff for t in zone._ttinfos), strict=True))
        rule = zone._tz_after
        if hasattr(rule, "transitions") and rule.dst_diff:
            last = moments[-1][0] if moments else float("-inf")
            ruled = []
            for year in range(1970, 2101):
                start, end = rule.transitions(year)
                ruled += [(start, rule.dst.utcoff), (end, rule.std.utcoff)]
            moments += sorted(m for m in ruled if m[0] > last)
        offset, changed = None, None
        for when, utcoff in moments:
            if utcoff == offset:
                continue
            if changed is not None:
                closest = min(closest, timedelta(seconds=when - changed))
            offset, changed = utcoff, when
    assert closest > STEP, closest
