"""Reads, and the one place that decides who may see what in this app.

Matching a drug alert against a person's own journal happens here, inside Waypoint, for that
person only: nothing that a program can read records who matched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, timedelta
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from waypoint.accounts.gate import organizations_where, require_participant
from waypoint.accounts.models import Membership, Organization
from waypoint.accounts.zones import organization_today, zone_for_name
from waypoint.alerts.models import (
    Contact,
    DrugAlert,
    Notification,
    Region,
    Report,
    SafetyPrefs,
    Subscription,
    Timer,
)
from waypoint.alerts.substances import matches
from waypoint.core.errors import NotFound
from waypoint.journal.selectors import entries_visible_to

# Staff who publish alerts and review reports.
ALERT_ROLES = (Membership.Role.ADMIN, Membership.Role.OUTREACH)
# "What I log" looks this far back.
LOG_WINDOW_DAYS = 90


# --- Check on me (the participant's own things only) ----------------------------------------


def contacts_of(viewer: Any) -> QuerySet[Contact]:
    return Contact.objects.filter(owner=require_participant(viewer))


def timers_of(viewer: Any) -> QuerySet[Timer]:
    return Timer.objects.filter(owner=require_participant(viewer))


def timer_for(viewer: Any, timer_id: int) -> Timer:
    timer = timers_of(viewer).filter(pk=timer_id).prefetch_related("contacts").first()
    if timer is None:
        raise NotFound()
    return timer


def running_timer(viewer: Any) -> Timer | None:
    return timers_of(viewer).filter(status=Timer.Status.RUNNING).first()


def notifications_of(viewer: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=require_participant(viewer))


# --- Drug alerts ----------------------------------------------------------------------------


def alert_organizations(viewer: Any) -> QuerySet[Organization]:
    """Organizations where the viewer may publish alerts and review reports."""
    return organizations_where(viewer, ALERT_ROLES)


def current_alerts(*, region_ids: list[int] | None = None, limit: int = 50) -> list[DrugAlert]:
    """Published alerts still inside their dates, for anyone to read, newest first.

    An alert runs to the end of its last day on its organization's clock, whoever reads it. SQL
    keeps those whose last day has not ended somewhere on earth (UTC's date less one); the
    organization's own day is checked here, on a few more rows than asked for (only alerts
    whose last day ended within the day can be among them).
    """
    earliest = timezone.now().astimezone(UTC).date() - timedelta(days=1)
    alerts = (
        DrugAlert.objects.filter(status=DrugAlert.Status.PUBLISHED, expires_on__gte=earliest)
        .select_related("region", "organization")
        .order_by("-published_at", "-id")
    )
    if region_ids is not None:
        alerts = alerts.filter(region_id__in=region_ids)
    return [
        alert
        for alert in alerts[: limit + 20]
        if alert.expires_on >= organization_today(alert.organization)
    ][:limit]


def alert_for(viewer: Any, alert_id: int) -> DrugAlert:
    """Anyone reads a published alert; staff of its organization also a withdrawn one."""
    alert = DrugAlert.objects.select_related("region", "organization").filter(pk=alert_id).first()
    if alert is None:
        raise NotFound()
    if (
        alert.status != DrugAlert.Status.PUBLISHED
        and not alert_organizations(viewer).filter(pk=alert.organization_id).exists()
    ):
        raise NotFound()
    return alert


def reports_for(organization: Organization) -> QuerySet[Report]:
    return Report.objects.filter(organization=organization).select_related("region")


def regions_of(organization: Organization) -> QuerySet[Region]:
    return Region.objects.filter(organization=organization)


def all_regions() -> QuerySet[Region]:
    return Region.objects.select_related("organization").order_by("organization__name", "name")


def logged_slugs(users: Iterable[int]) -> dict[int, set[str]]:
    """Catalogue slugs each person logged in the last 90 days of their own calendar (their own
    journal only). The worker runs on the site's clock: the last day of each slug is read from
    the earliest day any zone can be on, and each person's 90 days kept here."""
    earliest = timezone.now().astimezone(UTC).date() - timedelta(days=LOG_WINDOW_DAYS + 1)
    found: dict[int, set[str]] = defaultdict(set)
    rows = (
        entries_visible_to_many(list(users))
        .filter(day__gte=earliest, substance__owner__isnull=True)
        .order_by()
        .values("user_id", "substance__slug", "user__time_zone")
        .annotate(last=Max("day"))
        .values_list("user_id", "substance__slug", "user__time_zone", "last")
    )
    now = timezone.now()
    for user_id, slug, zone, last in rows:
        if last >= now.astimezone(zone_for_name(zone)).date() - timedelta(days=LOG_WINDOW_DAYS):
            found[user_id].add(slug)
    return found


