"""The worker's one pass over due work; `manage.py run_worker` repeats it.

The database is the source of truth (healthchecks.io's `sendalerts` works the same way):
1. timers past their deadline: ask the person first (a conditional update claims each one);
2. timers past deadline plus grace: alert the contacts (state change and outbox rows commit
   together, so a worker killed half-way leaves the timer due for the next one);
3. daily check-in reminders and drug-alert fan-out, claimed the same way;
4. the outbox: claim pending rows with a lease (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL,
   then a conditional UPDATE), send, mark sent. A worker killed between send and mark leaves the
   lease to expire and another worker sends again: at most one duplicate, never a miss.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from waypoint.accounts.zones import local_today, zone_for_name
from waypoint.alerts import messages, services
from waypoint.alerts.models import Channel, DrugAlert, Outbox, SafetyPrefs, Timer
from waypoint.alerts.selectors import subscribers_for
from waypoint.alerts.sms import send_sms

log = logging.getLogger("waypoint.worker")

BATCH = 100
MAX_ATTEMPTS = 20


@dataclass
class Pass:
    """What one pass did (for logs and tests)."""

    asked: int = 0
    alerted: int = 0
    reminders: int = 0
    fanned_out: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def busy(self) -> bool:
        return bool(self.asked or self.alerted or self.reminders or self.fanned_out or self.sent)


def _skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


def timers_to_ask() -> list[Timer]:
    """Running timers past their deadline whose owner has not been asked yet."""
    now = timezone.now()
    return list(
        Timer.objects.filter(
            status=Timer.Status.RUNNING, deadline__lte=now, asked_at__isnull=True, alert_at__gt=now
        )
        .select_related("owner")
        .order_by("deadline")[:BATCH]
    )


def due_reminders() -> list[SafetyPrefs]:
    """Reminders whose time has come on their person's own clock and were not sent that day.

    One query per time zone that people with a reminder live in (a handful), so the comparison
    of times and days stays in SQL and each person's "today" is their own.
    """
    waiting = SafetyPrefs.objects.filter(reminder_time__isnull=False)
    zones = waiting.values_list("user__time_zone", flat=True).distinct().order_by()
    now = timezone.now()
    due: list[SafetyPrefs] = []
    for name in sorted(zones):
        local = now.astimezone(zone_for_name(name))
        due += (
            waiting.filter(user__time_zone=name, reminder_time__lte=local.time())
            .filter(Q(reminder_last_on__isnull=True) | Q(reminder_last_on__lt=local.date()))
            .select_related("user")[: BATCH - len(due)]
        )
        if len(due) >= BATCH:
            break
    return due


def fan_out(alert: DrugAlert) -> int:
    """Tell the subscribers an alert concerns, once (the claim and the messages commit together)."""
    with transaction.atomic():
        if not DrugAlert.objects.filter(pk=alert.pk, fanned_out_at__isnull=True).update(
            fanned_out_at=timezone.now()
        ):
            return 0
        url = reverse("alerts:detail", args=[alert.pk])
        subject, body = messages.drug_alert(
            title=alert.title,
            region=alert.region.name,
            evidence=str(alert.get_evidence_display()),
            details=alert.details,
            substances=alert.substances,
            url=messages.absolute(url),
        )
        told = 0
        for subscription in subscribers_for(alert):
            key = f"drug:{alert.pk}:{subscription.user_id}"
            services.notify(user=subscription.user, key=key, title=subject, body=body, url=url)
            prefs = services.prefs_for(subscription.user)
            services.to_own(
                prefs=prefs,
                channel=subscription.channel,
                key=key,
                kind=Outbox.Kind.DRUG_ALERT,
                subject=subject,
                body=body,
            )
            told += 1
    return told


def claim_outbox(token: str, limit: int = BATCH) -> list[Outbox]:
    """Claim due outbox rows for this worker with a lease; other workers skip them."""
    now = timezone.now()
    due = Q(status=Outbox.Status.PENDING, next_attempt_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    with transaction.atomic():
        candidates = Outbox.objects.filter(due).order_by("due_at", "id")
        if _skip_locked():
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        # The conditional update is the claim: only rows still due change hands.
        Outbox.objects.filter(due, pk__in=ids).update(
            claim_token=token,
            claimed_until=now + timedelta(seconds=settings.WORKER_LEASE_SECONDS),
        )
    return list(
        Outbox.objects.filter(claim_token=token, status=Outbox.Status.PENDING).order_by(
            "due_at", "id"
        )
    )


def deliver(row: Outbox, email_connection: object) -> None:
    """Send one message; raises on failure."""
    if row.channel == Channel.EMAIL:
        message = EmailMessage(
            subject=row.subject,
            body=row.body,
            to=[row.recipient],
            connection=email_connection,  # type: ignore[arg-type]
            headers={"X-Waypoint-Key": row.key},
        )
        message.send(fail_silently=False)
    elif row.channel == Channel.SMS:
        send_sms(to=row.recipient, body=row.body)


def mark_sent(row: Outbox) -> None:
    Outbox.objects.filter(pk=row.pk, status=Outbox.Status.PENDING).update(
        status=Outbox.Status.SENT, sent_at=timezone.now(), claimed_until=None
    )


def mark_failed(row: Outbox, error: Exception) -> None:
    attempts = row.attempts + 1
    delay = min(300, 2**attempts)
    Outbox.objects.filter(pk=row.pk, claim_token=row.claim_token).update(
        attempts=attempts,
        last_error=str(error)[:200],
        claimed_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        status=Outbox.Status.FAILED if attempts >= MAX_ATTEMPTS else Outbox.Status.PENDING,
    )


def send_outbox(token: str, result: Pass, stop: object | None = None) -> None:
    rows = claim_outbox(token)
    if not rows:
        return
    email_connection = get_connection(fail_silently=False)
    opened = False
    try:
        for row in rows:
            if stop is not None and getattr(stop, "requested", False):
                break  # unsent rows keep their lease briefly, then another worker takes them
            try:
                if row.channel == Channel.EMAIL and not opened:
                    email_connection.open()
                    opened = True
                deliver(row, email_connection)
                if settings.WORKER_FAULT == "kill-after-send":
                    os.kill(os.getpid(), signal.SIGKILL)  # the crash the fault test needs
            except Exception as error:  # kept in the outbox and retried with a back-off
                log.warning("outbox %s not sent: %s", row.pk, error)
                result.failed += 1
                result.errors.append(str(error))
                mark_failed(row, error)
                if row.channel == Channel.EMAIL and opened:
                    email_connection.close()
                    opened = False
                continue
            mark_sent(row)
            result.sent += 1
    finally:
        if opened:
            email_connection.close()


def run_once(token: str | None = None, stop: object | None = None) -> Pass:
    """One pass over everything due."""
    token = token or secrets.token_hex(8)
    result = Pass()
    result.alerted += services.alert_due_timers(BATCH)
    for timer in timers_to_ask():
        if services.ask_timer(timer):
            result.asked += 1
    for prefs in due_reminders():
        if services.send_reminder(prefs, local_today(prefs.user)):
            result.reminders += 1
    for alert in DrugAlert.objects.filter(
        status=DrugAlert.Status.PUBLISHED, fanned_out_at__isnull=True
    ).select_related("region")[:10]:
        result.fanned_out += fan_out(alert)
    # Each call claims a new lease token so a slow batch cannot hold rows past its lease.
    send_outbox(f"{token}:{secrets.token_hex(4)}", result, stop)
    return result
