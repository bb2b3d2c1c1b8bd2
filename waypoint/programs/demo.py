"""Demo: a fictional program with three sites, an outreach worker, an admin, a few hundred
encounters over six months, stock with a naloxone lot expiring soon, referrals and reversals."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from waypoint.accounts.models import Membership, Organization, User
from waypoint.accounts.zones import organization_today
from waypoint.core.demo import DEMO_PASSPHRASE
from waypoint.programs import services
from waypoint.programs.models import Encounter
from waypoint.programs.selectors import program_for

DEMO_PROGRAM = "Riverside Syringe Services (fictional)"
DEMO_SLUG = "riverside-demo"
STAFF = (
    ("kai", "Kai", Membership.Role.OUTREACH, "outreach worker at Riverside (a program)"),
    ("rs-admin", "Riverside admin", Membership.Role.ADMIN, "admin of Riverside (a program)"),
)
ENCOUNTERS = 240


def _staff_user(username: str, display: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display, "kind": User.Kind.STAFF}
    )
    if created:
        user.set_password(DEMO_PASSPHRASE)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def demo_program(people: dict[str, User]) -> None:
    organization, _created = Organization.objects.get_or_create(
        slug=DEMO_SLUG, defaults={"name": DEMO_PROGRAM, "kind": Organization.Kind.PROGRAM}
    )
    users = {}
    for username, display, role, _about in STAFF:
        users[username] = _staff_user(username, display)
        Membership.objects.get_or_create(user=users[username], organization=organization, role=role)
    if Encounter.objects.filter(organization=organization).exists():
        return
    admin, kai = users["rs-admin"], users["kai"]
    access = program_for(admin, DEMO_SLUG)
    sites = [
        services.site_create(access=access, name="Drop-in centre", kind="fixed"),
        services.site_create(access=access, name="Blue van", kind="mobile"),
        services.site_create(access=access, name="River path outreach", kind="street"),
    ]
    today = organization_today(organization)
    # Enough of everything handed out below (about 1.5 times six months' use at each site's
    # share of the encounters), so no count goes below zero; one naloxone lot expires soon.
    for site, quantity in zip(sites, (5000, 3000, 2000), strict=True):
        for item, share in (
            ("syringe", 1),
            ("cooker", 5),
            ("cotton", 4),
            ("alcohol-pad", 2),
            ("fentanyl-test-strip", 5),
        ):
            services.stock_receive(
                user=admin, access=access, site=site.pk, item=item, quantity=quantity // share
            )
        services.stock_receive(
            user=admin,
            access=access,
            site=site.pk,
            item="naloxone-nasal-4mg",
            quantity=quantity // 25,
            lot=f"NX-{site.pk}-24",
            expires_on=today + timedelta(days=45),
        )
    rng = random.Random(12)
    codes = [services.participant_issue(user=kai, access=access).shown_code for _ in range(60)]
    now = timezone.now()
    for _n in range(ENCOUNTERS):
        at = now - timedelta(days=rng.uniform(0.05, 180))
        site = rng.choices(sites, weights=(5, 3, 2))[0]
        code = rng.choice(codes) if rng.random() < 0.75 else None
        supplies = [("syringe", rng.choice((10, 20, 20, 30, 50)))]
        if rng.random() < 0.6:
            supplies += [("cooker", rng.choice((5, 10))), ("cotton", 10), ("alcohol-pad", 20)]
        if rng.random() < 0.25:
            supplies.append(("naloxone-nasal-4mg", rng.choice((1, 2))))
        if rng.random() < 0.35:
            supplies.append(("fentanyl-test-strip", rng.choice((5, 10))))
        tests = []
        if code and rng.random() < 0.08:
            tests = [
                ("hiv", rng.choice(("non_reactive",) * 9 + ("reactive",))),
                ("hcv", rng.choice(("non_reactive",) * 4 + ("reactive",))),
            ]
        referrals = []
        if code and rng.random() < 0.07:
            referrals = [
                (rng.choice(("moud-buprenorphine", "moud-methadone", "housing", "medical")), "made")
            ]
        services.encounter_record(
            user=kai,
            access=access,
            data=services.EncounterData(
                at=at,
                site=site.pk,
                participant_code=code,
                people=1 if code else rng.choice((1, 1, 2, 3)),
                supplies=supplies,
                syringes_collected=rng.choice((0, 0, 10, 20, 40)) or None,
                services=["safer-use-education"] if rng.random() < 0.2 else [],
                tests=tests,
                referrals=referrals,
            ),
            confirm=True,
        )
    # Some referrals got somewhere.
    from waypoint.programs.models import Referral

    for referral in Referral.objects.filter(encounter__organization=organization)[::2]:
        services.referral_link(access=access, referral_id=referral.pk, on=today)
    for days, place, outcome in (
        (40, "outdoors", "recovered"),
        (12, "public-bathroom", "hospital"),
        (3, "home", "recovered"),
    ):
        services.reversal_record(
            user=kai,
            access=access,
            reversal_id=None,
            at=now - timedelta(days=days),
            site=sites[0].pk,
            place=place,
            outcome=outcome,
            substances=["fentanyl"],
            naloxone_doses=2,
            naloxone_product="naloxone-nasal-4mg",
            called_911=outcome == "hospital",
            replacement_kit="naloxone-nasal-4mg",
        )
