"""Demo directory: a few dozen fictional services and meetings around the demo city (Portland,
Oregon, chosen only for its coordinates; every name, address and number here is made up).

Written through the same HSDS import as a real package, with fixed ids, so running the demo
again updates the same rows.
"""

from __future__ import annotations

from waypoint.accounts.models import Organization as AccountOrganization
from waypoint.accounts.models import User
from waypoint.accounts.zones import local_today
from waypoint.directory.hsds import Package, check, write
from waypoint.directory.models import Organization, Place

CITY = (45.5152, -122.6784)
ZONE = "America/Los_Angeles"

# (slug, name, types, access terms, (d_lat, d_lon), days, opens, closes, online)
ENTRIES = (
    (
        "bridge-ssp",
        "Bridge Street syringe services",
        "syringe-services naloxone drug-checking",
        "walk-in free",
        (0.004, 0.006),
        "MO,TU,WE,TH,FR",
        "10:00",
        "18:00",
        False,
    ),
    (
        "bridge-night",
        "Bridge Street night van",
        "syringe-services naloxone",
        "walk-in free",
        (-0.010, 0.012),
        "TH,FR,SA",
        "21:00",
        "02:00",
        False,
    ),
    (
        "eastside-naloxone",
        "Eastside naloxone pick-up",
        "naloxone",
        "walk-in free",
        (0.012, 0.040),
        "MO,WE,FR",
        "12:00",
        "16:00",
        False,
    ),
    (
        "river-testing",
        "River Clinic HIV and hepatitis C testing",
        "hiv-testing hcv-testing",
        "walk-in free",
        (-0.020, 0.010),
        "TU,TH",
        "09:00",
        "15:00",
        False,
    ),
    (
        "river-bup",
        "River Clinic buprenorphine same-day start",
        "moud-buprenorphine",
        "walk-in insurance sliding-scale",
        (-0.020, 0.010),
        "MO,TU,WE,TH,FR",
        "08:00",
        "17:00",
        False,
    ),
    (
        "north-methadone",
        "North Harbor methadone program",
        "moud-methadone",
        "appointment insurance",
        (0.060, -0.010),
        "MO,TU,WE,TH,FR,SA",
        "05:30",
        "13:00",
        False,
    ),
    (
        "hillside-detox",
        "Hillside withdrawal care unit",
        "detox",
        "walk-in insurance",
        (0.030, -0.050),
        "",
        "00:00",
        "23:59",
        False,
    ),
    (
        "cedar-residential",
        "Cedar House residential program",
        "residential",
        "appointment insurance sliding-scale",
        (-0.080, -0.060),
        "MO,TU,WE,TH,FR",
        "09:00",
        "17:00",
        False,
    ),
    (
        "maple-outpatient",
        "Maple outpatient counseling",
        "outpatient therapy-harm-reduction",
        "appointment sliding-scale insurance",
        (0.015, -0.020),
        "MO,TU,WE,TH",
        "10:00",
        "19:00",
        False,
    ),
    (
        "open-door-therapy",
        "Open Door therapy collective",
        "therapy-harm-reduction",
        "appointment sliding-scale",
        (-0.005, 0.030),
        "TU,WE,TH,FR",
        "11:00",
        "20:00",
        False,
    ),
    (
        "lantern-housing",
        "Lantern housing help desk",
        "housing",
        "walk-in free",
        (0.008, -0.004),
        "MO,WE,FR",
        "09:00",
        "12:00",
        False,
    ),
    (
        "commons-food",
        "Commons community meal",
        "food",
        "walk-in free",
        (0.002, 0.001),
        "MO,TU,WE,TH,FR,SA,SU",
        "17:00",
        "19:00",
        False,
    ),
    (
        "pantry-southeast",
        "Southeast pantry",
        "food",
        "walk-in free",
        (-0.035, 0.045),
        "TU,SA",
        "10:00",
        "14:00",
        False,
    ),
    (
        "shower-bus",
        "Shower bus at Union Square",
        "showers",
        "walk-in free",
        (0.006, 0.003),
        "MO,TH",
        "08:00",
        "12:00",
        False,
    ),
    (
        "drop-in-showers",
        "Harbor drop-in showers and laundry",
        "showers food",
        "walk-in free",
        (-0.003, -0.008),
        "MO,TU,WE,TH,FR",
        "07:00",
        "11:00",
        False,
    ),
    (
        "checking-lab",
        "Community drug checking lab",
        "drug-checking",
        "walk-in free",
        (0.018, 0.022),
        "WE,SA",
        "13:00",
        "18:00",
        False,
    ),
    (
        "mobile-testing",
        "Mobile testing van",
        "hiv-testing hcv-testing naloxone",
        "walk-in free",
        (0.045, 0.030),
        "SA,SU",
        "11:00",
        "16:00",
        False,
    ),
    (
        "telehealth-bup",
        "Telehealth buprenorphine line",
        "moud-buprenorphine",
        "appointment insurance sliding-scale",
        None,
        "MO,TU,WE,TH,FR,SA,SU",
        "07:00",
        "23:00",
        True,
    ),
    (
        "smart-tuesday",
        "SMART Recovery, Tuesday evening",
        "smart-recovery",
        "walk-in free meeting",
        (0.001, 0.009),
        "TU",
        "18:30",
        "20:00",
        False,
    ),
    (
        "smart-online",
        "SMART Recovery online",
        "smart-recovery",
        "walk-in free meeting",
        None,
        "MO,WE,FR",
        "12:00",
        "13:00",
        True,
    ),
    (
        "smart-saturday",
        "SMART Recovery, Saturday morning",
        "smart-recovery",
        "walk-in free meeting",
        (-0.015, 0.020),
        "SA",
        "10:00",
        "11:30",
        False,
    ),
    (
        "twelve-step-noon",
        "Noon 12-step meeting",
        "twelve-step",
        "walk-in free meeting",
        (0.003, -0.002),
        "MO,TU,WE,TH,FR",
        "12:00",
        "13:00",
        False,
    ),
    (
        "twelve-step-late",
        "Late night 12-step meeting",
        "twelve-step",
        "walk-in free meeting",
        (0.010, 0.015),
        "FR,SA",
        "23:00",
        "00:30",
        False,
    ),
    (
        "twelve-step-online",
        "12-step meeting online",
        "twelve-step",
        "walk-in free meeting",
        None,
        "MO,TU,WE,TH,FR,SA,SU",
        "19:00",
        "20:00",
        True,
    ),
    (
        "hr-circle",
        "Harm reduction circle",
        "harm-reduction-group",
        "walk-in free meeting",
        (-0.006, 0.004),
        "WE",
        "17:30",
        "19:00",
        False,
    ),
    (
        "hr-online",
        "Harm reduction peer group online",
        "harm-reduction-group",
        "walk-in free meeting",
        None,
        "TU,TH,SU",
        "20:00",
        "21:00",
        True,
    ),
    (
        "peer-support",
        "Peer support drop-in",
        "",
        "walk-in free meeting",
        (0.020, -0.015),
        "MO,TH",
        "15:00",
        "16:30",
        False,
    ),
    (
        "women-circle",
        "Women's harm reduction circle",
        "harm-reduction-group",
        "walk-in free meeting",
        (-0.012, -0.018),
        "MO",
        "18:00",
        "19:30",
        False,
    ),
    (
        "naloxone-training",
        "Naloxone training and kits",
        "naloxone",
        "walk-in free",
        (0.025, 0.005),
        "TH",
        "16:00",
        "18:00",
        False,
    ),
    (
        "westside-ssp",
        "Westside syringe services",
        "syringe-services naloxone hiv-testing",
        "walk-in free",
        (0.010, -0.090),
        "TU,FR",
        "13:00",
        "17:00",
        False,
    ),
)
PLACES = (
    ("Downtown", "97204", 45.5152, -122.6784),
    ("Pearl District", "97209", 45.5290, -122.6840),
    ("Southeast", "97214", 45.5140, -122.6430),
    ("North", "97217", 45.5750, -122.6860),
    ("Westside", "97225", 45.5010, -122.7700),
)
LANGUAGES = {
    "bridge-ssp": ("English", "Spanish"),
    "river-bup": ("English", "Spanish", "Vietnamese"),
}


