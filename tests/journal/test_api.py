"""The journal API: every endpoint, idempotent retries, validation errors and isolation."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import log, no_use
from waypoint.accounts.gate import PARTICIPANTS_ONLY
from waypoint.accounts.models import User
from waypoint.accounts.services import token_create
from waypoint.journal.models import CheckIn, Entry, Substance, today
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 2)


class Api:
    """A JSON client for one person, signed in with a personal access token."""

    def __init__(self, user: User) -> None:
        _token, raw = token_create(user=user, name="tests")
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}")

    def send(self, method: str, path: str, body: Any = None) -> Any:
        call = getattr(self.client, method)
        return call(f"/api/v1{path}", body, content_type="application/json")


@pytest.fixture
def alice_api(alice: User) -> Api:
    return Api(alice)


@pytest.fixture
def bob_api(bob: User) -> Api:
    return Api(bob)


def new_entry(**changes: Any) -> dict[str, Any]:
    return {"substance": "alcohol", "day": DAY.isoformat(), "amount": 2} | changes


# --- Substances ---


def test_substances_list_the_catalogue_with_units(alice_api: Api) -> None:
    response = alice_api.get("/substances")
    assert response.status_code == 200
    alcohol = next(s for s in response.json() if s["slug"] == "alcohol")
    assert alcohol == {
        "id": alcohol["id"],
        "slug": "alcohol",
        "name": "Alcohol",
        "category": "alcohol",
        "default_unit": "drink",
        "units": ["drink", "ml"],
        "own": False,
    }


def test_an_own_substance_is_created_once_and_seen_only_by_its_owner(
    alice_api: Api, bob_api: Api
) -> None:
    body = {"name": "Poppers", "category": "other", "unit": "hit"}
    first = alice_api.send("post", "/substances", body)
    again = alice_api.send("post", "/substances", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["own"] is True
    assert "Poppers" in [s["name"] for s in alice_api.get("/substances").json()]
    assert "Poppers" not in [s["name"] for s in bob_api.get("/substances").json()]
    # Bob cannot log with Alice's substance, by id or slug.
    own_id = first.json()["id"]
    response = bob_api.send("post", "/entries", new_entry(substance=own_id))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("substance: Unknown substance")


def test_an_own_substance_never_hides_a_catalogue_one(alice_api: Api) -> None:
    body = {"name": "Alcohol", "category": "alcohol", "unit": "drink"}
    own = alice_api.send("post", "/substances", body).json()
    # An own substance's slug is random: one made from its name would reveal the name.
    assert own["slug"].startswith("own-") and "alcohol" not in own["slug"]
    entry = alice_api.send("post", "/entries", new_entry()).json()
    assert entry["substance_id"] != own["id"]


@pytest.mark.parametrize(
    "body,field",
    [({"name": ""}, "name"), ({"name": "x", "unit": "bucket"}, "unit"), ({}, "name")],
)
def test_a_bad_own_substance_gets_422(alice_api: Api, body: dict, field: str) -> None:
    response = alice_api.send("post", "/substances", body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}:")


# --- Entries: create ---


def test_creating_an_entry_answers_201_with_everything(alice: User, alice_api: Api) -> None:
    profile = profile_of(alice)
    profile.country = "UK"
    profile.save()
    entry_id = str(uuid.uuid4())
    body = new_entry(
        id=entry_id,
        preset="beer",
        count=2,
        time="21:30",
        route="swallowed",
        mood=3,
        ate_before=True,
        slept_well=False,
        physical="tired",
        intention="social",
        place="bar",
        company="friends",
        activity="quiz night",
        harms=["impaired_driving"],
        care_actions=["water"],
        note="walked home",
    )
    body.pop("amount")
    response = alice_api.send("post", "/entries", body)
    assert response.status_code == 201, response.json()
    out = response.json()
    assert out["id"] == entry_id
    assert (out["day"], out["time"]) == ("2026-11-02", "21:30:00")
    assert (out["substance"], out["substance_name"]) == ("alcohol", "Alcohol")
    assert (out["amount"], out["unit"], out["abv_percent"]) == (710.0, "ml", 5.0)
    # 2 × 355 mL × 5% × 0.789 = 28.01 g, in UK units of 7.9 g
    assert out["alcohol_grams"] == pytest.approx(28.01, abs=0.01)
    assert out["standard_drinks"] == pytest.approx(28.0095 / 7.9, abs=0.01)
    assert out["place"] == "bar" and out["company"] == "friends"
    assert out["harms"] == ["impaired_driving"] and out["care_actions"] == ["water"]
    assert out["note"] == "walked home"
    assert (out["mood"], out["ate_before"], out["slept_well"]) == (3, True, False)


def test_a_retry_with_the_same_id_answers_200_with_the_same_body(alice_api: Api) -> None:
    body = new_entry(id=str(uuid.uuid4()))
    first = alice_api.send("post", "/entries", body)
    retry = alice_api.send("post", "/entries", body)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json() == first.json()
    assert Entry.objects.count() == 1


def test_without_an_id_each_post_is_a_new_entry(alice_api: Api) -> None:
    alice_api.send("post", "/entries", new_entry())
    alice_api.send("post", "/entries", new_entry())
    assert Entry.objects.count() == 2


def test_another_persons_id_is_a_conflict_and_changes_nothing(
    alice: User, alice_api: Api, bob_api: Api
) -> None:
    body = new_entry(id=str(uuid.uuid4()), note="alice's")
    alice_api.send("post", "/entries", body)
    response = bob_api.send("post", "/entries", body | {"note": "bob's", "amount": 9})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("id:")
    entry = Entry.objects.get()
    assert (entry.user, entry.note, entry.amount) == (alice, "alice's", Decimal("2.00"))


def test_substance_by_id_works_too(alice_api: Api) -> None:
    cannabis = Substance.objects.get(slug="cannabis", owner=None)
    response = alice_api.send("post", "/entries", new_entry(substance=cannabis.pk, amount=1))
    assert response.status_code == 201
    assert (response.json()["substance"], response.json()["unit"]) == ("cannabis", "joint")
    assert response.json()["standard_drinks"] is None


@pytest.mark.parametrize(
    "changes,start",
    [
        ({"substance": "unicorn dust"}, "substance: Unknown substance: unicorn dust."),
        ({"amount": -1}, "amount: The amount must be more than 0"),
        ({"amount": 0}, "amount: The amount must be more than 0"),
        ({"day": "2026-02-30"}, "day: "),
        ({"day": "yesterday"}, "day: "),
        (
            {"day": (date.today() + timedelta(days=5)).isoformat()},
            "day: That day is in the future.",
        ),
        ({"unit": "pill"}, "unit: Alcohol is logged in standard drinks, mL."),
        ({"unit": "bucket"}, "unit: "),
        ({"unit": "ml"}, "abv_percent: Give the strength"),
        ({"preset": "keg"}, "preset: Unknown drink: keg."),
        ({"preset": "beer", "count": 0}, "count: The number of drinks must be more than 0"),
        ({"harms": ["bad_luck"]}, "harms."),
        ({"mood": 9}, "mood: Mood is from 1 to 5."),
        ({"place": "moon"}, "place: "),
        ({"time": "25:00"}, "time: "),
        ({"note": "x" * 10_001}, "note: Keep the note to 10000 characters or fewer."),
    ],
)
def test_bad_entries_get_422_naming_the_field(
    alice_api: Api, changes: dict[str, Any], start: str
) -> None:
    response = alice_api.send("post", "/entries", new_entry(**changes))
    assert response.status_code == 422, response.json()
    assert response.json()["detail"].startswith(start)
    assert not Entry.objects.exists()


def test_a_missing_substance_or_day_gets_422(alice_api: Api) -> None:
    response = alice_api.send("post", "/entries", {"amount": 1})
    assert response.status_code == 422
    assert "substance" in response.json()["detail"]
    assert "day" in response.json()["detail"]


# --- Entries: list ---


def test_entries_are_listed_newest_first_within_from_and_to(alice: User, alice_api: Api) -> None:
    for day, amount in [(date(2026, 3, 1), 1), (date(2026, 3, 5), 2), (date(2026, 3, 9), 3)]:
        log(alice, day, amount)
    everything = alice_api.get("/entries").json()
    assert everything["count"] == 3
    assert [e["amount"] for e in everything["items"]] == [3.0, 2.0, 1.0]
    window = alice_api.get("/entries?from=2026-03-02&to=2026-03-09").json()
    assert [e["day"] for e in window["items"]] == ["2026-03-09", "2026-03-05"]
    page = alice_api.get("/entries?limit=1&offset=1").json()
    assert (page["count"], [e["amount"] for e in page["items"]]) == (3, [2.0])


@pytest.mark.parametrize(
    "query,start",
    [
        ("from=2026-03-09&to=2026-03-01", "from: must be on or before 'to'."),
        ("from=2026-02-30", "from: "),
        ("to=soon", "to: "),
        ("limit=0", "limit: "),
    ],
)
def test_a_bad_range_gets_422(alice_api: Api, query: str, start: str) -> None:
    response = alice_api.get(f"/entries?{query}")
    assert response.status_code == 422
    assert response.json()["detail"].startswith(start)


def test_the_list_queries_do_not_grow_with_entries(alice: User, alice_api: Api) -> None:
    def count_queries() -> int:
        alice_api.get("/entries")  # the token's "last used" time is written at most once a while
        with CaptureQueriesContext(connection) as queries:
            assert alice_api.get("/entries").status_code == 200
        return len(queries)

    for n in range(3):
        log(alice, DAY - timedelta(days=n), 1, note="n")
    with_three = count_queries()
    for n in range(3, 60):
        log(alice, DAY - timedelta(days=n), 1, note="n")
    assert count_queries() == with_three <= 6


# --- Entries: read, replace, change, delete ---


def test_an_entry_is_read_replaced_changed_and_deleted(alice: User, alice_api: Api) -> None:
    entry = log(alice, DAY, 2, place="home", harms=["used_alone"], note="first")
    path = f"/entries/{entry.pk}"
    assert alice_api.get(path).json()["place"] == "home"

    replaced = alice_api.send(
        "put", path, {"substance": "cannabis", "day": "2026-10-30", "amount": 1, "unit": "g"}
    )
    assert replaced.status_code == 200, replaced.json()
    out = replaced.json()
    assert (out["substance"], out["day"], out["amount"], out["unit"]) == (
        "cannabis",
        "2026-10-30",
        1.0,
        "g",
    )
    # PUT replaces: what was not sent is emptied.
    assert (out["place"], out["harms"], out["note"], out["alcohol_grams"]) == (None, [], "", None)

    changed = alice_api.send("patch", path, {"note": "second", "company": "alone"})
    assert changed.status_code == 200
    assert (changed.json()["note"], changed.json()["company"]) == ("second", "alone")
    assert changed.json()["amount"] == 1.0  # PATCH keeps the rest

    assert alice_api.send("delete", path).status_code == 204
    assert alice_api.get(path).status_code == 404
    assert not Entry.objects.exists()


def test_a_replacement_without_a_unit_uses_the_substances_own(alice_api: Api) -> None:
    created = alice_api.send("post", "/entries", new_entry(preset="beer")).json()
    body = {"substance": "alcohol", "day": DAY.isoformat(), "amount": 3}
    response = alice_api.send("put", f"/entries/{created['id']}", body)
    assert response.status_code == 200, response.json()
    assert (response.json()["amount"], response.json()["unit"]) == (3.0, "drink")


def test_patching_a_drink_in_ml_keeps_its_strength(alice_api: Api) -> None:
    created = alice_api.send("post", "/entries", new_entry(preset="wine", count=1)).json()
    response = alice_api.send("patch", f"/entries/{created['id']}", {"amount": 296})
    assert response.status_code == 200, response.json()
    assert response.json()["abv_percent"] == 12.0
    assert response.json()["alcohol_grams"] == pytest.approx(296 * 0.12 * 0.789, abs=0.01)


def test_a_bad_change_gets_422_and_leaves_the_entry_as_it_was(alice: User, alice_api: Api) -> None:
    entry = log(alice, DAY, 2)
    response = alice_api.send("patch", f"/entries/{entry.pk}", {"amount": -3})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("amount:")
    entry.refresh_from_db()
    assert entry.amount == Decimal("2.00")


def test_a_missing_or_malformed_entry_id_is_404(alice_api: Api) -> None:
    assert alice_api.get(f"/entries/{uuid.uuid4()}").status_code == 404
    assert alice_api.get("/entries/not-a-uuid").status_code == 404


def test_alice_cannot_read_change_or_delete_bobs_entry(
    alice_api: Api, bob: User, bob_api: Api
) -> None:
    entry = log(bob, DAY, 4, note="bob's own")
    path = f"/entries/{entry.pk}"
    missing = f"/entries/{uuid.uuid4()}"
    for method, body in [
        ("get", None),
        ("put", new_entry(amount=1)),
        ("patch", {"note": "alice was here"}),
        ("delete", None),
    ]:
        theirs = alice_api.get(path) if method == "get" else alice_api.send(method, path, body)
        nobody = (
            alice_api.get(missing) if method == "get" else alice_api.send(method, missing, body)
        )
        assert theirs.status_code == 404
        # Exactly as if it did not exist: nothing tells Alice the id is taken.
        assert theirs.json() == nobody.json()
    entry.refresh_from_db()
    assert (entry.amount, entry.note) == (Decimal("4.00"), "bob's own")
    assert alice_api.get("/entries").json()["count"] == 0
    assert bob_api.get(path).status_code == 200


def test_a_staff_account_has_no_journal(carol: User) -> None:
    response = Api(carol).get("/entries")
    assert response.status_code == 403
    assert response.json()["detail"] == str(PARTICIPANTS_ONLY)


def test_the_api_needs_sign_in() -> None:
    assert Client().get("/api/v1/entries").status_code == 401
    assert Client().get("/api/v1/checkins").status_code == 401
    assert Client().get("/api/v1/substances").status_code == 401


def test_session_writes_need_csrf(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/v1/entries").status_code == 200
    response = client.post("/api/v1/entries", new_entry(), content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Entry.objects.exists()


# --- Check-ins ---


def test_no_use_is_set_and_read_back(alice: User, alice_api: Api) -> None:
    response = alice_api.send("put", "/checkins/2026-11-01", {"no_use": True})
    assert response.status_code == 200
    assert response.json()["no_use"] is True
    again = alice_api.send("put", "/checkins/2026-11-01", {"no_use": True})
    assert again.json()["day"] == "2026-11-01"
    assert CheckIn.objects.filter(user=alice).count() == 1
    assert alice_api.get("/checkins/2026-11-01").json()["no_use"] is True


def test_a_check_in_keeps_what_is_not_sent_and_clears_nulls(alice_api: Api) -> None:
    alice_api.send("put", "/checkins/2026-11-01", {"mood": 2, "wellbeing": 6})
    out = alice_api.send("put", "/checkins/2026-11-01", {"no_use": True, "wellbeing": None}).json()
    assert (out["no_use"], out["mood"], out["wellbeing"]) == (True, 2, None)


def test_check_ins_are_listed_within_from_and_to(alice: User, alice_api: Api) -> None:
    for day in (date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 9)):
        no_use(alice, day)
    days = [c["day"] for c in alice_api.get("/checkins?from=2026-03-02").json()]
    assert days == ["2026-03-09", "2026-03-05"]
    assert alice_api.get("/checkins?from=2026-03-09&to=2026-03-01").status_code == 422


@pytest.mark.parametrize(
    "day,body,start",
    [
        ("2026-02-30", {"no_use": True}, "day: "),
        ((date.today() + timedelta(days=2)).isoformat(), {"no_use": True}, "day: That day is in"),
        ("2026-11-01", {"mood": 0}, "mood: Mood is from 1 to 5."),
        ("2026-11-01", {"wellbeing": 11}, "wellbeing: Wellbeing is from 0 to 10."),
    ],
)
def test_a_bad_check_in_gets_422(alice_api: Api, day: str, body: dict, start: str) -> None:
    response = alice_api.send("put", f"/checkins/{day}", body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(start)
    assert not CheckIn.objects.exists()


def test_no_use_is_refused_on_a_day_with_entries(alice_api: Api) -> None:
    alice_api.send("post", "/entries", new_entry())
    response = alice_api.send("put", f"/checkins/{DAY.isoformat()}", {"no_use": True})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("no_use: This day has entries.")


def test_check_ins_are_private(alice: User, bob_api: Api) -> None:
    no_use(alice, DAY, mood=5)
    assert bob_api.get("/checkins").json() == []
    assert bob_api.get(f"/checkins/{DAY.isoformat()}").status_code == 404
    # Bob's own check-in on the same day is his, and leaves Alice's as it was.
    bob_api.send("put", f"/checkins/{DAY.isoformat()}", {"mood": 1})
    assert CheckIn.objects.get(user=alice).mood == 5


# --- The schema ---


def test_the_openapi_schema_documents_the_journal(alice: User) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/entries",
        "/api/v1/entries/{id}",
        "/api/v1/checkins",
        "/api/v1/checkins/{day}",
        "/api/v1/substances",
    ):
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/v1/entries/{id}"]) == {"get", "put", "patch", "delete"}
    entry_in = schema["components"]["schemas"]["EntryIn"]["properties"]
    assert "retry" in entry_in["id"]["description"]


def test_entries_logged_today_land_on_today(alice_api: Api) -> None:
    response = alice_api.send("post", "/entries", new_entry(day=today().isoformat()))
    assert response.json()["day"] == today().isoformat()
