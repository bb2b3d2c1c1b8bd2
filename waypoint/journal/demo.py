"""Journal demo content: two fictional participants whose last weeks show what Waypoint is for.

River drinks and is cutting down: a heavier baseline month, then sixty days with fewer and
lighter drinking days, more meals first and water, an AUDIT-C at the start and near the end.
Sam uses heroin from a supply that may hold fentanyl and is using more safely: over the same
sixty days, less use alone and more naloxone nearby, tested supply and sterile supplies.
Everything is generated from a fixed seed, so every demo looks the same.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.accounts.zones import zone_for
from waypoint.assessments.services import audit_c_record
from waypoint.goals.services import GoalFields, goal_create, step_add, step_set_done
from waypoint.journal import digest
from waypoint.journal.models import CheckIn, Entry, Profile, Stance, Substance, today
from waypoint.journal.services import (
    baseline_save,
    checkin_set,
    entry_create,
    profile_of,
    substance_for,
)
from waypoint.journal.vocab import CareAction, Harm, Unit
from waypoint.measures import GRAMS_PER_STANDARD_DRINK

JOURNAL_DAYS = 60
BASELINE_DAYS = 30

RIVER_NOTES = {
    58: "Long week at the depot. Kept going after dinner without really noticing.",
    51: "Birthday drinks for Priya. Lost count, took a taxi home at least.",
    44: "Ate a proper meal first and had water in between. Felt fine the next morning.",
    37: "Made soup, had two beers with it and went to bed early.",
    30: "Football with Dev, two pints and then lime and soda.",
    22: "Rough day. Noticed I wanted a drink to switch off. Went for a walk first.",
    15: "Quiz night: stuck to three, and we came second.",
    8: "Slept better this week than in months.",
    3: "Dinner at Mum's. Two glasses of wine, that was plenty.",
}
SAM_NOTES = {
    57: "Alone in the flat again. Nobody knew where I was.",
    49: "Picked up a naloxone kit at the drop-in on Harbor Street.",
    41: "Tested it first: strip said fentanyl. Went slow, Kay stayed with me.",
    33: "Smoked instead of injecting today.",
    26: "Kay and I agreed to check on each other.",
    18: "Talked to Marisol about the housing list.",
    9: "Carried naloxone all week. Tested every batch.",
    2: "Good day. Ate, slept, saw the nurse about my arm.",
}

# Days whose notes tell what happened: River's harms, and Sam's (alone, tested) that day.
RIVER_HARMS = {
    55: [Harm.IMPAIRED_DRIVING],
    51: [Harm.BLACKOUT],
    46: [Harm.MISSED_OBLIGATIONS],
}
SAM_DAYS = {57: (True, False), 41: (False, True), 26: (False, True), 9: (False, True)}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _profile(user: User, *, country: str, guideline: str, substances: list[Substance]) -> None:
    profile = profile_of(user)
    profile.country, profile.guideline = country, guideline
    profile.started_step = "done"
    profile.started_done_at = _at(today() - timedelta(days=JOURNAL_DAYS), 20)
    profile.save()
    profile.substances.set(substances)


def _stance(user: User, substance: Substance, days_ago: int, relationship: str, ready: str) -> None:
    Stance.objects.create(
        user=user,
        substance=substance,
        relationship=relationship,
        readiness=ready,
        recorded_at=_at(today() - timedelta(days=days_ago), 20),
    )


def _river(river: User) -> None:
    """Alcohol, cutting down: heavier baseline, then steadily fewer and lighter drinking days."""
    rng = random.Random(20240611)
    alcohol = substance_for(river, "alcohol")
    _profile(river, country="US", guideline="male", substances=[alcohol])
    first = today() - timedelta(days=JOURNAL_DAYS)
    _stance(river, alcohol, JOURNAL_DAYS + 1, "heavy", "preparing")
    _stance(river, alcohol, 25, "regular", "acting")

    # The baseline month before the journal: most days, heavier at weekends, two forgotten.
    start = first - timedelta(days=BASELINE_DAYS)
    amounts: dict[date, float] = {}
    for i in range(BASELINE_DAYS):
        day = start + timedelta(days=i)
        if i in (9, 20):
            continue  # not remembered
        weekend = day.weekday() >= 4
        if not weekend and rng.random() < 0.2:
            amounts[day] = 0
        else:
            amounts[day] = float(rng.randint(7, 10) if weekend else rng.randint(3, 6))
    baseline_save(
        user=river,
        substance=alcohol,
        start=start,
        end=first - timedelta(days=1),
        amounts=amounts,
    )
    audit_c_record(user=river, answers=[4, 2, 3], taken_at=_at(first, 20, 30))

    for days_ago in range(JOURNAL_DAYS, 0, -1):
        day = today() - timedelta(days=days_ago)
        progress = (JOURNAL_DAYS - days_ago) / (JOURNAL_DAYS - 1)  # 0 at the start, 1 at the end
        weekend = day.weekday() >= 4
        wellbeing = min(10, round(4 + 4 * progress + rng.choice((-1, 0, 0, 1))))
        drinks_today = rng.random() < (0.95 - 0.2 * progress if weekend else 0.8 - 0.5 * progress)
        if not drinks_today and days_ago not in RIVER_NOTES and days_ago not in RIVER_HARMS:
            checkin_set(
                user=river,
                day=day,
                no_use=True,
                mood=min(5, 3 + round(progress)),
                wellbeing=wellbeing,
            )
            continue
        ate = rng.random() < 0.3 + 0.55 * progress
        friends = (weekend and rng.random() < 0.75) or days_ago in RIVER_HARMS
        amount = (6.0 if weekend else 4.5) - 3.0 * progress + rng.choice((-1, 0, 0, 1))
        if ate:
            amount -= 1.5
        if not friends:
            amount -= 0.5
        amount = max(1.0, round(amount * 2) / 2)
        harms = list(RIVER_HARMS.get(days_ago, []))
        if harms:
            amount, ate = 9.0, False
        care = []
        if ate:
            care.append(CareAction.ATE_FIRST)
        if rng.random() < 0.2 + 0.6 * progress:
            care.append(CareAction.WATER)
        if amount <= 3:
            care.append(CareAction.KEPT_LIMIT)
        if days_ago == 51 or (friends and not harms and rng.random() < 0.3 + 0.6 * progress):
            care.append(CareAction.SAFE_RIDE)
        entry_create(
            user=river,
            substance=alcohol,
            day=day,
            at=time(21 if friends else 19, rng.choice((0, 15, 30, 45))),
            amount=Decimal(str(amount)),
            unit=Unit.DRINK,
            route="swallowed",
            mood=rng.choice((2, 3)) if progress < 0.4 else rng.choice((3, 4, 4)),
            ate_before=ate,
            slept_well=rng.random() < 0.3 + 0.5 * progress,
            physical="tired" if rng.random() < 0.4 - 0.25 * progress else "fine",
            intention=(
                "social"
                if friends
                else rng.choice(("cope", "habit", "relax") if progress < 0.5 else ("relax",))
            ),
            place=rng.choice(("bar", "friends")) if friends else "home",
            company="friends" if friends else rng.choice(("alone", "alone", "partner")),
            activity=rng.choice(("football on TV", "quiz night", "dinner"))
            if friends
            else rng.choice(("after work", "cooking", "watching a film")),
            harms=harms,
            care_actions=care,
            note=RIVER_NOTES.get(days_ago, ""),
        )
        if rng.random() < 0.5:
            checkin_set(user=river, day=day, wellbeing=wellbeing)

    audit_c_record(user=river, answers=[3, 1, 1], taken_at=_at(today() - timedelta(days=2), 20))
    goal_create(
        user=river,
        fields=GoalFields(
            kind="cut_down",
            substance=alcohol,
            title="Three drinks at most, and four drinking days a week at most",
            daily_limit=Decimal(3),
            days_per_week=4,
            started_on=first,
        ),
    )
    life = goal_create(
        user=river,
        fields=GoalFields(
            kind="life",
            domain="health",
            title="Get back to Saturday morning runs",
            started_on=first + timedelta(days=10),
        ),
    )
    for text, done_days_ago in (
        ("Find my running shoes", 48),
        ("Run once around the park", 40),
        ("Run three Saturdays in a row", 12),
        ("Sign up for the 5 km fun run in the autumn", None),
    ):
        step = step_add(goal=life, text=text)
        if done_days_ago is not None:
            step_set_done(step=step, done=True, on=today() - timedelta(days=done_days_ago))


def _sam(sam: User) -> None:
    """Opioids, using more safely: less use alone, more naloxone, testing and sterile supplies."""
    rng = random.Random(19870302)
    heroin = substance_for(sam, "heroin")
    _profile(sam, country="US", guideline="", substances=[heroin])
    first = today() - timedelta(days=JOURNAL_DAYS)
    _stance(sam, heroin, JOURNAL_DAYS + 1, "regular", "considering")
    _stance(sam, heroin, 30, "regular", "acting")

    for days_ago in range(JOURNAL_DAYS, 0, -1):
        day = today() - timedelta(days=days_ago)
        progress = (JOURNAL_DAYS - days_ago) / (JOURNAL_DAYS - 1)
        wellbeing = min(10, round(3 + 3 * progress + rng.choice((-1, 0, 1))))
        if rng.random() < 0.08 + 0.1 * progress and days_ago not in SAM_NOTES:
            checkin_set(user=sam, day=day, no_use=True, wellbeing=wellbeing)
            continue
        uses = 2 if rng.random() < 0.45 - 0.2 * progress else 1
        for n in range(uses):
            alone = rng.random() < 0.7 - 0.55 * progress
            tested = rng.random() < 0.1 + 0.75 * progress
            if n == 0 and days_ago in SAM_DAYS:
                alone, tested = SAM_DAYS[days_ago]
            care = []
            if rng.random() < 0.2 + 0.75 * progress:
                care.append(CareAction.HAD_NALOXONE)
            if tested:
                care += [CareAction.TESTED_SUPPLY, CareAction.STARTED_LOW]
            if not alone:
                care.append(CareAction.SOMEONE_CHECKED)
            route = "injected" if rng.random() < 0.85 - 0.45 * progress else "smoked"
            if days_ago == 33:
                route = "smoked"
            if route == "injected" and rng.random() < 0.6 + 0.35 * progress:
                care.append(CareAction.STERILE_SUPPLIES)
            harms = [Harm.USED_ALONE] if alone else []
            if route == "injected" and days_ago in (56, 47):
                harms.append(Harm.SHARED_EQUIPMENT)
            entry_create(
                user=sam,
                substance=heroin,
                day=day,
                at=time(11 + 8 * n, rng.choice((0, 20, 40))),
                amount=Decimal(rng.choice((1, 1, 2))),
                unit=Unit.BAG,
                route=route,
                mood=rng.choice((2, 3)) if progress < 0.5 else rng.choice((3, 3, 4)),
                ate_before=rng.random() < 0.3 + 0.4 * progress,
                physical="withdrawal" if n == 0 and rng.random() < 0.5 else "fine",
                intention="withdrawal" if n == 0 else rng.choice(("relax", "cope")),
                place=rng.choice(("home", "home", "outdoors")) if alone else "friends",
                company="alone" if alone else rng.choice(("friends", "partner")),
                harms=harms,
                care_actions=care,
                note=SAM_NOTES.get(days_ago, "") if n == 0 else "",
            )
        if rng.random() < 0.4:
            checkin_set(user=sam, day=day, wellbeing=wellbeing)

    goal_create(
        user=sam,
        fields=GoalFields(
            kind="safer",
            substance=heroin,
            title="Never use alone, and have naloxone and test strips every time",
            avoid_harms=[Harm.USED_ALONE],
            practice_care=[CareAction.HAD_NALOXONE, CareAction.TESTED_SUPPLY],
            started_on=first,
        ),
    )
    life = goal_create(
        user=sam,
        fields=GoalFields(
            kind="life",
            domain="housing",
            title="A steady place to live",
            started_on=first + timedelta(days=20),
        ),
    )
    for text, done_days_ago in (
        ("Get my ID replaced", 30),
        ("Ask Marisol about the housing list", 18),
        ("Fill in the housing application", None),
    ):
        step = step_add(goal=life, text=text)
        if done_days_ago is not None:
            step_set_done(step=step, done=True, on=today() - timedelta(days=done_days_ago))


@transaction.atomic
def journal_demo(people: dict[str, User]) -> None:
    """Give river and sam their journals; a person who already has entries is left alone."""
    for username, build in (("river", _river), ("sam", _sam)):
        person = people.get(username)
        if person is not None and not Entry.objects.filter(user=person).exists():
            # Their days and times on their own clock (today() and _at read the active zone).
            with timezone.override(zone_for(person)):
                build(person)


def journal_volume(users: list[User], days: int) -> None:
    """`days` days of entries (alcohol, some cannabis) and no-use check-ins for each person."""
    if not users or days <= 0:
        return
    alcohol = Substance.objects.get(owner=None, slug="alcohol")
    cannabis = Substance.objects.get(owner=None, slug="cannabis")
    grams = GRAMS_PER_STANDARD_DRINK["US"]
    last = today() - timedelta(days=1)
    Profile.objects.bulk_create(
        [Profile(user=user, country="US") for user in users], ignore_conflicts=True
    )
    profiles = Profile.objects.filter(user__in=users)
    Through = Profile.substances.through
    Through.objects.bulk_create(
        [Through(profile=p, substance=s) for p in profiles for s in (alcohol, cannabis)],
        ignore_conflicts=True,
    )
    entries: list[Entry] = []
    checkins: list[CheckIn] = []
    for user in users:
        rng = random.Random(user.pk)
        heaviness = rng.uniform(1.0, 6.0)
        for offset in range(days):
            day = last - timedelta(days=offset)
            roll = rng.random()
            if roll < 0.35:
                checkins.append(
                    CheckIn(user=user, day=day, no_use=True, wellbeing=rng.randint(3, 9))
                )
                continue
            amount = max(1, round(heaviness + rng.uniform(-2, 3)))
            entries.append(
                Entry(
                    id=uuid.uuid4(),
                    user=user,
                    substance=alcohol,
                    day=day,
                    used_at=_at(day, 20),
                    amount=Decimal(amount),
                    unit=Unit.DRINK,
                    alcohol_grams=amount * grams,
                    route="swallowed",
                    ate_before=rng.random() < 0.5,
                    place=rng.choice(("home", "bar", "friends")),
                    company=rng.choice(("alone", "friends", "partner")),
                    care_actions=["water"] if rng.random() < 0.3 else [],
                )
            )
            if roll > 0.9:
                entries.append(
                    Entry(
                        id=uuid.uuid4(),
                        user=user,
                        substance=cannabis,
                        day=day,
                        used_at=_at(day, 22),
                        amount=Decimal(1),
                        unit=Unit.JOINT,
                        route="smoked",
                    )
                )
    Entry.objects.bulk_create(entries, batch_size=2000)
    CheckIn.objects.bulk_create(checkins, batch_size=2000)
    for user in users:  # bulk writes skip the services, so digest what they wrote
        digest.rebuild(user.pk)
