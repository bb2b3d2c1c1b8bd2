"""A participant's own export holds their consents and the log of who looked."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import own_export
from waypoint.accounts.models import User
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
