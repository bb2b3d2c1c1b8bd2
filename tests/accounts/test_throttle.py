"""Sign-in throttling that slows guessing without letting an attacker lock people out (issue 10)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSPHRASE
from waypoint.accounts.models import LoginFailure, User
from waypoint.accounts.services import DEVICE_COOKIE, recovery_codes_replace

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, passphrase: str, **headers: str):
    return client.post("/login/", {"username": username, "passphrase": passphrase}, **headers)


def owner_device(username: str = "alice") -> Client:
    """A browser the owner has signed in from before: it carries the device cookie."""
    client = Client(REMOTE_ADDR="192.0.2.10")
    assert attempt(client, username, PASSPHRASE).status_code == 302
    assert DEVICE_COOKIE in client.cookies
    client.post("/logout/")
    return client


def test_owner_on_a_known_device_signs_in_while_attacked_from_many_addresses(alice: User) -> None:
    phone = owner_device()
    for n in range(120):
        attacker = Client(REMOTE_ADDR=f"198.51.100.{n % 60}")
        attempt(attacker, "alice", f"guess number {n}")
    assert LoginFailure.objects.filter(username="alice").count() >= 50
    # A new, unknown browser now waits (the account is under a spread-out attack) ...
    assert attempt(Client(REMOTE_ADDR="203.0.113.5"), "alice", PASSPHRASE).status_code == 429
    # ... but the owner's own phone is judged only by its own failures.
    assert attempt(phone, "alice", PASSPHRASE).status_code == 302


def test_owner_from_a_new_address_signs_in_after_guesses_from_a_few_others(alice: User) -> None:
    for n in range(20):
        attempt(Client(REMOTE_ADDR=f"198.51.100.{n % 4}"), "alice", "wrong guess")
    assert attempt(Client(REMOTE_ADDR="203.0.113.5"), "alice", PASSPHRASE).status_code == 302


def test_a_thousand_failures_from_one_address_stop_nobody_else(alice: User, bob: User) -> None:
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    answers = [
        attempt(attacker, name, "wrong guess").status_code
        for n in range(1000)
        for name in [("alice", "bob", f"name{n}")[n % 3]]
    ]
    assert answers.count(429) >= 975
    assert 500 not in answers
    assert attempt(Client(REMOTE_ADDR="203.0.113.7"), "alice", PASSPHRASE).status_code == 302
    assert attempt(Client(REMOTE_ADDR="203.0.113.8"), "bob", PASSPHRASE).status_code == 302


def test_a_known_device_is_paused_by_its_own_failures(alice: User) -> None:
    phone = owner_device()
    for _ in range(5):
        attempt(phone, "alice", "wrong guess")
    assert attempt(phone, "alice", PASSPHRASE).status_code == 429


def test_a_device_cookie_of_another_account_is_not_trusted(alice: User, bob: User) -> None:
    bobs_phone = owner_device("bob")
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="192.0.2.10"), "alice", "wrong guess")
    # Bob's cookie does not make his browser a known device for alice.
    assert attempt(bobs_phone, "alice", PASSPHRASE).status_code == 429


def test_a_forged_device_cookie_is_ignored(alice: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.cookies[DEVICE_COOKIE] = "alice:made-up"
    for _ in range(5):
        attempt(client, "alice", "wrong guess")
    assert attempt(client, "alice", PASSPHRASE).status_code == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(alice: User) -> None:
    # An attacker rotating a header it controls still counts as its one real address.
    for n in range(5):
        attempt(
            Client(REMOTE_ADDR="198.51.100.1"), "alice", "guess", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    paused = attempt(Client(REMOTE_ADDR="198.51.100.1"), "alice", PASSPHRASE)
    assert paused.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_is_counted_by_its_own_address(alice: User) -> None:
    # Everything arrives from the proxy (127.0.0.1); the proxy appends the real address.
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(40):
        client = Client(**proxy)
        attempt(client, f"random{n}", "guess", HTTP_X_FORWARDED_FOR="198.51.100.9")
    # A client prepending a fake address does not escape: the proxy's entry is the rightmost.
    spoofed = attempt(
        Client(**proxy), "alice", PASSPHRASE, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.9"
    )
    assert spoofed.status_code == 429
    # Everyone else behind the same proxy still signs in.
    ok = attempt(Client(**proxy), "alice", PASSPHRASE, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert ok.status_code == 302
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"198.51.100.9"}


def recover(client: Client, code: str):
    new = "yellow boat under bridge"
    return client.post(
        "/recover/",
        {"username": "alice", "code": code, "new_passphrase": new, "new_passphrase_again": new},
    )


def test_recovery_codes_have_the_same_protection(alice: User) -> None:
    phone = owner_device()
    codes = recovery_codes_replace(user=alice)
    for n in range(60):
        recover(Client(REMOTE_ADDR=f"198.51.100.{n % 12}"), "aaaa-bbbb-cccc-dddd")
    assert recover(Client(REMOTE_ADDR="203.0.113.5"), codes[0]).status_code == 429
    assert recover(phone, codes[0]).status_code == 302


@override_settings(LOGIN_THROTTLE_PER_ACCOUNT_AND_ADDRESS=3)
def test_a_success_forgives_only_its_own_route(alice: User) -> None:
    attempt(Client(REMOTE_ADDR="198.51.100.1"), "alice", "guess")
    attempt(Client(REMOTE_ADDR="198.51.100.1"), "alice", "guess")
    assert attempt(Client(REMOTE_ADDR="203.0.113.5"), "alice", PASSPHRASE).status_code == 302
    assert LoginFailure.objects.filter(address="198.51.100.1").count() == 2
