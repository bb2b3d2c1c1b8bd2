"""Questionnaires: taken on the participant's own device, scored by waypoint.measures, charted."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from tests.care.conftest import grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.assessments.models import Assessment
from waypoint.assessments.questions import QUESTIONNAIRES
from waypoint.care.models import OFFERED_INSTRUMENTS, AssessmentRequest
from waypoint.measures import INSTRUMENTS, score

pytestmark = pytest.mark.django_db


def _answers(key: str, value: int) -> dict[str, str]:
    """The same answer (or the nearest allowed one) to every item, as the form posts it."""
    questions = QUESTIONNAIRES[key].questions
    return {
        q.key: str(min((v for v, _label in q.options), key=lambda v: abs(v - value)))
        for q in questions
    }


@pytest.mark.parametrize("key", OFFERED_INSTRUMENTS)
def test_every_offered_questionnaire_has_its_items_and_scores_through_measures(
    alice_client: Client, alice: User, key: str
) -> None:
    questionnaire = QUESTIONNAIRES[key]
    assert len(questionnaire.questions) == INSTRUMENTS[key].item_count
    page = alice_client.get(f"/assessments/take/{key}/")
    assert page.status_code == 200
    posted = _answers(key, 2)
    response = alice_client.post(f"/assessments/take/{key}/", posted)
    assessment = Assessment.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/results/{assessment.pk}/"
    answers = [int(posted[q.key]) for q in questionnaire.questions]
    options = {"sex": "female"} if key == "audit_c" else {}
    expected = score(key, answers, **options)
    assert assessment.answers == answers
    assert assessment.band == expected.band
    if key != "readiness":
        assert assessment.total == expected.total
    assert alice_client.get(response["Location"]).status_code == 200


def test_dast10_is_not_offered_because_its_items_are_copyrighted(alice_client: Client) -> None:
    assert "dast10" not in OFFERED_INSTRUMENTS and "dast10" not in QUESTIONNAIRES
    assert alice_client.get("/assessments/take/dast10/").status_code == 404


def test_a_missing_answer_is_a_clear_400(alice_client: Client) -> None:
    posted = _answers("gad7", 1)
    del posted["q3"]
    response = alice_client.post("/assessments/take/gad7/", posted)
    assert response.status_code == 400
    assert "Choose an answer." in response.content.decode()
    assert not Assessment.objects.exists()


def test_phq9_item_9_above_zero_shows_crisis_resources_at_once(alice_client: Client) -> None:
    posted = {**_answers("phq9", 0), "q9": "1"}
    response = alice_client.post("/assessments/take/phq9/", posted, follow=True)
    html = response.content.decode()
    assert "988 Suicide &amp; Crisis Lifeline" in html
    assert 'href="tel:988"' in html and 'href="sms:988"' in html and 'href="tel:911"' in html
    assert html.index("988") < html.index("Your PHQ-9 result")
    calm = alice_client.post("/assessments/take/phq9/", _answers("phq9", 0), follow=True)
    assert "988" not in calm.content.decode()


@override_settings(
    CRISIS_RESOURCES=[
        {"name": "Samaritans", "detail": "Call 116 123", "links": [("Call", "tel:116123")]}
    ]
)
def test_crisis_resources_can_be_set_per_deployment(alice_client: Client) -> None:
    html = alice_client.post(
        "/assessments/take/phq9/", {**_answers("phq9", 0), "q9": "2"}, follow=True
    ).content.decode()
    assert "Samaritans" in html and "tel:116123" in html and "988" not in html


def test_the_api_answer_brings_crisis_resources_with_a_phq9_item_9_above_zero(
    alice_client: Client,
) -> None:
    response = alice_client.post(
        "/api/v1/assessments",
        {"instrument": "phq9", "answers": [0] * 8 + [3]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["flags"] == ["self_harm"]
    assert body["crisis_resources"][0]["links"][0] == ["Call 988", "tel:988"]


def test_bad_answers_over_the_api_are_a_422_with_the_reason(alice_client: Client) -> None:
    response = alice_client.post(
        "/api/v1/assessments",
        {"instrument": "gad7", "answers": [0, 1]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "GAD-7 has 7 questions; these answers hold 2" in response.json()["detail"]


def test_a_counselor_asks_and_the_client_answers_on_their_own_device(
    alice: User, alice_client: Client, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["assessments"])
    counselor = client_for(carol)
    response = counselor.post(
        f"/care/clients/{alice.pk}/questionnaires/",
        {"instrument": "who5", "message": "Before Tuesday"},
    )
    assert response.status_code == 302
    request = AssessmentRequest.objects.get()
    sharing = alice_client.get("/sharing/").content.decode()
    assert "carol asks you to fill in the WHO-5" in sharing
    alice_client.post(f"/assessments/take/who5/?request={request.pk}", _answers("who5", 3))
    request.refresh_from_db()
    assert request.status == "accepted" and request.assessment is not None
    page = counselor.get(f"/care/clients/{alice.pk}/questionnaires/").content.decode()
    assert "<svg" in page and "Scores as a table" in page
    assert "60" in page  # WHO-5 raw 15 shown on its 0-100 scale


def test_a_request_needs_a_consent_covering_questionnaires(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["progress"])
    response = client_for(carol).post(
        f"/care/clients/{alice.pk}/questionnaires/", {"instrument": "who5"}
    )
    assert response.status_code == 404
    assert not AssessmentRequest.objects.exists()


def test_scores_are_charted_over_time_with_a_table(alice_client: Client) -> None:
    for value in (3, 2, 1):
        alice_client.post("/assessments/take/gad7/", _answers("gad7", value))
    html = alice_client.get("/assessments/").content.decode()
    assert "<polyline" in html and "<table>" in html
    assert html.count("<circle") == 3
    assert "style=" not in html


def test_another_participants_result_is_not_found(
    alice_client: Client, bob_client: Client, alice_data: Any
) -> None:
    path = f"/assessments/results/{alice_data['assessment'].pk}/"
    assert alice_client.get(path).status_code == 200
    assert bob_client.get(path).status_code == 404
