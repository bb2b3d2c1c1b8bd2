"""What other apps ask of goals: a progress summary for one person or many, and what needs a look.

The caseload and the client pages (care) read these; they never rebuild goals' internals. Each
function costs a fixed number of queries whatever the number of people or the length of their
history: every read is of the journal's per-day digest, a bounded window of it, or an aggregate.
Callers decide who may be read (care holds the consent); nothing here checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple, TypedDict

from django.db import connections, router
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.accounts.zones import zone_for_name
from waypoint.goals.progress import (
    BASELINE_PERIOD_MEASURES,
    Comparison,
    _compare,
    now_start,
)
from waypoint.journal.bits import HARM_BITS
from waypoint.journal.models import BaselineDay, DayDigest, Profile
from waypoint.journal.vocab import Category, Guideline, Harm
from waypoint.measures import PeriodSummary, TlfbSummary, who_risk_level
from waypoint.measures.alcohol import GRAMS_PER_STANDARD_DRINK
from waypoint.measures.compare import ENOUGH_DAYS, days_in_window, period_from_totals
from waypoint.measures.tlfb import heavy_threshold, tlfb_from_totals

WINDOW_DAYS = 28
QUIET_DAYS = 14
SEVERE_HARMS = HARM_BITS[Harm.OVERDOSE] | HARM_BITS[Harm.BLACKOUT]

# Reasons a client may need a look, most pressing first; care adds the PHQ-9 one.
REASONS = {
    "self_harm": _("PHQ-9 item 9 above 0 in the last 28 days"),
    "severe_harm": _("An overdose or a blackout logged in the last 28 days"),
    "quiet": _("Nothing logged for 14 days or more"),
    "who_worse": _("A higher WHO drinking risk level than before"),
}
REASON_ORDER = tuple(REASONS)


@dataclass
class ProgressSummary:
    """One person's last 28 days compared with their baseline calendar, or the 28 days before.

    The comparison is the one the person sees on their own progress page (everything they use),
    so a counselor sees the same shades of improvement.
    """

    comparison: Comparison
    against_baseline: bool
    days_reported: int
    last_reported: date | None

    @property
    def better(self) -> list[str]:
        return [text.shade or text.label for text in self.comparison.better]

    @property
    def other(self) -> list[str]:
        return [text.label for text in self.comparison.other]


class _LastDay(TypedDict):
    day: date


def _last_day() -> QuerySet[DayDigest, _LastDay]:
    """A person's last day with an entry or a check-in: one index look-up, as a subquery."""
    return (
        DayDigest.objects.filter(user_id=OuterRef("pk"), substance__isnull=True)
        .order_by("-day")
        .values("day")[:1]
    )


# What the digest aggregate gives for each stretch of a person's days (see _window_totals), in
# this order, and each as SQL over the stretch's reported days (%s: a heavy-day threshold).
_TOTALS = {
    "reported": "COUNT(*)",
    "use_days": "COUNT(CASE WHEN d.entries > 0 THEN 1 END)",
    "harms": "SUM(d.harms)",
    "care": "SUM(CASE WHEN d.entries > 0 THEN d.care_actions END)",
    "wellbeing_days": "COUNT(d.wellbeing)",
    "wellbeing_total": "SUM(d.wellbeing)",
    "grams_days": "COUNT(d.grams)",
    "total_grams": "SUM(d.grams)",
    "abstinent": "COUNT(CASE WHEN d.grams IS NULL OR d.grams = 0 THEN 1 END)",
    "heavy_female": "COUNT(CASE WHEN d.grams >= %s THEN 1 END)",
    "heavy_male": "COUNT(CASE WHEN d.grams >= %s THEN 1 END)",
    "peak": "MAX(d.grams)",
}
_EMPTY = dict.fromkeys((*_TOTALS, "tlfb_reported"), 0)

# The stretches of a person's 56 days: the 28 days before; with a baseline calendar, the days
# of the last 28 that fall inside it (counted as reported, never compared); the "now" window.
BEFORE, INSIDE, NOW = 0, 1, 2


