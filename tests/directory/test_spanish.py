"""The directory in Spanish: Waypoint's own words (types, days, languages) are translated;
what the directory's data says in its own words (descriptions, notes) is shown as imported."""

from __future__ import annotations

import pytest
from django.test import Client

from waypoint.directory.models import Service

pytestmark = pytest.mark.django_db


def _page(language: str) -> str:
    service = Service.objects.get(hsds_id="svc-ssp")
    client = Client(headers={"Accept-Language": language})
    response = client.get(f"/directory/services/{service.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_service_page_names_types_days_and_languages_in_spanish(imported: None) -> None:
    body = _page("es")
    # Waypoint's taxonomy, in the reader's language.
    assert "Servicios de jeringas" in body and "Naloxona" in body
    assert "Syringe services" not in body
    # The schedule's HSDS codes ("MO,TU,WE,TH,FR") in words; languages by their codes.
    assert "lunes a viernes 09:00–17:00" in body and "MO,TU" not in body
    assert "Inglés, Español" in body  # Django's own names for the codes
    assert "ext. 12" in body
    # Imported free text stays as the directory wrote it.
    assert "Sterile supplies, naloxone and a friendly chat." in body
    assert "Closed for the holiday" in body


def test_the_same_page_in_english(imported: None) -> None:
    body = _page("en")
    assert "Syringe services" in body and "Monday to Friday 09:00–17:00" in body
    assert "English, Spanish" in body


def test_directory_api_refusals_follow_the_request_language(imported: None) -> None:
    client = Client(headers={"Accept-Language": "es"})
    response = client.get("/api/v1/directory/services?type=spaceships")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("type: Tipo desconocido; usa uno de estos:")
    response = client.get("/api/v1/directory/services?near=91,0")
    assert response.json()["detail"] == "near: La latitud va de -90 a 90."
