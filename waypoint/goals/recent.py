"""The recent journal a progress view reads, kept a week at a time between views.

A progress view reads about a year of the person's raw journal (the windows it compares, the
long view, the insights). Reading and parsing those rows was the largest part of the page's
cost, and almost none of them change between two views. So the parsed journal is kept in the
process's memory (the last `KEPT_PEOPLE` people to view progress) a Monday-to-Sunday week at
a time, with what was computed from each week alone (`Journal.week_memo`: a goal's day
statuses, the insights' sums). Each view asks the journal's change log (`DigestChange`,
written in the same transaction as every entry and check-in) which days changed since: only
those weeks are read again. Logging today re-reads this week; backdating re-reads the week it
touched; a rebuild re-reads everything.

What is kept is an optimisation only: a cold or evicted copy reads the same rows as before,
and the result is the same Journal `selectors.journal_for` returns (a property test holds them
equal after random writes). It is kept in the process rather than in Django's cache because
the cache pickles: unpickling a year of parsed rows cost more than reading them again. Each
worker process keeps its own copies, each checked against the change log on every view.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from datetime import date, timedelta
from typing import Any

from django.db import connection

from waypoint.accounts.models import User
from waypoint.goals.rules import Journal, Use
from waypoint.goals.selectors import journal_days, substance_facts
from waypoint.journal.models import DigestChange, DigestTotal

# Weeks older than this before the day viewed are dropped from the cache (the longest read is
# twice the longest window, 365 days, from a Monday).
KEEP_DAYS = 2 * 365 + 7
# About 0.2 MB each for a year of daily logging.
KEPT_PEOPLE = 128

_kept: OrderedDict[str, Kept] = OrderedDict()
_lock = threading.Lock()


def _get(key: str) -> Kept | None:
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
        return found


def _put(key: str, value: Kept) -> None:
    with _lock:
        _kept[key] = value
        _kept.move_to_end(key)
        while len(_kept) > KEPT_PEOPLE:
            _kept.popitem(last=False)


def forget_all() -> None:
    """Drop every kept journal (the next views read from the database)."""
    with _lock:
        _kept.clear()


@dataclasses.dataclass
class Week:
    """One Monday-to-Sunday week of the raw journal, parsed, and what was computed from it."""

    uses: dict[date, list[Use]]
    no_use: set[date]
    wellbeing: dict[date, int]
    memo: dict[Any, Any]


@dataclasses.dataclass
class Kept:
    """What the cache holds for one person: the weeks, as of a change in the journal's log."""

    change_id: int
    weeks: dict[date, Week]


def _key(person: User) -> str:
    # The account's creation time too: a database restored or rolled back (tests) can give an
    # id and its change-log ids to another account, never with the same creation instant.
    joined = person.date_joined.isoformat() if person.date_joined else ""
    return f"{person.pk}:{joined}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclasses.dataclass
class Recent:
    """A recent journal and what is needed to keep it for the next view."""

    journal: Journal
    kept: Kept
    memo_sizes: int
    changed: bool
    key: str

    def save(self, *, on: date) -> None:
        """Keep the weeks (and anything computed from them) for the next view, if anything is new.

        Call after the view's computations, so the weeks' memos carry what they computed.
        """
        sizes = sum(len(week.memo) for week in self.kept.weeks.values())
        if not self.changed and sizes == self.memo_sizes:
            return
        oldest = monday_of(on - timedelta(days=KEEP_DAYS))
        self.kept.weeks = {m: w for m, w in self.kept.weeks.items() if m >= oldest}
        _put(self.key, self.kept)


