from __future__ import annotations

import pytest
from django.test import Client

import waypoint
from waypoint.accounts.models import User

pytestmark = pytest.mark.django_db


def test_health_reports_version_and_database() -> None:
    response = Client().get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": waypoint.__version__, "database": "ok"}


def test_openapi_schema_lists_the_endpoints() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Waypoint API"
    assert "/api/v1/health" in schema["paths"]
    assert "/api/v1/me" in schema["paths"]


def test_docs_page_loads_its_assets_from_this_site() -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html


def test_unknown_api_path_answers_json_404() -> None:
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_without_sign_in_answers_401_json() -> None:
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_session_sign_in_works_for_the_api(alice: User, alice_client: Client) -> None:
    assert alice_client.get("/api/v1/me").json()["username"] == "alice"
