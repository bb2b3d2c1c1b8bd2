from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from tests.conftest import PASSPHRASE
from waypoint.accounts.models import LoginFailure, User

pytestmark = pytest.mark.django_db


def attempt(
    username: str, passphrase: str, address: str = "10.0.0.1", client: Client | None = None
):
    client = client or Client(REMOTE_ADDR=address)
    return client.post("/login/", {"username": username, "passphrase": passphrase})


def test_sign_in_and_sign_out(alice: User) -> None:
    client = Client()
    response = attempt("alice", PASSPHRASE, client=client)
    assert response.status_code == 302
    assert client.get("/settings/").context["user"] == alice
    client.post("/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_username_is_matched_whatever_its_case(alice: User) -> None:
    assert attempt("ALICE", PASSPHRASE).status_code == 302


def test_wrong_passphrase_gets_a_clear_message_without_revealing_the_account(alice: User) -> None:
    wrong = attempt("alice", "not the passphrase")
    unknown = attempt("nobody", "not the passphrase")
    assert wrong.status_code == unknown.status_code == 400
    message = "That username and passphrase do not match."
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()


def test_five_failures_for_an_account_from_one_address_pause_that_address_only(
    alice: User,
) -> None:
    for _ in range(5):
        attempt("alice", "wrong guess", address="10.0.0.1")
    paused = attempt("alice", PASSPHRASE, address="10.0.0.1")
    assert paused.status_code == 429
    assert "Signing in is paused" in paused.content.decode()
    # The owner elsewhere is not locked out by someone guessing from one place.
    assert attempt("alice", PASSPHRASE, address="10.9.9.9").status_code == 302
    # Another account from the same address is not affected either.
    User.objects.create_user(username="fern", password=PASSPHRASE)
    assert attempt("fern", PASSPHRASE, address="10.0.0.1").status_code == 302


def test_signing_in_pauses_after_twenty_failures_from_one_address(alice: User) -> None:
    for n in range(20):
        attempt(f"guess{n}", "wrong guess", address="10.1.1.1")
    assert attempt("alice", PASSPHRASE, address="10.1.1.1").status_code == 429
    assert attempt("alice", PASSPHRASE, address="10.2.2.2").status_code == 302


def test_failures_older_than_the_window_do_not_count(alice: User) -> None:
    old = timezone.now() - timedelta(minutes=16)
    LoginFailure.objects.bulk_create(
        LoginFailure(username="alice", address="10.0.0.1", at=old) for _ in range(10)
    )
    assert attempt("alice", PASSPHRASE).status_code == 302


@override_settings(LOGIN_THROTTLE_PER_ACCOUNT=3)
def test_success_clears_the_account_failures(alice: User) -> None:
    attempt("alice", "wrong guess")
    attempt("alice", "wrong guess")
    assert attempt("alice", PASSPHRASE).status_code == 302
    attempt("alice", "wrong guess")
    attempt("alice", "wrong guess")
    assert attempt("alice", PASSPHRASE).status_code == 302


def test_next_goes_only_to_this_site(alice: User) -> None:
    client = Client()
    response = client.post(
        "/login/?next=https://evil.example/", {"username": "alice", "passphrase": PASSPHRASE}
    )
    assert response["Location"] == "/"
    client = Client()
    response = client.post(
        "/login/?next=/settings/", {"username": "alice", "passphrase": PASSPHRASE}
    )
    assert response["Location"] == "/settings/"


def test_pages_for_signed_in_people_send_others_to_sign_in() -> None:
    response = Client().get("/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/settings/")


def test_change_passphrase(alice: User, alice_client: Client) -> None:
    new = "blue kettle morning walk"
    response = alice_client.post(
        "/settings/passphrase/",
        {"current_passphrase": PASSPHRASE, "new_passphrase": new, "new_passphrase_again": new},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
    # The session that changed it stays signed in.
    assert alice_client.get("/settings/").status_code == 200


def test_change_passphrase_needs_the_current_one(alice: User, alice_client: Client) -> None:
    new = "blue kettle morning walk"
    response = alice_client.post(
        "/settings/passphrase/",
        {"current_passphrase": "a wrong guess", "new_passphrase": new, "new_passphrase_again": new},
    )
    assert response.status_code == 400
    assert "That is not your current passphrase." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSPHRASE)


def test_discreet_mode_gives_the_tab_a_neutral_title(alice: User, alice_client: Client) -> None:
    assert "Waypoint</title>" in alice_client.get("/settings/").content.decode()
    alice_client.post("/settings/", {"display_name": "", "email": "", "discreet_mode": "on"})
    alice.refresh_from_db()
    assert alice.discreet_mode
    html = alice_client.get("/settings/").content.decode()
    assert "<title>Notes</title>" in html
    assert "Waypoint</title>" not in html
