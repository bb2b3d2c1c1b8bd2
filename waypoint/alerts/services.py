"""Everything that writes: contacts, timers, the outbox, reminders, drug alerts, subscriptions.

State changes that the worker also makes (ask at the deadline, alert after the grace period) are
conditional updates: the row changes only if it is still in the state the caller saw, so two
workers (or a worker and a person pressing "I'm OK") can never both win.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import Organization, User, secret_hash
from waypoint.accounts.services import in_own_language
from waypoint.accounts.zones import local_now, organization_today, zone_for
from waypoint.alerts import messages
from waypoint.alerts.models import (
    Channel,
    Contact,
    DrugAlert,
    Evidence,
    Notification,
    Outbox,
    Region,
    Report,
    SafetyPrefs,
    Subscription,
    Timer,
)
from waypoint.alerts.substances import unknown_slugs
from waypoint.core.errors import Conflict, NotFound, Refused

CONFIRM_DAYS = 7
PHONE_RE = re.compile(r"^\+?[0-9]{7,15}$")


# --- Outbox and in-app notifications --------------------------------------------------------


def enqueue(
    *,
    key: str,
    kind: str,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    user: User | None = None,
    timer: Timer | None = None,
    due_at: datetime | None = None,
) -> None:
    """Write one message to the outbox (once per key: a second write is ignored)."""
    now = timezone.now()
    # One INSERT … ON CONFLICT DO NOTHING: cheaper than get_or_create in the worker's hot path.
    Outbox.objects.bulk_create(
        [
            Outbox(
                key=key,
                kind=kind,
                channel=channel,
                recipient=recipient,
                subject=subject,
                body=body,
                user=user,
                timer=timer,
                due_at=due_at or now,
                next_attempt_at=now,
            )
        ],
        ignore_conflicts=True,
    )


def notify(*, user: User, key: str, title: str, body: str = "", url: str = "") -> None:
    """An in-app notification for the participant (once per key)."""
    Notification.objects.bulk_create(
        [Notification(user=user, key=key, title=title[:200], body=body, url=url)],
        ignore_conflicts=True,
    )


def notification_read(*, user: User, notification_id: int) -> None:
    Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def to_own(
    *, prefs: SafetyPrefs, channel: str, key: str, kind: str, subject: str, body: str
) -> None:
    """Send a message to the participant themself by the channel they chose, if they can get it."""
    addresses: dict[str, str] = {Channel.EMAIL: prefs.own_email, Channel.SMS: prefs.own_phone}
    address = addresses.get(channel, "")
    if address:
        enqueue(
            key=key,
            kind=kind,
            channel=channel,
            recipient=address,
            subject=subject,
            body=body,
            user=prefs.user,
        )


# --- The participant's own settings ---------------------------------------------------------


def prefs_for(user: User) -> SafetyPrefs:
    prefs, _created = SafetyPrefs.objects.get_or_create(user=user)
    return prefs


def _clean_phone(raw: str, field: str) -> str:
    phone = re.sub(r"[\s().-]", "", raw or "")
    if phone and not PHONE_RE.match(phone):
        raise ValidationError(
            {field: _("Write the phone number with its country code, like +1 555 123 4567.")}
        )
    return phone


def _clean_email(raw: str, field: str) -> str:
    email = (raw or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({field: _("That email address does not look right.")}) from error
    return email


def _own_addresses(
    *, channel: str, channel_field: str, email: str, phone: str, needed: bool = True
) -> tuple[str, str]:
    """The person's own email and phone, checked, and present for the channel they chose."""
    if channel not in Channel.values:
        raise ValidationError({channel_field: _("Choose how Waypoint tells you.")})
    email = _clean_email(email, "own_email")
    phone = _clean_phone(phone, "own_phone")
    if needed and channel == Channel.EMAIL and not email:
        raise ValidationError({"own_email": _("Add your email address, or choose another way.")})
    if needed and channel == Channel.SMS and not phone:
        raise ValidationError({"own_phone": _("Add your phone number, or choose another way.")})
    return email, phone


def prefs_save(
    *, user: User, rescue_plan: str, ask_channel: str, own_email: str, own_phone: str
) -> SafetyPrefs:
    """Save the rescue plan and how to ask the person first."""
    email, phone = _own_addresses(
        channel=ask_channel, channel_field="ask_channel", email=own_email, phone=own_phone
    )
    prefs = prefs_for(user)
    prefs.rescue_plan = rescue_plan.strip()[:4000]
    prefs.ask_channel = ask_channel
    prefs.own_email = email
    prefs.own_phone = phone
    prefs.save()
    return prefs


