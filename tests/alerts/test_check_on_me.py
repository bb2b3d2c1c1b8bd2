"""Check on me through the services and the worker's pass, against real SMTP and SMS servers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.alerts.conftest import GRACE_SECONDS, confirm_link, confirmed_contact
from tests.alerts.servers import SmsSink, SmtpSink
from tests.factories import own_export
from waypoint.accounts.models import User
from waypoint.alerts import services
from waypoint.alerts.models import Contact, Outbox, Timer
from waypoint.alerts.worker import run_once
from waypoint.core.errors import Conflict, NotFound, Refused

pytestmark = pytest.mark.django_db


def _due(timer: Timer, *, ask: bool = True) -> None:
    """Move a timer's clock instead of sleeping: the deadline (and the grace) have passed."""
    past = timezone.now() - timedelta(seconds=1)
    Timer.objects.filter(pk=timer.pk).update(
        deadline=past - (timedelta(0) if ask else Timer.grace()),
        alert_at=past + (Timer.grace() if ask else timedelta(0)),
    )


def test_invitation_arrives_by_email_and_text_with_confirm_and_stop_links(
    alice: User, smtp: SmtpSink, sms: SmsSink
) -> None:
    services.contact_add(
        owner=alice, name="Robin", email="robin@example.org", phone="+1 555 010 2000"
    )
    run_once()
    mail = smtp.wait_for("robin@example.org")
    assert len(mail) == 1
    assert "Alice asks if you will check on them" in mail[0].subject
    assert "/check-on-me/confirm/" in mail[0].body and "/check-on-me/stop/" in mail[0].body
    assert "never calls the police or emergency services" in mail[0].body
    assert sms.messages[0]["To"] == "+15550102000"
    assert sms.messages[0]["From"] == "+15550001111"
    assert sms.auth[0].startswith("Basic ")
    assert Outbox.objects.filter(status=Outbox.Status.SENT).count() == 2


def test_confirm_link_works_once_then_answers_409(
    alice: User, smtp: SmtpSink, client: Client
) -> None:
    services.contact_add(owner=alice, name="Robin", email="robin@example.org")
    run_once()
    link = confirm_link(smtp.wait_for("robin@example.org")[0].body)
    page = client.get(link)
    assert page.status_code == 200 and b"What you agree to" in page.content
    assert Contact.objects.get().status == Contact.Status.INVITED  # GET changes nothing
    assert client.post(link).status_code == 200
    assert Contact.objects.get().status == Contact.Status.CONFIRMED
    again = client.post(link)
    assert again.status_code == 409 and b"already" in again.content
    assert client.get("/check-on-me/confirm/not-a-real-token/").status_code == 404


