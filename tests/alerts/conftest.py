"""Fixtures for check on me and drug alerts: local SMTP and SMS servers, short timers, workers.

Personas (besides the shared ones): alice is the participant who starts timers; her contacts
are fictional people with addresses on the local SMTP server; marisol is an outreach worker at
Harbor who publishes alerts; erin (admin) may too; carol (counselor) may not.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.alerts.servers import SmsSink, SmtpSink
from tests.conftest import _staff
from waypoint.accounts.models import Membership, Organization, User
from waypoint.alerts import services
from waypoint.alerts.models import Contact

ROOT = Path(__file__).resolve().parents[2]
# Short, second-scale timers so the fault tests take seconds.
MIN_SECONDS = 1
GRACE_SECONDS = 2
LEASE_SECONDS = 2


@pytest.fixture(autouse=True)
def short_timers(settings: Any) -> None:
    settings.CHECK_ON_ME_MIN_SECONDS = MIN_SECONDS
    settings.CHECK_ON_ME_GRACE_SECONDS = GRACE_SECONDS
    settings.WORKER_LEASE_SECONDS = LEASE_SECONDS
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpSink]:
    """A real SMTP server; Django in this process sends to it too."""
    sink = SmtpSink().start()
    for name, value in sink.env().items():
        setattr(settings, name, int(value) if name == "EMAIL_PORT" else value)
    settings.EMAIL_USE_TLS = False
    yield sink
    sink.stop()


@pytest.fixture
def sms(settings: Any) -> Iterator[SmsSink]:
    sink = SmsSink().start()
    for name, value in sink.env().items():
        setattr(settings, name, value)
    yield sink
    sink.stop()


@pytest.fixture
def marisol(harbor: Organization) -> User:
    return _staff("marisol", harbor, Membership.Role.OUTREACH)


def confirmed_contact(
    owner: User, name: str = "Robin", email: str = "robin@example.org"
) -> Contact:
    """A contact added and confirmed through the services, as a person would."""
    contact = services.contact_add(owner=owner, name=name, email=email)
    raw = "test-" + name.lower()
    Contact.objects.filter(pk=contact.pk).update(confirm_hash=_hash(raw))
    return services.contact_confirm(raw=raw)


def _hash(raw: str) -> str:
    from waypoint.accounts.models import secret_hash

    return secret_hash(raw)


def confirm_link(body: str) -> str:
    match = re.search(r"(/check-on-me/confirm/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


# --- Real worker processes against the test database ----------------------------------------


def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a `run_worker` subprocess needs to open this test's database.

    PostgreSQL: the same server, the test database's name (pytest-django's `test_<name>`).
    SQLite: the file-based test database (SQLITE_TEST_NAME, see tests/env.py), by path.
    """
    env = dict(os.environ)
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings_dict["NAME"])
        if "memory" in name:
            pytest.skip("worker subprocesses need a file-based SQLite test database")
        env["DATABASE_URL"] = "sqlite:///" + name
    else:
        user = settings_dict.get("USER") or ""
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        env["DATABASE_URL"] = (
            f"postgres://{auth}{settings_dict.get('HOST') or '127.0.0.1'}:"
            f"{settings_dict.get('PORT') or 5432}/{settings_dict['NAME']}"
        )
    env.update(
        {
            "CHECK_ON_ME_MIN_SECONDS": str(MIN_SECONDS),
            "CHECK_ON_ME_GRACE_SECONDS": str(GRACE_SECONDS),
            "WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
            "WORKER_POLL_SECONDS": "0.2",
            "SITE_URL": "http://testserver",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


class Workers:
    """Starts and stops real `manage.py run_worker` processes."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.procs: list[subprocess.Popen[str]] = []

    def start(self, **extra: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "run_worker"],
            cwd=ROOT,
            env={**self.env, **extra},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "worker … started": Django is up
        assert "started" in line, line + proc.stdout.read()
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[str]) -> None:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    def stop_all(self) -> list[str]:
        outputs = []
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            try:
                out, _err = proc.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, _err = proc.communicate()
            outputs.append(out or "")
        self.procs = []
        return outputs


@pytest.fixture
def workers(smtp: SmtpSink, sms: SmsSink) -> Iterator[Callable[..., Workers]]:
    made: list[Workers] = []

    def make(**extra: str) -> Workers:
        w = Workers(worker_env({**smtp.env(), **sms.env(), **extra}))
        made.append(w)
        return w

    yield make
    for w in made:
        w.stop_all()


def wait_until(check: Callable[[], bool], timeout: float = 15, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(step)
    return check()
