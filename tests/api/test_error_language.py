"""API error answers are written in the person's language: Waypoint's own words and Pydantic's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.journal.test_api import Api
from waypoint.accounts.models import User

pytestmark = pytest.mark.django_db
ENTRY = {"substance": "alcohol", "day": "2026-11-02", "amount": 2}
ENGLISH_PYDANTIC = ("Field required", "Input should", "should have", "Value error", "Cannot parse")


@pytest.fixture
def sofia(db: None) -> User:
    return make_user("sofia", display_name="Sofía", language="es")


def _refused(response: Any, status: int = 422) -> str:
    assert response.status_code == status, response.content
    detail = str(response.json()["detail"])
    for words in ENGLISH_PYDANTIC:
        assert words not in detail
    return detail


def test_pydantic_refusals_are_plain_spanish_for_a_spanish_account(sofia: User) -> None:
    api = Api(sofia)
    missing = _refused(api.send("post", "/goals", {"title": "x"}))
    assert missing == "kind: Este campo es obligatorio."
    assert _refused(api.get("/entries?limit=many")) == "limit: Envía un número entero."
    assert _refused(api.get("/entries?limit=0")) == "limit: Usa un número de 1 o más."
    assert _refused(api.get("/entries?limit=5000")) == "limit: Usa un número de 1000 o menos."
    assert _refused(api.send("post", "/entries", ENTRY | {"amount": "lots"})) == (
        "amount: Envía un número."
    )
    # Waypoint's own check on dates, inside Pydantic.
    assert _refused(api.send("post", "/entries", ENTRY | {"day": "2 Nov"})) == (
        "day: Usa una fecha ISO 8601, AAAA-MM-DD."
    )
    # The list Pydantic keeps for programs carries the same sentence and its stable type.
    errors = api.send("post", "/goals", {"title": "x"}).json()["errors"]
    assert errors[0]["type"] == "missing" and errors[0]["msg"] == "Este campo es obligatorio."


def test_broken_json_and_the_input_guard_answer_in_spanish(sofia: User) -> None:
    api = Api(sofia)
    broken = api.client.post("/api/v1/entries", "{not json", content_type="application/json")
    assert _refused(broken, 400) == "El cuerpo de la petición no es JSON válido."
    nul = _refused(api.send("post", "/entries", ENTRY | {"note": "a\x00b"}))
    assert nul.startswith("note: ") and "NUL" in nul and "cannot" not in nul


def test_the_same_refusal_stays_english_for_an_english_account_and_follows_the_browser(
    alice: User,
) -> None:
    assert Api(alice).send("post", "/goals", {"title": "x"}).json()["detail"] == (
        "kind: This field is required."
    )
    # No language chosen on the account: the request's Accept-Language decides.
    browser = Client(headers={"Accept-Language": "es"})
    browser.force_login(alice)
    response = browser.get("/api/v1/entries?limit=many")
    assert _refused(response) == "limit: Envía un número entero."
    guarded = browser.get("/api/v1/entries?q=a%00b")
    assert _refused(guarded).startswith("q: ") and "NUL" in guarded.json()["detail"]
