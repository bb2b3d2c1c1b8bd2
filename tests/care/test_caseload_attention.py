"""The caseload puts who needs a look first, says why, and can be searched, sorted and paged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for, make_user
from tests.factories import log, no_use
from waypoint.accounts.models import Organization, User
from waypoint.care import selectors, services
from waypoint.care.models import AccessRecord
from waypoint.goals.summary import attention_for, summaries_for, summary_for

pytestmark = pytest.mark.django_db
Via = AccessRecord.Via


def _names_in_order(html: str, names: list[str]) -> list[str]:
    # From the first client card on: the menu above may hold words like "Directory".
    rows = html[html.index("care-card") :]
    return sorted(names, key=rows.index)


def _aaron_and_bea(alice: User, bob: User) -> None:
    """Names sorting before "Cy" and "Di": the order shown is the page's, not the alphabet's."""
    for person, name in ((alice, "Aaron"), (bob, "Bea")):
        person.display_name = name
        person.save(update_fields=["display_name"])


def test_needs_attention_comes_first_with_each_reason_shown(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    today = timezone.localdate()
    _aaron_and_bea(alice, bob)
    # Aaron (named first by the alphabet) is doing fine: logged today, no harms.
    log(alice, today, 1)
    # Bea logged a blackout last week.
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


def test_a_page_past_the_last_shows_the_last_and_still_counts_everyone(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    for person in (alice, bob):
        grant(person, carol, harbor, ["progress"])
    rows, total = selectors.caseload_rows(carol, via=Via.CASELOAD, offset=50)
    assert (rows, total) == ([], 2)  # nobody on that page, and how many there are
    assert not AccessRecord.objects.exists()  # nobody read
    page = selectors.caseload_page(carol, via=Via.CASELOAD, page=7)
    assert (page.number, page.pages, page.total) == (1, 1, 2)
    assert [row.participant.shown_name for row in page.rows] == ["Alice", "bob"]
    html = client_for(carol).get("/care/?page=7").content.decode()
    assert "2 clients" in html and "Alice" in html


def test_search_ignores_case_takes_wildcards_literally_and_names_before_usernames(
    carol: User, harbor: Organization
) -> None:
    people = [
        make_user("ann-lee", display_name="Ann_Lee"),
        make_user("annalee", display_name="Annalee"),
        make_user("percy", display_name="100% sure"),
        make_user("quiet-name"),  # no display name: found by username
        make_user("hidden-handle", display_name="Zed"),  # shown as Zed: not by username
    ]
    for person in people:
        grant(person, carol, harbor, ["progress"])

    def found(query: str) -> list[str]:
        rows, total = selectors.caseload_rows(carol, via=Via.CASELOAD, query=query, sort="name")
        assert total == len(rows)
        return [row.participant.shown_name for row in rows]

    assert found("n_l") == ["Ann_Lee"]  # "_" is not "any one letter"
    assert found("ANNA") == ["Annalee"]
    assert found("%") == ["100% sure"]  # "%" is not "anything"
    assert found("QUIET") == ["quiet-name"]
    assert found("hidden") == []
    assert found("zed") == ["Zed"]


def test_the_quiet_order_counts_a_client_without_progress_shared_as_never_logged(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    today = timezone.localdate()
    log(alice, today, 1)
    log(bob, today - timedelta(days=10), 1)
    cy = make_user("cy", display_name="Cy")
    log(cy, today, 1)  # logged today, but shares questionnaires only
    grant(alice, carol, harbor, ["progress"])
    grant(bob, carol, harbor, ["progress"])
    grant(cy, carol, harbor, ["assessments"])
    rows, total = selectors.caseload_rows(carol, via=Via.CASELOAD, sort="quiet")
    assert [row.participant.shown_name for row in rows] == ["Cy", "bob", "Alice"]
    assert total == 3
    assert [row.reasons for row in rows] == [[], [], []]  # Cy's "nothing logged" is not shared


def test_each_scope_is_read_under_the_first_consent_covering_it(
    alice: User, carol: User, harbor: Organization
) -> None:
    first = grant(alice, carol, harbor, ["progress"])
    second = grant(alice, carol, harbor, ["progress", "assessments"])
    rows, _total = selectors.caseload_rows(carol, via=Via.CASELOAD)
    assert [row.client.scopes for row in rows] == [{"progress", "assessments"}]
    assert sorted(AccessRecord.objects.values_list("scope", "consent_id")) == [
        ("assessments", second.pk),
        ("progress", first.pk),
    ]


def test_an_overdose_alone_and_a_worse_who_level_are_each_shown_on_the_caseload(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    today = timezone.localdate()
    _aaron_and_bea(alice, bob)
    for d in range(28, 56):
        log(alice, today - timedelta(days=d), 1)  # low, then very high: a worse WHO level
    for d in range(0, 28):
        log(alice, today - timedelta(days=d), 5)
    log(bob, today, 1, harms=["overdose"])  # an overdose, no blackout
    cy = make_user("cy", display_name="Cy")
    log(cy, today, 1)  # nothing to look at
    for person in (alice, bob, cy):
        grant(person, carol, harbor, ["progress"])
    html = client_for(carol).get("/care/").content.decode()
    assert _names_in_order(html, ["Aaron", "Bea", "Cy"]) == ["Bea", "Aaron", "Cy"]
    cards = html[html.index("care-card") :]
    aaron, bea, cy_card = (cards[cards.index(n) :] for n in ("Aaron", "Bea", "Cy"))
    assert "A higher WHO drinking risk level than before" in aaron[: aaron.index("Cy")]
    assert "An overdose or a blackout logged in the last 28 days" in bea[: bea.index("Aaron")]
    assert "A higher WHO" not in cy_card and "An overdose" not in cy_card
