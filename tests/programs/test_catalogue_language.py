"""The seeded catalogue is stored without a language: each viewer reads its names in their own,
whoever's language was active when the program was made. Names an admin types stay as typed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.programs import services
from waypoint.programs.models import Item
from waypoint.programs.selectors import ProgramAccess, program_for

BASE = "/programs/riverside"


@pytest.fixture
def made_in_spanish(petra: User) -> ProgramAccess:
    with translation.override("es"):
        return program_for(petra, "riverside")


def test_a_catalogue_made_in_spanish_reads_in_each_viewers_language(
    made_in_spanish: ProgramAccess, petra: User
) -> None:
    client = client_for(petra)
    english = client.get(f"{BASE}/catalogue/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Syringe" in english and "Jeringa" not in english
    spanish = client.get(f"{BASE}/catalogue/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Jeringa" in spanish
    syringe = Item.objects.get(organization=made_in_spanish.organization, slug="syringe")
    with translation.override("en"):
        assert syringe.shown_name == "Syringe"
    with translation.override("es"):
        assert syringe.shown_name == "Jeringa"


def test_the_api_names_seeded_items_in_the_callers_language_with_the_same_slugs(
    made_in_spanish: ProgramAccess, petra: User
) -> None:
    client = client_for(petra)
    url = "/api/v1/programs/riverside/catalogue"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").json()
    assert [i["slug"] for i in english] == [i["slug"] for i in spanish]
    assert english[0] == {
        "slug": "syringe",
        "name": "Syringe",
        "category": "syringe",
        "doses_per_kit": None,
        "active": True,
    }
    assert spanish[0]["name"] == "Jeringa"


def test_names_an_admin_types_stay_as_typed(access: ProgramAccess, petra_client: Client) -> None:
    services.item_create(access=access, slug="", name="Bálsamo labial", category="other")
    english = petra_client.get(f"{BASE}/catalogue/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bálsamo labial" in english


@pytest.mark.django_db(transaction=True)
def test_the_migration_clears_default_names_saved_in_any_language(
    riverside: Organization,
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    before = [("programs", "0002_referral_service")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("programs", "Item")
    org = riverside.pk
    for slug, name in [
        ("syringe", "Jeringa"),  # saved in Spanish
        ("cooker", "Cooker"),  # saved in English
        ("condom", "Condones gratis"),  # renamed by hand: kept
        ("lip-balm", "Syringe"),  # an admin's own item: kept whatever its name
    ]:
        old.objects.create(organization_id=org, slug=slug, name=name, category="other")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    names = dict(Item.objects.filter(organization_id=org).values_list("slug", "name"))
    assert names == {
        "syringe": "",
        "cooker": "",
        "condom": "Condones gratis",
        "lip-balm": "Syringe",
    }