def _window_totals(
    person_ids: list[int], stretches: dict[int, list[tuple[int, date, date]]]
) -> dict[tuple[int, int], dict[str, Any]]:
    """Each person's reported digest days totalled per stretch: one aggregate query.

    Written as SQL: the ORM's compiling of a dozen filtered aggregates over a `CASE` cost about
    as much as the database's work.
    """
    # One condition per stretch of days shared by several people (their todays differ only by
    # time zone, and most calendars ended long ago), not one per person.
    sharing: dict[tuple[int, date, date], list[int]] = {}
    for pk, spans in stretches.items():
        for key, first, last in spans:
            if first <= last:
                sharing.setdefault((key, first, last), []).append(pk)
    if not sharing:
        return {}
    connection = connections[router.db_for_read(DayDigest)]
    as_day = connection.ops.adapt_datefield_value
    whens, when_params = [], []
    everyone = len(stretches)
    for (key, first, last), ids in sharing.items():
        if len(ids) == everyone:  # the usual case: no list of people to look each row up in
            whens.append("WHEN day >= %s AND day <= %s THEN %s")
            when_params += [as_day(first), as_day(last), key]
        else:
            whens.append(f"WHEN day >= %s AND day <= %s AND user_id IN ({_marks(ids)}) THEN %s")
            when_params += [as_day(first), as_day(last), *ids, key]
    days = [day for _key, first, last in sharing for day in (first, last)]
    sql = (
        f"SELECT d.user_id, d.stretch, {', '.join(_TOTALS.values())} "  # noqa: S608 (names from Django)
        f"FROM (SELECT user_id, entries, harms, care_actions, wellbeing, grams, "
        f"CASE {' '.join(whens)} END AS stretch "
        f"FROM {connection.ops.quote_name(DayDigest._meta.db_table)} "
        f"WHERE user_id IN ({_marks(person_ids)}) AND substance_id IS NULL AND reported = %s "
        "AND day >= %s AND day <= %s) d "
        "WHERE d.stretch IS NOT NULL GROUP BY d.user_id, d.stretch"
    )
    params = [
        heavy_threshold("female"),
        heavy_threshold("male"),
        *when_params,
        *person_ids,
        True,
        as_day(min(days)),
        as_day(max(days)),
    ]
    found: dict[tuple[int, int], dict[str, Any]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for user_id, stretch, *values in cursor.fetchall():
            totals = {name: value or 0 for name, value in zip(_TOTALS, values, strict=True)}
            for name in ("harms", "care", "wellbeing_total"):
                totals[name] = int(totals[name])  # PostgreSQL sums integers as bigint or numeric
            totals["total_grams"] = float(totals["total_grams"])
            totals["peak"] = float(totals["peak"])
            totals["tlfb_reported"] = totals["reported"]  # a reported day without grams drank none
            found[user_id, stretch] = totals
    return found


def _marks(values: list[Any]) -> str:
    """A parameter placeholder for each value, for `IN (…)`."""
    return ", ".join(["%s"] * len(values))


# What the calendar aggregate gives for each person (see _calendar_totals), in this order.
_CALENDAR = (
    "rows",  # calendar days of any date (against_baseline when above 0)
    "any_alcohol",  # a day with alcohol at any date (the person's summaries have a TLFB)
    "reported",
    "use_days",
    "tlfb_reported",
    "total_grams",
    "abstinent",
    "heavy_female",
    "heavy_male",
    "peak",
)


def _calendar_totals(
    person_ids: list[int], grams_per_drink: dict[str, float]
) -> dict[int, dict[str, Any]]:
    """Each person's baseline calendar totalled inside its own start and end: one query.

    Two levels, as `progress._baseline_summaries` counts the rows: first each day across its
    substances (reported; used when any amount is above 0; grams summed over the alcohol rows),
    then the days of each person. A substance counts as alcohol when any calendar row of the
    people asked about gives it grams (the rule the rows read one by one followed); an alcohol
    row without grams counts its amount in standard drinks of the person's country
    (`grams_per_drink`: country → grams). Written as SQL: the ORM's own compiling of the
    expression cost more than the database's work.
    """
    if not person_ids:
        return {}
    connection = connections[router.db_for_read(BaselineDay)]
    quote = connection.ops.quote_name
    calendar, profile = quote(BaselineDay._meta.db_table), quote(Profile._meta.db_table)
    people = _marks(person_ids)
    sizes = " ".join("WHEN %s THEN %s" for _country in grams_per_drink)
    drinks = f"CASE p.country {sizes} END" if grams_per_drink else "NULL"
    drank = "d.day >= d.first AND d.day <= d.last AND d.grams IS NOT NULL"
    inside = "d.day >= d.first AND d.day <= d.last"
    sql = (
        # Per person: calendar days of any date, a day with alcohol at any date, then the days
        # inside the calendar's start and end.
        "SELECT d.user_id, COUNT(*), COUNT(d.grams), "  # noqa: S608 (names from Django)
        f"COUNT(CASE WHEN {inside} THEN 1 END), "
        f"COUNT(CASE WHEN {inside} AND d.used = 1 THEN 1 END), "
        f"COUNT(CASE WHEN {drank} THEN 1 END), "
        f"SUM(CASE WHEN {drank} THEN d.grams END), "
        f"COUNT(CASE WHEN {drank} AND d.grams = 0 THEN 1 END), "
        f"COUNT(CASE WHEN {drank} AND d.grams >= %s THEN 1 END), "
        f"COUNT(CASE WHEN {drank} AND d.grams >= %s THEN 1 END), "
        f"MAX(CASE WHEN {drank} THEN d.grams END) "
        # Per person and day, across substances; grams stay NULL on a day without alcohol.
        "FROM (SELECT b.user_id AS user_id, b.day AS day, "
        "p.baseline_start AS first, p.baseline_end AS last, "
        "MAX(CASE WHEN b.amount > 0 THEN 1 ELSE 0 END) AS used, "
        "SUM(CASE WHEN b.substance_id IN "
        f"(SELECT a.substance_id FROM {calendar} a "
        f"WHERE a.alcohol_grams IS NOT NULL AND a.user_id IN ({people})) "
        f"THEN COALESCE(b.alcohol_grams, b.amount * {drinks}) END) AS grams "
        f"FROM {calendar} b INNER JOIN {profile} p ON p.user_id = b.user_id "
        f"WHERE b.user_id IN ({people}) "
        "AND p.baseline_start IS NOT NULL AND p.baseline_end IS NOT NULL "
        "GROUP BY b.user_id, b.day, p.baseline_start, p.baseline_end) d "
        "GROUP BY d.user_id"
    )
    params = [
        heavy_threshold("female"),
        heavy_threshold("male"),
        *person_ids,
        *(value for pair in grams_per_drink.items() for value in pair),
        *person_ids,
    ]
    found: dict[int, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for user_id, *values in cursor.fetchall():
            totals = dict(zip(_CALENDAR, (value or 0 for value in values), strict=True))
            totals.update(
                harms=0,
                care=0,
                wellbeing_days=0,
                wellbeing_total=0,
                total_grams=float(totals["total_grams"]),
                peak=float(totals["peak"]),
            )
            found[user_id] = totals
    return found


class _Profile(NamedTuple):
    """What a summary needs of a person's profile (read as plain values, not a model)."""

    sex_for_measures: str
    grams_per_drink: float
    country: str
    baseline_start: date | None
    baseline_end: date | None


_DEFAULT = Profile()  # a person without a profile row has its defaults
_NO_PROFILE = _Profile(
    _DEFAULT.sex_for_measures, _DEFAULT.grams_per_drink, _DEFAULT.country, None, None
)


def _summaries(
    totals: dict[str, Any], *, first: date, last: date, profile: _Profile, alcohol: bool
) -> dict[str, TlfbSummary | PeriodSummary]:
    """A window's period summary (and TLFB summary for alcohol) from its totals."""
    days = days_in_window(first, last)
    summaries: dict[str, TlfbSummary | PeriodSummary] = {
        "period": period_from_totals(
            days,
            reported=totals["reported"],
            use_days=totals["use_days"],
            harms=totals["harms"],
            care_actions=totals["care"],
            wellbeing_days=totals["wellbeing_days"],
            wellbeing_total=totals["wellbeing_total"],
        )
    }
    if alcohol:
        sex = profile.sex_for_measures
        summaries["tlfb"] = tlfb_from_totals(
            days,
            sex=sex,
            grams_per_drink=profile.grams_per_drink,
            reported=totals["tlfb_reported"],
            abstinent=totals["abstinent"],
            heavy=totals[f"heavy_{sex}"],
            total_grams=totals["total_grams"],
            peak_grams=totals["peak"],
        )
    return summaries


def summaries_for(
    person_ids: list[int], *, today: date | None = None
) -> dict[int, ProgressSummary]:
    """Progress summaries for many people in three queries, whatever their number and history.

    Each person's windows end on their own today (their time zone), unless `today` is given.
    The journal's windows are read as totals (one aggregate over the digest); the summaries are
    built from those totals, the same figures as from the days one by one.
    """
    if not person_ids:
        return {}
    profiles: dict[int, _Profile] = {}
    last: dict[int, date] = {}
    own_today: dict[int, date] = {}
    days_on: dict[str, date] = {}  # today on each zone named
    now_at = timezone.now()
    for pk, zone, country, guideline, first, final, last_day in (
        User.objects.filter(pk__in=person_ids)
        .order_by()
        .values_list(
            "pk",
            "time_zone",
            "profile__country",
            "profile__guideline",
            "profile__baseline_start",
            "profile__baseline_end",
            Subquery(_last_day()),
        )
    ):
        country = country or _DEFAULT.country  # no profile row yet: the defaults
        profiles[pk] = _Profile(
            sex_for_measures=guideline or Guideline.FEMALE,
            grams_per_drink=GRAMS_PER_STANDARD_DRINK[country],
            country=country,
            baseline_start=first,
            baseline_end=final,
        )
        if today is None:
            found_day = days_on.get(zone)
            if found_day is None:
                found_day = days_on[zone] = now_at.astimezone(zone_for_name(zone)).date()
            own_today[pk] = found_day
        if last_day is not None:
            last[pk] = last_day
    # Asked for everyone (the query filters on the calendar's dates): the same queries whoever
    # is on the page.
    calendars = _calendar_totals(
        person_ids, {profile.country: profile.grams_per_drink for profile in profiles.values()}
    )
    plans = {}
    stretches: dict[int, list[tuple[int, date, date]]] = {}
    for pk in person_ids:
        today_of = own_today.get(pk) or today or timezone.localdate()
        start = today_of - timedelta(days=WINDOW_DAYS - 1)
        previous_start = start - timedelta(days=WINDOW_DAYS)
        profile = profiles.get(pk) or _NO_PROFILE
        calendar = calendars.get(pk)
        # Against the calendar, "now" starts after it ends (the same rule as the progress page).
        now_first = now_start(start, profile.baseline_end if calendar else None)
        plans[pk] = (today_of, start, previous_start, now_first, profile, calendar)
        stretches[pk] = [
            (BEFORE, previous_start, start - timedelta(days=1)),
            (INSIDE, start, min(today_of, now_first - timedelta(days=1))),
            (NOW, now_first, today_of),
        ]
    totals = _window_totals(person_ids, stretches)
    found: dict[int, ProgressSummary] = {}
    for pk, (today_of, start, previous_start, now_first, profile, calendar) in plans.items():
        before, inside, now = (totals.get((pk, key), _EMPTY) for key in (BEFORE, INSIDE, NOW))
        has_alcohol = any(part["grams_days"] for part in (before, inside, now)) or bool(
            calendar and calendar["any_alcohol"]
        )
        after = _summaries(
            now,
            first=now_first,
            last=max(now_first, today_of),
            profile=profile,
            alcohol=has_alcohol,
        )
        if calendar is None:
            previous_end = start - timedelta(days=1)
            base = _summaries(
                before,
                first=previous_start,
                last=previous_end,
                profile=profile,
                alcohol=has_alcohol,
            )
            comparison = Comparison(
                previous_start,
                previous_end,
                start,
                today_of,
                _compare(base, after, period_measures=None, skip_use_days=False),
                base,
                after,
            )
        else:
            base = _summaries(
                calendar,
                first=profile.baseline_start,  # type: ignore[arg-type]
                last=profile.baseline_end,  # type: ignore[arg-type]
                profile=profile,
                alcohol=has_alcohol,
            )
            comparison = Comparison(
                profile.baseline_start,  # type: ignore[arg-type]
                profile.baseline_end,  # type: ignore[arg-type]
                now_first,
                today_of,
                _compare(
                    base, after, period_measures=BASELINE_PERIOD_MEASURES, skip_use_days=False
                ),
                base,
                after,
            )
        found[pk] = ProgressSummary(
            comparison=comparison,
            against_baseline=calendar is not None,
            days_reported=inside["reported"] + now["reported"],
            last_reported=last.get(pk),
        )
    return found


def summary_for(person_id: int, *, today: date | None = None) -> ProgressSummary:
    """One person's progress summary (the same reading as for a caseload of one)."""
    return summaries_for([person_id], today=today)[person_id]


def attention_for(person_ids: list[int], *, today: date | None = None) -> dict[int, list[str]]:
    """Who needs a look, and why (reason keys of REASONS), from the journal, in three queries.

    The direct computation: the caseload reads the same reasons from each person's stored
    state (`journal.attention`), and a property test holds that state to this function.

    An overdose or blackout logged in the last 28 days; nothing logged for 14 days; a WHO
    drinking risk level over the last 28 days higher than over the baseline calendar (or, with
    none, the 28 days before). One aggregate over the digest's day rows of 56 days per person.
    """
    if not person_ids:
        return {}
    today = today or timezone.localdate()
    start = today - timedelta(days=WINDOW_DAYS - 1)
    previous_start = start - timedelta(days=WINDOW_DAYS)
    quiet_since = today - timedelta(days=QUIET_DAYS - 1)
    recent, before = Q(day__gte=start), Q(day__lt=start)
    rows = (
        DayDigest.objects.filter(
            user_id__in=person_ids,
            substance__isnull=True,
            day__gte=previous_start,
            day__lte=today,
        )
        .annotate(severe=F("harm_mask").bitand(SEVERE_HARMS))
        .order_by()
        .values("user_id")
        .annotate(
            recent_days=Count("pk", filter=recent & Q(reported=True)),
            before_days=Count("pk", filter=before & Q(reported=True)),
            recent_grams=Sum("grams", filter=recent),
            before_grams=Sum("grams", filter=before),
            severe_days=Count("pk", filter=recent & Q(severe__gt=0)),
            lately=Count("pk", filter=Q(day__gte=quiet_since)),
        )
        .values_list(
            "user_id",
            "recent_days",
            "before_days",
            "recent_grams",
            "before_grams",
            "severe_days",
            "lately",
        )
    )
    windows = {row[0]: row[1:] for row in rows}
    profiles = {
        user_id: (start_day, end_day, guideline)
        for user_id, start_day, end_day, guideline in Profile.objects.filter(
            user_id__in=person_ids
        ).values_list("user_id", "baseline_start", "baseline_end", "guideline")
    }
    baselines = {
        user_id: (days, grams or 0.0)
        for user_id, days, grams in BaselineDay.objects.filter(
            user_id__in=person_ids, substance__category=Category.ALCOHOL
        )
        .order_by()
        .values("user_id")
        .annotate(days=Count("day", distinct=True), grams=Sum("alcohol_grams"))
        .values_list("user_id", "days", "grams")
    }
    found: dict[int, list[str]] = {}
    for pk in person_ids:
        reasons = []
        recent_days, before_days, recent_grams, before_grams, severe, lately = windows.get(
            pk, (0, 0, None, None, 0, 0)
        )
        if severe:
            reasons.append("severe_harm")
        if not lately:
            reasons.append("quiet")
        base_start, base_end, guideline = profiles.get(pk, (None, None, ""))
        sex = guideline or "female"  # as Profile.sex_for_measures: the protective thresholds
        if base_start and base_end and pk in baselines:
            base_days, base_grams = baselines[pk]
        else:
            base_days, base_grams = before_days, before_grams
        drinks = recent_grams is not None or (base_grams or 0) > 0
        # A higher level is named only on enough days on both sides (ENOUGH_DAYS).
        if drinks and recent_days >= ENOUGH_DAYS and base_days >= ENOUGH_DAYS:
            now = who_risk_level((recent_grams or 0.0) / recent_days, sex=sex)
            then = who_risk_level((base_grams or 0.0) / base_days, sex=sex)
            if now > then:
                reasons.append("who_worse")
        found[pk] = reasons
    return found
