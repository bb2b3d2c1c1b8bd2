"""Who may see worksheets: the owner; a counselor only under a live consent covering
`worksheets` (recorded in the access log); nobody else, on pages and in the API."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.care.conftest import grant
from tests.conftest import client_for
from tests.worksheets.conftest import PLAN, many_worksheets, queries_for
from waypoint.accounts.models import Organization, User
from waypoint.care import services as care_services
from waypoint.care.models import AccessRecord, Consent, Scope
from waypoint.worksheets import services
from waypoint.worksheets.models import Worksheet

pytestmark = pytest.mark.django_db

SECRET = "Never use alone; test what I buy."  # in PLAN["changes"]


def own_pages(worksheet: Worksheet) -> list[str]:
    pk = worksheet.pk
    return [
        f"/worksheets/{pk}/",
        f"/worksheets/{pk}/revise/",
        f"/worksheets/{pk}/versions/1/",
        f"/worksheets/{pk}/compare/",
    ]


@pytest.fixture
def worksheets_shared(alice: User, carol: User, harbor: Organization) -> Consent:
    """alice shares her worksheets (and progress) with carol."""
    return grant(alice, carol, harbor, [Scope.PROGRESS, Scope.WORKSHEETS])


def test_the_owner_sees_her_worksheets(alice_client: Client, plan: Worksheet) -> None:
    assert alice_client.get("/worksheets/").status_code == 200
    for url in own_pages(plan):
        assert alice_client.get(url).status_code == 200, url
    assert alice_client.get(f"/api/v1/worksheets/{plan.pk}").status_code == 200


def test_another_participant_gets_not_found(bob_client: Client, plan: Worksheet) -> None:
    for url in own_pages(plan):
        assert bob_client.get(url).status_code == 404, url
    assert bob_client.post(f"/worksheets/{plan.pk}/pin/", {"pinned": "1"}).status_code == 404
    assert SECRET not in bob_client.get("/worksheets/").content.decode()
    assert bob_client.get(f"/api/v1/worksheets/{plan.pk}").status_code == 404
    assert bob_client.get("/api/v1/worksheets").json() == []
    assert not Worksheet.objects.filter(pinned_at__isnull=False).exists()


@pytest.mark.parametrize("who", ["carol", "frank"])
def test_staff_accounts_are_told_this_is_for_participants(
    who: str, plan: Worksheet, request: pytest.FixtureRequest, worksheets_shared: Consent
) -> None:
    client = client_for(request.getfixturevalue(who))
    for url in ["/worksheets/", "/worksheets/new/change_plan/", *own_pages(plan)]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert SECRET not in response.content.decode()
    assert client.get("/api/v1/worksheets").status_code == 403
    assert client.get(f"/api/v1/worksheets/{plan.pk}").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, plan: Worksheet) -> None:
    for url in ["/worksheets/", *own_pages(plan), f"/care/clients/{plan.user_id}/worksheets/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert client.get("/api/v1/worksheets").status_code == 401


def test_a_counselor_with_the_scope_reads_them_and_it_is_logged(
    alice: User, carol: User, plan: Worksheet, worksheets_shared: Consent
) -> None:
    counselor = client_for(carol)
    client_page = counselor.get(f"/care/clients/{alice.pk}/").content.decode()
    assert f'href="/care/clients/{alice.pk}/worksheets/"' in client_page
    services.worksheet_revise(user=alice, worksheet_id=plan.pk, content=PLAN | {"steps": "NEW"})
    response = counselor.get(f"/care/clients/{alice.pk}/worksheets/")
    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET in page and "NEW" in page and PLAN["steps"] in page  # every version
    record = AccessRecord.objects.get(scope=Scope.WORKSHEETS)
    assert (record.staff, record.participant, record.via) == (carol, alice, "page")
    assert record.consent == worksheets_shared


def test_a_counselor_without_the_scope_gets_not_found_and_no_record(
    alice: User, carol: User, harbor: Organization, plan: Worksheet
) -> None:
    grant(alice, carol, harbor, [Scope.PROGRESS, Scope.GOALS])
    counselor = client_for(carol)
    client_page = counselor.get(f"/care/clients/{alice.pk}/").content.decode()
    assert "/worksheets/" not in client_page
    response = counselor.get(f"/care/clients/{alice.pk}/worksheets/")
    assert response.status_code == 404 and SECRET not in response.content.decode()
    assert not AccessRecord.objects.filter(scope=Scope.WORKSHEETS).exists()


@pytest.mark.parametrize("who", ["dave", "frank", "erin"])
def test_other_staff_get_not_found(
    who: str,
    alice: User,
    plan: Worksheet,
    request: pytest.FixtureRequest,
    worksheets_shared: Consent,
) -> None:
    client = client_for(request.getfixturevalue(who))
    response = client.get(f"/care/clients/{alice.pk}/worksheets/")
    assert response.status_code == 404 and SECRET not in response.content.decode()


def test_participants_cannot_open_the_counselor_page(
    alice: User, alice_client: Client, bob_client: Client, plan: Worksheet
) -> None:
    assert alice_client.get(f"/care/clients/{alice.pk}/worksheets/").status_code == 403
    assert bob_client.get(f"/care/clients/{alice.pk}/worksheets/").status_code == 403


def test_revoking_stops_access_at_once(
    alice: User, carol: User, plan: Worksheet, worksheets_shared: Consent
) -> None:
    counselor = client_for(carol)
    assert counselor.get(f"/care/clients/{alice.pk}/worksheets/").status_code == 200
    care_services.consent_revoke(participant=alice, consent_id=worksheets_shared.pk)
    assert counselor.get(f"/care/clients/{alice.pk}/worksheets/").status_code == 404


def test_the_consent_form_offers_worksheets(
    alice_client: Client, carol: User, harbor: Organization
) -> None:
    _invitation, code = care_services.invitation_create_client(counselor=carol, organization=harbor)
    page = alice_client.get(f"/sharing/connect/?code={code}").content.decode()
    assert 'value="worksheets"' in page
    assert "Your worksheets (pros and cons, change plans" in page


def test_a_counselors_export_carries_worksheets_only_under_the_scope(
    alice: User,
    carol: User,
    harbor: Organization,
    plan: Worksheet,
    worksheets_shared: Consent,
) -> None:
    counselor = client_for(carol)
    for url in (f"/care/clients/{alice.pk}/export.json", f"/api/v1/care/clients/{alice.pk}/export"):
        exported = counselor.get(url).json()
        assert exported["worksheets"][0]["versions"][0]["answers"]["changes"] == SECRET
    care_services.consent_revoke(participant=alice, consent_id=worksheets_shared.pk)
    grant(alice, carol, harbor, [Scope.PROGRESS])
    exported = counselor.get(f"/api/v1/care/clients/{alice.pk}/export").json()
    assert "worksheets" not in exported


def test_the_counselor_page_queries_do_not_grow_with_worksheets(
    alice: User, carol: User, plan: Worksheet, worksheets_shared: Consent
) -> None:
    counselor = client_for(carol)
    url = f"/care/clients/{alice.pk}/worksheets/"
    few = queries_for(counselor, url)
    many_worksheets(alice, 8)
    assert queries_for(counselor, url) == few
