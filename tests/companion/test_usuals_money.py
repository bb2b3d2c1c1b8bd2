"""My usual (one tap to log), the person's own prices, spent vs baseline, alcohol calories."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import log
from tests.journal.test_api import Api
from waypoint.accounts.models import User
from waypoint.companion.models import Price, Usual
from waypoint.companion.services import price_set, usual_create
from waypoint.journal.models import Entry, Substance, today
from waypoint.journal.services import baseline_save, profile_of, substance_for
from waypoint.measures import alcohol_kcal

pytestmark = pytest.mark.django_db


def _ipa(user: User) -> Usual:
    return usual_create(
        user=user,
        name="my IPA",
        substance=substance_for(user, "alcohol"),
        amount=Decimal("473"),
        unit="ml",
        abv_percent=6.8,
    )


def test_a_usual_is_one_tap_on_today_and_logs_the_same_entry(
    alice: User, alice_client: Client
) -> None:
    usual = _ipa(alice)
    page = alice_client.get("/today/").content.decode()
    assert "Log my IPA" in page and "473 mL at 6.8%" in page
    response = alice_client.post(f"/usuals/{usual.pk}/log/", follow=True)
    assert response.status_code == 200
    entry = Entry.objects.get(user=alice)
    assert (entry.amount, entry.unit, entry.abv_percent, entry.day) == (
        Decimal("473.00"),
        "ml",
        6.8,
        today(),
    )
    assert "Saved: Alcohol, 473 mL." in response.content.decode()


def test_a_usual_saved_from_a_logged_entry(alice: User, alice_client: Client) -> None:
    entry = log(alice, today(), 2, substance="cannabis", unit="g", route="smoked")
    assert f"/usuals/from/{entry.pk}/" in alice_client.get("/today/").content.decode()
    alice_client.post(f"/usuals/from/{entry.pk}/", {"name": "weekend"})
    usual = Usual.objects.get(user=alice)
    assert (usual.name, usual.amount, usual.unit, usual.route) == (
        "weekend",
        Decimal("2.00"),
        "g",
        "smoked",
    )


def test_usuals_page_adds_and_removes_and_refuses_bad_values(
    alice: User, alice_client: Client, bob_client: Client
) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    bad = alice_client.post(
        "/usuals/", {"name": "cider", "substance": alcohol.pk, "amount": "500", "unit": "ml"}
    )
    assert bad.status_code == 400
    assert "Give the strength (% alcohol) for mL." in bad.content.decode()
    alice_client.post(
        "/usuals/",
        {
            "name": "cider",
            "substance": alcohol.pk,
            "amount": "500",
            "unit": "ml",
            "abv_percent": "5",
        },
    )
    usual = Usual.objects.get(user=alice)
    assert bob_client.post(f"/usuals/{usual.pk}/log/").status_code == 404
    assert bob_client.post(f"/usuals/{usual.pk}/delete/").status_code == 404
    alice_client.post(f"/usuals/{usual.pk}/delete/")
    assert not Usual.objects.filter(user=alice).exists()


def test_the_usuals_api_and_its_one_call_log(alice: User, bob: User) -> None:
    api = Api(alice)
    created = api.send(
        "post",
        "/usuals",
        {"name": "my IPA", "substance": "alcohol", "amount": 473, "unit": "ml", "abv_percent": 6.8},
    )
    assert created.status_code == 201
    out = created.json()
    assert (out["name"], out["substance"], out["amount"], out["unit"], out["abv_percent"]) == (
        "my IPA",
        "alcohol",
        473.0,
        "ml",
        6.8,
    )
    assert out["text"] == "473 mL at 6.8%"
    assert [u["name"] for u in api.get("/usuals").json()] == ["my IPA"]
    logged = api.send("post", f"/usuals/{out['id']}/log", {})
    assert logged.status_code == 201
    assert logged.json()["alcohol_grams"] == pytest.approx(473 * 6.8 / 100 * 0.789, abs=0.01)
    assert logged.json()["hard_moment_options"] == []
    assert Api(bob).send("post", f"/usuals/{out['id']}/log", {}).status_code == 404
    assert (
        api.send("post", "/usuals", {"name": "", "substance": "alcohol", "amount": 1}).status_code
        == 422
    )
    assert api.send("delete", f"/usuals/{out['id']}").status_code == 204


def test_a_usual_is_changed_on_its_page_and_entries_logged_before_stay(
    alice: User, alice_client: Client, bob_client: Client
) -> None:
    usual = _ipa(alice)
    alice_client.post(f"/usuals/{usual.pk}/log/")
    listing = alice_client.get("/usuals/").content.decode()
    assert f'href="/usuals/{usual.pk}/edit/"' in listing
    page = alice_client.get(f"/usuals/{usual.pk}/edit/").content.decode()
    assert 'value="my IPA"' in page and 'value="473"' in page and 'value="6.8"' in page
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    changed = {"name": "my pint", "substance": alcohol.pk, "unit": "ml", "abv_percent": "4.5"}
    bad = alice_client.post(f"/usuals/{usual.pk}/edit/", changed | {"amount": "0"})
    assert bad.status_code == 400
    assert "The amount must be more than 0 and at most 100000." in bad.content.decode()
    no_strength = alice_client.post(
        f"/usuals/{usual.pk}/edit/", changed | {"amount": "568", "abv_percent": ""}
    )
    assert "Give the strength (% alcohol) for mL." in no_strength.content.decode()
    assert bob_client.get(f"/usuals/{usual.pk}/edit/").status_code == 404
    assert bob_client.post(f"/usuals/{usual.pk}/edit/", changed).status_code == 404
    saved = alice_client.post(f"/usuals/{usual.pk}/edit/", changed | {"amount": "568"}, follow=True)
    assert "Your changes are saved." in saved.content.decode()
    usual.refresh_from_db()
    assert (usual.name, usual.amount, usual.abv_percent) == ("my pint", Decimal("568.00"), 4.5)
    assert "Log my pint" in alice_client.get("/today/").content.decode()
    # What was logged with it before is what was drunk then.
    assert Entry.objects.get(user=alice).amount == Decimal("473.00")


def test_the_usuals_api_changes_only_the_fields_sent(alice: User, bob: User) -> None:
    usual = _ipa(alice)
    api = Api(alice)
    path = f"/usuals/{usual.pk}"
    out = api.send("patch", path, {"amount": 355}).json()
    assert (out["name"], out["amount"], out["unit"], out["abv_percent"]) == (
        "my IPA",
        355.0,
        "ml",
        6.8,
    )
    assert out["text"] == "355 mL at 6.8%"
    # Another substance, in its own unit unless one is sent; a strength is kept only for mL.
    cannabis = api.send("patch", path, {"substance": "cannabis", "amount": 1}).json()
    assert (cannabis["substance"], cannabis["unit"], cannabis["abv_percent"]) == (
        "cannabis",
        "joint",
        None,
    )
    assert api.send("patch", path, {"unit": "g", "route": "smoked"}).json()["route"] == "smoked"
    assert api.send("patch", path, {"route": None}).json()["route"] is None
    refused = api.send("patch", path, {"unit": "ml"})
    assert refused.status_code == 422
    assert "Cannabis is logged in" in refused.json()["detail"]
    assert api.send("patch", path, {"amount": -1}).status_code == 422
    assert api.send("patch", path, {"name": ""}).status_code == 422
    assert Api(bob).send("patch", path, {"amount": 2}).status_code == 404
    assert api.send("patch", "/usuals/999999", {"amount": 2}).status_code == 404
    usual.refresh_from_db()
    assert (usual.name, usual.amount, usual.unit, usual.route) == (
        "my IPA",
        Decimal("1.00"),
        "g",
        "",
    )


def _spirits_after_a_heavy_day(user: User) -> Usual:
    """A bottle of spirits (about 237 g of alcohol) on a day that already holds 30 drinks."""
    log(user, today(), 30)
    return usual_create(
        user=user,
        name="a bottle",
        substance=substance_for(user, "alcohol"),
        amount=Decimal("750"),
        unit="ml",
        abv_percent=40,
    )


def test_a_usual_that_makes_an_unusual_day_is_asked_about_then_logged_on_yes(
    alice: User, alice_client: Client
) -> None:
    usual = _spirits_after_a_heavy_day(alice)
    entry_id = str(uuid.uuid4())
    asked = alice_client.post(f"/usuals/{usual.pk}/log/", {"entry_id": entry_id})
    assert asked.status_code == 400
    page = asked.content.decode()
    assert "Is that right? 750 mL (16.9 standard drinks) would make 46.9 standard drinks" in page
    assert 'name="confirm_unusual" value="1"' in page and f'value="{entry_id}"' in page
    assert Entry.objects.filter(user=alice).count() == 1
    saved = alice_client.post(
        f"/usuals/{usual.pk}/log/", {"entry_id": entry_id, "confirm_unusual": "1"}, follow=True
    )
    assert "Saved: Alcohol, 750 mL" in saved.content.decode()
    assert Entry.objects.filter(user=alice, pk=entry_id).exists()


def test_the_usuals_api_log_asks_then_logs_with_confirm_unusual(alice: User) -> None:
    usual = _spirits_after_a_heavy_day(alice)
    api = Api(alice)
    asked = api.send("post", f"/usuals/{usual.pk}/log", {})
    assert asked.status_code == 422
    assert '"confirm_unusual": true' in asked.json()["detail"]
    saved = api.send("post", f"/usuals/{usual.pk}/log", {"confirm_unusual": True})
    assert saved.status_code == 201
    assert Entry.objects.filter(user=alice).count() == 2


def test_usuals_and_prices_are_in_the_export(alice: User, alice_client: Client) -> None:
    _ipa(alice)
    price_set(user=alice, substance=substance_for(alice, "alcohol"), price="4.50")
    data = json.loads(b"".join(alice_client.get("/settings/export.json").streaming_content))[
        "companion"
    ]
    assert data["usuals"][0]["name"] == "my IPA" and data["usuals"][0]["abv_percent"] == 6.8
    assert data["prices"] == [
        {"substance": "Alcohol", "substance_slug": "alcohol", "unit": "drink", "price": 4.5}
    ]


def test_spent_this_month_beside_the_baseline_pace(alice: User, alice_client: Client) -> None:
    profile = profile_of(alice)
    alcohol = substance_for(alice, "alcohol")
    start = today().replace(day=1) - timedelta(days=30)
    baseline_save(
        user=alice,
        substance=alcohol,
        start=start,
        end=start + timedelta(days=29),
        amounts={start + timedelta(days=n): 2.0 for n in range(30)},
    )
    log(alice, today(), 3)
    price_set(user=alice, substance=alcohol, price="5")
    days = (today() - today().replace(day=1)).days + 1
    api = Api(alice)
    found = api.get("/money-and-health").json()
    [row] = found["spending"]
    assert row["month_spent"] == 15.0  # 3 drinks at 5
    assert (found["reported_days"], found["month_days"]) == (1, days)
    # Baseline: 60 drinks over 30 days, at 5 each = 300, i.e. 10 a day, over this month's days.
    assert row["baseline_for_month"] == pytest.approx(10.0 * days)
    grams = 3 * profile.grams_per_drink
    assert found["alcohol_kcal"] == round(alcohol_kcal(grams))
    assert found["baseline_kcal_for_month"] == round(
        alcohol_kcal(60 * profile.grams_per_drink) / 30 * days
    )
    page = alice_client.get("/goals/progress/").content.decode()
    assert "Money and health, in your terms" in page
    assert "15.00" in page
    assert f"1 of {days} days this month reported" in page
    assert "mixers" in page.lower()


def test_prices_page_and_api_set_and_remove_and_refuse(alice: User, alice_client: Client) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    assert (
        alice_client.post("/prices/", {"substance": alcohol.pk, "price": "-1"}).status_code == 400
    )
    alice_client.post("/prices/", {"substance": alcohol.pk, "price": "6.25"})
    assert Price.objects.get(user=alice).price == Decimal("6.25")
    assert "6.25 for 1 standard drink" in alice_client.get("/prices/").content.decode()
    api = Api(alice)
    assert api.get("/prices").json() == [
        {"substance": "alcohol", "substance_name": "Alcohol", "unit": "drink", "price": 6.25}
    ]
    assert api.send("put", "/prices/cannabis", {"price": 10}).json()["unit"] == "joint"
    assert api.send("put", "/prices/alcohol", {"price": None}).status_code == 204
    assert api.send("put", "/prices/alcohol", {"price": 1e9}).status_code == 422
    assert api.send("put", "/prices/no-such", {"price": 1}).status_code == 422


def test_alcohol_calories_are_7_kcal_a_gram() -> None:
    assert alcohol_kcal(14) == 98
