"""Saved services, "I went", and what a counselor may see of them (scope `referrals`).

alice saves and marks services; carol (counselor at Harbor) sees alice's "I went" only under a
consent covering `referrals`, and every look is in alice's access log; dave (no consent) sees
nothing; programs point at services through `referral_service`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.care.conftest import grant
from tests.conftest import client_for
from tests.factories import own_export
from waypoint.accounts.models import Organization, User
from waypoint.care.models import AccessRecord, Scope, Suggestion
from waypoint.care.services import suggestion_create, suggestion_decide
from waypoint.core.errors import NotFound, WrongAccount
from waypoint.directory import selectors, services
from waypoint.directory.models import Favourite, Service, Visit


@pytest.fixture
def ssp(imported: None) -> Service:
    return Service.objects.get(hsds_id="svc-ssp")


def test_a_participant_saves_and_marks_i_went(alice: User, ssp: Service) -> None:
    services.favourite_set(user=alice, service_id=ssp.pk, saved=True)
    services.favourite_set(user=alice, service_id=ssp.pk, saved=True)  # twice is once
    assert [f.service for f in selectors.favourites_of(alice)] == [ssp]
    visit = services.visit_mark(user=alice, service_id=ssp.pk)
    services.visit_mark(user=alice, service_id=ssp.pk)  # the same day is once
    assert selectors.visits_of(alice) == [visit]
    with pytest.raises(ValidationError):
        services.visit_mark(
            user=alice, service_id=ssp.pk, went_on=timezone.localdate() + timedelta(days=1)
        )
    services.favourite_set(user=alice, service_id=ssp.pk, saved=False)
    assert selectors.favourites_of(alice) == []


def test_staff_accounts_keep_no_saved_services(carol: User, ssp: Service) -> None:
    with pytest.raises(WrongAccount):
        services.favourite_set(user=carol, service_id=ssp.pk, saved=True)


def test_pages_for_saving_and_going(alice: User, ssp: Service) -> None:
    client = client_for(alice)
    assert client.post(f"/directory/services/{ssp.pk}/save/", {"saved": "1"}).status_code == 302
    assert client.post(f"/directory/services/{ssp.pk}/went/", {}).status_code == 302
    page = client.get("/directory/saved/").content.decode()
    assert "Lakeside syringe services" in page
    visit = Visit.objects.get(user=alice)
    assert client.post(f"/directory/saved/visits/{visit.pk}/delete/").status_code == 302
    assert not Visit.objects.exists()


def test_counselor_sees_i_went_only_under_the_referrals_scope(
    alice: User, carol: User, dave: User, harbor: Organization, ssp: Service
) -> None:
    services.visit_mark(user=alice, service_id=ssp.pk)
    url = f"/directory/clients/{alice.pk}/"
    consent = grant(alice, carol, harbor, [Scope.PROGRESS])
    assert client_for(carol).get(url).status_code == 404
    assert not AccessRecord.objects.filter(scope=Scope.REFERRALS).exists()
    consent.shares_referrals = True
    consent.save()
    page = client_for(carol).get(url)
    assert page.status_code == 200 and b"Lakeside syringe services" in page.content
    record = AccessRecord.objects.get(scope=Scope.REFERRALS)
    overview = client_for(carol).get(f"/care/clients/{alice.pk}/").content.decode()
    assert f'href="/directory/clients/{alice.pk}/"' in overview  # the client's "Services" tab
    assert (record.staff, record.participant, record.via) == (carol, alice, "page")
    assert client_for(dave).get(url).status_code == 404
    consent.revoked_at = timezone.now()
    consent.save()
    assert client_for(carol).get(url).status_code == 404


def test_referrals_selector_goes_through_consent(
    alice: User, carol: User, harbor: Organization
) -> None:
    with pytest.raises(NotFound):
        selectors.referrals_for(carol, alice.pk, via="page")
    grant(alice, carol, harbor, [Scope.REFERRALS])
    assert selectors.referrals_for(carol, alice.pk, via="api") == []
    assert AccessRecord.objects.filter(scope=Scope.REFERRALS, via="api").count() == 1


def test_a_counselor_suggests_a_service_and_accepting_saves_it(
    alice: User, carol: User, harbor: Organization, ssp: Service
) -> None:
    grant(alice, carol, harbor, [Scope.REFERRALS])
    client = client_for(carol)
    page = client.get(f"/directory/services/{ssp.pk}/")
    assert b"Suggest to a client" in page.content
    response = client.post(f"/directory/services/{ssp.pk}/suggest/", {"client": alice.pk})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(participant=alice)
    assert (suggestion.kind, suggestion.service, suggestion.text) == (
        "service",
        ssp,
        "Lakeside syringe services",
    )
    sharing = client_for(alice).get("/sharing/").content.decode()
    assert "suggests a service" in sharing and f"/directory/services/{ssp.pk}/" in sharing
    suggestion_decide(participant=alice, suggestion_id=suggestion.pk, accept=True)
    assert Favourite.objects.filter(user=alice, service=ssp).exists()


def test_service_suggestions_need_the_referrals_scope(
    alice: User, carol: User, harbor: Organization, ssp: Service
) -> None:
    grant(alice, carol, harbor, [Scope.GOALS])
    with pytest.raises(Exception) as caught:
        suggestion_create(
            author=carol, participant_id=alice.pk, kind="service", text="", service_id=ssp.pk
        )
    assert type(caught.value).__name__ == "NotFound"
    assert (
        b"Suggest to a client"
        not in client_for(carol).get(f"/directory/services/{ssp.pk}/").content
    )


def test_the_api_takes_service_suggestions(
    alice: User, carol: User, harbor: Organization, ssp: Service
) -> None:
    grant(alice, carol, harbor, [Scope.REFERRALS])
    response = client_for(carol).post(
        f"/api/v1/care/clients/{alice.pk}/suggestions",
        {"kind": "service", "service_id": ssp.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["service_id"] == ssp.pk


def test_programs_point_at_services_through_one_selector(ssp: Service) -> None:
    assert selectors.referral_service(ssp.pk) == ssp
    with pytest.raises(NotFound):
        selectors.referral_service(Service.objects.get(hsds_id="svc-old").pk)
    assert [s.name for s in selectors.referral_choices(type="syringe-services")] == [
        "Lakeside syringe services",
        "Night outreach van",
    ]


def test_consent_form_offers_the_referrals_scope(alice: User) -> None:
    from waypoint.care.forms import scope_choices

    assert ("referrals", "services you went to") in [
        (v, str(label)) for v, label in scope_choices()
    ]


def test_own_export_and_deletion(alice: User, ssp: Service) -> None:
    services.visit_mark(user=alice, service_id=ssp.pk)
    data = own_export(client_for(alice))
    assert data["directory"]["went"][0]["service"] == "Lakeside syringe services"
    assert data["directory"]["saved"][0]["service_id"] == "svc-ssp"
    alice.delete()
    assert not Visit.objects.exists() and not Favourite.objects.exists()
    assert Service.objects.filter(pk=ssp.pk).exists()  # the directory keeps no one's data


def test_the_counselors_export_carries_i_went_under_referrals(
    alice: User, carol: User, harbor: Organization, ssp: Service
) -> None:
    services.visit_mark(user=alice, service_id=ssp.pk)
    grant(alice, carol, harbor, [Scope.REFERRALS])
    body = client_for(carol).get(f"/api/v1/care/clients/{alice.pk}/export").json()
    assert body["referrals"][0]["service"] == "Lakeside syringe services"
    assert AccessRecord.objects.filter(scope=Scope.REFERRALS, via="export_json").exists()
