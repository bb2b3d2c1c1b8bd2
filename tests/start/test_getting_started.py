"""Getting started through the HTTP client: each step, skip, back, resume."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from waypoint.accounts.models import User
from waypoint.journal.models import Stance, Substance
from waypoint.journal.services import profile_of, substance_for

pytestmark = pytest.mark.django_db


def ids(user: User, *slugs: str) -> list[str]:
    return [str(substance_for(user, slug).pk) for slug in slugs]


def test_start_begins_with_the_substances_step(alice_client: Client) -> None:
    response = alice_client.get("/start/")
    assert response.status_code == 302
    assert response["Location"] == "/start/substances/"
    page = alice_client.get("/start/substances/")
    assert page.status_code == 200
    text = page.content.decode()
    # Nothing chosen yet: every step that could follow is counted, in the one label format.
    assert "Step 1 of 5<" in text
    # Grouped by category, from the catalogue.
    assert "<legend>Opioids</legend>" in text
    assert "<legend>Alcohol, cannabis and nicotine</legend>" in text
    assert "Cannabis" in text


def test_start_needs_sign_in(client: Client) -> None:
    response = client.get("/start/substances/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_choosing_substances_with_one_of_my_own(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/start/substances/",
        {
            "substances": ids(alice, "alcohol", "cannabis"),
            "own_name": "Poppy tea",
            "own_unit": "ml",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/start/drinks/"
    profile = profile_of(alice)
    names = sorted(s.name for s in profile.substances.all())
    assert names == ["Alcohol", "Cannabis", "Poppy tea"]
    own = Substance.objects.get(owner=alice)
    assert (own.default_unit, own.category) == ("ml", "other")
    assert profile.started_step == "drinks"


def test_another_persons_own_substance_cannot_be_chosen(
    alice: User, bob: User, alice_client: Client
) -> None:
    bobs = Substance.objects.create(owner=bob, slug="bobs", name="Bob's own")
    response = alice_client.post(
        "/start/substances/", {"substances": [str(bobs.pk)], "action": "save"}
    )
    assert response.status_code == 400
    assert not profile_of(alice).substances.exists()


def test_drinks_step_stores_country_and_thresholds(alice: User, alice_client: Client) -> None:
    profile_of(alice).substances.set([substance_for(alice, "alcohol")])
    page = alice_client.get("/start/drinks/")
    text = page.content.decode()
    assert "The lower thresholds, often used for women" in text
    assert "United Kingdom (7.9 g)" in text
    assert "Step 2 of 5<" in text
    response = alice_client.post(
        "/start/drinks/", {"country": "UK", "guideline": "male", "action": "save"}
    )
    assert response["Location"] == "/start/where/"
    profile = profile_of(alice)
    assert (profile.country, profile.guideline, profile.grams_per_drink) == ("UK", "male", 7.9)


def test_drinks_step_refuses_an_unknown_country(alice: User, alice_client: Client) -> None:
    profile_of(alice).substances.set([substance_for(alice, "alcohol")])
    response = alice_client.post("/start/drinks/", {"country": "XX", "action": "save"})
    assert response.status_code == 400
    assert profile_of(alice).country == "US"


def test_drinks_step_is_passed_over_without_alcohol(alice: User, alice_client: Client) -> None:
    profile_of(alice).substances.set([substance_for(alice, "heroin")])
    response = alice_client.get("/start/drinks/")
    assert response["Location"] == "/start/where/"
    # And the audit too: after the baseline comes the end.
    response = alice_client.post("/start/baseline/", {"action": "skip"})
    assert response["Location"] == "/start/done/"


def test_where_step_records_stances_and_keeps_history(alice: User, alice_client: Client) -> None:
    alcohol, heroin = substance_for(alice, "alcohol"), substance_for(alice, "heroin")
    profile_of(alice).substances.set([alcohol, heroin])
    data = {
        f"rel_{alcohol.pk}": "heavy",
        f"ready_{alcohol.pk}": "preparing",
        f"rel_{heroin.pk}": "occasional",
        f"ready_{heroin.pk}": "not_considering",
        "action": "save",
    }
    response = alice_client.post("/start/where/", data)
    assert response["Location"] == "/start/baseline/"
    assert Stance.objects.filter(user=alice).count() == 2
    # The same answers again add nothing; a change adds a row and keeps the old one.
    alice_client.post("/start/where/", data)
    assert Stance.objects.filter(user=alice).count() == 2
    alice_client.post("/start/where/", data | {f"ready_{alcohol.pk}": "acting"})
    rows = list(
        Stance.objects.filter(user=alice, substance=alcohol).values_list("readiness", flat=True)
    )
    assert sorted(rows) == ["acting", "preparing"]
    # The page shows the latest answers.
    page = alice_client.get("/start/where/").content.decode()
    checked = re.findall(r'<input type="radio" name="(\w+)" value="(\w+)"[^>]*checked', page)
    assert (f"ready_{alcohol.pk}", "acting") in checked
    assert (f"rel_{heroin.pk}", "occasional") in checked


def test_where_step_wants_both_answers_or_neither(alice: User, alice_client: Client) -> None:
    alcohol = substance_for(alice, "alcohol")
    profile_of(alice).substances.set([alcohol])
    response = alice_client.post(
        "/start/where/", {f"rel_{alcohol.pk}": "regular", "action": "save"}
    )
    assert response.status_code == 400
    assert "Choose one here too, or “Rather not say” for both questions." in (
        response.content.decode()
    )
    assert not Stance.objects.exists()
    response = alice_client.post("/start/where/", {"action": "save"})
    assert response.status_code == 302


def test_where_step_offers_a_way_to_leave_each_question(alice: User, alice_client: Client) -> None:
    """A radio cannot be unchosen: each question has "Rather not say", chosen until answered."""
    alcohol = substance_for(alice, "alcohol")
    profile_of(alice).substances.set([alcohol])
    page = alice_client.get("/start/where/").content.decode()
    for name in (f"rel_{alcohol.pk}", f"ready_{alcohol.pk}"):
        empty = re.search(rf'<input type="radio" name="{name}" value=""[^>]*>', page)
        assert empty is not None and "checked" in empty.group(0)
    assert page.count("Rather not say</label>") == 2
    # Having answered one, the person takes it back with "Rather not say" and moves on.
    response = alice_client.post(
        "/start/where/",
        {f"rel_{alcohol.pk}": "", f"ready_{alcohol.pk}": "", "action": "save"},
    )
    assert response["Location"] == "/start/baseline/"
    assert not Stance.objects.exists()


def test_skip_moves_on_without_saving(alice: User, alice_client: Client) -> None:
    alcohol = substance_for(alice, "alcohol")
    profile_of(alice).substances.set([alcohol])
    response = alice_client.post(
        "/start/where/",
        {f"rel_{alcohol.pk}": "regular", f"ready_{alcohol.pk}": "acting", "action": "skip"},
    )
    assert response["Location"] == "/start/baseline/"
    assert not Stance.objects.exists()
    assert profile_of(alice).started_step == "baseline"


def test_each_step_is_labelled_alike_skippable_and_links_back(
    alice: User, alice_client: Client
) -> None:
    profile_of(alice).substances.set([substance_for(alice, "alcohol")])
    expected = {
        "/start/substances/": None,
        "/start/drinks/": "/start/substances/",
        "/start/where/": "/start/drinks/",
        "/start/baseline/": "/start/where/",
        "/start/audit/": "/start/baseline/",
    }
    for number, (url, back) in enumerate(expected.items(), start=1):
        text = alice_client.get(url).content.decode()
        # One label format on every step.
        assert f"Getting started · Step {number} of 5<" in text, url
        assert 'value="skip"' in text, url
        if back:
            assert f'class="back" href="{back}"' in text, url
        else:
            assert 'class="back"' not in text, url


def test_coming_back_resumes_where_the_person_left(alice: User, alice_client: Client) -> None:
    alice_client.post("/start/substances/", {"substances": ids(alice, "alcohol"), "action": "save"})
    alice_client.post("/start/drinks/", {"country": "AU", "action": "save"})
    # Later, from another device:
    later = Client()
    later.force_login(alice)
    response = later.get("/start/")
    assert response["Location"] == "/start/where/"


def test_resume_skips_a_step_that_no_longer_applies(alice: User, alice_client: Client) -> None:
    profile = profile_of(alice)
    profile.started_step = "audit"
    profile.save()
    profile.substances.set([substance_for(alice, "cannabis")])
    assert alice_client.get("/start/")["Location"] == "/start/done/"


def test_the_last_step_marks_getting_started_done(alice: User, alice_client: Client) -> None:
    profile_of(alice).substances.set([substance_for(alice, "alcohol")])
    response = alice_client.post("/start/audit/", {"action": "skip"})
    assert response["Location"] == "/start/done/"
    profile = profile_of(alice)
    assert profile.started_done_at is not None
    page = alice_client.get("/start/done/").content.decode()
    assert 'href="/goals/new/"' in page
    # Once done, /start/ begins again at the first step, with the answers kept.
    assert alice_client.get("/start/")["Location"] == "/start/substances/"
    assert "checked" in alice_client.get("/start/substances/").content.decode()


def test_i_dont_need_these_steps_finishes_at_once(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/start/skip/")
    assert response["Location"] == "/"
    assert profile_of(alice).started_done_at is not None


def test_getting_started_is_reachable_from_settings(alice_client: Client) -> None:
    assert 'href="/start/"' in alice_client.get("/settings/").content.decode()
