"""Reading urges, usuals and prices; the urge insights and money and health in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint.accounts.gate import is_participant
from waypoint.companion.insights import PASSED_WITHIN, UrgeFact, urge_insights
from waypoint.companion.models import Price, Urge, Usual
from waypoint.journal.models import BaselineDay, DayDigest, Profile, today
from waypoint.journal.vocab import Unit
from waypoint.measures import alcohol_kcal

INSIGHT_DAYS = 90


def urges_visible_to(viewer: Any) -> QuerySet[Urge]:
    """The one rule for reading urges: a person sees their own, and nobody else's."""
    if not is_participant(viewer):
        return Urge.objects.none()
    return Urge.objects.filter(user=viewer).select_related("substance")


def usuals_visible_to(viewer: Any) -> QuerySet[Usual]:
    if not is_participant(viewer):
        return Usual.objects.none()
    return Usual.objects.filter(user=viewer).select_related("substance")


def usuals_on_today(viewer: Any) -> list[Usual]:
    """`usuals_visible_to` as Today's one-tap buttons show them: id, name and amount only, read
    as SQL (building the ORM's query cost more than the read, on every view of Today)."""
    if not is_participant(viewer):
        return []
    table = connection.ops.quote_name(Usual._meta.db_table)
    return list(
        Usual.objects.raw(
            f"SELECT id, name, amount, unit, abv_percent FROM {table} "  # noqa: S608 (a name from Django)
            "WHERE user_id = %s ORDER BY created_at, id",
            [viewer.pk],
        )
    )


def prices_visible_to(viewer: Any) -> QuerySet[Price]:
    if not is_participant(viewer):
        return Price.objects.none()
    return Price.objects.filter(user=viewer).select_related("substance")


_PARTS = {
    "morning": lambda n, t: ngettext(
        "%(n)s of %(t)s urge came in the morning.", "%(n)s of %(t)s urges came in the morning.", t
    ),
    "afternoon": lambda n, t: ngettext(
        "%(n)s of %(t)s urge came in the afternoon.",
        "%(n)s of %(t)s urges came in the afternoon.",
        t,
    ),
    "evening": lambda n, t: ngettext(
        "%(n)s of %(t)s urge came in the evening.", "%(n)s of %(t)s urges came in the evening.", t
    ),
    "night": lambda n, t: ngettext(
        "%(n)s of %(t)s urge came at night.", "%(n)s of %(t)s urges came at night.", t
    ),
}


def urge_insight_lines(viewer: Any, *, days: int = INSIGHT_DAYS) -> list[str]:
    """What the person's own urges of the last `days` days show, in neutral words with counts."""
    since = today() - timedelta(days=days - 1)
    facts = [
        UrgeFact(
            day=u.day,
            hour=timezone.localtime(u.felt_at).hour,
            strength=u.strength,
            used=u.used,
            lasted_minutes=u.lasted_minutes,
            helped=u.helped,
        )
        for u in urges_visible_to(viewer)
        .filter(day__gte=since)
        .select_related(None)
        .only("day", "felt_at", "strength", "used", "lasted_minutes", "helped")
    ]
    found = urge_insights(facts)
    if found is None:
        return []
    lines = []
    if found.passed_days is not None:
        lines.append(
            ngettext(
                "Urges passed within %(minutes)s minutes on %(n)s of %(t)s day.",
                "Urges passed within %(minutes)s minutes on %(n)s of %(t)s days.",
                found.timed_days,
            )
            % {"minutes": PASSED_WITHIN, "n": found.passed_days, "t": found.timed_days}
        )
    if found.used_after is not None:
        lines.append(
            ngettext(
                "You used after %(n)s of %(t)s urge where you noted it.",
                "You used after %(n)s of %(t)s urges where you noted it.",
                found.answered_used,
            )
            % {"n": found.used_after, "t": found.answered_used}
        )
    if found.part_of_day is not None:
        lines.append(
            _PARTS[found.part_of_day](found.part_of_day_count, found.urges)
            % {"n": found.part_of_day_count, "t": found.urges}
        )
    if found.helped_most is not None:
        lines.append(
            _("“%(text)s” was noted as helping %(n)s times.")
            % {"text": found.helped_most, "n": found.helped_count}
        )
    lines.append(
        ngettext(
            "Average strength %(mean)s out of 10, over %(t)s urge.",
            "Average strength %(mean)s out of 10, over %(t)s urges.",
            found.urges,
        )
        % {"mean": f"{found.mean_strength:g}", "t": found.urges}
    )
    return lines


# --- Money and health -----------------------------------------------------------------------


@dataclass(frozen=True)
class Spending:
    substance: str
    price: Decimal
    unit_label: str
    month_amount: float
    month_spent: Decimal
    baseline_spent: Decimal | None  # over the baseline calendar's days
    baseline_days: int
    month_days: int
    baseline_for_month: Decimal | None  # the baseline's pace over as many days as this month


