"""A consent ends at the end of its last day on the participant's clock, whoever reads it.

carol counsels from Madrid (UTC+1 in winter); lena lives in Los Angeles (UTC-8); mara in Madrid.
Lena's and Mara's consents have 30 November 2026 as their last day; nina (New York) shares
until she stops it. "Now" is moved around midnight in Los Angeles, which is already 1 December,
morning, in Madrid.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from tests.care.conftest import ALL_SCOPES, grant
from tests.care.test_caseload_zones import (
    AFTER_MIDNIGHT_IN_LA,
    BEFORE_MIDNIGHT_IN_LA,
    _caseload,
)
from tests.conftest import at_utc, client_for, make_user
from waypoint.accounts.models import Organization, User
from waypoint.accounts.services import user_time_zone_set
from waypoint.care.models import Consent

pytestmark = pytest.mark.django_db

LAST_DAY = date(2026, 11, 30)


@pytest.fixture
def people(carol: User, harbor: Organization) -> dict[str, User]:
    carol.time_zone = "Europe/Madrid"
    carol.save(update_fields=["time_zone"])
    lena = make_user("lena", display_name="Lena", time_zone="America/Los_Angeles")
    mara = make_user("mara", display_name="Mara", time_zone="Europe/Madrid")
    with at_utc(2026, 11, 30, 12, 0):
        for person in (lena, mara):
            grant(person, carol, harbor, ALL_SCOPES, expires_on=LAST_DAY)
        nina = make_user("nina", display_name="Nina", time_zone="America/New_York")
        grant(nina, carol, harbor, ALL_SCOPES)
    return {"lena": lena, "mara": mara}


def _client_page(carol: User, person: User) -> int:
    return client_for(carol).get(f"/care/clients/{person.pk}/").status_code


def test_before_midnight_in_los_angeles_her_consent_still_holds_for_a_counselor_in_madrid(
    carol: User, people: dict[str, User]
) -> None:
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        cards, _queries = _caseload(carol)
        lena_page = _client_page(carol, people["lena"])
        mara_page = _client_page(carol, people["mara"])
    # 23:30 on 30 November for Lena: her last day of sharing has not ended. It is 1 December on
    # carol's clock and on Mara's, so Mara's sharing has ended.
    assert set(cards) == {"Lena", "Nina"}
    assert lena_page == 200
    assert mara_page == 404


def test_after_midnight_in_los_angeles_her_consent_has_ended(
    carol: User, people: dict[str, User]
) -> None:
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        _cards_before, queries_before = _caseload(carol)
    with at_utc(*AFTER_MIDNIGHT_IN_LA):
        cards, queries_after = _caseload(carol)
        lena_page = _client_page(carol, people["lena"])
    assert set(cards) == {"Nina"}
    assert lena_page == 404
    assert queries_after == queries_before  # the end is one column: no query added


def test_the_participant_sees_the_same_end_on_her_sharing_page(people: dict[str, User]) -> None:
    lena = people["lena"]
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        before = client_for(lena).get("/sharing/").content.decode()
    with at_utc(*AFTER_MIDNIGHT_IN_LA):
        after = client_for(lena).get("/sharing/").content.decode()
    ended = '<h2 id="past">Ended</h2>'
    assert ended not in before
    assert ended in after


def test_moving_after_signing_does_not_move_the_end_she_signed(
    carol: User, people: dict[str, User]
) -> None:
    lena = people["lena"]
    with at_utc(2026, 11, 30, 20, 0):
        user_time_zone_set(user=lena, time_zone="Europe/Madrid")
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        cards, _queries = _caseload(carol)
        page = client_for(carol).get(f"/care/clients/{lena.pk}/").content.decode()
    # Already 1 December on her new clock, but she signed "until 30 November" in Los Angeles:
    # the end is told by its own offset, 8 hours behind UTC (Madrid's would end it 9 hours early).
    assert "30 November 2026 (end of the day, UTC−8)" in page
    assert set(cards) == {"Lena", "Nina"}


UNTIL = {
    "en": "30 November 2026 (end of the day, Los Angeles time)",
    "es": "30 de noviembre de 2026 (al final del día, hora de Los Angeles)",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_counselor_in_madrid_sees_the_clock_her_consent_ends_on(
    carol: User, people: dict[str, User], language: str
) -> None:
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        page = client_for(carol).get(
            f"/care/clients/{people['lena'].pk}/", HTTP_ACCEPT_LANGUAGE=language
        )
    assert UNTIL[language] in page.content.decode()


@pytest.mark.parametrize(
    ("language", "document", "ended"),
    [
        (
            "en",
            "At the end of 30 November 2026, Los Angeles time, unless revoked earlier.",
            "ended after 30 Nov 2026 (Los Angeles time)",
        ),
        (
            "es",
            "Al final del 30 de noviembre de 2026, hora de Los Angeles, a menos que se revoque "
            "antes.",
            "terminó después del 30 Nov 2026 (hora de Los Angeles)",
        ),
    ],
)
def test_the_participant_sees_the_clock_her_consent_ends_on(
    people: dict[str, User], language: str, document: str, ended: str
) -> None:
    lena = client_for(people["lena"])
    consent = Consent.objects.get(participant=people["lena"])
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        sharing = lena.get("/sharing/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        signed = lena.get(f"/sharing/consents/{consent.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    with at_utc(*AFTER_MIDNIGHT_IN_LA):
        after = lena.get("/sharing/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert UNTIL[language] in sharing
    assert document in signed.content.decode()
    assert ended in after


@pytest.mark.parametrize(
    ("language", "help_text"),
    [
        ("en", "Sharing stops at the end of this day, Los Angeles time."),
        ("es", "Se deja de compartir al final de ese día, hora de Los Angeles."),
    ],
)
def test_choosing_the_last_day_says_which_clock_ends_it(
    people: dict[str, User], language: str, help_text: str
) -> None:
    consent = Consent.objects.get(participant=people["lena"])
    page = client_for(people["lena"]).get(
        f"/sharing/consents/{consent.pk}/change/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert help_text in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_consents_signed_before_it_their_end_on_the_participants_clock(
    harbor: Organization,
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    before = [("care", "0006_counselor_notes_outlive_sharing")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    lena = make_user("lena", time_zone="America/Los_Angeles")
    signed = old.get_model("care", "Consent").objects.create(
        participant_id=lena.pk,
        organization_id=harbor.pk,
        purpose="Counseling",
        signature="Lena",
        discloser="x",
        recipient="x",
        information="x",
        revocation_terms="x",
        expires_on=LAST_DAY,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # The end of 30 November in Los Angeles is 08:00 UTC on 1 December.
    ends_at = Consent.objects.get(pk=signed.pk).ends_at
    assert ends_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "path", ["/care/clients/{pk}/export.json", "/api/v1/care/clients/{pk}/export"]
)
def test_a_counselors_export_tells_the_end_on_the_clock_she_signed_on(
    carol: User, people: dict[str, User], path: str
) -> None:
    lena = people["lena"]
    with at_utc(2026, 11, 30, 20, 0):
        user_time_zone_set(user=lena, time_zone="Europe/Madrid")
        moved = client_for(carol).get(path.format(pk=lena.pk)).json()
    with at_utc(2026, 11, 30, 20, 0):
        stayed = client_for(carol).get(path.format(pk=people["mara"].pk)).json()
    # The same words as the participant's own consent API: the moment, on the signing clock.
    assert [(c["ends_at"], c["time_zone"]) for c in moved["consents"]] == [
        ("2026-12-01T00:00:00-08:00", None)
    ]
    assert [(c["ends_at"], c["time_zone"]) for c in stayed["consents"]] == [
        ("2026-12-01T00:00:00+01:00", "Europe/Madrid")
    ]
