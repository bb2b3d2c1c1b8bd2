"""Consent the participant controls: connecting with a code, scopes, expiry, revoking, printing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from tests.care.conftest import ALL_SCOPES, expire, grant
from tests.conftest import _staff, client_for
from waypoint.accounts.models import Membership, Organization, User
from waypoint.care import selectors, services
from waypoint.care.disclosure import REDISCLOSURE_NOTICE
from waypoint.care.models import Consent, Invitation, Scope
from waypoint.core.errors import WrongAccount

pytestmark = pytest.mark.django_db


def _code(carol: User, harbor: Organization, **kwargs: Any) -> str:
    _invitation, code = services.invitation_create_client(
        counselor=carol, organization=harbor, **kwargs
    )
    return code


def test_participant_connects_with_a_code_and_signs_what_they_choose(
    alice_client: Client, alice: User, carol: User, harbor: Organization
) -> None:
    code = _code(carol, harbor, scopes=[Scope.PROGRESS, Scope.ENTRIES], purpose="Weekly sessions")
    page = alice_client.get(f"/sharing/connect/?code={code.upper()}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "carol, counselor at Harbor Street Health" in html
    assert "Weekly sessions" in html
    response = alice_client.post(
        "/sharing/connect/",
        {
            "step": "grant",
            "code": code,
            "scopes": [Scope.PROGRESS],
            "purpose": "Weekly sessions",
            "until": "revoke",
            "signature": "Alice A.",
        },
    )
    consent = Consent.objects.get(participant=alice)
    assert (
        response.status_code == 302 and response["Location"] == f"/sharing/consents/{consent.pk}/"
    )
    assert consent.scopes == [Scope.PROGRESS]
    assert consent.counselor == carol and consent.organization == harbor
    assert consent.expires_on is None and consent.revoked_at is None
    assert consent.signature == "Alice A." and consent.given_at is not None


def test_the_consent_records_the_42_cfr_part_2_elements_and_prints(
    alice_client: Client, alice: User, carol: User, harbor: Organization
) -> None:
    expires = timezone.localdate() + timedelta(days=30)
    consent = grant(alice, carol, harbor, [Scope.PROGRESS, Scope.ASSESSMENTS], expires_on=expires)
    assert "Alice" in consent.discloser and "Waypoint" in consent.discloser
    assert consent.recipient == "carol, counselor at Harbor Street Health"
    assert "progress summary" in consent.information and "questionnaires" in consent.information
    assert "journal entries" not in consent.information
    assert "revoke" in consent.revocation_terms
    html = alice_client.get(f"/sharing/consents/{consent.pk}/").content.decode()
    for element in (
        "Person the information is about",
        "Who discloses it",
        "Who receives it",
        "What information",
        "Purpose",
        "Ends",
        "Your right to revoke",
        "Signed",
    ):
        assert element in html
    assert escape(str(REDISCLOSURE_NOTICE)) in html
    assert expires.strftime("%Y") in html


def test_a_code_works_once(alice: User, bob: User, carol: User, harbor: Organization) -> None:
    code = _code(carol, harbor)
    services.consent_grant(
        participant=alice,
        code=code,
        scopes=["progress"],
        purpose="x",
        expires_on=None,
        signature="A",
    )
    with pytest.raises(ValidationError, match="does not work"):
        services.consent_grant(
            participant=bob,
            code=code,
            scopes=["progress"],
            purpose="x",
            expires_on=None,
            signature="B",
        )


def test_an_expired_or_cancelled_code_does_not_work(
    alice_client: Client, carol: User, harbor: Organization
) -> None:
    invitation, code = services.invitation_create_client(counselor=carol, organization=harbor)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = alice_client.get(f"/sharing/connect/?code={code}")
    assert response.status_code == 400
    assert "does not work" in response.content.decode()
    invitation, code = services.invitation_create_client(counselor=carol, organization=harbor)
    services.invitation_cancel(user=carol, invitation_id=invitation.pk)
    assert alice_client.get(f"/sharing/connect/?code={code}").status_code == 400


def test_a_consent_needs_a_scope_a_purpose_and_a_signature(
    alice_client: Client, carol: User, harbor: Organization
) -> None:
    code = _code(carol, harbor)
    response = alice_client.post(
        "/sharing/connect/",
        {"step": "grant", "code": code, "purpose": "", "until": "revoke", "signature": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one thing to share." in html
    assert not Consent.objects.exists()
    assert Invitation.objects.get().used_at is None


def test_an_end_date_must_not_be_in_the_past(
    alice_client: Client, carol: User, harbor: Organization
) -> None:
    code = _code(carol, harbor)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = alice_client.post(
        "/sharing/connect/",
        {
            "step": "grant",
            "code": code,
            "scopes": ["progress"],
            "purpose": "x",
            "until": "date",
            "expires_on": yesterday.isoformat(),
            "signature": "A",
        },
    )
    assert response.status_code == 400
    assert "Choose today or a day after it." in response.content.decode()


def test_revoking_takes_effect_on_the_next_request(
    alice: User, alice_client: Client, carol: User, harbor: Organization, alice_data: Any
) -> None:
    consent = grant(alice, carol, harbor, ALL_SCOPES)
    counselor = client_for(carol)
    assert counselor.get(f"/care/clients/{alice.pk}/").status_code == 200
    response = alice_client.post(f"/sharing/consents/{consent.pk}/revoke/")
    assert response.status_code == 302
    assert counselor.get(f"/care/clients/{alice.pk}/").status_code == 404
    assert counselor.get(f"/api/v1/care/clients/{alice.pk}").status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is not None


def test_a_consent_is_live_through_its_last_day_and_not_after(
    alice: User, carol: User, harbor: Organization
) -> None:
    today = timezone.localdate()
    consent = grant(alice, carol, harbor, ["progress"], expires_on=today)
    assert selectors.consent_for(carol, alice.pk, "progress", via=None) == consent
    expire(consent)
    assert selectors.consent_for(carol, alice.pk, "progress", via=None) is None
    assert client_for(carol).get(f"/care/clients/{alice.pk}/").status_code == 404


def test_changing_a_consent_replaces_it_at_once(
    alice: User, alice_client: Client, carol: User, harbor: Organization
) -> None:
    old = grant(alice, carol, harbor, ALL_SCOPES)
    response = alice_client.post(
        f"/sharing/consents/{old.pk}/change/",
        {"scopes": ["progress"], "purpose": "Less", "until": "revoke", "signature": "Alice"},
    )
    new = Consent.objects.exclude(pk=old.pk).get()
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.revoked_at == new.given_at
    assert new.scopes == ["progress"] and new.counselor == carol
    assert selectors.consent_for(carol, alice.pk, "entries", via=None) is None
    assert selectors.consent_for(carol, alice.pk, "progress", via=None) == new


def test_another_participant_cannot_change_or_revoke_a_consent(
    alice: User, bob_client: Client, carol: User, harbor: Organization
) -> None:
    consent = grant(alice, carol, harbor, ALL_SCOPES)
    assert bob_client.post(f"/sharing/consents/{consent.pk}/revoke/").status_code == 404
    assert bob_client.get(f"/sharing/consents/{consent.pk}/change/").status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_a_consent_to_the_organization_reaches_every_counselor_but_not_the_admin(
    alice: User, carol: User, dave: User, erin: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["progress"], whole_organization=True)
    assert selectors.consent_for(carol, alice.pk, "progress", via=None) is not None
    assert selectors.consent_for(dave, alice.pk, "progress", via=None) is not None
    assert selectors.consent_for(erin, alice.pk, "progress", via=None) is None


def test_a_consent_to_one_counselor_does_not_reach_a_colleague(
    alice: User, carol: User, dave: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    assert selectors.consent_for(dave, alice.pk, "progress", via=None) is None


def test_removing_a_counselor_from_the_organization_ends_their_access_at_once(
    alice: User, carol: User, erin: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    counselor = client_for(carol)
    assert counselor.get(f"/care/clients/{alice.pk}/").status_code == 200
    client_for(erin).post(f"/org/harbor/staff/{carol.pk}/remove/")
    assert not Membership.objects.filter(user=carol).exists()
    assert counselor.get(f"/care/clients/{alice.pk}/").status_code == 404


def test_a_deactivated_participant_is_not_visible(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert selectors.consent_for(carol, alice.pk, "progress", via=None) is None


def test_staff_accounts_cannot_grant_consent(carol: User, dave: User, harbor: Organization) -> None:
    code = _code(carol, harbor)
    with pytest.raises(WrongAccount):
        services.consent_grant(
            participant=dave,
            code=code,
            scopes=["progress"],
            purpose="x",
            expires_on=None,
            signature="D",
        )


def test_only_counselors_of_the_organization_can_invite_clients(
    erin: User, harbor: Organization
) -> None:
    with pytest.raises(ValidationError):
        services.invitation_create_client(counselor=erin, organization=harbor)
    other = Organization.objects.create(name="Other", slug="other")
    outsider = _staff("olu", other, "counselor")
    with pytest.raises(ValidationError):
        services.invitation_create_client(counselor=outsider, organization=harbor)


def test_the_counselor_sees_the_code_once(carol: User, harbor: Organization) -> None:
    client = client_for(carol)
    response = client.post(
        "/care/invite/",
        {
            "organization": harbor.pk,
            "for_organization": "me",
            "scopes": ["progress"],
            "purpose": "Counseling",
        },
    )
    assert response.status_code == 302
    shown = client.get("/care/invite/").content.decode()
    invitation = Invitation.objects.get()
    assert f"…{invitation.code_hint}" in shown
    assert 'data-testid="invitation-code"' in shown
    again = client.get("/care/invite/").content.decode()
    assert 'data-testid="invitation-code"' not in again


def test_the_sharing_page_lists_live_and_ended_consents(
    alice: User, alice_client: Client, carol: User, dave: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["progress"])
    services.consent_revoke(participant=alice, consent_id=grant(alice, dave, harbor, ["goals"]).pk)
    html = alice_client.get("/sharing/").content.decode()
    assert "Shared now" in html and "carol, counselor at Harbor Street Health" in html
    assert "Ended" in html and "dave, counselor at Harbor Street Health" in html


def test_staff_do_not_have_a_sharing_page(carol: User) -> None:
    assert client_for(carol).get("/sharing/").status_code == 403


def test_participants_do_not_have_a_caseload(alice_client: Client) -> None:
    assert alice_client.get("/care/").status_code == 403
    assert alice_client.get("/care/invite/").status_code == 403