def _log_and_totals(
    person: User, change_id: int | None
) -> tuple[int, list[date], dict[int | None, int]]:
    """(the latest change id, the days changed after `change_id`, the journal's running totals).

    One query: the change log and `DigestTotal` (days reported under None, else use days per
    substance; zeros left out). Without a kept copy (`change_id` None) only the latest id is read.
    """
    log = connection.ops.quote_name(DigestChange._meta.db_table)
    totals_table = connection.ops.quote_name(DigestTotal._meta.db_table)
    if change_id is None:
        changes = f"SELECT 0, MAX(id), NULL, NULL FROM {log} WHERE user_id = %s"  # noqa: S608
        params = [person.pk]
    else:
        changes = f"SELECT 0, id, day, NULL FROM {log} WHERE user_id = %s AND id > %s"  # noqa: S608
        params = [person.pk, change_id]
    totals_sql = f"SELECT 1, substance_id, NULL, days FROM {totals_table} WHERE user_id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"{changes} UNION ALL {totals_sql}", [*params, person.pk])
        rows = cursor.fetchall()
    latest = change_id or 0
    days: list[date] = []
    totals: dict[int | None, int] = {}
    for kind, key, day, count in rows:
        if kind:
            if count:
                totals[key] = int(count)
        elif key is not None:
            latest = max(latest, int(key))
            if day is not None:
                days.append(day if isinstance(day, date) else date.fromisoformat(day))
    return latest, days, totals


def _ranges(mondays: list[date]) -> list[tuple[date, date | None]]:
    """Sorted Mondays as (first day, last day) ranges of consecutive weeks."""
    ranges: list[tuple[date, date | None]] = []
    for monday in mondays:
        sunday = monday + timedelta(days=6)
        if ranges and ranges[-1][1] == monday - timedelta(days=1):
            ranges[-1] = (ranges[-1][0], sunday)
        else:
            ranges.append((monday, sunday))
    return ranges


def recent_journal(person: User, *, since: date, on: date) -> Recent:
    """The person's journal from the Monday `since` to the Sunday after `on`, as a Recent.

    Three queries whatever the length of history or the state of the cache: the change log
    with the all-time totals (`journal.use_days`, `journal.days_reported`), the raw days of the
    weeks not kept (one query for entries and check-ins), the substances.
    Every day of the journal lies in one of `journal.week_memo`'s weeks.
    """
    assert since.weekday() == 0, "since must be a Monday"
    key = _key(person)
    shared = _get(key)
    # A copy of the week index: other threads may be reading the kept one. Weeks themselves
    # are never changed once read, only replaced; their memos only gain entries.
    kept = Kept(shared.change_id, dict(shared.weeks)) if shared is not None else None
    changed = False
    latest, days, totals = _log_and_totals(person, kept.change_id if kept is not None else None)
    if kept is None:
        kept, changed = Kept(latest, {}), True
    elif latest != kept.change_id:
        changed = True
        if date.min in days:  # a rebuild: every day may have changed
            kept.weeks = {}
        for day in days:
            kept.weeks.pop(monday_of(day), None)
        kept.change_id = latest
    wanted: list[date] = []
    monday = since
    last = monday_of(on)
    while monday <= last:
        wanted.append(monday)
        monday += timedelta(days=7)
    missing = [m for m in wanted if m not in kept.weeks]
    if missing:
        changed = True
        uses, no_use, wellbeing = journal_days(person, _ranges(missing))
        for m in missing:
            kept.weeks[m] = Week({}, set(), {}, {})
        for day, found in uses.items():
            week = kept.weeks.get(monday_of(day))
            if week is not None:
                week.uses[day] = found
        for day in no_use:
            week = kept.weeks.get(monday_of(day))
            if week is not None:
                week.no_use.add(day)
        for day, score in wellbeing.items():
            week = kept.weeks.get(monday_of(day))
            if week is not None:
                week.wellbeing[day] = score
    journal = Journal(week_memo={})
    for m in wanted:
        week = kept.weeks[m]
        journal.uses.update(week.uses)
        journal.no_use |= week.no_use
        journal.wellbeing.update(week.wellbeing)
        journal.week_memo[m] = week.memo  # type: ignore[index]  # set just above
    journal.substances, journal.alcohol_ids = substance_facts(person)
    journal.days_reported = totals.get(None, 0)
    journal.use_days = {pk: days for pk, days in totals.items() if pk is not None}
    sizes = sum(len(week.memo) for week in kept.weeks.values())
    return Recent(journal, kept, sizes, changed, key)