@transaction.atomic
def reminder_set(
    *, user: User, at: time | None, channel: str, own_email: str = "", own_phone: str = ""
) -> SafetyPrefs:
    """Turn the daily check-in reminder on at a time of day, or off (at=None)."""
    prefs = prefs_for(user)
    email, phone = _own_addresses(
        channel=channel,
        channel_field="reminder_channel",
        email=own_email or prefs.own_email,
        phone=own_phone or prefs.own_phone,
        needed=at is not None,
    )
    prefs.reminder_time = at
    prefs.reminder_channel = channel
    prefs.own_email = email
    prefs.own_phone = phone
    # Switching it on (or changing the time) after today's time has passed starts tomorrow:
    # times and days are on the person's own clock.
    now = local_now(user)
    if at is not None and now.time() >= at:
        prefs.reminder_last_on = now.date()
    else:
        prefs.reminder_last_on = None
    prefs.save()
    return prefs


def send_reminder(prefs: SafetyPrefs, today: date) -> bool:
    """Send today's reminder once: a conditional update claims the day, then the messages."""
    with transaction.atomic():
        claimed = (
            SafetyPrefs.objects.filter(pk=prefs.pk, reminder_time__isnull=False)
            .exclude(reminder_last_on=today)
            .update(reminder_last_on=today)
        )
        if not claimed:
            return False
        url = messages.absolute(reverse("journal:today"))
        with in_own_language(prefs.user):
            subject, body = messages.reminder(url=url)
        key = f"reminder:{prefs.user_id}:{today.isoformat()}"
        notify(user=prefs.user, key=key, title=subject, url=reverse("journal:today"))
        to_own(
            prefs=prefs,
            channel=prefs.reminder_channel,
            key=key,
            kind=Outbox.Kind.REMINDER,
            subject=subject,
            body=body,
        )
    return True


def sms_available() -> bool:
    """Whether text messages can leave this Waypoint (a provider is configured)."""
    return not settings.SMS_BACKEND.endswith(".DisabledBackend")


# --- Contacts -------------------------------------------------------------------------------


def _confirm_url(raw: str) -> str:
    return messages.absolute(reverse("alerts:contact_confirm", args=[raw]))


def _contact_rows(
    *, contact: Contact, key: str, kind: str, subject: str, body: str, **extra: Any
) -> list[Outbox]:
    """Outbox rows for each address of a contact (email and text, when both are given)."""
    now = timezone.now()
    return [
        Outbox(
            key=f"{key}:{channel}",
            kind=kind,
            channel=channel,
            recipient=address,
            subject=subject,
            body=body,
            user_id=contact.owner_id,
            next_attempt_at=now,
            **extra,
        )
        for channel, address in ((Channel.EMAIL, contact.email), (Channel.SMS, contact.phone))
        if address
    ]


def _message_contact(**row: Any) -> None:
    """Write a message to a contact's addresses into the outbox (once per key)."""
    Outbox.objects.bulk_create(_contact_rows(**row), ignore_conflicts=True)