def test_expired_link_is_refused(alice: User, smtp: SmtpSink) -> None:
    contact = services.contact_add(owner=alice, name="Robin", email="robin@example.org")
    Contact.objects.filter(pk=contact.pk).update(
        confirm_hash="0" * 64, confirm_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(NotFound):
        services.contact_confirm(raw="anything")
    from waypoint.accounts.models import secret_hash

    Contact.objects.filter(pk=contact.pk).update(confirm_hash=secret_hash("old"))
    with pytest.raises(Refused):
        services.contact_confirm(raw="old")
    assert Contact.objects.get().status == Contact.Status.INVITED


def test_timer_bad_input_is_refused_and_nothing_is_made(alice: User, bob: User) -> None:
    invited = services.contact_add(owner=alice, name="Sky", email="sky@example.org")
    robin = confirmed_contact(alice)
    theirs = confirmed_contact(bob, name="Jo", email="jo@example.org")
    cases: list[dict[str, Any]] = [
        {"seconds": 60, "contact_ids": []},
        {"seconds": 60, "contact_ids": [invited.pk]},
        {"seconds": 60, "contact_ids": [theirs.pk]},
        {"seconds": 0, "contact_ids": [robin.pk]},
        {"seconds": 121 * 60, "contact_ids": [robin.pk]},
    ]
    for case in cases:
        with pytest.raises(ValidationError):
            services.timer_start(owner=alice, **case)
    assert not Timer.objects.exists()


def test_unanswered_timer_asks_then_alerts_confirmed_contacts_only(
    alice: User, smtp: SmtpSink
) -> None:
    robin = confirmed_contact(alice)
    stopped = confirmed_contact(alice, name="Kit", email="kit@example.org")
    services.prefs_save(
        user=alice,
        rescue_plan="Flat 3, door code 4321",
        ask_channel="email",
        own_email="alice@example.org",
        own_phone="",
    )
    timer = services.timer_start(
        owner=alice, seconds=60, note="At home, back room", contact_ids=[robin.pk, stopped.pk]
    )
    services.contact_stop(stop_key=stopped.stop_key)
    run_once()
    assert not smtp.to("robin@example.org")[1:]  # only the invitation so far
    _due(timer)
    assert run_once().asked == 1
    assert smtp.wait_for("alice@example.org")[0].subject == "Your timer ran out"
    assert len(smtp.to("robin@example.org")) == 1  # still only the invitation: nothing yet
    _due(timer, ask=False)
    assert run_once().alerted == 1
    alert = smtp.wait_for("robin@example.org", count=2)[-1]
    assert "Please check on Alice now" in alert.subject
    assert "At home, back room" in alert.body and "door code 4321" in alert.body
    assert "naloxone" in alert.body and "911" in alert.body and "/safety/overdose/" in alert.body
    assert len(smtp.to("kit@example.org")) == 1  # the invitation only: Kit stopped
    with pytest.raises(Conflict, match="Too late"):
        services.timer_ok(owner=alice, timer_id=timer.pk)
    assert run_once().alerted == 0  # once


def test_im_ok_ends_the_timer_and_sends_nothing(alice: User, smtp: SmtpSink) -> None:
    robin = confirmed_contact(alice)
    timer = services.timer_start(owner=alice, seconds=60, contact_ids=[robin.pk])
    run_once()
    services.timer_ok(owner=alice, timer_id=timer.pk)
    _due(timer, ask=False)
    result = run_once()
    assert (result.asked, result.alerted) == (0, 0)
    assert len(smtp.to("robin@example.org")) == 1  # the invitation
    with pytest.raises(Conflict, match="already ended"):
        services.timer_extend(owner=alice, timer_id=timer.pk, seconds=60)


def test_extend_moves_the_deadline_and_asks_again_later(alice: User) -> None:
    robin = confirmed_contact(alice)
    timer = services.timer_start(owner=alice, seconds=60, contact_ids=[robin.pk])
    _due(timer)
    run_once()
    extended = services.timer_extend(owner=alice, timer_id=timer.pk, seconds=300)
    assert extended.asked_at is None
    assert extended.deadline > timezone.now() + timedelta(seconds=290)
    assert extended.alert_at == extended.deadline + timedelta(seconds=GRACE_SECONDS)


def test_help_now_alerts_at_once(alice: User, smtp: SmtpSink, sms: SmsSink) -> None:
    robin = services.contact_add(owner=alice, name="Robin", phone="+15550102000")
    Contact.objects.filter(pk=robin.pk).update(status=Contact.Status.CONFIRMED)
    timer = services.timer_start(owner=alice, seconds=3600, contact_ids=[robin.pk])
    services.timer_help(owner=alice, timer_id=timer.pk)
    services.timer_help(owner=alice, timer_id=timer.pk)  # a second press changes nothing
    run_once()
    alerts = [m for m in sms.messages if "I need help now" in m["Body"]]
    assert len(alerts) == 1


def test_failed_send_stays_in_the_outbox_and_is_retried(alice: User, sms: SmsSink) -> None:
    sms.status = 500
    services.contact_add(owner=alice, name="Robin", phone="+15550102000")
    result = run_once()
    assert result.failed == 1
    row = Outbox.objects.get()
    assert row.status == Outbox.Status.PENDING and row.attempts == 1
    sms.status = 201
    Outbox.objects.update(next_attempt_at=timezone.now())
    assert run_once().sent == 1


def test_private_text_is_encrypted_at_rest(alice: User) -> None:
    robin = confirmed_contact(alice, name="Robin Secretname", email="robin@example.org")
    services.prefs_save(
        user=alice, rescue_plan="door code 4321", ask_channel="in_app", own_email="", own_phone=""
    )
    services.timer_start(owner=alice, seconds=60, note="behind the library", contact_ids=[robin.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email FROM alerts_contact")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
        cursor.execute("SELECT note FROM alerts_timer")
        stored += " ".join(str(row[0]) for row in cursor.fetchall())
        cursor.execute("SELECT rescue_plan FROM alerts_safetyprefs")
        stored += " ".join(str(row[0]) for row in cursor.fetchall())
        cursor.execute("SELECT recipient, body FROM alerts_outbox")
        stored += " ".join(str(v) for row in cursor.fetchall() for v in row)
    for secret in ("Secretname", "robin@example.org", "library", "4321"):
        assert secret not in stored


def test_removing_a_contact_tells_them(alice: User, smtp: SmtpSink) -> None:
    robin = confirmed_contact(alice)
    services.contact_remove(owner=alice, contact_id=robin.pk)
    run_once()
    subjects = [m.subject for m in smtp.wait_for("robin@example.org", count=2)]
    assert "You are no longer a check-on-me contact" in subjects
    assert not Contact.objects.exists()


def test_daily_reminder_is_sent_once_a_day(alice: User, smtp: SmtpSink) -> None:
    earlier = (timezone.localtime() - timedelta(minutes=5)).time()
    services.reminder_set(user=alice, at=None, channel="email", own_email="alice@example.org")
    prefs = services.reminder_set(user=alice, at=earlier, channel="email")
    # Switched on after today's time: it starts tomorrow, so pretend yesterday's was sent.
    prefs.reminder_last_on = timezone.localdate() - timedelta(days=1)
    prefs.save()
    assert run_once().reminders == 1
    assert run_once().reminders == 0
    assert smtp.wait_for("alice@example.org")[0].subject == "Your daily check-in"
    assert alice.notifications.count() == 1


def test_reminder_is_off_by_default_and_on_in_settings(alice: User, alice_client: Client) -> None:
    page = alice_client.get("/settings/")
    assert b"Daily check-in reminder" in page.content
    assert run_once().reminders == 0
    response = alice_client.post(
        "/check-on-me/reminder/", {"on": "on", "at": "21:30", "reminder_channel": "in_app"}
    )
    assert response.status_code == 302
    assert services.prefs_for(alice).reminder_time.strftime("%H:%M") == "21:30"


def test_phone_only_contact_is_refused_when_no_text_provider_is_set_up(alice: User) -> None:
    with pytest.raises(ValidationError, match="Text messages are not set up"):
        services.contact_add(owner=alice, name="Robin", phone="+15550102000")
    assert not Contact.objects.exists()


def test_own_export_has_contacts_timers_and_plan_and_delete_removes_them(
    alice: User, alice_client: Client
) -> None:
    robin = confirmed_contact(alice)
    services.prefs_save(
        user=alice, rescue_plan="door code 4321", ask_channel="in_app", own_email="", own_phone=""
    )
    services.timer_start(owner=alice, seconds=60, note="at home", contact_ids=[robin.pk])
    data = own_export(alice_client)
    section = data["check_on_me"]
    assert section["rescue_plan"] == "door code 4321"
    assert section["contacts"][0]["name"] == "Robin"
    assert section["timers"][0]["note"] == "at home"
    alice.delete()
    assert not Contact.objects.exists() and not Timer.objects.exists()
    assert not Outbox.objects.exists()
