"""The caseload puts who needs a look first, says why, and can be searched, sorted and paged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for, make_user
from tests.factories import log, no_use
from waypoint.accounts.models import Organization, User
from waypoint.care import services
from waypoint.goals.summary import attention_for, summaries_for, summary_for

pytestmark = pytest.mark.django_db


def _names_in_order(html: str, names: list[str]) -> list[str]:
    # From the first client card on: the menu above may hold words like "Directory".
    rows = html[html.index("care-card") :]
    return sorted(names, key=rows.index)


def test_needs_attention_comes_first_with_each_reason_shown(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    today = timezone.localdate()
    # Alice (named first by the alphabet) is doing fine: logged today, no harms.
    alice.display_name = "Aaron"
    alice.save()
    log(alice, today, 1)
    # Bob logged a blackout last week.
    bob.display_name = "Bea"
    bob.save()
    log(bob, today - timedelta(days=5), 8, harms=["blackout"])
    # Cy has logged nothing for three weeks.
    cy = make_user("cy", display_name="Cy")
    no_use(cy, today - timedelta(days=21))
    # Di answered PHQ-9 item 9 above 0.
    di = make_user("di", display_name="Di")
    no_use(di, today)
    services.assessment_take(participant=di, instrument="phq9", answers=[1] * 8 + [2])
    for person in (alice, bob, cy, di):
        grant(person, carol, harbor, ALL_SCOPES)
    html = client_for(carol).get("/care/").content.decode()
    assert _names_in_order(html, ["Aaron", "Bea", "Cy", "Di"]) == ["Di", "Bea", "Cy", "Aaron"]
    assert "An overdose or a blackout logged in the last 28 days" in html
    assert "Nothing logged for 14 days or more" in html
    assert "PHQ-9 item 9 above 0" in html
    by_name = client_for(carol).get("/care/?sort=name").content.decode()
    assert _names_in_order(by_name, ["Aaron", "Bea", "Cy", "Di"]) == ["Aaron", "Bea", "Cy", "Di"]
    quiet = client_for(carol).get("/care/?sort=quiet").content.decode()
    assert _names_in_order(quiet, ["Aaron", "Bea", "Cy", "Di"])[0] == "Cy"


def test_a_higher_who_level_than_the_28_days_before_needs_attention(alice: User, bob: User) -> None:
    today = timezone.localdate()
    for d in range(28, 56):
        log(alice, today - timedelta(days=d), 1)  # 14 g a day: low
        log(bob, today - timedelta(days=d), 5)
    for d in range(0, 28):
        log(alice, today - timedelta(days=d), 5)  # 70 g a day: very high
        log(bob, today - timedelta(days=d), 1)
    reasons = attention_for([alice.pk, bob.pk], today=today)
    assert reasons == {alice.pk: ["who_worse"], bob.pk: []}
    assert "a lower WHO drinking risk level" in summary_for(bob.pk, today=today).better


def test_search_finds_clients_by_name_and_bad_orders_are_refused(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    alice.display_name = "Alice Moreau"
    alice.save()
    grant(alice, carol, harbor, ["progress"])
    grant(bob, carol, harbor, ["progress"])
    client = client_for(carol)
    html = client.get("/care/?q=moreau").content.decode()
    assert "Alice Moreau" in html and "bob" not in html
    assert "Nobody who shares with you has that name." in client.get("/care/?q=zz").content.decode()
    response = client.get("/care/?sort=shoe-size")
    assert response.status_code == 400
    assert "Choose one of the orders offered." in response.content.decode()


def test_summaries_for_many_people_cost_the_same_queries_as_for_one(
    alice: User, bob: User, django_assert_num_queries: object
) -> None:
    today = timezone.localdate()
    for d in range(40):
        log(alice, today - timedelta(days=d), 2)
    with django_assert_num_queries(3):  # type: ignore[operator]
        one = summaries_for([alice.pk], today=today)
    people = [alice.pk, bob.pk] + [make_user(f"p{n}").pk for n in range(5)]
    with django_assert_num_queries(3):  # type: ignore[operator]
        many = summaries_for(people, today=today)
    assert many[alice.pk].days_reported == one[alice.pk].days_reported == 28
    assert many[bob.pk].last_reported is None
