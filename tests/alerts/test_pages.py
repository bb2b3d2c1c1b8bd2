"""Check-on-me and alert pages: who may open them, forms that refuse clearly, steady queries."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.alerts.conftest import confirmed_contact
from tests.conftest import client_for
from waypoint.accounts.models import User
from waypoint.alerts import services
from waypoint.alerts.models import Contact, Timer

pytestmark = pytest.mark.django_db

PAGES = ("/check-on-me/", "/check-on-me/contacts/", "/check-on-me/plan/", "/alerts/notifications/")


def test_participant_pages_refuse_staff_and_send_strangers_to_sign_in(carol: User) -> None:
    staff = client_for(carol)
    for page in PAGES:
        assert staff.get(page).status_code == 403
        assert Client().get(page).status_code == 302


def test_someone_elses_timer_is_404(alice: User, bob: User, bob_client: Client) -> None:
    timer = services.timer_start(
        owner=alice, seconds=600, contact_ids=[confirmed_contact(alice).pk]
    )
    assert bob_client.get(f"/check-on-me/timers/{timer.pk}/").status_code == 404
    assert bob_client.post(f"/check-on-me/timers/{timer.pk}/help/").status_code == 404
    assert Timer.objects.get().status == Timer.Status.RUNNING


def test_start_a_timer_from_the_page_and_answer_ok(alice: User, alice_client: Client) -> None:
    robin = confirmed_contact(alice)
    page = alice_client.get("/check-on-me/")
    assert b"never calls the police or emergency services" in page.content
    response = alice_client.post(
        "/check-on-me/", {"seconds": 600, "note": "at home", "contacts": [robin.pk]}
    )
    timer = Timer.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/check-on-me/timers/{timer.pk}/"
    )
    shown = alice_client.get(response["Location"])
    assert b"I&#x27;m OK" in shown.content or b"I'm OK" in shown.content
    alice_client.post(f"/check-on-me/timers/{timer.pk}/ok/")
    assert b"Nobody was contacted" in alice_client.get(response["Location"]).content


def test_contact_form_refuses_without_an_address(alice_client: Client) -> None:
    response = alice_client.post("/check-on-me/contacts/", {"name": "Robin"})
    assert response.status_code == 400
    assert b"Add an email address or a phone number" in response.content
    assert not Contact.objects.exists()


def test_check_on_me_page_queries_do_not_grow(
    alice: User, alice_client: Client, django_assert_max_num_queries: object
) -> None:
    for count in (1, 8):
        for i in range(count):
            contact = confirmed_contact(
                alice, name=f"C{count}{i}", email=f"c{count}{i}@example.org"
            )
            timer = services.timer_start(owner=alice, seconds=600, contact_ids=[contact.pk])
            services.timer_ok(owner=alice, timer_id=timer.pk)
        with django_assert_max_num_queries(20):  # type: ignore[operator]
            assert alice_client.get("/check-on-me/").status_code == 200
        with django_assert_max_num_queries(20):  # type: ignore[operator]
            assert alice_client.get("/check-on-me/contacts/").status_code == 200
