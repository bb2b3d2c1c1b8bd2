from __future__ import annotations

import re

import pytest
from django.test import Client

from waypoint.accounts.models import AccessToken, User, secret_hash

pytestmark = pytest.mark.django_db


def make_token(client: Client, name: str = "my script") -> str:
    response = client.post("/settings/tokens/", {"name": name})
    assert response.status_code == 302
    page = client.get("/settings/").content.decode()
    match = re.search(r'data-testid="new-token">(wp_[A-Za-z0-9_-]+)<', page)
    assert match, "the new token is shown on the settings page"
    return match.group(1)


def test_a_token_is_shown_once_and_stored_hashed(alice: User, alice_client: Client) -> None:
    raw = make_token(alice_client)
    token = AccessToken.objects.get(user=alice)
    assert token.token_hash == secret_hash(raw)
    assert raw not in token.token_hash
    assert raw not in alice_client.get("/settings/").content.decode()


def test_a_token_authenticates_api_requests_as_its_owner(alice: User, alice_client: Client) -> None:
    raw = make_token(alice_client)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    token = AccessToken.objects.get(user=alice)
    assert token.last_used_at is not None


def test_a_revoked_token_stops_working(alice: User, alice_client: Client) -> None:
    raw = make_token(alice_client)
    token = AccessToken.objects.get(user=alice)
    alice_client.post(f"/settings/tokens/{token.pk}/revoke/")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert "detail" in response.json()


def test_nobody_can_revoke_another_persons_token(
    alice: User, alice_client: Client, bob_client: Client
) -> None:
    make_token(alice_client)
    token = AccessToken.objects.get(user=alice)
    assert bob_client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    assert AccessToken.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("header", ["Bearer wp_made_up", "Bearer ", "Basic abc", "wp_x"])
def test_a_bad_token_gets_401_with_a_detail(alice: User, header: str) -> None:
    response = Client().get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_token_of_a_deactivated_account_stops_working(alice: User, alice_client: Client) -> None:
    raw = make_token(alice_client)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_token_needs_a_name(alice_client: Client) -> None:
    alice_client.post("/settings/tokens/", {"name": ""})
    assert not AccessToken.objects.exists()
