"""After a hard moment: one or two places to turn, on the confirmation and in the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings

from tests.factories import log
from tests.journal.test_api import Api
from tests.journal.test_pages import quick_log
from waypoint.accounts.models import User
from waypoint.journal.models import Entry, today
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db


def _log_on_today(client: Client, **fields: Any) -> Any:
    return client.post("/today/", quick_log(**fields), follow=True)


def _options(response: Any) -> list[str]:
    return [o.key for o in response.context["hard_moments"]]


def test_logging_alone_offers_check_on_me_and_saves_the_entry_first(
    alice: User, alice_client: Client
) -> None:
    response = _log_on_today(alice_client, company="alone")
    assert response.status_code == 200
    assert Entry.objects.filter(user=alice, company="alone").count() == 1
    assert _options(response) == ["check_on_me"]
    page = response.content.decode()
    assert "Using alone? Some people ask someone to check on them." in page
    assert 'href="/check-on-me/"' in page
    # Shown once: the next visit to Today is quiet again.
    again = alice_client.get("/today/")
    assert "Using alone?" not in again.content.decode()


@override_settings(NEVER_USE_ALONE_LINES=[("Never Use Alone: 1-800-484-3731", "tel:+18004843731")])
def test_the_operators_never_use_alone_line_is_offered_beside_check_on_me(
    alice_client: Client,
) -> None:
    response = _log_on_today(alice_client, company="alone")
    assert _options(response) == ["check_on_me", "never_use_alone"]
    assert 'href="tel:+18004843731"' in response.content.decode()


@override_settings(NEVER_USE_ALONE_LINES=[("Click me", "javascript:alert(1)")])
def test_an_operator_line_with_an_unsafe_link_is_left_out(alice_client: Client) -> None:
    assert _options(_log_on_today(alice_client, company="alone")) == ["check_on_me"]


def test_a_very_low_mood_offers_988_and_911_as_the_questionnaires_do(alice_client: Client) -> None:
    response = _log_on_today(alice_client, mood="1")
    assert _options(response) == ["crisis", "crisis_1"]
    page = response.content.decode()
    assert 'href="tel:988"' in page and 'href="tel:911"' in page


def test_an_overdose_offers_the_response_guide_first(alice_client: Client) -> None:
    response = _log_on_today(alice_client, harms=["overdose"], company="alone")
    # Two situations, one option each, the most pressing first.
    assert _options(response) == ["overdose_guide", "check_on_me"]
    assert 'href="/safety/overdose/"' in response.content.decode()


def test_a_blackout_offers_check_on_me_and_the_overdose_guide(alice_client: Client) -> None:
    response = _log_on_today(alice_client, harms=["blackout"])
    assert _options(response) == ["check_on_me", "overdose_guide"]
    page = response.content.decode()
    assert "After a blackout, some people ask someone to check on them next time." in page
    assert 'href="/check-on-me/"' in page and 'href="/safety/overdose/"' in page


def test_a_second_depressant_the_same_day_counts_as_mixing(alice: User) -> None:
    log(alice, today(), 1, substance="benzodiazepines")
    api = Api(alice)
    body = api.send("post", "/entries", {"substance": "alcohol", "day": str(today()), "amount": 3})
    assert body.status_code == 201
    keys = [o["key"] for o in body.json()["hard_moment_options"]]
    assert keys == ["overdose_guide", "combinations"]


def test_a_stimulant_beside_alcohol_is_not_called_mixing_depressants(alice: User) -> None:
    log(alice, today(), 1, substance="cocaine")
    body = Api(alice).send(
        "post", "/entries", {"substance": "alcohol", "day": str(today()), "amount": 3}
    )
    assert body.json()["hard_moment_options"] == []


def test_an_ordinary_entry_offers_nothing(alice_client: Client) -> None:
    response = _log_on_today(alice_client, company="friends", mood="4")
    assert _options(response) == []
    assert 'data-testid="hard-moments"' not in response.content.decode()


def test_turned_off_in_settings_nothing_is_offered_on_pages_or_in_the_api(
    alice: User, alice_client: Client
) -> None:
    settings_page = alice_client.get("/settings/")
    assert "After a hard moment, offer one or two places to turn" in settings_page.content.decode()
    alice_client.post("/settings/hard-moments/", {})
    assert profile_of(alice).hard_moments is False
    response = _log_on_today(alice_client, company="alone", mood="1")
    assert Entry.objects.filter(user=alice).count() == 1  # still saved, never a gate
    assert _options(response) == []
    body = Api(alice).send(
        "post",
        "/entries",
        {"substance": "alcohol", "day": str(today()), "company": "alone", "amount": 1},
    )
    assert body.status_code == 201 and body.json()["hard_moment_options"] == []
    alice_client.post("/settings/hard-moments/", {"hard-on": "on"})
    assert profile_of(alice).hard_moments is True


def test_the_api_create_response_lists_key_text_and_url(alice: User) -> None:
    body = Api(alice).send(
        "post",
        "/entries",
        {"substance": "heroin", "day": str(today()), "amount": 1, "harms": ["used_alone"]},
    )
    assert body.status_code == 201
    assert body.json()["hard_moment_options"] == [
        {
            "key": "check_on_me",
            "text": "Using alone? Some people ask someone to check on them.",
            "url": "/check-on-me/",
        }
    ]


def test_the_hard_moments_setting_over_the_api(alice: User) -> None:
    api = Api(alice)
    assert api.get("/settings/hard-moments").json() == {"on": True}
    assert api.send("put", "/settings/hard-moments", {"on": False}).json() == {"on": False}
    assert profile_of(alice).hard_moments is False
    assert api.send("put", "/settings/hard-moments", {"on": "maybe"}).status_code == 422


def test_logging_a_backdated_day_alone_on_the_full_form_offers_it_on_the_journal(
    alice: User, alice_client: Client
) -> None:
    day = today() - timedelta(days=2)
    response = alice_client.post(
        "/entries/new/", quick_log(day=day.isoformat(), company="alone"), follow=True
    )
    assert response.status_code == 200
    assert _options(response) == ["check_on_me"]
