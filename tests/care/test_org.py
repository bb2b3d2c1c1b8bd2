"""Organizations and staff: the admin invites staff with a role and removes them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import PASSPHRASE, client_for
from waypoint.accounts.models import Membership, Organization, User
from waypoint.care import services
from waypoint.care.models import Invitation

pytestmark = pytest.mark.django_db


def test_the_admin_invites_a_counselor_who_makes_a_separate_staff_account(
    erin: User, harbor: Organization
) -> None:
    admin = client_for(erin)
    response = admin.post("/org/harbor/staff/", {"role": "counselor"})
    assert response.status_code == 302
    page = admin.get("/org/harbor/staff/").content.decode()
    assert 'data-testid="staff-invitation-link"' in page
    code = page.split("/org/join/")[1].split("/")[0]
    newcomer = Client()
    form = newcomer.get(f"/org/join/{code}/")
    assert "Join Harbor Street Health" in form.content.decode()
    response = newcomer.post(
        f"/org/join/{code}/",
        {
            "username": "hana",
            "display_name": "Hana",
            "new_passphrase": PASSPHRASE,
            "new_passphrase_again": PASSPHRASE,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/signup/codes/"
    assert len(newcomer.get("/signup/codes/").context["codes"]) == 10
    hana = User.objects.get(username="hana")
    assert hana.kind == User.Kind.STAFF
    assert list(hana.memberships.values_list("organization__slug", "role")) == [
        ("harbor", "counselor")
    ]
    assert newcomer.get("/care/").status_code == 200
    again = Client().get(f"/org/join/{code}/")
    assert again.status_code == 404  # the link works once


def test_a_signed_in_participant_cannot_turn_into_staff(
    alice_client: Client, erin: User, harbor: Organization
) -> None:
    _invitation, code = services.invitation_create_staff(
        admin=erin, organization=harbor, role="counselor"
    )
    page = alice_client.get(f"/org/join/{code}/").content.decode()
    assert "participant account" in page
    alice_client.post(f"/org/join/{code}/")
    assert not Membership.objects.filter(user__username="alice").exists()
    assert Invitation.objects.get().used_at is None


def test_a_weak_passphrase_is_a_clear_400(erin: User, harbor: Organization) -> None:
    _invitation, code = services.invitation_create_staff(
        admin=erin, organization=harbor, role="outreach"
    )
    response = Client().post(
        f"/org/join/{code}/",
        {"username": "hana", "new_passphrase": "123", "new_passphrase_again": "123"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="hana").exists()


def test_only_an_admin_manages_staff(
    carol: User, alice_client: Client, harbor: Organization
) -> None:
    assert client_for(carol).get("/org/harbor/staff/").status_code == 404
    assert client_for(carol).get("/org/").status_code == 404
    assert alice_client.get("/org/harbor/staff/").status_code == 403
    with pytest.raises(ValidationError):
        services.invitation_create_staff(admin=carol, organization=harbor, role="admin")


def test_removing_staff_ends_their_access_at_once_and_the_last_admin_stays(
    alice: User, carol: User, erin: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    admin = client_for(erin)
    counselor = client_for(carol)
    assert counselor.get("/api/v1/care/clients").json()
    admin.post(f"/org/harbor/staff/{carol.pk}/remove/")
    assert counselor.get("/api/v1/care/clients").json() == []
    assert counselor.get(f"/care/clients/{alice.pk}/").status_code == 404
    response = admin.post(f"/org/harbor/staff/{erin.pk}/remove/", follow=True)
    assert "only admin" in response.content.decode()
    assert Membership.objects.filter(user=erin, role="admin").exists()


def test_the_staff_api_lists_invites_and_removes(
    carol: User, erin: User, harbor: Organization
) -> None:
    admin = client_for(erin)
    people = admin.get("/api/v1/org/harbor/staff").json()
    assert [(p["username"], p["roles"]) for p in people] == [
        ("carol", ["counselor"]),
        ("erin", ["admin"]),
    ]
    invitation = admin.post(
        "/api/v1/org/harbor/invitations", {"role": "facilitator"}, content_type="application/json"
    )
    assert invitation.status_code == 201 and "/org/join/" in invitation.json()["link"]
    assert admin.delete(f"/api/v1/org/harbor/staff/{carol.pk}").status_code == 204
    assert admin.delete(f"/api/v1/org/harbor/staff/{carol.pk}").status_code == 404
    assert client_for(carol).get("/api/v1/org/harbor/staff").status_code == 404


def test_the_nav_shows_caseload_to_counselors_and_staff_to_admins(
    alice_client: Client, carol: User, erin: User
) -> None:
    assert 'href="/sharing/"' in alice_client.get("/settings/").content.decode()
    counselor = client_for(carol).get("/settings/").content.decode()
    assert 'href="/care/"' in counselor and 'href="/org/"' not in counselor
    admin = client_for(erin).get("/settings/").content.decode()
    assert 'href="/org/"' in admin and 'href="/care/"' not in admin
