"""A counselor's pages about one client cost the same queries whatever the length of history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for
from tests.factories import log, no_use
from waypoint.accounts.models import Organization, User
from waypoint.care import services

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "entries/",
    "checkins/",
    "goals/",
    "questionnaires/",
    "notes/",
    "export.json",
    "export/entries.csv",
    "fhir.json",
]


def _history(alice: User, carol: User, start: int, days: int) -> None:
    today = timezone.localdate()
    for n in range(start, start + days):
        if n % 3:
            log(alice, today - timedelta(days=n), 2, harms=["used_alone"], note=f"note {n}")
        else:
            no_use(alice, today - timedelta(days=n), wellbeing=6)
    services.assessment_take(participant=alice, instrument="phq9", answers=[1] * 9)
    services.note_create(
        author=carol, participant_id=alice.pk, body=f"Session {start}", visibility="shared"
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_a_clients_pages_and_exports_do_not_grow_with_history(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    client = client_for(carol)
    _history(alice, carol, 0, 4)
    urls = [f"/care/clients/{alice.pk}/{page}" for page in PAGES]
    few = [_queries(client, url) for url in urls]
    _history(alice, carol, 4, 200)  # most of a year more, past the 90 days the lists show
    assert [_queries(client, url) for url in urls] == few


def test_the_participants_sharing_pages_and_the_counselors_records_do_not_grow(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    own, counselor = client_for(alice), client_for(carol)
    pages = [(own, "/sharing/"), (own, "/sharing/notes/"), (own, "/assessments/")]
    pages.append((counselor, "/care/records/"))

    def more(count: int) -> None:
        for n in range(count):
            services.note_create(
                author=carol, participant_id=alice.pk, body=f"Note {n}", visibility="shared"
            )
            services.assessment_take(participant=alice, instrument="phq9", answers=[1] * 9)
            services.assessment_request_create(
                requester=carol, participant_id=alice.pk, instrument="audit"
            )

    more(2)
    few = [_queries(client, url) for client, url in pages]
    more(30)
    assert [_queries(client, url) for client, url in pages] == few
