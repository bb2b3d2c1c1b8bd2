"""Safety pages through the HTTP client: the checker and facts for anyone, the overdose guide,
Today's note and estimate, the person's own classes and figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.safety.helpers import dose
from waypoint.accounts.models import User
from waypoint.journal.catalogue import CATALOGUE
from waypoint.journal.models import Entry, Substance
from waypoint.safety import services
from waypoint.safety.models import BodyFacts, OwnSubstanceClass
from waypoint.safety.table import load
from waypoint.yourdata.exports import export_everything

pytestmark = pytest.mark.django_db


def test_the_checker_works_without_an_account(client: Client) -> None:
    page = client.get("/safety/combinations/?substances=heroin,alcohol,cocaine").content.decode()
    assert page.count('data-testid="pair"') == 3
    assert page.index("Heroin + Alcohol") < page.index("Alcohol + Cocaine")
    assert "Dangerous" in page and "What people do:" in page


def test_the_checker_form_refuses_one_substance(client: Client) -> None:
    response = client.get("/safety/combinations/", {"s1": "alcohol"})
    assert response.status_code == 400
    assert "at least two" in response.content.decode()


@pytest.mark.parametrize("slug", sorted(set(load().sheets) | {s for s, *_r in CATALOGUE}))
def test_every_class_and_catalogue_substance_has_a_fact_page(client: Client, slug: str) -> None:
    response = client.get(f"/safety/substances/{slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Signs of overdose" in page and "Sources" in page


def test_an_unknown_fact_sheet_is_404(client: Client) -> None:
    assert client.get("/safety/substances/nothing-here/").status_code == 404


def test_the_overdose_guide_is_the_same_for_everyone_and_cacheable(
    client: Client, alice: User, settings: Any
) -> None:
    settings.EMERGENCY_NUMBER = "112"
    anonymous = client.get("/safety/overdose/")
    signed_in = client_for(alice).get("/safety/overdose/")
    assert anonymous.content == signed_in.content
    page = anonymous.content.decode()
    assert 'href="tel:112"' in page and "Call 112" in page
    assert "csrfmiddlewaretoken" not in page and "Alice" not in page
    assert "<svg" in page and "one breath every 5 seconds" in page
    for response in (anonymous, signed_in):
        assert response["Cache-Control"].startswith("public")
        assert "'sha256-" in response["Content-Security-Policy"]
        assert "Cookie" not in response.get("Vary", "")
        assert response["X-Waypoint-Offline"] == "cache"


def test_the_installed_app_keeps_the_overdose_guide(client: Client) -> None:
    worker = client.get("/sw.js").content.decode()
    assert '"/safety/overdose/"' in worker


@pytest.mark.parametrize("url", ["/", "/login/", "/safety/", "/today/", "/settings/"])
def test_every_page_offers_overdose_help(alice_client: Client, client: Client, url: str) -> None:
    for who in (client, alice_client):
        response = who.get(url, follow=True)
        assert 'href="/safety/overdose/"' in response.content.decode()


# --- Today --------------------------------------------------------------------------------------


def test_today_notes_a_second_substance_inside_the_window(
    alice: User, alice_client: Client
) -> None:
    dose(alice, "alcohol", hours_ago=3, amount="3")
    dose(alice, "benzodiazepines", hours_ago=0.1)
    page = alice_client.get("/today/").content.decode()
    assert 'data-testid="combination-note"' in page
    assert "Alcohol + Benzodiazepines" in page
    assert "/safety/combinations/?substances=alcohol,benzodiazepines" in page


def test_today_has_no_note_outside_the_window(alice: User, alice_client: Client) -> None:
    dose(alice, "alcohol", hours_ago=14, amount="3")
    dose(alice, "benzodiazepines", hours_ago=0.1)
    page = alice_client.get("/today/").content.decode()
    assert 'data-testid="combination-note"' not in page
    assert "Time since last dose" in page


def test_todays_safety_note_reads_no_entry_note(alice: User, alice_client: Client) -> None:
    """It reads when and what was used, never the notes: one it cannot decrypt is no matter."""
    earlier = dose(alice, "alcohol", hours_ago=30)  # an earlier day, inside the days it reads
    with override_settings(ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        Entry.objects.filter(pk=earlier.pk).update(note="written with a key this server lost")
    dose(alice, "cannabis", hours_ago=1)
    response = alice_client.get("/today/")
    assert response.status_code == 200
    assert "Time since last dose" in response.content.decode()


def test_an_own_substance_given_a_class_gets_a_note(alice: User, alice_client: Client) -> None:
    own = Substance.objects.create(
        owner=alice, slug="lean", name="Lean", default_unit="ml", units=["ml"]
    )
    response = alice_client.post("/safety/your-substances/", {f"class_{own.pk}": "opioids"})
    assert response.status_code == 302
    assert OwnSubstanceClass.objects.get(substance=own).klass == "opioids"
    dose(alice, "lean", hours_ago=2)
    dose(alice, "alcohol", hours_ago=1)
    page = alice_client.get("/today/").content.decode()
    assert "Lean + Alcohol" in page


def test_nobody_can_classify_another_persons_substance(alice: User, bob: User) -> None:
    own = Substance.objects.create(
        owner=alice, slug="lean", name="Lean", default_unit="ml", units=["ml"]
    )
    with pytest.raises(Exception, match="not one of yours"):
        services.own_class_set(user=bob, substance_id=own.pk, klass="opioids")


def test_the_blood_alcohol_range_shows_once_a_weight_is_given(
    alice: User, alice_client: Client
) -> None:
    dose(alice, "alcohol", hours_ago=1, amount="3")
    page = alice_client.get("/today/").content.decode()
    assert 'data-testid="bac"' not in page and "Add your weight" in page
    response = alice_client.post(
        "/safety/body/", {"body-weight_kg": "70", "body-body": "", "next": "/settings/"}
    )
    assert response.status_code == 302 and response.url == "/settings/"
    page = alice_client.get("/today/").content.decode()
    assert 'data-testid="bac"' in page and "Likely below 0.05% by" in page
    assert "safe to drive" not in page.lower()


def test_a_weight_out_of_range_is_refused_beside_the_field(alice_client: Client) -> None:
    response = alice_client.post("/safety/body/", {"body-weight_kg": "5", "body-body": "male"})
    assert response.status_code == 400
    assert "between 25 and 350 kg" in response.content.decode()
    assert not BodyFacts.objects.exists()


def test_settings_asks_for_the_figures(alice_client: Client) -> None:
    page = alice_client.get("/settings/").content.decode()
    assert "Which body-water average should the estimate use?" in page
    assert 'action="/safety/body/"' in page


def test_staff_accounts_have_no_figures_to_set(carol: User) -> None:
    assert client_for(carol).get("/safety/body/").status_code == 403


def test_the_own_export_carries_the_figures_and_classes(alice: User) -> None:
    services.body_facts_set(user=alice, weight_kg=Decimal("68.5"), body="female")
    for name in ("Lean", "Poppers"):
        Substance.objects.create(owner=alice, slug=name.lower(), name=name)
    lean = Substance.objects.get(owner=alice, slug="lean")
    services.own_class_set(user=alice, substance_id=lean.pk, klass="opioids")
    section = export_everything(alice)["safety"]
    assert section["body"] == {"weight_kg": 68.5, "body_water_average": "female"}
    assert section["substance_classes"] == [{"substance": "Lean", "class": "opioids"}]


def _today_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/today/").status_code == 200
    return len(queries)


def test_today_queries_do_not_grow_with_doses(alice: User, alice_client: Client) -> None:
    services.body_facts_set(user=alice, weight_kg=Decimal("70"), body="")
    for hours in (1, 2, 3):
        dose(alice, "alcohol", hours_ago=hours)
    dose(alice, "cannabis", hours_ago=0.5)
    few = _today_queries(alice_client)
    for n in range(40):
        dose(alice, ("alcohol", "heroin", "cocaine", "cannabis")[n % 4], hours_ago=n / 2)
    assert _today_queries(alice_client) == few


def test_after_a_drink_today_reads_the_body_facts_with_the_doses(
    alice: User, alice_client: Client
) -> None:
    from django.utils import timezone

    from waypoint.safety.selectors import today_for

    services.body_facts_set(user=alice, weight_kg=Decimal("70"), body="")
    dose(alice, "cannabis", hours_ago=1)
    without_a_drink = _today_queries(alice_client)
    dose(alice, "alcohol", hours_ago=1, amount="3")
    # One query for the doses and the figures: a drink costs Today no query of its own.
    assert _today_queries(alice_client) == without_a_drink
    assert 'data-testid="bac"' in alice_client.get("/today/").content.decode()
    now = timezone.now()
    unset = today_for(alice, now).bac
    services.body_facts_set(user=alice, weight_kg=Decimal("70"), body="female")
    lower = today_for(alice, now).bac
    services.body_facts_set(user=alice, weight_kg=Decimal("70"), body="male")
    higher = today_for(alice, now).bac
    # Unset is the lower body-water average (the more careful estimate).
    assert unset is not None and unset == lower and higher != lower