@transaction.atomic
def contact_add(*, owner: User, name: str, email: str = "", phone: str = "") -> Contact:
    """Add a contact and invite them; nothing can reach them until they confirm."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Write a name you will recognise.")})
    if len(name) > 80:
        raise ValidationError({"name": _("Keep the name under 80 characters.")})
    email = _clean_email(email, "email")
    phone = _clean_phone(phone, "phone")
    if not email and not phone:
        raise ValidationError({"email": _("Add an email address or a phone number (or both).")})
    if phone and not email and not sms_available():
        raise ValidationError(
            {"phone": _("Text messages are not set up on this Waypoint yet. Add an email address.")}
        )
    if owner.safety_contacts.count() >= 10:
        raise Conflict(_("You can have up to 10 contacts. Remove one to add another."))
    raw = secrets.token_urlsafe(24)
    contact = Contact.objects.create(
        owner=owner,
        name=name,
        email=email,
        phone=phone,
        confirm_hash=secret_hash(raw),
        confirm_expires_at=timezone.now() + timedelta(days=CONFIRM_DAYS),
    )
    with in_own_language(owner):
        subject, body = messages.invite(
            person=owner.shown_name,
            confirm_url=_confirm_url(raw),
            stop_key=contact.stop_key,
            days=CONFIRM_DAYS,
        )
    _message_contact(
        contact=contact,
        key=f"invite:{contact.pk}",
        kind=Outbox.Kind.INVITE,
        subject=subject,
        body=body,
    )
    return contact


def contact_by_link(raw: str) -> Contact:
    """The contact a confirmation link belongs to (any state), or NotFound."""
    contact = Contact.objects.select_related("owner").filter(confirm_hash=secret_hash(raw)).first()
    if contact is None:
        raise NotFound(_("This link is not valid. Check that the whole link was opened."))
    return contact


def contact_confirm(*, raw: str) -> Contact:
    """The contact agrees, once, before the link expires."""
    contact = contact_by_link(raw)
    if contact.status == Contact.Status.CONFIRMED:
        raise Conflict(_("This link was already used: you are already confirmed."))
    if contact.status == Contact.Status.STOPPED:
        raise Conflict(_("You stopped these messages, so this link no longer works."))
    if contact.confirm_expires_at and contact.confirm_expires_at < timezone.now():
        raise Refused(_("This link has expired. Ask the person to add you again."))
    now = timezone.now()
    updated = Contact.objects.filter(pk=contact.pk, status=Contact.Status.INVITED).update(
        status=Contact.Status.CONFIRMED, confirmed_at=now
    )
    if not updated:
        raise Conflict(_("This link was already used: you are already confirmed."))
    contact.refresh_from_db()
    notify(
        user=contact.owner,
        key=f"confirmed:{contact.pk}",
        title=_("%(name)s confirmed as your contact") % {"name": contact.name},
        url=reverse("alerts:contacts"),
    )
    return contact


def contact_stop(*, stop_key: str) -> Contact:
    """The contact stops all messages about this person (works any number of times)."""
    contact = Contact.objects.select_related("owner").filter(stop_key=stop_key).first()
    if contact is None:
        raise NotFound(_("This link is not valid, or the person already removed you."))
    if contact.status != Contact.Status.STOPPED:
        Contact.objects.filter(pk=contact.pk).update(
            status=Contact.Status.STOPPED, stopped_at=timezone.now()
        )
        notify(
            user=contact.owner,
            key=f"stopped:{contact.pk}",
            title=_("%(name)s stopped being your contact") % {"name": contact.name},
            url=reverse("alerts:contacts"),
        )
        contact.refresh_from_db()
    return contact


@transaction.atomic
def contact_remove(*, owner: User, contact_id: int) -> None:
    """Remove a contact and tell them (unless they had already stopped)."""
    contact = Contact.objects.filter(owner=owner, pk=contact_id).first()
    if contact is None:
        raise NotFound()
    if contact.status != Contact.Status.STOPPED:
        with in_own_language(owner):
            subject, body = messages.removed(person=owner.shown_name)
        _message_contact(
            contact=contact,
            key=f"removed:{contact.pk}",
            kind=Outbox.Kind.REMOVED,
            subject=subject,
            body=body,
        )
    contact.delete()


# --- Timers ---------------------------------------------------------------------------------


def _check_seconds(seconds: Any) -> int:
    low, high = settings.CHECK_ON_ME_MIN_SECONDS, settings.CHECK_ON_ME_MAX_SECONDS
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not low <= seconds <= high:
        raise ValidationError(
            {
                "seconds": _(
                    "Choose between %(low)s and %(high)s seconds (%(lm)s to %(hm)s minutes)."
                )
                % {"low": low, "high": high, "lm": max(1, low // 60), "hm": high // 60}
            }
        )
    return seconds


@transaction.atomic
def timer_start(*, owner: User, seconds: int, note: str = "", contact_ids: list[int]) -> Timer:
    """Start a countdown that alerts the chosen, confirmed contacts if it is not answered."""
    seconds = _check_seconds(seconds)
    if len(note or "") > 500:
        raise ValidationError({"note": _("Keep the note under 500 characters.")})
    ids = sorted({int(i) for i in contact_ids})
    if not ids:
        raise ValidationError({"contacts": _("Choose at least one confirmed contact.")})
    contacts = list(Contact.objects.filter(owner=owner, pk__in=ids))
    if len(contacts) != len(ids):
        raise ValidationError({"contacts": _("One of those contacts is not yours.")})
    waiting = [c for c in contacts if not c.is_confirmed]
    if waiting:
        raise ValidationError(
            {
                "contacts": _(
                    "Only contacts who confirmed can be alerted. Not confirmed yet: %(names)s."
                )
                % {"names": ", ".join(c.name for c in waiting)}
            }
        )
    if Timer.objects.filter(owner=owner, status=Timer.Status.RUNNING).exists():
        raise Conflict(_("You already have a timer running. End or extend it first."))
    now = timezone.now()
    deadline = now + timedelta(seconds=seconds)
    timer = Timer.objects.create(
        owner=owner,
        note=(note or "").strip(),
        seconds=seconds,
        started_at=now,
        deadline=deadline,
        alert_at=deadline + Timer.grace(),
    )
    timer.contacts.set(contacts)
    return timer


def _timer_of(owner: User, timer_id: int) -> Timer:
    timer = Timer.objects.filter(owner=owner, pk=timer_id).first()
    if timer is None:
        raise NotFound()
    return timer


def _already_ended(timer: Timer) -> Conflict:
    if timer.status == Timer.Status.ALERTED:
        at = messages.clock_time(
            (timer.ended_at or timezone.now()).astimezone(zone_for(timer.owner))
        )
        return Conflict(
            _("Too late to change: the alert went to your contacts at %(time)s.") % {"time": at}
        )
    return Conflict(_("This timer already ended: you said you were OK."))


def timer_ok(*, owner: User, timer_id: int) -> Timer:
    """ "I'm OK": end the timer; nobody is contacted. Refused once the alert has gone."""
    timer = _timer_of(owner, timer_id)
    ended = Timer.objects.filter(pk=timer.pk, status=Timer.Status.RUNNING).update(
        status=Timer.Status.OK, ended_at=timezone.now()
    )
    timer.refresh_from_db()
    if not ended:
        raise _already_ended(timer)
    return timer


def timer_extend(*, owner: User, timer_id: int, seconds: int) -> Timer:
    """Add time, counted from the later of now and the current deadline."""
    seconds = _check_seconds(seconds)
    timer = _timer_of(owner, timer_id)
    if not timer.is_running:
        raise _already_ended(timer)
    deadline = max(timezone.now(), timer.deadline) + timedelta(seconds=seconds)
    if deadline - timezone.now() > timedelta(seconds=settings.CHECK_ON_ME_MAX_SECONDS):
        raise ValidationError(
            {
                "seconds": _("A timer can run at most %(m)s minutes from now.")
                % {"m": settings.CHECK_ON_ME_MAX_SECONDS // 60}
            }
        )
    # Only if nothing changed since we read it: a worker may be alerting this very moment.
    moved = Timer.objects.filter(
        pk=timer.pk, status=Timer.Status.RUNNING, deadline=timer.deadline
    ).update(deadline=deadline, alert_at=deadline + Timer.grace(), asked_at=None)
    timer.refresh_from_db()
    if not moved:
        if not timer.is_running:
            raise _already_ended(timer)
        raise Conflict(_("The timer changed while you asked. Look at it again and retry."))
    return timer


def timer_help(*, owner: User, timer_id: int) -> Timer:
    """ "I need help now": alert the contacts at once (a second press changes nothing)."""
    timer = _timer_of(owner, timer_id)
    if timer.status == Timer.Status.OK:
        raise _already_ended(timer)
    alert_timer(timer, help_now=True)
    timer.refresh_from_db()
    return timer


def ask_timer(timer: Timer) -> bool:
    """At the deadline: ask the person first (once). True when this call did it."""
    with transaction.atomic():
        claimed = Timer.objects.filter(
            pk=timer.pk, status=Timer.Status.RUNNING, asked_at__isnull=True, deadline=timer.deadline
        ).update(asked_at=timezone.now())
        if not claimed:
            return False
        url = reverse("alerts:timer", args=[timer.pk])
        key = f"ask:{timer.pk}:{int(timer.deadline.timestamp())}"
        with in_own_language(timer.owner):
            subject, body = messages.ask(
                grace_seconds=settings.CHECK_ON_ME_GRACE_SECONDS, url=messages.absolute(url)
            )
        notify(user=timer.owner, key=key, title=subject, url=url)
        prefs = prefs_for(timer.owner)
        to_own(
            prefs=prefs,
            channel=prefs.ask_channel,
            key=key,
            kind=Outbox.Kind.ASK,
            subject=subject,
            body=body,
        )
    return True


def _alert_messages(timers: list[Timer], *, help_now: bool, now: datetime) -> None:
    """The alert to every chosen, confirmed contact of these timers, and a note to the owner."""
    plans = dict(
        SafetyPrefs.objects.filter(user_id__in={t.owner_id for t in timers}).values_list(
            "user_id", "rescue_plan"
        )
    )
    chosen: dict[int, list[Contact]] = defaultdict(list)
    links = Timer.contacts.through.objects.filter(
        timer_id__in=[t.pk for t in timers], contact__status=Contact.Status.CONFIRMED
    ).select_related("contact")
    for link in links:
        chosen[link.timer_id].append(link.contact)
    rows: list[Outbox] = []
    notes: list[Notification] = []
    for timer in timers:
        person = timer.owner.shown_name
        for contact in chosen[timer.pk]:
            with in_own_language(timer.owner):
                subject, body = messages.alert(
                    person=person,
                    note=timer.note,
                    plan=plans.get(timer.owner_id) or "",
                    deadline=timer.deadline.astimezone(zone_for(timer.owner)),
                    help_now=help_now,
                    stop_key=contact.stop_key,
                )
            rows += _contact_rows(
                contact=contact,
                key=f"alert:{timer.pk}:{contact.pk}",
                kind=Outbox.Kind.ALERT,
                subject=subject,
                body=body,
                timer=timer,
                due_at=now if help_now else timer.alert_at,
            )
        with in_own_language(timer.owner):
            title = _("Your contacts were sent your alert")
        notes.append(
            Notification(
                user_id=timer.owner_id,
                key=f"alerted:{timer.pk}",
                title=title,
                url=reverse("alerts:timer", args=[timer.pk]),
            )
        )
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    Notification.objects.bulk_create(notes, ignore_conflicts=True)


def alert_timer(timer: Timer, *, help_now: bool = False) -> bool:
    """Alert every chosen, confirmed contact (once). True when this call did it.

    The state change and the outbox rows commit together: either both happen or neither, so a
    worker killed here leaves the timer due and another worker alerts.
    """
    now = timezone.now()
    with transaction.atomic():
        due = Timer.objects.filter(pk=timer.pk, status=Timer.Status.RUNNING)
        if not help_now:
            due = due.filter(alert_at__lte=now)
        claimed = due.update(status=Timer.Status.ALERTED, ended_at=now, help_requested=help_now)
        if not claimed:
            return False
        _alert_messages([timer], help_now=help_now, now=now)
    return True


def alert_due_timers(limit: int = 100) -> int:
    """The worker's batch: claim every timer past deadline plus grace, and write its alerts.

    One transaction for the batch keeps a burst of timers fast. PostgreSQL locks the chosen
    rows (`FOR UPDATE SKIP LOCKED`, so other workers take others); SQLite's IMMEDIATE
    transactions let one writer in at a time. The conditional UPDATE must then change exactly
    the rows chosen; if it ever does not, the batch is undone and each timer is claimed alone.
    """
    now = timezone.now()
    fallback: list[Timer] = []
    with transaction.atomic():
        due = (
            Timer.objects.filter(status=Timer.Status.RUNNING, alert_at__lte=now)
            .select_related("owner")
            .order_by("alert_at", "id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        timers = list(due[:limit])
        if not timers:
            return 0
        claimed = Timer.objects.filter(
            pk__in=[t.pk for t in timers], status=Timer.Status.RUNNING
        ).update(status=Timer.Status.ALERTED, ended_at=now, help_requested=False)
        if claimed == len(timers):
            _alert_messages(timers, help_now=False, now=now)
        else:
            transaction.set_rollback(True)
            fallback = timers
    if fallback:
        return sum(alert_timer(t) for t in fallback)
    return len(timers)


# --- Drug alerts ----------------------------------------------------------------------------


def _check_substances(slugs: list[str], field: str = "substances") -> list[str]:
    slugs = [s.strip() for s in slugs if s and s.strip()]
    unknown = unknown_slugs(slugs)
    if unknown:
        raise ValidationError(
            {field: _("Unknown substance: %(slugs)s.") % {"slugs": ", ".join(unknown)}}
        )
    return list(dict.fromkeys(slugs))


def region_add(*, organization: Organization, name: str) -> Region:
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationError({"name": _("Name the region in up to 80 characters.")})
    if Region.objects.filter(organization=organization, name__iexact=name).exists():
        raise Conflict(_("That region is already on the list."))
    return Region.objects.create(organization=organization, name=name)


@transaction.atomic
def drug_alert_publish(
    *,
    author: User,
    organization: Organization,
    region_id: int,
    title: str,
    details: str,
    substances: list[str],
    evidence: str,
    found_on: date,
    expires_on: date,
    report_id: int | None = None,
) -> DrugAlert:
    """Publish an alert; the worker tells subscribers whose choices match.

    "Found on" and "show until" are days on the organization's clock, as the alert's end is.
    """
    errors: dict[str, str] = {}
    today = organization_today(organization)
    region = Region.objects.filter(organization=organization, pk=region_id).first()
    if region is None:
        errors["region"] = _("Choose one of your organization's regions.")
    if not (title or "").strip():
        errors["title"] = _("Say what was found.")
    if evidence not in Evidence.values:
        errors["evidence"] = _("Say how it is known.")
    if found_on > today:
        errors["found_on"] = _("That day is in the future.")
    if expires_on < found_on:
        errors["expires_on"] = _("The alert has to be shown until at least the day it was found.")
    elif expires_on < today:
        errors["expires_on"] = _("Choose today or a day after it.")
    if errors:
        raise ValidationError(errors)
    slugs = _check_substances(substances)
    if not slugs:
        raise ValidationError({"substances": _("Choose at least one substance.")})
    assert region is not None  # a missing region was raised above, with the other errors
    alert = DrugAlert.objects.create(
        organization=organization,
        region=region,
        title=title.strip()[:160],
        details=(details or "").strip()[:2000],
        substances=slugs,
        evidence=evidence,
        found_on=found_on,
        expires_on=expires_on,
        created_by=author,
    )
    if report_id is not None:
        updated = Report.objects.filter(
            organization=organization, pk=report_id, status=Report.Status.NEW
        ).update(status=Report.Status.PUBLISHED, alert=alert)
        if not updated:
            raise Conflict(_("That report was already reviewed."))
    return alert


def drug_alert_withdraw(*, organization: Organization, alert_id: int) -> None:
    if not DrugAlert.objects.filter(organization=organization, pk=alert_id).update(
        status=DrugAlert.Status.WITHDRAWN
    ):
        raise NotFound()


def report_submit(
    *, organization: Organization, region_id: int | None, substances: list[str], what_happened: str
) -> Report:
    """An anonymous report: no account, no name, only the day it arrived."""
    text = (what_happened or "").strip()
    if not text:
        raise ValidationError({"what_happened": _("Say what happened, in a few words.")})
    if len(text) > 2000:
        raise ValidationError({"what_happened": _("Keep it under 2000 characters.")})
    region = None
    if region_id is not None:
        region = Region.objects.filter(organization=organization, pk=region_id).first()
        if region is None:
            raise ValidationError({"region": _("Choose one of the program's regions.")})
    slugs = _check_substances(substances)
    return Report.objects.create(
        organization=organization, region=region, substances=slugs, what_happened=text
    )


def report_dismiss(*, organization: Organization, report_id: int) -> None:
    if not Report.objects.filter(
        organization=organization, pk=report_id, status=Report.Status.NEW
    ).update(status=Report.Status.DISMISSED):
        raise Conflict(_("That report was already reviewed."))


@transaction.atomic
def subscription_save(
    *,
    user: User,
    region_ids: list[int],
    substances: list[str],
    match_my_log: bool,
    channel: str,
    own_email: str = "",
    own_phone: str = "",
) -> Subscription:
    """What alerts the participant wants and how; no region means no alerts."""
    prefs = prefs_for(user)
    email, phone = _own_addresses(
        channel=channel,
        channel_field="channel",
        email=own_email or prefs.own_email,
        phone=own_phone or prefs.own_phone,
    )
    regions = list(Region.objects.filter(pk__in=region_ids))
    if len(regions) != len(set(region_ids)):
        raise ValidationError({"regions": _("One of those regions does not exist.")})
    slugs = _check_substances(substances)
    if (email, phone) != (prefs.own_email, prefs.own_phone):
        prefs.own_email, prefs.own_phone = email, phone
        prefs.save(update_fields=["own_email", "own_phone"])
    subscription, _created = Subscription.objects.update_or_create(
        user=user,
        defaults={"substances": slugs, "match_my_log": match_my_log, "channel": channel},
    )
    subscription.regions.set(regions)
    return subscription
