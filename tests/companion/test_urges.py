"""The urge log: pages, the API, insights in neutral words, export, deletion and isolation."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.journal.test_api import Api
from waypoint.accounts.models import User
from waypoint.companion.insights import MIN_DAYS, UrgeFact, urge_insights
from waypoint.companion.models import Urge
from waypoint.companion.services import urge_create
from waypoint.journal.models import today

pytestmark = pytest.mark.django_db


def _urge(user: User, day: date, **values: object) -> Urge:
    values.setdefault("strength", 6)
    urge, _created = urge_create(user=user, day=day, at=time(20, 0), **values)
    return urge


def test_an_urge_noted_from_today_in_one_tap(alice: User, alice_client: Client) -> None:
    today_page = alice_client.get("/today/").content.decode()
    assert "Noticed an urge?" in today_page
    response = alice_client.post(
        "/urges/", {"strength": "7", "next": "/today/", "urge_id": str(uuid.uuid4())}
    )
    assert response.status_code == 302 and response["Location"] == "/today/"
    urge = Urge.objects.get(user=alice)
    assert (urge.strength, urge.day, urge.used) == (7, today(), None)


def test_the_full_urge_form_keeps_every_field_and_encrypts_the_text(
    alice: User, alice_client: Client
) -> None:
    alice_client.post(
        "/urges/",
        {
            "strength": "8",
            "situation": "payday, walking past the bar",
            "helped": "called Sam",
            "lasted_minutes": "15",
            "used": "false",
            "day": today().isoformat(),
            "at": "18:30",
        },
    )
    urge = Urge.objects.get(user=alice)
    assert (urge.situation, urge.helped, urge.lasted_minutes, urge.used) == (
        "payday, walking past the bar",
        "called Sam",
        15,
        False,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT situation, helped FROM companion_urge")
        stored = cursor.fetchone()
    assert "payday" not in stored[0] and "Sam" not in stored[1]


def test_bad_urge_input_gets_a_clear_400(alice_client: Client) -> None:
    response = alice_client.post("/urges/", {"strength": "11"})
    assert response.status_code == 400
    response = alice_client.post("/urges/", {})
    assert "Choose how strong it was, 1 to 10." in response.content.decode()
    future = (today() + timedelta(days=1)).isoformat()
    response = alice_client.post("/urges/", {"strength": "3", "day": future})
    assert response.status_code == 400
    assert "That day is in the future." in response.content.decode()


def test_urges_are_edited_and_deleted_by_their_owner_only(
    alice: User, alice_client: Client, bob_client: Client
) -> None:
    urge = _urge(alice, today())
    assert bob_client.get(f"/urges/{urge.pk}/edit/").status_code == 404
    assert bob_client.post(f"/urges/{urge.pk}/delete/").status_code == 404
    alice_client.post(
        f"/urges/{urge.pk}/edit/", {"strength": "2", "day": today().isoformat(), "at": "07:15"}
    )
    urge.refresh_from_db()
    assert urge.strength == 2
    alice_client.post(f"/urges/{urge.pk}/delete/")
    assert not Urge.objects.filter(pk=urge.pk).exists()


def test_the_insight_counts_days_when_urges_passed_within_20_minutes(
    alice: User, alice_client: Client
) -> None:
    for back, minutes in enumerate([5, 10, 15, 20, 45, 12, 18, 30, 8]):
        _urge(alice, today() - timedelta(days=back), lasted_minutes=minutes)
    page = alice_client.get("/urges/").content.decode()
    assert "Urges passed within 20 minutes on 7 of 9 days." in page


def test_no_insight_before_three_days_of_urges(alice: User, alice_client: Client) -> None:
    _urge(alice, today(), lasted_minutes=5)
    _urge(alice, today() - timedelta(days=1), lasted_minutes=5)
    page = alice_client.get("/urges/").content.decode()
    assert "Urges passed within" not in page
    assert "After urges on 3 different days" in page


def test_insights_name_use_time_of_day_and_what_helped_with_counts(alice: User) -> None:
    for back, used in enumerate([True, False, False, None]):
        _urge(alice, today() - timedelta(days=back), used=used, helped="Called  Sam")
    lines = Api(alice).get("/urges").json()["insights"]
    assert "You used after 1 of 3 urges where you noted it." in lines
    assert "4 of 4 urges came in the evening." in lines
    assert "“Called Sam” was noted as helping 4 times." in lines
    assert "Average strength 6 out of 10, over 4 urges." in lines


@pytest.mark.parametrize("seed", range(30))
def test_no_insight_rests_on_fewer_days_than_the_rule(seed: int) -> None:
    import random

    rng = random.Random(seed)
    facts = [
        UrgeFact(
            day=date(2026, 1, 1) + timedelta(days=rng.randrange(6)),
            hour=rng.randrange(24),
            strength=rng.randint(1, 10),
            used=rng.choice([True, False, None]),
            lasted_minutes=rng.choice([None, rng.randrange(90)]),
        )
        for _ in range(rng.randrange(12))
    ]
    found = urge_insights(facts)
    days = {f.day for f in facts}
    if len(days) < MIN_DAYS:
        assert found is None
        return
    assert found is not None
    assert found.days == len(days)
    if found.passed_days is not None:
        assert found.timed_days >= MIN_DAYS and 0 <= found.passed_days <= found.timed_days
    if found.used_after is not None:
        assert found.answered_used >= MIN_DAYS and found.used_after <= found.answered_used


def test_the_urge_api_lists_creates_changes_and_deletes(alice: User, bob: User) -> None:
    api = Api(alice)
    client_id = str(uuid.uuid4())
    body = {
        "id": client_id,
        "strength": 9,
        "day": str(today()),
        "time": "21:05",
        "substance": "alcohol",
        "situation": "argument",
        "helped": "a walk",
        "used": False,
        "lasted_minutes": 25,
    }
    created = api.send("post", "/urges", body)
    assert created.status_code == 201
    out = created.json()
    assert out["id"] == client_id
    assert (out["strength"], out["time"], out["substance"], out["situation"]) == (
        9,
        "21:05:00",
        "alcohol",
        "argument",
    )
    assert (out["helped"], out["used"], out["lasted_minutes"]) == ("a walk", False, 25)
    # A retry with the same id returns the stored urge, no second one.
    assert api.send("post", "/urges", body).status_code == 200
    assert Urge.objects.filter(user=alice).count() == 1
    listed = api.get("/urges").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == client_id
    changed = api.send("patch", f"/urges/{client_id}", {"used": True, "strength": 4})
    assert (changed.json()["used"], changed.json()["strength"], changed.json()["helped"]) == (
        True,
        4,
        "a walk",
    )
    bob_api = Api(bob)
    assert bob_api.get(f"/urges/{client_id}").status_code == 404
    assert bob_api.send("delete", f"/urges/{client_id}").status_code == 404
    assert bob_api.send("post", "/urges", body).status_code == 409
    assert api.send("patch", f"/urges/{client_id}", {"strength": 0}).status_code == 422
    assert api.send("post", "/urges", {"strength": 5, "lasted_minutes": -1}).status_code == 422
    assert api.send("delete", f"/urges/{client_id}").status_code == 204
    assert api.get(f"/urges/{client_id}").status_code == 404


def test_urges_are_in_the_export_json_and_their_own_csv(alice: User, alice_client: Client) -> None:
    _urge(alice, today(), situation="after work, tired", helped="tea", lasted_minutes=10)
    data = json.loads(b"".join(alice_client.get("/settings/export.json").streaming_content))
    [urge] = data["companion"]["urges"]
    assert (urge["situation"], urge["helped"], urge["lasted_minutes"]) == (
        "after work, tired",
        "tea",
        10,
    )
    response = alice_client.get("/settings/urges.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["strength"], r["situation"], r["helped"]) for r in rows] == [
        ("6", "after work, tired", "tea")
    ]
    assert "urges" in response["Content-Disposition"]


def test_account_deletion_takes_the_urges_usuals_and_prices(
    alice: User, alice_client: Client
) -> None:
    _urge(alice, today())
    api = Api(alice)
    api.send(
        "post",
        "/usuals",
        {"name": "my IPA", "substance": "alcohol", "amount": 473, "unit": "ml", "abv_percent": 6.8},
    )
    api.send("put", "/prices/alcohol", {"price": 3})
    alice_client.post("/settings/delete/", {"confirm": "alice"})
    from waypoint.companion.models import Price, Usual

    assert not User.objects.filter(username="alice").exists()
    assert (Urge.objects.count(), Usual.objects.count(), Price.objects.count()) == (0, 0, 0)


def test_the_urges_page_keeps_its_query_count_as_urges_grow(
    alice: User, alice_client: Client
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert alice_client.get("/urges/").status_code == 200
        return len(context.captured_queries)

    for n in range(3):
        _urge(alice, today() - timedelta(days=n), situation=f"urge {n}", used=n % 2 == 0)
    few = queries()
    for n in range(3, 80):
        _urge(alice, today() - timedelta(days=n), situation=f"urge {n}", used=n % 2 == 0)
    assert queries() == few
