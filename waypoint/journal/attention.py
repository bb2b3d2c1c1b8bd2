"""Each person's attention state (`Attention`): kept by the writes that change it, read in SQL.

A counselor's caseload orders clients by what needs a look: PHQ-9 item 9 above 0 in the last
28 days, an overdose or blackout logged in the last 28 days, nothing logged for 14 days, a
higher WHO drinking risk level over the last 28 days than over the baseline calendar (or the 28
days before). Computing that for every client on every view read 56 days of everyone's digest;
instead each person's row holds the dates those reasons hang on, and `reasons_sql` turns them
into conditions for a given day in SQL, so ordering a caseload of any size is one query.

The WHO comparison slides with the calendar even when nothing is written. Only the days up to
today can be in either window, so its value for every coming day is known at write time: the
row keeps the first stretch of days it holds (`who_from` to before `who_until`) and, should a
second stretch follow, the day to compute again (`fresh_until`; `refresh_stale`).

Writers: `digest.refresh` and `digest.rebuild` (every journal write), `assessments.services`
(questionnaires), `services.baseline_save` and the drinking guideline (start). A property test
checks that after any sequence of writes and days the stored row equals `fresh`, and that the
reasons read from it equal a direct computation from the journal.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from waypoint.accounts.zones import days_now, zone_for_name
from waypoint.assessments.models import Assessment
from waypoint.journal.bits import HARM_BITS
from waypoint.journal.models import Attention, BaselineDay, DayDigest, Profile, today
from waypoint.journal.vocab import Category, Harm
from waypoint.measures import who_risk_level
from waypoint.measures.compare import ENOUGH_DAYS

WINDOW_DAYS = 28
QUIET_DAYS = 14
SEVERE_HARMS = HARM_BITS[Harm.OVERDOSE] | HARM_BITS[Harm.BLACKOUT]
# The last day either window can reach back from a coming day: after this nothing is in them.
HORIZON_DAYS = 2 * WINDOW_DAYS
# Each person's day: one date for everyone, or {day: [zone names on it]} (`zones.days_now`).
Days = date | Mapping[date, Sequence[str]]


@dataclass(frozen=True)
class DayRow:
    """A digest day row as the WHO comparison reads it."""

    day: date
    reported: bool
    grams: float | None


@dataclass(frozen=True)
class State:
    """The stored fields of `Attention` (except the person and the day computed)."""

    last_logged: date | None = None
    last_severe: date | None = None
    self_harm_at: datetime | None = None
    who_from: date | None = None
    who_until: date | None = None
    fresh_until: date | None = None


def who_worse_on(
    day: date,
    rows: Sequence[DayRow],
    baseline: tuple[int, float] | None,
    sex: str,
) -> bool:
    """A higher WHO level over the 28 days to `day` than over the baseline or the 28 before.

    `baseline` is (days, grams) of the alcohol baseline calendar, or None without one. The same
    arithmetic as `goals.summary.attention_for`, for one person and one day.
    """
    start = day - timedelta(days=WINDOW_DAYS - 1)
    previous_start = start - timedelta(days=WINDOW_DAYS)
    recent_days = before_days = 0
    recent_grams: float | None = None
    before_grams: float | None = None
    for row in rows:
        if start <= row.day <= day:
            recent_days += row.reported
            if row.grams is not None:
                recent_grams = (recent_grams or 0.0) + row.grams
        elif previous_start <= row.day < start:
            before_days += row.reported
            if row.grams is not None:
                before_grams = (before_grams or 0.0) + row.grams
    if baseline is not None:
        base_days, base_grams = baseline
    else:
        base_days, base_grams = before_days, before_grams  # type: ignore[assignment]
    drinks = recent_grams is not None or (base_grams or 0) > 0
    # A higher level is named only on enough days on both sides, as everywhere.
    if not (drinks and recent_days >= ENOUGH_DAYS and base_days >= ENOUGH_DAYS):
        return False
    now = who_risk_level((recent_grams or 0.0) / recent_days, sex=sex)
    then = who_risk_level((base_grams or 0.0) / base_days, sex=sex)
    return now > then


def who_span(
    on: date, rows: Sequence[DayRow], baseline: tuple[int, float] | None, sex: str
) -> tuple[date | None, date | None, date | None]:
    """(who_from, who_until, fresh_until) for the days from the day before `on`, no later writes.

    Rows are the person's days up to `on`; after `HORIZON_DAYS` no window holds any of them.
    """
    # From the day before: a reader whose clock is a day behind the writer's (another time
    # zone) still finds its day in the stretch.
    first_day = on - timedelta(days=1)
    worse = [
        who_worse_on(first_day + timedelta(days=n), rows, baseline, sex)
        for n in range(HORIZON_DAYS + 2)
    ]
    stretches: list[tuple[int, int]] = []
    n = 0
    while n < len(worse):
        if worse[n]:
            first = n
            while n < len(worse) and worse[n]:
                n += 1
            stretches.append((first, n))
        n += 1
    if not stretches:
        return None, None, None
    first, until = stretches[0]
    later = first_day + timedelta(days=stretches[1][0]) if len(stretches) > 1 else None
    return first_day + timedelta(days=first), first_day + timedelta(days=until), later


def _journal_state(user_id: int, on: date) -> dict[str, Any]:
    """The journal's part of the state, read from the digest (four small queries)."""
    days = DayDigest.objects.filter(user_id=user_id, substance__isnull=True)
    marks = days.annotate(severe_bits=F("harm_mask").bitand(SEVERE_HARMS)).aggregate(
        last=Max("day"), last_severe=Max("day", filter=Q(severe_bits__gt=0))
    )
    since = on - timedelta(days=HORIZON_DAYS - 1)
    rows = [
        DayRow(day, reported, grams)
        for day, reported, grams in days.filter(day__gte=since, day__lte=on)
        .order_by()
        .values_list("day", "reported", "grams")
    ]
    profile = (
        Profile.objects.filter(user_id=user_id)
        .values_list("baseline_start", "baseline_end", "guideline")
        .first()
    )
    start, end, guideline = profile or (None, None, "")
    baseline = None
    if start and end:
        calendar = BaselineDay.objects.filter(
            user_id=user_id, substance__category=Category.ALCOHOL
        ).aggregate(days=Count("day", distinct=True), grams=Sum("alcohol_grams"))
        if calendar["days"]:
            baseline = (calendar["days"], calendar["grams"] or 0.0)
    # The protective thresholds unless chosen, as Profile.sex_for_measures.
    who_from, who_until, fresh_until = who_span(on, rows, baseline, guideline or "female")
    return {
        "last_logged": marks["last"],
        "last_severe": marks["last_severe"],
        "who_from": who_from,
        "who_until": who_until,
        "fresh_until": fresh_until,
    }


