"""Demo content: Jules runs a fictional drop-in group at Harbor with River and Sam as members."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.groups.models import (
    Attendance,
    Feedback,
    FeedbackGiven,
    Group,
    GroupMember,
    Meeting,
    SharedCheckIn,
    Topic,
)

DEMO_GROUP = "Tuesday evening drop-in (demo)"

# Past meetings, oldest first: topic, members present, walk-ins, anonymous answers
# (helpful 1-5, felt respected, comment). Members present also answer, first in the list.
PAST = (
    ("drug-set-setting", ("river",), 3, ((4, True, ""), (3, True, ""))),
    (
        "naloxone-overdose-response",
        ("river", "sam"),
        2,
        (
            (5, True, "The naloxone practice helped. I feel ready now."),
            (4, True, ""),
            (5, True, "Good to hear other people's ideas."),
            (4, True, ""),
        ),
    ),
    (
        "coping-with-cravings",
        ("sam",),
        4,
        ((4, True, "Could we have more time for questions?"), (3, False, ""), (5, True, "")),
    ),
    (
        "mixing-substances",
        ("river", "sam"),
        3,
        (
            (5, True, "I did not know about alcohol and cocaine. Useful."),
            (4, True, ""),
            (4, True, ""),
            (5, True, "Friendly, no pressure."),
            (3, True, ""),
        ),
    ),
)
CHECKINS = {
    "river": (
        "Two beers, slowly, over the evening.",
        "Tired after work but calm. Ate first.",
        "At home with my partner, cooking.",
    ),
    "sam": (
        "A smaller amount than usual, tested with a strip first.",
        "Anxious, but I had eaten and slept.",
        "With a friend who keeps naloxone.",
    ),
}


def demo_group(people: dict[str, User]) -> None:
    """Create the demo group once; running again changes nothing."""
    from waypoint.accounts.models import Membership

    jules = people["jules"]
    membership = Membership.objects.filter(
        user=jules, role=Membership.Role.FACILITATOR
    ).select_related("organization")
    first = membership.first()
    organization = first.organization if first is not None else None
    if (
        organization is None
        or Group.objects.filter(organization=organization, name=DEMO_GROUP).exists()
    ):
        return
    group = Group.objects.create(
        organization=organization,
        name=DEMO_GROUP,
        mode=Group.Mode.IN_PERSON,
        place="Harbor Street Health, community room (fictional)",
        schedule="Tuesdays, 6 to 7:30 pm",
        drop_in=True,
        description="Come as you are. Talk, listen, or just have a coffee.",
        agreements="\n".join(
            [
                "Everyone is welcome, wherever they are with substances.",
                "What is said here stays here.",
                "One person speaks at a time.",
                "Passing is always fine.",
                "Respect each person's choices and goals.",
            ]
        ),
        created_by=jules,
    )
    members = {
        name: GroupMember.objects.create(group=group, user=people[name])
        for name in ("river", "sam")
    }
    topics = {t.slug: t for t in Topic.objects.filter(organization__isnull=True)}
    today = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    last = today - timedelta(days=(today.weekday() - 1) % 7 or 7)  # the last Tuesday before today
    for weeks_ago, (slug, present, walk_ins, answers) in zip(
        range(len(PAST), 0, -1), PAST, strict=True
    ):
        meeting = Meeting.objects.create(
            group=group,
            starts_at=last - timedelta(weeks=weeks_ago - 1),
            topic=topics.get(slug),
            walk_ins=walk_ins,
            attendance_recorded_at=last - timedelta(weeks=weeks_ago - 1, hours=-2),
        )
        for name in present:
            member = members[name]
            Attendance.objects.create(meeting=meeting, member=member, member_key=member.key)
            FeedbackGiven.objects.create(meeting=meeting, user=member.user)
        for helpful, respected, comment in answers:
            Feedback.objects.create(
                meeting=meeting,
                helpful=helpful,
                respected=respected,
                comment=comment,
                released=True,
            )
        if weeks_ago == 1:
            for name, (drug, mindset, setting) in CHECKINS.items():
                SharedCheckIn.objects.create(
                    meeting=meeting,
                    member=members[name],
                    drug=drug,
                    mindset=mindset,
                    setting=setting,
                )
    Meeting.objects.create(
        group=group,
        starts_at=last + timedelta(weeks=1),
        topic=topics.get("setting-limits"),
        plan="We will make a small plan for the weekend together. Bring a pen if you like.",
    )
