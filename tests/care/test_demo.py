"""The care demo: River shares with Dr. Okafor, Sam shares progress; running it twice is safe."""

from __future__ import annotations

import pytest

from waypoint.care.models import AccessRecord, AssessmentRequest, Consent, Note
from waypoint.care.selectors import caseload, clients_of
from waypoint.core.demo import ensure_demo

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_counselor_a_caseload_once() -> None:
    people = ensure_demo()
    ensure_demo()
    okafor = people["dr-okafor"]
    assert Consent.objects.count() == 2
    assert [c.participant.username for c in clients_of(okafor)] == ["river", "sam"]
    assert Note.objects.filter(participant=people["river"]).count() == 2
    assert AssessmentRequest.objects.filter(status="pending").count() == 1
    rows = caseload(okafor, via=AccessRecord.Via.CASELOAD)
    river = next(r for r in rows if r.participant.username == "river")
    assert river.progress is not None and river.progress.better
    assert clients_of(people["admin"]) == []