def entries_visible_to_many(user_ids: list[int]) -> QuerySet[Any]:
    """Entries of these people, read by the worker for matching (never shown to anyone)."""
    from waypoint.journal.models import Entry

    return Entry.objects.filter(user_id__in=user_ids)


def wants(subscription: Subscription, alert: DrugAlert, logged: set[str]) -> bool:
    """Whether this alert concerns this subscriber (pure, given their region ids prefetched)."""
    if alert.region_id not in {r.pk for r in subscription.regions.all()}:
        return False
    if subscription.match_my_log:
        return matches(alert.substances, logged)
    if not subscription.substances:
        return True  # every substance in the region
    return matches(alert.substances, set(subscription.substances))


def subscription_of(viewer: Any) -> Subscription | None:
    user = require_participant(viewer)
    return Subscription.objects.filter(user=user).prefetch_related("regions").first()


def alerts_matching(viewer: Any, limit: int = 5) -> list[DrugAlert]:
    """Current alerts that match the participant's subscription (for Today and /alerts/)."""
    subscription = subscription_of(viewer)
    if subscription is None:
        return []
    region_ids = [r.pk for r in subscription.regions.all()]
    if not region_ids:
        return []
    logged: set[str] = set()
    if subscription.match_my_log:
        since = timezone.localdate() - timedelta(days=LOG_WINDOW_DAYS)
        logged = set(
            entries_visible_to(viewer)
            .filter(day__gte=since, substance__owner__isnull=True)
            .values_list("substance__slug", flat=True)
            .distinct()
        )
    candidates = current_alerts(region_ids=region_ids, limit=200)
    return [a for a in candidates if wants(subscription, a, logged)][:limit]


def subscribers_for(alert: DrugAlert) -> list[Subscription]:
    """Subscriptions an alert should reach (the worker's fan-out; never shown to the program)."""
    subscriptions = list(
        Subscription.objects.filter(regions=alert.region_id)
        .filter(Q(user__is_active=True))
        .select_related("user")
        .prefetch_related("regions")
    )
    logged = logged_slugs(s.user_id for s in subscriptions if s.match_my_log)
    return [s for s in subscriptions if wants(s, alert, logged.get(s.user_id, set()))]


def own_export(user: Any) -> dict[str, Any]:
    """Check on me and alert choices for the participant's own export (a few queries)."""
    prefs = SafetyPrefs.objects.filter(user=user).first()
    subscription = Subscription.objects.filter(user=user).prefetch_related("regions").first()
    timers = Timer.objects.filter(owner=user).prefetch_related("contacts").order_by("started_at")
    return {
        "rescue_plan": prefs.rescue_plan if prefs else "",
        "daily_reminder": (
            prefs.reminder_time.isoformat() if prefs and prefs.reminder_time else None
        ),
        "contacts": [
            {"name": c.name, "email": c.email, "phone": c.phone, "status": c.status}
            for c in Contact.objects.filter(owner=user)
        ],
        "timers": [
            {
                "started_at": t.started_at.isoformat(),
                "deadline": t.deadline.isoformat(),
                "status": t.status,
                "note": t.note,
                "contacts": [c.name for c in t.contacts.all()],
            }
            for t in timers
        ],
        "alert_subscription": (
            {
                "areas": [r.name for r in subscription.regions.all()],
                "substances": subscription.substances,
                "only_what_i_log": subscription.match_my_log,
                "channel": subscription.channel,
            }
            if subscription
            else None
        ),
    }
