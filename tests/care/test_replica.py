"""With DATABASE_REPLICA_URL set, the caseload's figures are read from the replica database.

Run this file on its own with the setting: the replica here is a second, empty database (no
replication), so other caseload tests, which expect their data back, would not see it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.core.routers import REPLICA, replica_reads
from waypoint.journal.bits import HARM_BITS
from waypoint.journal.models import DayDigest

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or REPLICA not in settings.DATABASES,
        reason="needs PostgreSQL and DATABASE_REPLICA_URL naming a second PostgreSQL database",
    ),
    pytest.mark.django_db(databases=["default", REPLICA]),
]


def test_caseload_figures_come_from_the_replica_and_consent_from_the_primary(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)  # consent: on the primary only
    # The replica holds (as replicated) the same person and a day logged yesterday; the
    # primary's journal is empty, so only a read from the replica can count that day. (The
    # needs-attention reasons are not figures: they come with the consents, from the primary's
    # stored attention state, in the query that orders the page.)
    for model in (type(alice), Organization):
        for row in model.objects.all():
            row.save(using=REPLICA)
    DayDigest.objects.using(REPLICA).create(
        user_id=alice.pk,
        day=timezone.localdate() - timedelta(days=1),
        week=0,
        entries=1,
        reported=True,
        harm_mask=HARM_BITS["blackout"],
    )
    html = client_for(carol).get("/care/").content.decode()
    assert "1 day reported in 28" in html
    assert "0 days reported in 28" not in html
    with replica_reads():
        assert DayDigest.objects.filter(user=alice).exists()
    assert not DayDigest.objects.filter(user=alice).exists()  # the primary is untouched


def test_a_consent_withdrawn_on_the_primary_hides_the_client_whatever_the_replica_holds(
    alice: User, carol: User, harbor: Organization
) -> None:
    consent = grant(alice, carol, harbor, ALL_SCOPES)
    for row in (alice, carol, harbor):
        row.save(using=REPLICA)
    DayDigest.objects.using(REPLICA).create(
        user_id=alice.pk, day=timezone.localdate(), week=0, entries=1, reported=True
    )
    # Withdrawn a moment ago: the replica may lag, the primary decides.
    type(consent).objects.using("default").filter(pk=consent.pk).delete()
    assert "Alice" not in client_for(carol).get("/care/").content.decode()
