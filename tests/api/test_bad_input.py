"""Bad input never answers 500: one input layer refuses it with a clear 4xx (issue 10)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from tests.journal.test_api import Api
from waypoint.accounts.models import User
from waypoint.journal.models import CheckIn, Entry

pytestmark = pytest.mark.django_db
NUL, SURROGATE = "a\x00b", "a\ud800b"
ENTRY = {"substance": "alcohol", "day": "2026-11-02", "amount": 2}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api(alice: User) -> Api:
    return Api(alice)


def _goal(api: Api) -> int:
    response = api.send("post", "/goals", {"kind": "life", "title": "Sleep", "domain": "health"})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _step(api: Api, goal_id: int) -> int:
    return api.send("post", f"/goals/{goal_id}/steps", {"text": "Walk"}).json()["id"]


def _entry(api: Api) -> str:
    return api.send("post", "/entries", ENTRY).json()["id"]


# (method, path maker, body maker, the field the answer must name): 13 cases, run with both.
CASES: list[tuple[str, Any, Any, str]] = [
    ("post", lambda api: "/goals", lambda bad: {"kind": "life", "title": bad}, "title"),
    ("post", lambda api: "/goals", lambda bad: {"kind": bad}, "kind"),
    ("post", lambda api: "/goals", lambda bad: {"kind": "life", "domain": bad}, "domain"),
    ("post", lambda api: f"/goals/{_goal(api)}/steps", lambda bad: {"text": bad}, "text"),
    (
        "patch",
        lambda api: (lambda g: f"/goals/{g}/steps/{_step(api, g)}")(_goal(api)),
        lambda bad: {"text": bad},
        "text",
    ),
    ("post", lambda api: "/entries", lambda bad: ENTRY | {"activity": bad}, "activity"),
    ("post", lambda api: "/entries", lambda bad: ENTRY | {"note": bad}, "note"),
    ("post", lambda api: "/entries", lambda bad: ENTRY | {"substance": bad}, "substance"),
    ("post", lambda api: "/entries", lambda bad: ENTRY | {"place": bad}, "place"),
    ("patch", lambda api: f"/entries/{_entry(api)}", lambda bad: {"activity": bad}, "activity"),
    ("put", lambda api: f"/entries/{_entry(api)}", lambda bad: ENTRY | {"note": bad}, "note"),
    ("post", lambda api: "/substances", lambda bad: {"name": bad}, "name"),
    ("post", lambda api: "/substances", lambda bad: {"name": "Kava", "unit": bad}, "unit"),
]


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
@pytest.mark.parametrize("case", range(len(CASES)))
def test_nul_and_lone_surrogates_answer_422_naming_the_field(api: Api, case: int, bad: str) -> None:
    method, path, body, field = CASES[case]
    url = path(api)
    before = Entry.objects.count()
    response = api.send(method, url, body(bad))
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert Entry.objects.count() == before


def test_offsets_and_ids_beyond_64_bits_answer_422_or_404(api: Api, alice: User) -> None:
    huge = "12270920420339660881920"
    assert api.get(f"/entries?offset={huge}").status_code == 422
    assert api.get(f"/entries?limit={huge}").status_code == 422
    assert api.get(f"/goals/{huge}").status_code == 404
    assert api.get(f"/groups/meetings/{huge}").status_code == 404
    assert api.get(f"/care/clients/{huge}").status_code == 404
    page = Client()
    page.force_login(alice)
    for path in (
        "/care/clients/99999999999999999999/",
        "/groups/99999999999999999999/",
        "/groups/meetings/99999999999999999999/",
        "/goals/99999999999999999999/",
    ):
        assert page.get(path).status_code == 404, path


def test_numbers_beyond_64_bits_in_a_body_answer_422(api: Api) -> None:
    response = api.send("post", "/goals", {"kind": "cut_down", "days_per_week": 2**70})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("days_per_week:")


def test_an_oversized_body_answers_a_json_413(api: Api) -> None:
    response = api.send("post", "/entries", ENTRY | {"note": "x" * 3_000_000})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize("day", ["0", "1700000000", "20261102", "2026-W45"])
def test_dates_are_iso_strings_only(api: Api, day: str) -> None:
    response = api.send("put", f"/checkins/{day}", {"no_use": True})
    assert response.status_code == 422
    assert api.send("post", "/entries", ENTRY | {"day": 0}).status_code == 422
    assert CheckIn.objects.count() == 0 and Entry.objects.count() == 0


def test_an_iso_date_still_works(api: Api) -> None:
    assert api.send("put", "/checkins/2026-11-02", {"no_use": True}).status_code == 200
    assert api.send("post", "/entries", ENTRY | {"id": str(uuid.uuid4())}).status_code == 201


def test_a_long_invitation_purpose_is_refused_not_cut(carol: User) -> None:
    counselor = Api(carol)
    long = {"organization": "harbor", "purpose": "p" * 200_000}
    response = counselor.send("post", "/care/invitations", long)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("purpose:")
    ok = counselor.send(
        "post", "/care/invitations", {"organization": "harbor", "purpose": "p" * 200}
    )
    assert ok.status_code == 201


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_written_before_it() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # Accounts too goes back to before the columns it gained later (time zone, language), so
    # that the old models match the tables.
    before = [("journal", "0001_initial"), ("accounts", "0003_login_failure_device")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("accounts", "User").objects.create(username="early", password="x")
    own = old.get_model("journal", "Substance").objects.create(
        owner_id=user.pk, slug="kratom", name="Kratom", units=["g"]
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, slug FROM journal_substance WHERE id = %s", [own.pk])
        name, slug = cursor.fetchone()
    assert name.startswith("gAAAA") and "kratom" not in slug
    from waypoint.journal.models import Substance

    assert Substance.objects.get(pk=own.pk).name == "Kratom"
