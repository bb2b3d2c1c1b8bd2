from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from waypoint.accounts.models import Membership, User
from waypoint.core.demo import DEMO_PASSPHRASE, MORE_LOGINS, PEOPLE

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_demo_creates_the_people_once_and_prints_their_logins() -> None:
    out, _err = run_demo()
    run_demo()
    # Other parts add people of their own organizations (MORE_LOGINS), printed the same way.
    assert User.objects.count() == len(PEOPLE) + len(MORE_LOGINS)
    harbor = Membership.objects.filter(organization__slug="harbor-street")
    assert harbor.count() == sum(1 for p in PEOPLE if p.role)
    assert DEMO_PASSPHRASE in out
    for username in [p.username for p in PEOPLE] + [u for u, _about in MORE_LOGINS]:
        assert username in out
    assert User.objects.get(username="river").check_password(DEMO_PASSPHRASE)


def test_demo_prints_the_address_the_site_is_served_at(settings: Any) -> None:
    # `make run PORT=8123` serves on 8123 and says so (SITE_URL follows PORT in the Makefile).
    settings.SITE_URL = "http://127.0.0.1:8123"
    out, _err = run_demo()
    assert "Open http://127.0.0.1:8123 and sign in" in out
    assert "8000" not in out


def test_demo_volume_creates_the_requested_participants_with_progress() -> None:
    out, err = run_demo("--participants", "7", "--days", "3")
    assert User.objects.filter(username__startswith="load-").count() == 7
    assert "participants [" in err
    assert "Created 7 participants" in out
    run_demo("--participants", "2", "--days", "3")
    assert User.objects.filter(username__startswith="load-").count() == 9


def test_demo_refuses_negative_numbers() -> None:
    with pytest.raises(SystemExit):
        run_demo("--participants", "-1")


def test_demo_journals_follow_the_persons_own_clock() -> None:
    """river lives in Los Angeles: on a UTC server at 05:00 on 1 December it is still
    30 November there, so his demo journal ends on 29 November (yesterday, his time)."""
    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from waypoint.journal.models import CheckIn, Entry

    User.objects.create_user(username="river", time_zone="America/Los_Angeles")
    with time_machine.travel(datetime(2026, 12, 1, 5, 0, tzinfo=UTC), tick=False):
        run_demo()
    river = User.objects.get(username="river")
    last = max(
        Entry.objects.filter(user=river).latest("day").day,
        CheckIn.objects.filter(user=river).latest("day").day,
    )
    assert last == date(2026, 11, 29)
    la = ZoneInfo("America/Los_Angeles")
    for entry in Entry.objects.filter(user=river, day=last):
        assert entry.used_at.astimezone(la).date() == last
