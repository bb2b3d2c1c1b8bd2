"""Care fixtures: consents between the shared personas, and a participant with some data.

alice shares with carol (counselor at Harbor) under `shared`; dave is a Harbor counselor alice
never shared with; erin is Harbor's admin; bob is another participant.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import log, no_use
from waypoint.accounts.models import Organization, User
from waypoint.care import services
from waypoint.care.models import Consent, Scope
from waypoint.goals.models import Goal, GoalStep

ALL_SCOPES = list(Scope.values)


def grant(
    participant: User,
    counselor: User,
    organization: Organization,
    scopes: list[str],
    *,
    expires_on: date | None = None,
    whole_organization: bool = False,
) -> Consent:
    """Invite through the counselor and sign the consent as the participant, like the pages do."""
    _invitation, code = services.invitation_create_client(
        counselor=counselor, organization=organization, for_organization=whole_organization
    )
    return services.consent_grant(
        participant=participant,
        code=code,
        scopes=scopes,
        purpose="Counseling",
        expires_on=expires_on,
        signature=participant.shown_name,
    )


def expire(consent: Consent) -> Consent:
    """Move a consent's last day to yesterday, as if time had passed."""
    consent.expires_on = timezone.localdate() - timedelta(days=1)
    consent.save(update_fields=["expires_on"])
    return consent


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def without_tokens(body: bytes) -> str:
    """A page's HTML without its per-request CSRF tokens, to compare two answers."""
    return _CSRF.sub("", body.decode())


@pytest.fixture
def shared(alice: User, carol: User, harbor: Organization) -> Consent:
    """alice shares everything with carol until she revokes it."""
    return grant(alice, carol, harbor, ALL_SCOPES)


@pytest.fixture
def alice_data(alice: User) -> dict[str, Any]:
    """A little of everything: entries (one with a private note), check-ins, a goal, a PHQ-9."""
    today = timezone.localdate()
    entry = log(alice, today - timedelta(days=2), 3, note="PRIVATE-ENTRY-NOTE")
    log(alice, today - timedelta(days=40), 6)
    no_use(alice, today - timedelta(days=1), wellbeing=7)
    goal = Goal.objects.create(user=alice, kind=Goal.Kind.OBSERVE, title="Notice my evenings")
    GoalStep.objects.create(goal=goal, text="Write down the hard evenings")
    assessment = services.assessment_take(
        participant=alice, instrument="phq9", answers=[1, 1, 1, 0, 0, 0, 0, 0, 0]
    )
    return {"entry": entry, "goal": goal, "assessment": assessment}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Argon2 is slow on purpose; these tests make many accounts and never test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