@dataclass(frozen=True)
class MoneyAndHealth:
    month_start: date
    month_end: date
    month_days: int
    reported_days: int  # days this month with an entry or a 'no use' check-in
    spending: list[Spending]
    total_spent: Decimal
    total_baseline_for_month: Decimal | None
    alcohol_grams: float
    alcohol_kcal: float
    baseline_kcal_for_month: float | None


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _month_and_baseline(viewer: Any, start: date, end: date) -> list[tuple[Any, ...]]:
    """The month's digest summed per (substance, unit) and the baseline's per substance.

    One statement for both (rows tagged "m" and "b"): the page shows them on every view, and
    two grouped ORM queries cost more to build than to run. The day rows (substance empty)
    give the days reported.
    """
    digest = connection.ops.quote_name(DayDigest._meta.db_table)
    base = connection.ops.quote_name(BaselineDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'm', substance_id, unit, SUM(amount), SUM(grams), "  # noqa: S608
            f"SUM(CASE WHEN reported THEN 1 ELSE 0 END) FROM {digest} "
            "WHERE user_id = %s AND day >= %s AND day <= %s GROUP BY substance_id, unit "
            f"UNION ALL SELECT 'b', substance_id, NULL, SUM(amount), SUM(alcohol_grams), NULL "
            f"FROM {base} WHERE user_id = %s GROUP BY substance_id",
            [viewer.pk, start, end, viewer.pk],
        )
        return list(cursor.fetchall())


def money_and_health(viewer: Any, profile: Profile) -> MoneyAndHealth:
    """This month's spending at the person's own prices and alcohol calories, beside the baseline.

    The baseline is the getting-started calendar; its pace (per day) is scaled to the days of
    this month so far, so both columns cover as many days. Two queries (prices; the month's
    digest and the baseline together), whatever the history.
    """
    end = today()
    start = end.replace(day=1)
    month_days = (end - start).days + 1
    prices = list(prices_visible_to(viewer))
    used: dict[tuple[int, str], float] = {}
    grams_by_substance: dict[int, float] = {}
    month_grams = 0.0
    reported = 0
    baseline: dict[int, dict[str, float | None]] = {}
    for part, substance_id, unit, amount, grams, days in _month_and_baseline(viewer, start, end):
        if part == "b":  # the baseline calendar's sums per substance
            baseline[substance_id] = {"amount": amount, "grams": grams}
        elif substance_id is None:  # the day rows: days reported
            reported += int(days or 0)
        else:
            used[(substance_id, unit)] = amount or 0.0
            if grams:
                grams_by_substance[substance_id] = grams_by_substance.get(substance_id, 0.0) + grams
                month_grams += grams
    baseline_rows = list(baseline.values())
    baseline_days = 0
    if profile.baseline_start and profile.baseline_end:
        baseline_days = (profile.baseline_end - profile.baseline_start).days + 1
    spending = []
    for price in prices:
        substance = price.substance
        if substance.is_alcohol:
            amount = grams_by_substance.get(substance.pk, 0.0) / profile.grams_per_drink
        else:
            amount = used.get((substance.pk, price.unit), 0.0)
        month_spent = _money(amount * float(price.price))
        base = baseline.get(substance.pk)
        base_spent = base_pace = None
        # The baseline calendar counts alcohol in standard drinks, others in the default unit.
        fits = substance.is_alcohol or price.unit == substance.default_unit
        if base is not None and baseline_days and fits:
            base_spent = _money((base["amount"] or 0.0) * float(price.price))
            base_pace = _money(float(base_spent) / baseline_days * month_days)
        spending.append(
            Spending(
                substance=substance.name,
                price=price.price,
                unit_label=str(Unit(price.unit).label),
                month_amount=round(amount, 2),
                month_spent=month_spent,
                baseline_spent=base_spent,
                baseline_days=baseline_days,
                month_days=month_days,
                baseline_for_month=base_pace,
            )
        )
    paces = [s.baseline_for_month for s in spending]
    total_pace = (
        _money(sum(p for p in paces if p is not None))
        if paces and all(p is not None for p in paces)
        else None
    )
    baseline_grams = sum((row["grams"] or 0.0) for row in baseline_rows)
    baseline_kcal = (
        round(alcohol_kcal(baseline_grams) / baseline_days * month_days)
        if baseline_days and any(row["grams"] is not None for row in baseline_rows)
        else None
    )
    return MoneyAndHealth(
        month_start=start,
        month_end=end,
        month_days=month_days,
        reported_days=reported,
        spending=sorted(spending, key=lambda s: s.substance.casefold()),
        total_spent=_money(sum((s.month_spent for s in spending), Decimal(0))),
        total_baseline_for_month=total_pace,
        alcohol_grams=round(month_grams, 1),
        alcohol_kcal=round(alcohol_kcal(month_grams)),
        baseline_kcal_for_month=baseline_kcal,
    )