def demo_package() -> Package:
    package = Package()
    org_id = "demo-org-harbor"
    package.add(
        "organizations.csv",
        {"id": org_id, "name": "Harbor Street Health (fictional)", "description": ""},
        None,
    )
    package.add("taxonomies.csv", {"id": "waypoint-types", "name": "Waypoint service types"}, None)
    package.add("taxonomies.csv", {"id": "waypoint-access", "name": "Waypoint access"}, None)
    terms: set[tuple[str, str]] = set()
    for index, (slug, name, types, access, offset, days, opens, closes, online) in enumerate(
        ENTRIES, start=1
    ):
        sid, lid = f"demo-{slug}", f"demo-{slug}-place"
        package.add(
            "services.csv",
            {
                "id": sid,
                "organization_id": org_id,
                "name": name,
                "status": "active",
                "description": f"{name}. A fictional entry for the Waypoint demo.",
                "assured_date": "2026-10-01",
                "url": f"https://example.org/{slug}" if online else "",
            },
            None,
        )
        if online:
            location = {
                "id": lid,
                "location_type": "virtual",
                "url": f"https://example.org/{slug}",
                "name": name,
                "time_zone": ZONE,
            }
        else:
            assert offset is not None
            location = {
                "id": lid,
                "location_type": "physical",
                "name": name,
                "time_zone": ZONE,
                "latitude": f"{CITY[0] + offset[0]:.5f}",
                "longitude": f"{CITY[1] + offset[1]:.5f}",
            }
            package.add(
                "addresses.csv",
                {
                    "id": f"{lid}-address",
                    "location_id": lid,
                    "address_1": f"{100 + index * 7} Example Street",
                    "city": "Portland",
                    "state_province": "OR",
                    "postal_code": "97204",
                    "country": "US",
                    "address_type": "physical",
                },
                None,
            )
        package.add("locations.csv", location, None)
        package.add(
            "service_at_location.csv",
            {"id": f"{sid}-at", "service_id": sid, "location_id": lid},
            None,
        )
        package.add(
            "schedules.csv",
            {
                "id": f"{sid}-hours",
                "service_id": sid,
                "freq": "WEEKLY",
                "byday": days,
                "opens_at": opens,
                "closes_at": closes,
            },
            None,
        )
        package.add(
            "phones.csv",
            {"id": f"{sid}-phone", "service_id": sid, "number": f"555-01{index:02d}"},
            None,
        )
        for n, lang in enumerate(LANGUAGES.get(slug, ("English",))):
            package.add(
                "languages.csv",
                {
                    "id": f"{sid}-lang-{n}",
                    "service_id": sid,
                    "name": lang,
                    "code": lang[:2].lower(),
                },
                None,
            )
        for taxonomy, codes in (("waypoint-types", types), ("waypoint-access", access)):
            for code in codes.split():
                term_id = f"{taxonomy}:{code}"
                if (taxonomy, code) not in terms:
                    terms.add((taxonomy, code))
                    package.add(
                        "taxonomy_terms.csv",
                        {"id": term_id, "code": code, "name": code, "taxonomy_id": taxonomy},
                        None,
                    )
                package.add(
                    "attributes.csv",
                    {
                        "id": f"{sid}:{code}",
                        "link_id": sid,
                        "taxonomy_term_id": term_id,
                        "link_entity": "service",
                    },
                    None,
                )
    return package


