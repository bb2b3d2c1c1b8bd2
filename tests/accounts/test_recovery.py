from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSPHRASE
from waypoint.accounts.models import LoginFailure, User
from waypoint.accounts.services import recovery_codes_replace

pytestmark = pytest.mark.django_db

NEW = "yellow boat under bridge"


def recover(username: str, code: str, new: str = NEW, client: Client | None = None):
    client = client or Client()
    return client.post(
        "/recover/",
        {"username": username, "code": code, "new_passphrase": new, "new_passphrase_again": new},
    )


def test_a_recovery_code_sets_a_new_passphrase_and_signs_in(alice: User) -> None:
    codes = recovery_codes_replace(user=alice)
    client = Client()
    response = client.post(
        "/recover/",
        {"username": "alice", "code": codes[3], "new_passphrase": NEW, "new_passphrase_again": NEW},
        follow=True,
    )
    assert response.redirect_chain == [("/settings/", 302)]
    assert "You have 9 recovery codes left." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert response.context["user"] == alice


def test_each_recovery_code_works_once(alice: User) -> None:
    codes = recovery_codes_replace(user=alice)
    assert recover("alice", codes[0]).status_code == 302
    again = recover("alice", codes[0], new="another long passphrase")
    assert again.status_code == 400
    assert "do not match" in again.content.decode()


def test_codes_are_accepted_in_capitals_and_without_dashes(alice: User) -> None:
    codes = recovery_codes_replace(user=alice)
    assert recover("alice", codes[1].replace("-", " ").upper()).status_code == 302


def test_a_code_of_another_person_does_not_work(alice: User, bob: User) -> None:
    bobs = recovery_codes_replace(user=bob)
    assert recover("alice", bobs[0]).status_code == 400
    alice.refresh_from_db()
    assert alice.check_password(PASSPHRASE)


def test_wrong_codes_count_toward_the_pause(alice: User) -> None:
    codes = recovery_codes_replace(user=alice)
    for _ in range(5):
        recover("alice", "aaaa-bbbb-cccc-dddd")
    assert LoginFailure.objects.filter(username="alice").count() == 5
    assert recover("alice", codes[0]).status_code == 429


def test_new_codes_replace_all_old_ones(alice: User, alice_client: Client) -> None:
    old = recovery_codes_replace(user=alice)
    response = alice_client.post("/settings/recovery-codes/")
    assert response["Location"] == "/signup/codes/"
    page = alice_client.get("/signup/codes/").content.decode()
    assert old[0] not in page
    assert recover("alice", old[0]).status_code == 400


def test_a_weak_new_passphrase_keeps_the_code_unspent(alice: User) -> None:
    codes = recovery_codes_replace(user=alice)
    assert recover("alice", codes[0], new="short").status_code == 400
    assert recover("alice", codes[0]).status_code == 302
