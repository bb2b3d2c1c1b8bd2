"""`manage.py backup` and `manage.py restore`: back up, wipe, restore, same exports (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import client_for, make_user
from tests.factories import body
from tests.journal.test_api import Api
from waypoint.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _fill(api: Api, name: str) -> None:
    """A participant's life in Waypoint, with encrypted text in most of it."""
    own = api.send("post", "/substances", {"name": f"{name}'s kava", "unit": "g"}).json()
    for day, note in (("2026-11-02", "after work, tired"), ("2026-11-03", "with Sam")):
        body = {"substance": "alcohol", "day": day, "amount": 2, "note": note, "activity": "cards"}
        assert api.send("post", "/entries", body).status_code == 201
    api.send("post", "/entries", {"substance": own["id"], "day": "2026-11-04", "amount": 1})
    api.send("put", "/checkins/2026-11-05", {"no_use": True, "mood": 4})
    goal = api.send("post", "/goals", {"kind": "life", "title": "Sleep by 1", "domain": "health"})
    api.send("post", f"/goals/{goal.json()['id']}/steps", {"text": "Phone out of the bedroom"})
    answers = {"instrument": "phq9", "answers": [1, 0, 2, 1, 0, 0, 1, 0, 1]}
    assert api.send("post", "/assessments", answers).status_code == 201


def _exports(users: list[User]) -> dict[str, bytes]:
    return {
        user.username: re.sub(
            rb'"exported_at": "[^"]+"', b"", body(client_for(user).get("/api/v1/export"))
        )
        for user in users
    }


def test_backup_wipe_restore_gives_every_participant_the_same_export(tmp_path: Path) -> None:
    people = [make_user(name) for name in ("alice", "bob", "chen")]
    for person in people:
        _fill(Api(person), person.username)
    before = _exports(people)
    assert b"after work, tired" in before["alice"] and b"Sleep by 1" in before["alice"]

    backup = tmp_path / "waypoint.backup"
    call_command("backup", output=backup)
    assert backup.stat().st_size > 0
    call_command("flush", interactive=False)
    assert not User.objects.exists()

    call_command("restore", backup, yes=True)
    people = list(User.objects.filter(username__in=before).order_by("username"))
    assert len(people) == 3
    after = _exports(people)
    assert after == before  # byte for byte, encrypted text decrypted with the same keys


def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("restore", tmp_path / "nothing-here", yes=True)
