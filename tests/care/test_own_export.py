"""A participant's own export holds their consents and the log of who looked."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for, make_user
from tests.factories import own_export
from waypoint.accounts.models import Organization, User
from waypoint.care.models import AccessRecord, Consent
from waypoint.care.selectors import consent_for

pytestmark = pytest.mark.django_db


def test_the_own_export_has_consents_and_the_access_log(
    alice: User, carol: User, shared: Consent, alice_client: Client
) -> None:
    assert consent_for(carol, alice.pk, "progress", via=AccessRecord.Via.PAGE) is not None
    section = own_export(alice_client)["sharing"]
    [consent] = section["consents"]
    assert consent["counselor"] == carol.shown_name
    assert consent["signature"] == shared.signature
    assert "progress" in consent["scopes"]
    assert [(r["staff"], r["scope"]) for r in section["access_log"]] == [
        (carol.shown_name, "progress")
    ]


def test_the_own_export_tells_when_each_consent_ends_on_the_clock_it_was_signed_on(
    carol: User, harbor: Organization, alice_client: Client
) -> None:
    lena = make_user("lena", time_zone="America/Los_Angeles")
    grant(lena, carol, harbor, ALL_SCOPES, expires_on=date(2026, 11, 30))
    grant(lena, carol, harbor, ALL_SCOPES)
    consents = own_export(client_for(lena))["sharing"]["consents"]
    assert sorted((c["ends_at"] or "", c["time_zone"] or "") for c in consents) == [
        ("", ""),
        ("2026-12-01T00:00:00-08:00", "America/Los_Angeles"),
    ]
