"""Drug alerts: staff publish, reports are reviewed first, subscribers who match are told."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.alerts.servers import SmtpSink
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.alerts import services
from waypoint.alerts.models import DrugAlert, Notification, Outbox, Region, Report
from waypoint.alerts.substances import known_substance_slugs
from waypoint.alerts.worker import run_once
from waypoint.journal import services as journal
from waypoint.journal.catalogue import CATALOGUE
from waypoint.journal.models import Substance
from waypoint.safety.table import REQUIRED_CLASSES

pytestmark = pytest.mark.django_db


@pytest.fixture
def downtown(harbor: Organization) -> Region:
    return services.region_add(organization=harbor, name="Downtown")


def _publish(author: User, region: Region, slugs: list[str], **extra: object) -> DrugAlert:
    today = timezone.localdate()
    fields: dict[str, object] = {
        "title": "Xylazine in down",
        "details": "",
        "evidence": "lab",
        "found_on": today,
        "expires_on": today + timedelta(days=7),
    }
    fields.update(extra)
    return services.drug_alert_publish(
        author=author,
        organization=region.organization,
        region_id=region.pk,
        substances=slugs,
        **fields,  # type: ignore[arg-type]
    )


def _log(user: User, slug: str) -> None:
    substance = Substance.objects.get(slug=slug, owner=None)
    journal.entry_create(
        user=user,
        substance=substance,
        day=timezone.localdate(),
        amount=Decimal(1),
        unit=substance.default_unit,
    )


def test_known_slugs_are_catalogue_plus_the_safety_classes() -> None:
    known = known_substance_slugs()
    assert len(REQUIRED_CLASSES) == 23 and set(REQUIRED_CLASSES) <= known
    assert {slug for slug, *_rest in CATALOGUE} <= known
    assert "unicorn-dust" not in known


def test_unknown_substance_is_refused_and_nothing_is_published(
    marisol: User, downtown: Region
) -> None:
    with pytest.raises(ValidationError, match="Unknown substance: unicorn-dust"):
        _publish(marisol, downtown, ["fentanyl", "unicorn-dust"])
    assert not DrugAlert.objects.exists()


def test_only_admin_and_outreach_staff_publish(
    marisol: User, erin: User, carol: User, alice: User, downtown: Region
) -> None:
    page = "/alerts/org/harbor/new/"
    assert client_for(marisol).get(page).status_code == 200
    assert client_for(erin).get(page).status_code == 200
    assert client_for(carol).get(page).status_code == 404
    assert client_for(alice).get(page).status_code == 403
    response = client_for(marisol).post(
        page,
        {
            "title": "Pressed M30 pills with a nitazene",
            "substances": ["opioid-pills"],
            "region": downtown.pk,
            "evidence": "strip",
            "found_on": timezone.localdate().isoformat(),
            "expires_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert DrugAlert.objects.get().evidence == "strip"


def test_subscriber_who_logged_it_sees_it_on_today_and_by_email(
    alice: User, bob: User, marisol: User, downtown: Region, smtp: SmtpSink
) -> None:
    services.subscription_save(
        user=alice,
        region_ids=[downtown.pk],
        substances=[],
        match_my_log=True,
        channel="email",
        own_email="alice@example.org",
    )
    services.subscription_save(
        user=bob,
        region_ids=[downtown.pk],
        substances=[],
        match_my_log=True,
        channel="email",
        own_email="bob@example.org",
    )
    _log(alice, "heroin")  # an opioid; bob logged nothing
    alert = _publish(marisol, downtown, ["fentanyl", "xylazine"])
    assert run_once().fanned_out == 1
    today = client_for(alice).get("/today/")
    assert alert.title.encode() in today.content and b"Drug alerts for you" in today.content
    assert b"Lab" in today.content or b"lab" in today.content  # how it is known
    assert alert.title.encode() not in client_for(bob).get("/today/").content
    assert smtp.wait_for("alice@example.org")[0].subject == "Drug alert: Xylazine in down"
    assert smtp.to("bob@example.org") == []
    assert Notification.objects.filter(user=alice).count() == 1
    assert not Notification.objects.filter(user=bob).exists()
    assert run_once().fanned_out == 0  # once


def test_the_program_cannot_see_who_matched(alice: User, marisol: User, downtown: Region) -> None:
    services.subscription_save(
        user=alice,
        region_ids=[downtown.pk],
        substances=["fentanyl"],
        match_my_log=False,
        channel="in_app",
    )
    alert = _publish(marisol, downtown, ["fentanyl"])
    run_once()
    staff = client_for(marisol)
    for page in ("/alerts/org/harbor/", f"/alerts/{alert.pk}/"):
        content = staff.get(page).content
        assert b"alice" not in content.lower()
    assert not any(f.name in {"recipients", "matched"} for f in DrugAlert._meta.get_fields())


def test_anonymous_report_is_reviewed_before_anything_is_published(
    marisol: User, downtown: Region
) -> None:
    anyone = Client()
    response = anyone.post(
        "/alerts/report/",
        {
            "region": downtown.pk,
            "substances": ["opioid-pills"],
            "what_happened": "Blue pills, very strong",
        },
    )
    assert response.status_code == 200 and b"Thank you" in response.content
    report = Report.objects.get()
    assert report.status == Report.Status.NEW
    assert not DrugAlert.objects.exists()
    assert anyone.get("/alerts/").content.count(b"Blue pills") == 0
    staff = client_for(marisol)
    assert b"Blue pills, very strong" in staff.get("/alerts/org/harbor/").content
    form = staff.get(f"/alerts/org/harbor/new/?report={report.pk}")
    assert b"Blue pills" in form.content
    _publish(marisol, downtown, ["opioid-pills"], report_id=report.pk, evidence="community")
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert b"Reported by people who use drugs" in anyone.get("/alerts/").content


def test_bad_report_answers_400_and_keeps_nothing(downtown: Region) -> None:
    response = Client().post("/alerts/report/", {"region": downtown.pk, "what_happened": ""})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_alert_pages_keep_their_query_count(
    alice: User, marisol: User, downtown: Region, django_assert_max_num_queries: object
) -> None:
    services.subscription_save(
        user=alice, region_ids=[downtown.pk], substances=[], match_my_log=True, channel="in_app"
    )
    _log(alice, "heroin")
    client = client_for(alice)
    for count in (1, 15):
        for i in range(count):
            _publish(marisol, downtown, ["fentanyl"], title=f"Alert {count}-{i}")
        with django_assert_max_num_queries(25):  # type: ignore[operator]
            assert client.get("/alerts/").status_code == 200
        with django_assert_max_num_queries(40):  # type: ignore[operator]
            assert client.get("/today/").status_code == 200
    assert Outbox.objects.count() == 0
