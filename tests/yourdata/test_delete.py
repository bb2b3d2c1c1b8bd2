"""Deleting an account removes every record about the person at once, and nothing of anyone else."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client

from tests.conftest import client_for
from tests.yourdata.filled import fill
from waypoint.accounts.models import LoginFailure, User
from waypoint.journal.models import Entry, Substance

pytestmark = pytest.mark.django_db


def rows_about(user_pk: int) -> dict[str, int]:
    """Rows in any model with a foreign key (or one-to-one, or many-to-many) to the person."""
    found = {}
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.remote_field.model is user_model
                and not field.auto_created
            ):
                count = model._default_manager.filter(**{field.name: user_pk}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def test_the_check_finds_rows_before_deleting(alice: User) -> None:
    fill(alice, "ALICE")
    found = rows_about(alice.pk)
    for label in (
        "journal.Entry.user",
        "journal.CheckIn.user",
        "journal.BaselineDay.user",
        "journal.Stance.user",
        "journal.Profile.user",
        "journal.Substance.owner",
        "goals.Goal.user",
        "assessments.Assessment.user",
        "accounts.AccessToken.user",
        "accounts.RecoveryCode.user",
    ):
        assert label in found, label


def test_the_page_explains_and_asks_for_the_username(alice_client: Client) -> None:
    response = alice_client.get("/settings/delete/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Type your username to confirm" in text
    assert 'href="/settings/export.json"' in text


def test_a_wrong_username_deletes_nothing(alice: User, alice_client: Client) -> None:
    fill(alice, "ALICE")
    response = alice_client.post("/settings/delete/", {"confirm": "bob"})
    assert response.status_code == 400
    assert "That is not your username. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert Entry.objects.filter(user=alice).count() == 4


def test_a_get_deletes_nothing(alice: User, alice_client: Client) -> None:
    alice_client.get("/settings/delete/?confirm=alice")
    assert User.objects.filter(pk=alice.pk).exists()


def test_deleting_removes_every_record_about_me_and_nothing_of_bobs(
    alice: User, bob: User, alice_client: Client
) -> None:
    fill(alice, "ALICE")
    fill(bob, "BOB")
    other_device = client_for(alice)
    bob_client = client_for(bob)
    bob_before = rows_about(bob.pk)
    alice_pk = alice.pk

    response = alice_client.post("/settings/delete/", {"confirm": "Alice "})
    assert response.status_code == 302
    assert response["Location"] == "/goodbye/"

    assert not User.objects.filter(pk=alice_pk).exists()
    assert rows_about(alice_pk) == {}
    assert not Substance.objects.filter(name__startswith="ALICE").exists()
    assert not LoginFailure.objects.filter(username="alice").exists()
    # Signed out here and on every other device.
    for client in (alice_client, other_device):
        assert "/login/" in client.get("/settings/")["Location"]
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(alice_pk) for s in Session.objects.all()
    )
    # Bob keeps everything, and stays signed in.
    assert rows_about(bob.pk) == bob_before
    assert LoginFailure.objects.filter(username="bob").count() == 1
    assert bob_client.get("/settings/").status_code == 200


def test_goodbye_is_neutral_and_shown_once(alice: User, alice_client: Client) -> None:
    alice_client.post("/settings/delete/", {"confirm": "alice"})
    page = alice_client.get("/goodbye/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your account is deleted" in text
    assert "Sign out" not in text
    assert alice_client.get("/goodbye/")["Location"] == "/"


def test_goodbye_in_spanish_leads_to_the_home_page(alice: User, alice_client: Client) -> None:
    """The way back is "Inicio" (the home page), not "Casa" (a house)."""
    alice_client.post("/settings/delete/", {"confirm": "alice"})
    text = alice_client.get("/goodbye/", headers={"accept-language": "es"}).content.decode()
    assert "Tu cuenta está borrada" in text
    assert ">Inicio</a>" in text


def test_deleting_needs_sign_in(client: Client) -> None:
    response = client.post("/settings/delete/", {"confirm": "alice"})
    assert "/login/" in response["Location"]
