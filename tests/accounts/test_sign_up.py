from __future__ import annotations

import re

import pytest
from django.test import Client

from waypoint.accounts.models import RecoveryCode, User, secret_hash

pytestmark = pytest.mark.django_db

GOOD = "lamp river quiet orange"


def sign_up(client: Client, username: str = "tamsin", passphrase: str = GOOD, **extra: str):
    data = {"username": username, "new_passphrase": passphrase, "new_passphrase_again": passphrase}
    data.update(extra)
    return client.post("/signup/", data)


def test_sign_up_needs_only_a_username_and_passphrase() -> None:
    client = Client()
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/signup/codes/"
    user = User.objects.get(username="tamsin")
    assert user.email == ""
    assert user.kind == User.Kind.PARTICIPANT
    assert client.get("/settings/").context["user"] == user


def test_passphrase_is_hashed_with_argon2() -> None:
    sign_up(Client())
    assert User.objects.get(username="tamsin").password.startswith("argon2")


def test_recovery_codes_are_shown_once_and_stored_only_as_hashes() -> None:
    client = Client()
    sign_up(client)
    page = client.get("/signup/codes/")
    codes = re.findall(r"<code>([a-z0-9-]{19})</code>", page.content.decode())
    assert len(codes) == 10
    assert len(set(codes)) == 10
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert stored == {secret_hash(code) for code in codes}
    assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()
    # A second visit shows nothing: the codes are gone from the session.
    again = client.get("/signup/codes/")
    assert again.status_code == 302
    assert codes[0] not in client.get(again["Location"]).content.decode()


def test_email_is_optional_but_kept_when_given() -> None:
    sign_up(Client(), email="t@example.org")
    assert User.objects.get(username="tamsin").email == "t@example.org"


@pytest.mark.parametrize("weak", ["short", "1234567890123", "aaaaaaaaaaaa"])
def test_weak_passphrase_is_refused_with_a_helpful_message(weak: str) -> None:
    response = sign_up(Client(), passphrase=weak)
    assert response.status_code == 400
    assert "A few unrelated words" in response.content.decode()
    assert not User.objects.exists()


def test_common_passphrase_is_refused() -> None:
    response = sign_up(Client(), passphrase="password123")
    assert response.status_code == 400
    assert not User.objects.exists()


def test_passphrases_that_differ_are_refused() -> None:
    client = Client()
    response = client.post(
        "/signup/",
        {"username": "tamsin", "new_passphrase": GOOD, "new_passphrase_again": GOOD + "x"},
    )
    assert response.status_code == 400
    assert "The two passphrases are different." in response.content.decode()


def test_username_is_unique_whatever_its_case(alice: User) -> None:
    response = sign_up(Client(), username="ALICE")
    assert response.status_code == 400
    assert "That username is taken" in response.content.decode()
    assert User.objects.count() == 1


def test_username_with_odd_characters_gets_a_clear_message() -> None:
    response = sign_up(Client(), username="<script>")
    assert response.status_code == 400
    assert "Use only letters, digits" in response.content.decode()


def test_sign_up_leads_on_into_getting_started() -> None:
    """After the recovery codes, a new participant continues into getting started, not Today."""
    client = Client()
    sign_up(client)
    page = client.get("/signup/codes/").content.decode()
    assert re.search(r'<a class="button" href="/start/">I have kept them, continue</a>', page)
    assert client.get("/start/")["Location"] == "/start/substances/"


def test_new_recovery_codes_lead_back_home(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    client.post("/settings/recovery-codes/")
    page = client.get("/signup/codes/").content.decode()
    assert '<a class="button" href="/">I have kept them, continue</a>' in page
