"""What other apps ask of goals: a progress summary for one person or many, and what needs a look.

The caseload and the client pages (care) read these; they never rebuild goals' internals. Each
function costs a fixed number of queries whatever the number of people or the length of their
history: every read is of the journal's per-day digest, a bounded window of it, or an aggregate.
Callers decide who may be read (care holds the consent); nothing here checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypedDict

from django.db.models import Case, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.accounts.zones import local_today
from waypoint.goals.progress import (
    BASELINE_PERIOD_MEASURES,
    Comparison,
    _baseline_summaries,
    _compare,
    now_start,
    scope_of_goal,
)
from waypoint.goals.rules import Journal
from waypoint.journal.bits import HARM_BITS
from waypoint.journal.models import BaselineDay, DayDigest, Profile
from waypoint.journal.vocab import Category, Harm
from waypoint.measures import PeriodSummary, TlfbSummary, who_risk_level
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


# What the digest aggregate gives for each stretch of a person's days (see _window_totals).
_TOTALS = {
    "reported": Count("pk"),
    "use_days": Count("pk", filter=Q(entries__gt=0)),
    "harms": Sum("harms"),
    "care": Sum("care_actions", filter=Q(entries__gt=0)),
    "wellbeing_days": Count("wellbeing"),
    "wellbeing_total": Sum("wellbeing"),
    "grams_days": Count("grams"),
    "total_grams": Sum("grams"),
    "abstinent": Count("pk", filter=Q(grams__isnull=True) | Q(grams=0)),
    "heavy_female": Count("pk", filter=Q(grams__gte=heavy_threshold("female"))),
    "heavy_male": Count("pk", filter=Q(grams__gte=heavy_threshold("male"))),
    "peak": Max("grams"),
}
_EMPTY = dict.fromkeys(_TOTALS, 0)

# The stretches of a person's 56 days: the 28 days before; with a baseline calendar, the days
# of the last 28 that fall inside it (counted as reported, never compared); the "now" window.
BEFORE, INSIDE, NOW = 0, 1, 2


def _window_totals(
    person_ids: list[int], stretches: dict[int, list[tuple[int, date, date]]]
) -> dict[tuple[int, int], dict[str, Any]]:
    """Each person's reported digest days totalled per stretch: one aggregate query."""
    # One condition per stretch of days shared by several people (their todays differ only by
    # time zone, and most calendars ended long ago), not one per person.
    sharing: dict[tuple[int, date, date], list[int]] = {}
    for pk, spans in stretches.items():
        for key, first, last in spans:
            if first <= last:
                sharing.setdefault((key, first, last), []).append(pk)
    whens = [
        When(Q(day__gte=first, day__lte=last, user_id__in=ids), then=Value(key))
        for (key, first, last), ids in sharing.items()
    ]
    if not whens:
        return {}
    days = [day for _key, first, last in sharing for day in (first, last)]
    rows = (
        DayDigest.objects.filter(
            user_id__in=person_ids,
            substance__isnull=True,
            reported=True,
            day__gte=min(days),
            day__lte=max(days),
        )
        .annotate(stretch=Case(*whens, default=None))
        .filter(stretch__isnull=False)
        .order_by()
        .values("user_id", "stretch")
        .annotate(**_TOTALS)
        .values_list("user_id", "stretch", *_TOTALS)
    )
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for user_id, stretch, *values in rows:
        totals = {name: value or 0 for name, value in zip(_TOTALS, values, strict=True)}
        for name in ("harms", "care", "wellbeing_total"):
            totals[name] = int(totals[name])  # PostgreSQL sums integers as bigint or numeric
        totals["total_grams"] = float(totals["total_grams"])
        totals["peak"] = float(totals["peak"])
        found[user_id, stretch] = totals
    return found


def _summaries(
    totals: dict[str, Any], *, first: date, last: date, profile: Profile, alcohol: bool
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
            reported=totals["reported"],
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
    profiles: dict[int, Profile] = {}
    last: dict[int, date] = {}
    own_today: dict[int, date] = {}
    for person in (
        User.objects.filter(pk__in=person_ids)
        .select_related("profile")
        .annotate(last=Subquery(_last_day()))
    ):
        profiles[person.pk] = getattr(person, "profile", None) or Profile(user_id=person.pk)
        own_today[person.pk] = today or local_today(person)
        if person.last is not None:
            last[person.pk] = person.last
    baseline: dict[int, list[tuple[date, int, float, float | None]]] = {pk: [] for pk in person_ids}
    for user_id, *row in (
        BaselineDay.objects.filter(user_id__in=person_ids)
        .order_by()
        .values_list("user_id", "day", "substance_id", "amount", "alcohol_grams")
    ):
        baseline[user_id].append(tuple(row))  # type: ignore[arg-type]
    # Only alcohol has grams, on the journal's days and the calendar's alike.
    alcohol = frozenset(row[1] for rows in baseline.values() for row in rows if row[3] is not None)
    journal = Journal(alcohol_ids=alcohol)
    plans = {}
    stretches: dict[int, list[tuple[int, date, date]]] = {}
    for pk in person_ids:
        today_of = own_today.get(pk) or today or timezone.localdate()
        start = today_of - timedelta(days=WINDOW_DAYS - 1)
        previous_start = start - timedelta(days=WINDOW_DAYS)
        profile = profiles.get(pk) or Profile(user_id=pk)
        rows = baseline[pk] if profile.baseline_start and profile.baseline_end else []
        # Against the calendar, "now" starts after it ends (the same rule as the progress page).
        now_first = now_start(start, profile.baseline_end if rows else None)
        plans[pk] = (today_of, start, previous_start, now_first, profile, rows)
        stretches[pk] = [
            (BEFORE, previous_start, start - timedelta(days=1)),
            (INSIDE, start, min(today_of, now_first - timedelta(days=1))),
            (NOW, now_first, today_of),
        ]
    totals = _window_totals(person_ids, stretches)
    everything = scope_of_goal(None, journal, Profile())
    found: dict[int, ProgressSummary] = {}
    for pk, (today_of, start, previous_start, now_first, profile, rows) in plans.items():
        before, inside, now = (totals.get((pk, key), _EMPTY) for key in (BEFORE, INSIDE, NOW))
        has_alcohol = any(part["grams_days"] for part in (before, inside, now)) or any(
            row[1] in alcohol for row in rows
        )
        after = _summaries(
            now,
            first=now_first,
            last=max(now_first, today_of),
            profile=profile,
            alcohol=has_alcohol,
        )
        if not rows:
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
            base = _baseline_summaries(
                everything,
                rows,
                journal,
                start=profile.baseline_start,  # type: ignore[arg-type]
                end=profile.baseline_end,  # type: ignore[arg-type]
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
            against_baseline=bool(rows),
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
