"""The report: every indicator of docs/programs.md for a period, overall and by month.

Four queries whatever the amount of data: encounters grouped by month, distinct codes over the
whole period (they cannot be added up across months), codes first seen, and reversals by month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from waypoint.core.routers import replica_reads
from waypoint.programs.models import Encounter, Participant, Reversal
from waypoint.programs.selectors import ProgramAccess, day_bounds
from waypoint.programs.suppression import suppress

INDICATORS = (
    "encounters",
    "unique_participants",
    "new_participants",
    "anonymous_contacts",
    "syringes_distributed",
    "syringes_collected",
    "naloxone_kits_distributed",
    "naloxone_doses_distributed",
    "fentanyl_test_strips_distributed",
    "xylazine_test_strips_distributed",
    "hiv_tests",
    "hiv_reactive",
    "hcv_tests",
    "hcv_reactive",
    "referrals_made",
    "referrals_linked",
    "overdose_reversals_reported",
)

# Indicator key → the encounter column it sums.
_SUMS = {
    "syringes_distributed": "syringes_distributed",
    "syringes_collected": "syringes_collected",
    "naloxone_kits_distributed": "naloxone_kits",
    "naloxone_doses_distributed": "naloxone_doses",
    "fentanyl_test_strips_distributed": "fentanyl_strips",
    "xylazine_test_strips_distributed": "xylazine_strips",
    "hiv_tests": "hiv_tests",
    "hiv_reactive": "hiv_reactive",
    "hcv_tests": "hcv_tests",
    "hcv_reactive": "hcv_reactive",
    "referrals_made": "referrals_made",
    "referrals_linked": "referrals_linked",
}


def _zero(name: str) -> Any:
    return Coalesce(Sum(name), Value(0), output_field=IntegerField())


def _aggregates() -> dict[str, Any]:
    values: dict[str, Any] = {
        "encounters": Count("id"),
        "unique_participants": Count("participant", distinct=True),
        "anonymous_contacts": Coalesce(
            Sum("people", filter=Q(participant__isnull=True)), Value(0), output_field=IntegerField()
        ),
    }
    values.update({key: _zero(column) for key, column in _SUMS.items()})
    return values


@dataclass
class Report:
    first: date
    last: date
    site: int | None
    shared: bool
    indicators: dict[str, int | None]
    monthly: list[dict[str, Any]]  # {"month": "YYYY-MM", "indicators": {...}}

    @property
    def linkage_rate(self) -> float | None:
        made, linked = self.indicators["referrals_made"], self.indicators["referrals_linked"]
        if not made or linked is None:
            return None
        return round(100 * linked / made, 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "site": self.site,
            "shared": self.shared,
            "indicators": self.indicators,
            "monthly": self.monthly,
        }


def _month_key(value: Any) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _months(first: date, last: date) -> list[str]:
    keys, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


@replica_reads()  # aggregates that tolerate a little lag; who may see them is checked before
def report(
    access: ProgramAccess,
    *,
    first: date,
    last: date,
    site: int | None = None,
    shared: bool = False,
    threshold: int = 10,
) -> Report:
    """The indicators for [first, last] (days in the organization's time zone)."""
    tz = access.tz
    start, end = day_bounds(tz, first, last)
    encounters: QuerySet[Encounter] = Encounter.objects.filter(
        organization=access.organization, at__gte=start, at__lt=end
    )
    new: QuerySet[Participant] = Participant.objects.filter(
        organization=access.organization, first_seen_at__gte=start, first_seen_at__lt=end
    )
    reversals: QuerySet[Reversal] = Reversal.objects.filter(
        organization=access.organization, at__gte=start, at__lt=end
    )
    if site is not None:
        encounters = encounters.filter(site_id=site)
        new = new.filter(first_site_id=site)
        reversals = reversals.filter(site_id=site)
    months = {key: dict.fromkeys(INDICATORS, 0) for key in _months(first, last)}
    by_month = (
        encounters.annotate(month=TruncMonth("at", tzinfo=tz))
        .order_by()
        .values("month")
        .annotate(**_aggregates())
    )
    for row in by_month:
        values: dict[str, Any] = dict(row)
        months[_month_key(values.pop("month"))].update(values)
    # Every total but one is the sum of its months; distinct codes are counted once more (an
    # index on (organization, at, participant) lets PostgreSQL answer from the index alone).
    totals = {key: sum(months[m][key] for m in months) for key in INDICATORS}
    totals["unique_participants"] = encounters.order_by().aggregate(
        n=Count("participant", distinct=True)
    )["n"]
    for key, count in (
        new.annotate(month=TruncMonth("first_seen_at", tzinfo=tz))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    ):
        months[_month_key(key)]["new_participants"] = count
        totals["new_participants"] += count
    for key, count in (
        reversals.annotate(month=TruncMonth("at", tzinfo=tz))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    ):
        months[_month_key(key)]["overdose_reversals_reported"] = count
        totals["overdose_reversals_reported"] += count
    ordered = list(months)
    shown_totals: dict[str, int | None] = dict(totals)
    shown_months: list[dict[str, int | None]] = [dict(months[m]) for m in ordered]
    if shared:
        shown_totals, shown_months = suppress(totals, [months[m] for m in ordered], threshold)
    return Report(
        first=first,
        last=last,
        site=site,
        shared=shared,
        indicators={k: shown_totals[k] for k in INDICATORS},
        monthly=[
            {"month": m, "indicators": {k: row[k] for k in INDICATORS}}
            for m, row in zip(ordered, shown_months, strict=True)
        ],
    )
