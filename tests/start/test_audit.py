"""The AUDIT-C step: scored by waypoint.measures with the person's thresholds, plain feedback."""

from __future__ import annotations

import pytest
from django.test import Client

from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment
from waypoint.assessments.services import audit_c_record
from waypoint.journal.services import profile_of, substance_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def drinker(alice: User) -> User:
    profile_of(alice).substances.set([substance_for(alice, "alcohol")])
    return alice


def test_the_questions_keep_the_who_wording(drinker: User, alice_client: Client) -> None:
    text = alice_client.get("/start/audit/").content.decode()
    assert "How often do you have a drink containing alcohol?" in text
    assert (
        "How many drinks containing alcohol do you have on a typical day when you are drinking?"
        in text
    )
    assert "How often do you have six or more drinks on one occasion?" in text
    for option in ("Monthly or less", "7, 8 or 9", "Daily or almost daily"):
        assert option in text


@pytest.mark.parametrize(
    "guideline,answers,total,band",
    [
        ("female", ["1", "1", "1"], 3, "positive"),  # women: positive from 3
        ("male", ["1", "1", "1"], 3, "negative"),  # men: positive from 4
        ("", ["1", "1", "1"], 3, "positive"),  # not chosen: the lower thresholds
        ("male", ["4", "2", "3"], 9, "positive"),
    ],
)
def test_the_score_is_stored_with_the_persons_thresholds(
    drinker: User,
    alice_client: Client,
    guideline: str,
    answers: list[str],
    total: int,
    band: str,
) -> None:
    profile = profile_of(drinker)
    profile.guideline = guideline
    profile.save()
    response = alice_client.post(
        "/start/audit/",
        {"q1": answers[0], "q2": answers[1], "q3": answers[2], "action": "save"},
    )
    assert response["Location"] == "/start/audit/result/"
    stored = Assessment.objects.get(user=drinker)
    assert (stored.instrument, stored.total, stored.band) == ("audit_c", total, band)
    assert stored.answers == [int(a) for a in answers]
    assert stored.flags == (["positive"] if band == "positive" else [])
    assert profile_of(drinker).started_step == "done"


def test_feedback_is_plain_and_offers_options(drinker: User, alice_client: Client) -> None:
    alice_client.post("/start/audit/", {"q1": "4", "q2": "2", "q3": "3", "action": "save"})
    text = alice_client.get("/start/audit/result/").content.decode()
    assert "Your score is 9 out of 12." in text
    assert "information, not a verdict" in text
    assert "Set a goal on your own terms" in text
    assert 'href="/start/done/"' in text


def test_a_lower_score_reads_as_lower_risk(drinker: User, alice_client: Client) -> None:
    profile = profile_of(drinker)
    profile.guideline = "male"
    profile.save()
    alice_client.post("/start/audit/", {"q1": "1", "q2": "0", "q3": "0", "action": "save"})
    text = alice_client.get("/start/audit/result/").content.decode()
    assert "Your score is 1 out of 12." in text
    assert "below 4" in text


def test_never_drinking_needs_no_further_answers(drinker: User, alice_client: Client) -> None:
    response = alice_client.post("/start/audit/", {"q1": "0", "action": "save"})
    assert response.status_code == 302
    assert Assessment.objects.get(user=drinker).answers == [0, 0, 0]
    text = alice_client.get("/start/audit/result/").content.decode()
    assert "You said you don&#x27;t drink alcohol" in text


@pytest.mark.parametrize(
    "data",
    [
        {"q1": "2"},  # items 2 and 3 missing
        {"q1": "2", "q2": "9", "q3": "1"},  # not an option
        {"q1": "x", "q2": "1", "q3": "1"},
        {},
    ],
)
def test_incomplete_or_bad_answers_are_refused(
    drinker: User, alice_client: Client, data: dict[str, str]
) -> None:
    response = alice_client.post("/start/audit/", data | {"action": "save"})
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_the_result_page_without_a_result_goes_to_the_questions(
    drinker: User, alice_client: Client
) -> None:
    assert alice_client.get("/start/audit/result/")["Location"] == "/start/audit/"


def test_the_service_refuses_answers_measures_cannot_score(alice: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        audit_c_record(user=alice, answers=[5, 0, 0])
    assert not Assessment.objects.exists()


def test_the_result_shows_only_my_own_score(drinker: User, bob: User, alice_client: Client) -> None:
    audit_c_record(user=bob, answers=[4, 4, 4])
    assert alice_client.get("/start/audit/result/")["Location"] == "/start/audit/"