def _self_harm_state(user_id: int) -> dict[str, Any]:
    """When PHQ-9 item 9 was last above 0 (flags are a short list of codes, read in Python)."""
    latest = None
    for taken_at, flags in (
        Assessment.objects.filter(user_id=user_id, instrument="phq9")
        .order_by("-taken_at")
        .values_list("taken_at", "flags")
    ):
        if "self_harm" in (flags or []):
            latest = taken_at
            break
    return {"self_harm_at": latest}


def fresh(user_id: int, *, on: date | None = None) -> State:
    """The state computed now from the journal and questionnaires: what the stored row must be."""
    on = on or today()
    return State(**_journal_state(user_id, on), **_self_harm_state(user_id))


def stored(user_id: int) -> State | None:
    row = Attention.objects.filter(user_id=user_id).first()
    if row is None:
        return None
    return State(**{key: getattr(row, key) for key in asdict(State())})


def _save(user_id: int, on: date, fields: dict[str, Any], rest: Any) -> None:
    updated = Attention.objects.filter(user_id=user_id).update(computed_on=on, **fields)
    if not updated:
        Attention.objects.create(user_id=user_id, computed_on=on, **fields, **rest(user_id))


@transaction.atomic
def refresh_journal(user_id: int, *, on: date | None = None) -> None:
    """After a journal write (digest days, baseline calendar, guideline): recompute its part."""
    on = on or today()
    _save(user_id, on, _journal_state(user_id, on), _self_harm_state)


@transaction.atomic
def refresh_self_harm(user_id: int) -> None:
    """After a questionnaire: recompute the PHQ-9 part."""
    on = today()
    _save(user_id, on, _self_harm_state(user_id), lambda pk: _journal_state(pk, on))


@transaction.atomic
def refresh(user_id: int, *, on: date | None = None) -> None:
    """Recompute the whole state (rebuilds, and the rows `refresh_stale` finds)."""
    state = fresh(user_id, on=on)
    Attention.objects.update_or_create(
        user_id=user_id, defaults={"computed_on": on or today(), **asdict(state)}
    )


