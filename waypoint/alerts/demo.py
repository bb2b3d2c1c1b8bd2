"""Demo: a contact who confirmed, a rescue plan, a region, an alert and a report (fictional)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypoint.accounts.models import Organization, User
from waypoint.accounts.zones import organization_today
from waypoint.alerts.models import (
    Contact,
    DrugAlert,
    Evidence,
    Region,
    Report,
    SafetyPrefs,
    Subscription,
)


def alerts_demo(people: dict[str, User]) -> None:
    """Idempotent: adds only what is missing."""
    sam = people.get("sam")
    organization = Organization.objects.filter(slug="harbor-street").first()
    if sam is None or organization is None:
        return
    SafetyPrefs.objects.get_or_create(
        user=sam,
        defaults={
            "rescue_plan": (
                "Flat 3, 12 Example Road. Door code 4321. Naloxone in the kitchen drawer."
            )
        },
    )
    if not Contact.objects.filter(owner=sam).exists():
        Contact.objects.create(
            owner=sam,
            name="Robin (fictional)",
            email="robin@example.org",
            status=Contact.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
    region, _created = Region.objects.get_or_create(organization=organization, name="Downtown")
    # An alert runs on its organization's days.
    today = organization_today(organization)
    if not DrugAlert.objects.filter(organization=organization).exists():
        DrugAlert.objects.create(
            organization=organization,
            region=region,
            title="Xylazine found in down (fictional demo)",
            details="Wounds and long sedation reported. Naloxone still helps with the opioid part.",
            substances=["heroin", "fentanyl", "xylazine"],
            evidence=Evidence.LAB,
            found_on=today - timedelta(days=1),
            expires_on=today + timedelta(days=13),
            created_by=people.get("marisol"),
            fanned_out_at=timezone.now(),
        )
        Report.objects.create(
            organization=organization,
            region=region,
            substances=["opioid-pills"],
            what_happened="Blue pills sold as oxycodone, much stronger than usual (fictional).",
        )
    subscription, _created = Subscription.objects.get_or_create(
        user=sam, defaults={"match_my_log": True}
    )
    subscription.regions.add(region)
