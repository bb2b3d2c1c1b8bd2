"""Reminders and timers on the person's own clock, through the services and the worker's pass.

Personas: lena lives in Los Angeles; uma keeps UTC. "Now" is moved with time-machine.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from tests.alerts.conftest import confirmed_contact
from tests.alerts.servers import SmtpSink
from tests.conftest import at_utc, make_user
from waypoint.accounts.models import User
from waypoint.alerts import services
from waypoint.alerts.models import Notification, Timer
from waypoint.alerts.worker import run_once
from waypoint.core.errors import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena(db: None) -> User:
    return make_user("lena", display_name="Lena", time_zone="America/Los_Angeles")


@pytest.fixture
def uma(db: None) -> User:
    return make_user("uma", time_zone="UTC")


def reminders_of(user: User) -> list[str]:
    return list(
        Notification.objects.filter(user=user, key__startswith="reminder:").values_list(
            "key", flat=True
        )
    )


def test_a_reminder_fires_at_the_persons_own_time_of_day(lena: User, uma: User) -> None:
    with at_utc(2026, 3, 3, 20, 0):  # noon in Los Angeles, 20:00 in UTC
        services.reminder_set(user=lena, at=time(21, 0), channel="in_app")
        services.reminder_set(user=uma, at=time(21, 0), channel="in_app")
    with at_utc(2026, 3, 3, 21, 30):  # 13:30 in Los Angeles: only uma's 21:00 has come
        assert run_once().reminders == 1
        assert reminders_of(lena) == [] and reminders_of(uma) == [f"reminder:{uma.pk}:2026-03-03"]
    with at_utc(2026, 3, 4, 4, 59):  # 20:59 on Tuesday in Los Angeles
        assert run_once().reminders == 0
    with at_utc(2026, 3, 4, 5, 0):  # 21:00 on Tuesday in Los Angeles, Wednesday in UTC
        assert run_once().reminders == 1
        assert reminders_of(lena) == [f"reminder:{lena.pk}:2026-03-03"]
    with at_utc(2026, 3, 4, 7, 30):  # 23:30 the same evening: once a day
        assert run_once().reminders == 0


def test_a_reminder_keeps_its_local_time_across_daylight_saving(lena: User) -> None:
    with at_utc(2026, 3, 7, 20, 0):
        services.reminder_set(user=lena, at=time(21, 0), channel="in_app")
    with at_utc(2026, 3, 8, 5, 0):  # Saturday 21:00 PST
        assert run_once().reminders == 1
    with at_utc(2026, 3, 9, 4, 0):  # Sunday 21:00 PDT (an hour earlier in UTC)
        assert run_once().reminders == 1
    assert sorted(reminders_of(lena)) == [
        f"reminder:{lena.pk}:2026-03-07",
        f"reminder:{lena.pk}:2026-03-08",
    ]


def test_turning_a_reminder_on_after_its_local_time_starts_tomorrow(lena: User) -> None:
    # 22:00 in Los Angeles (06:00 UTC the next day): 21:00 has passed there, not in UTC terms.
    with at_utc(2026, 3, 4, 6, 0):
        prefs = services.reminder_set(user=lena, at=time(21, 0), channel="in_app")
        assert str(prefs.reminder_last_on) == "2026-03-03"
        assert run_once().reminders == 0


def test_a_person_who_travels_gets_the_reminder_at_the_new_local_time(lena: User) -> None:
    with at_utc(2026, 3, 3, 20, 0):
        services.reminder_set(user=lena, at=time(21, 0), channel="in_app")
    lena.time_zone = "America/New_York"
    lena.save()
    with at_utc(2026, 3, 4, 2, 0):  # 21:00 in New York (18:00 in Los Angeles)
        assert run_once().reminders == 1


def test_a_timer_alert_tells_contacts_the_persons_local_time(lena: User, smtp: SmtpSink) -> None:
    robin = confirmed_contact(lena)
    timer = services.timer_start(owner=lena, seconds=60, contact_ids=[robin.pk])
    # It ran out at 23:30 on a winter night in Los Angeles (07:30 UTC); the grace has passed.
    deadline = datetime(2026, 3, 4, 7, 30, tzinfo=UTC)
    Timer.objects.filter(pk=timer.pk).update(
        deadline=deadline, alert_at=deadline + timedelta(minutes=1), asked_at=deadline
    )
    assert run_once().alerted == 1
    received = smtp.wait_for("robin@example.org", count=2)
    alert = next(m for m in received if "Please check on" in m.subject)
    assert "ran out at 23:30 PST" in alert.body
    with pytest.raises(Conflict, match=r"at \d\d:\d\d P[SD]T"):
        services.timer_ok(owner=lena, timer_id=timer.pk)
