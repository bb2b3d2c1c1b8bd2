"""The caseload: shades of improvement at a glance, flags, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for
from tests.factories import log, no_use
from waypoint.accounts.models import Organization, User
from waypoint.assessments.models import Assessment
from waypoint.care import services
from waypoint.care.models import AccessRecord, Consent, Scope
from waypoint.journal.digest import rebuild
from waypoint.journal.models import Attention, BaselineDay, CheckIn, Entry, Profile, Substance

pytestmark = pytest.mark.django_db


def _clients(carol: User, harbor: Organization, count: int, start: int = 0) -> list[User]:
    """`count` participants sharing everything with carol, each with a baseline calendar,
    28 days of entries and check-ins, and a PHQ-9; written in bulk to keep the test quick."""
    today = timezone.localdate()
    alcohol = Substance.objects.get(slug="alcohol", owner__isnull=True)
    users = User.objects.bulk_create(
        User(username=f"client-{start + i:04d}", display_name=f"Client {start + i:04d}")
        for i in range(count)
    )
    base_start, base_end = today - timedelta(days=90), today - timedelta(days=61)
    Profile.objects.bulk_create(
        Profile(user=u, baseline_start=base_start, baseline_end=base_end) for u in users
    )
    BaselineDay.objects.bulk_create(
        BaselineDay(
            user=u,
            substance=alcohol,
            day=base_start + timedelta(days=d),
            amount=6,
            alcohol_grams=84,
        )
        for u in users
        for d in range(30)
    )
    entries, checkins = [], []
    for u in users:
        for d in range(28):
            day = today - timedelta(days=d)
            if d % 3 == 0:
                checkins.append(CheckIn(user=u, day=day, no_use=True, wellbeing=6))
            else:
                entries.append(
                    Entry(
                        user=u,
                        substance=alcohol,
                        day=day,
                        used_at=timezone.now() - timedelta(days=d),
                        amount=2,
                        unit="drink",
                        alcohol_grams=28,
                        harms=["used_alone"] if d % 5 == 0 else [],
                        care_actions=["ate_first"],
                    )
                )
    Entry.objects.bulk_create(entries)
    CheckIn.objects.bulk_create(checkins)
    for u in users:  # bulk writes skip the services that keep the journal digest
        rebuild(u.pk)
    Assessment.objects.bulk_create(
        Assessment(user=u, instrument="phq9", answers=[0] * 9, total=0, band="none or minimal")
        for u in users
    )
    now = timezone.now()
    consents = []
    for u in users:
        consent = Consent(
            participant=u,
            organization=harbor,
            counselor=carol,
            purpose="Counseling",
            signature=u.display_name,
            discloser="x",
            recipient="carol",
            information="x",
            revocation_terms="x",
            given_at=now,
        )
        consent.set_scopes(ALL_SCOPES)
        consents.append(consent)
    Consent.objects.bulk_create(consents)
    return users


def _caseload_queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/care/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _quick_clients(carol: User, harbor: Organization, count: int, start: int) -> None:
    """More clients sharing everything, with an attention state but no journal (quicker)."""
    today = timezone.localdate()
    users = User.objects.bulk_create(
        User(username=f"client-{start + i:04d}", display_name=f"Client {start + i:04d}")
        for i in range(count)
    )
    Attention.objects.bulk_create(
        Attention(
            user=u,
            computed_on=today,
            last_logged=today - timedelta(days=i % 30),
            last_severe=today - timedelta(days=i % 40) if i % 7 == 0 else None,
        )
        for i, u in enumerate(users)
    )
    consents = []
    for u in users:
        consent = Consent(
            participant=u,
            organization=harbor,
            counselor=carol,
            purpose="Counseling",
            signature=u.display_name,
            discloser="x",
            recipient="carol",
            information="x",
            revocation_terms="x",
        )
        consent.set_scopes(ALL_SCOPES)
        consents.append(consent)
    Consent.objects.bulk_create(consents)


def _shown(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/care/clients/(\d+)/"', html)}


def test_the_caseload_uses_the_same_queries_for_20_200_and_1000_clients(
    carol: User, harbor: Organization, django_assert_num_queries: Any
) -> None:
    client = client_for(carol)
    _clients(carol, harbor, 20)
    small, html = _caseload_queries(client)
    assert html.count('class="care-card') == 20
    assert small <= 11, f"the caseload took {small} queries"
    seen = [_shown(html)]
    _clients(carol, harbor, 180, start=20)
    with django_assert_num_queries(small):
        response = client.get("/care/")
    html = response.content.decode()
    seen.append(_shown(html))
    assert html.count('class="care-card') == 50  # a page of 50, of 200
    assert "200 clients" in html and "page 1 of 4" in html
    assert "more days without drinking" in html  # 6 drinks a day at baseline, 2 now
    _quick_clients(carol, harbor, 800, start=200)
    for url in ("/care/", "/care/?sort=name&page=20", "/care/?sort=quiet&page=3"):
        with django_assert_num_queries(small):
            response = client.get(url)
        html = response.content.decode()
        assert html.count('class="care-card') == 50
        assert "1000 clients" in html or "1,000 clients" in html
        seen.append(_shown(html))
    # Only the clients shown are read, so only they get a record: one per scope per view.
    for scope in (Scope.PROGRESS, Scope.ASSESSMENTS):
        records = list(
            AccessRecord.objects.filter(scope=scope).values_list("participant_id", flat=True)
        )
        assert sorted(records) == sorted(pk for page in seen for pk in page)


def test_the_caseload_shows_every_shade_of_improvement_and_the_last_check_in(
    alice: User, carol: User, harbor: Organization
) -> None:
    today = timezone.localdate()
    for d in range(29, 56):
        log(alice, today - timedelta(days=d), 6, harms=["used_alone"])
    for d in range(1, 28, 2):
        log(alice, today - timedelta(days=d), 2, care_actions=["ate_first"])
    no_use(alice, today - timedelta(days=2), wellbeing=7)
    grant(alice, carol, harbor, ["progress"])
    html = client_for(carol).get("/care/").content.decode()
    assert "Alice" in html
    assert "fewer heavy drinking days" in html
    assert "fewer drinks per day on average" in html
    assert "fewer harms" in html
    assert "against the 28 days before" in html
    assert (today - timedelta(days=1)).strftime("%-d %b %Y") in html


def test_a_client_who_shares_no_progress_shows_only_their_name(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["notes"])
    html = client_for(carol).get("/care/").content.decode()
    assert "Alice" in html and "Progress is not shared with you." in html
    assert not AccessRecord.objects.exists()


def test_phq9_item_9_flags_the_client_only_where_questionnaires_are_shared(
    alice: User, carol: User, dave: User, harbor: Organization
) -> None:
    services.assessment_take(participant=alice, instrument="phq9", answers=[1] * 8 + [2])
    grant(alice, carol, harbor, ["progress", "assessments"])
    grant(alice, dave, harbor, ["progress"])
    flagged = "PHQ-9 item 9 above 0"
    assert flagged in client_for(carol).get("/care/").content.decode()
    assert (
        "PHQ-9 item 9 was above 0"
        in client_for(carol).get(f"/care/clients/{alice.pk}/").content.decode()
    )
    assert flagged not in client_for(dave).get("/care/").content.decode()
    assert "item 9" not in client_for(dave).get(f"/care/clients/{alice.pk}/").content.decode()
    api = client_for(carol).get("/api/v1/care/clients").json()
    assert api[0]["self_harm_flag"] is True
    assert client_for(dave).get("/api/v1/care/clients").json()[0]["self_harm_flag"] is None