def demo_directory(people: dict[str, User]) -> None:
    """Load the demo directory and gazetteer; the demo admin may edit the Harbor entries; River
    has saved services and "I went" marks (shared with Dr. Okafor); Jules's group is listed."""
    plan, problems = check(demo_package())
    assert not problems, problems
    write(plan)
    from waypoint.directory.selectors import refresh_points

    refresh_points()
    account = AccountOrganization.objects.filter(slug="harbor-street").first()
    Organization.objects.filter(hsds_id="demo-org-harbor").update(managed_by=account)
    for name, postcode, lat, lon in PLACES:
        for text in (name, postcode):
            key = "".join(ch for ch in text.lower() if ch.isalnum())
            Place.objects.update_or_create(
                key=key,
                defaults={"name": name, "postcode": postcode, "latitude": lat, "longitude": lon},
            )

    _demo_people(people)


def _demo_people(people: dict[str, User]) -> None:
    from datetime import time, timedelta

    from waypoint.care.models import Consent
    from waypoint.directory.models import Favourite, Service, Visit
    from waypoint.directory.services import ServiceFields, group_list
    from waypoint.groups.models import Group

    river = people.get("river")
    if river is not None:
        today = local_today(river)
        for slug, days_ago in (("bridge-ssp", 9), ("commons-food", 3), ("smart-tuesday", 6)):
            service = Service.objects.filter(hsds_id=f"demo-{slug}").first()
            if service is None:
                continue
            Favourite.objects.get_or_create(user=river, service=service)
            Visit.objects.get_or_create(
                user=river, service=service, went_on=today - timedelta(days=days_ago)
            )
        okafor = people.get("dr-okafor")
        Consent.objects.filter(participant=river, counselor=okafor, revoked_at=None).update(
            shares_referrals=True
        )
    jules = people.get("jules")
    group = Group.objects.filter(name="Tuesday evening drop-in (demo)").first()
    if jules is not None and group is not None:
        group_list(
            user=jules,
            group_id=group.pk,
            fields=ServiceFields(
                name=group.name,
                description="A drop-in harm reduction group. Come as you are.",
                address_1="1 Harbor Street (fictional)",
                city="Portland",
                latitude=CITY[0] - 0.002,
                longitude=CITY[1] + 0.002,
                time_zone=ZONE,
                byday=("TU",),
                opens_at=time(18),
                closes_at=time(19, 30),
            ),
        )