def refresh_stale(user_ids: Iterable[int] | Any, *, on: Days | None = None) -> int:
    """Recompute the rows of these people (ids or a subquery) that a later WHO stretch made stale.

    Normally none: only a second stretch of a worse level after a first, with no write between,
    makes one. One query when there are none. Each person's row is stale from their own day
    (`on` as `zones.days_now` gives it; a single date counts for everyone).
    """
    on = today() if on is None else on
    stale = list(
        Attention.objects.filter(
            on_each_day(on, lambda day: Q(fresh_until__lte=day), zone="user__time_zone"),
            user_id__in=user_ids,
        ).values_list("user_id", "user__time_zone")
    )
    for user_id, name in stale:
        day = on if isinstance(on, date) else timezone.now().astimezone(zone_for_name(name)).date()
        refresh(user_id, on=day)
    return len(stale)


def days_of(user_ids: Iterable[int] | Any) -> dict[date, list[str]]:
    """Each calendar day these people (ids or a subquery) are on now, with the zone names on it
    (`zones.days_now`); first recomputing any row a later WHO stretch made stale on its day.

    One query, as `refresh_stale` alone: the distinct (zone, `fresh_until`) pairs say both.
    """
    pairs = set(
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .order_by()
        .values_list("time_zone", "attention__fresh_until")
        .distinct()
    )
    days = days_now(name for name, _until in pairs)
    day_of = {name: day for day, names in days.items() for name in names}
    stale = {name for name, until in pairs if until is not None and until <= day_of[name]}
    if stale:
        refresh_stale(
            get_user_model().objects.filter(pk__in=user_ids, time_zone__in=stale).values("pk"),
            on=days,
        )
    return days


def on_each_day(on: Days, condition: Callable[[date], Q], *, zone: str = "time_zone") -> Q:
    """`condition(day)` on each person's own day: one branch per calendar day in `on`.

    `zone` is the path from the model queried to the person's `time_zone`. With one day (the
    usual case: every client on the same date) there is no branch and no zone in the SQL.
    """
    if isinstance(on, date):
        return condition(on)
    if len(on) <= 1:
        return condition(next(iter(on), None) or today())
    return reduce(
        operator.or_,
        (Q(**{f"{zone}__in": names}) & condition(day) for day, names in on.items()),
    )


def _reasons_on(on: date, now: datetime, state: str, ops: Any) -> dict[str, tuple[str, list[Any]]]:
    start = on - timedelta(days=WINDOW_DAYS - 1)
    quiet_since = on - timedelta(days=QUIET_DAYS - 1)
    day = ops.adapt_datefield_value
    return {
        "self_harm": (
            f"{state}.self_harm_at >= %s",
            [ops.adapt_datetimefield_value(now - timedelta(days=WINDOW_DAYS))],
        ),
        "severe_harm": (f"{state}.last_severe >= %s", [day(start)]),
        "quiet": (
            f"({state}.last_logged IS NULL OR {state}.last_logged < %s)",
            [day(quiet_since)],
        ),
        "who_worse": (f"{state}.who_from <= %s AND {state}.who_until > %s", [day(on), day(on)]),
    }


def reasons_sql(
    on: Days,
    now: datetime | None = None,
    *,
    connection: Any,
    state: str = "a",
    zone: str = "u.time_zone",
) -> dict[str, tuple[str, list[Any]]]:
    """For each reason key, the SQL condition (and its parameters) on the stored state that it
    holds on each one's day.

    `on` is one day for everyone, or each calendar day with the zone names on it
    (`zones.days_now`), so a client's 14 and 28 days end on the client's own today whatever
    the reader's clock. `state` is the alias of `Attention` in the query (joined on the left: a
    person without a row has no reason but "quiet", nothing logged), `zone` the person's
    `time_zone` column. Written as SQL rather than as ORM conditions: compiling these into the
    caseload's query cost more than running it.
    """
    moment = now or timezone.now()
    ops = connection.ops
    if isinstance(on, date) or len(on) <= 1:
        day = on if isinstance(on, date) else next(iter(on), None) or today()
        return _reasons_on(day, moment, state, ops)
    branches = {day: (names, _reasons_on(day, moment, state, ops)) for day, names in on.items()}
    found = {}
    for key in ("self_harm", "severe_harm", "quiet", "who_worse"):
        parts, params = [], []
        for names, reasons in branches.values():
            sql, values = reasons[key]
            parts.append(f"({zone} IN ({', '.join(['%s'] * len(names))}) AND {sql})")
            params += [*names, *values]
        found[key] = (f"({' OR '.join(parts)})", params)
    return found
