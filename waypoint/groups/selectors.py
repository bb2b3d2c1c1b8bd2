"""Who may see and do what in groups (every permission decision is here), and cross-model reads.

Roles: a *facilitator* is a staff account with the facilitator role in the group's organization;
a *member* is a participant who joined the group with its code. Everyone else, including
facilitators of other organizations, gets NotFound (404), exactly as for an id that does not exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone

from waypoint.accounts.gate import organizations_where
from waypoint.accounts.models import Membership, Organization, User
from waypoint.core.errors import NotFound
from waypoint.groups.models import (
    OPENS_BEFORE,
    Attendance,
    Feedback,
    FeedbackGiven,
    Group,
    GroupMember,
    Meeting,
    SharedCheckIn,
    Topic,
    normalize_code,
)

# Feedback aggregates and comments stay hidden until this many people have answered, so that
# no answer can be pinned on the one or two people who were there.
FEEDBACK_MINIMUM = 3
# Answers are released in batches of at least this many (groups.services._release_in_batches).
FEEDBACK_BATCH = 3
PICTURE_MEETINGS = 52

Role = Literal["facilitator", "member"]


def by_shown_name(prefix: str = "user__") -> Lower:
    """Order people as they are shown: display name, or username when there is none."""
    return Lower(Coalesce(NullIf(F(f"{prefix}display_name"), Value("")), F(f"{prefix}username")))


def _signed_in(user: User | object) -> User | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


# --- Roles ---------------------------------------------------------------------------------


def organizations_facilitated_by(user: User | object) -> QuerySet[Organization]:
    """Organizations where the person holds the facilitator role (staff accounts only)."""
    return organizations_where(user, [Membership.Role.FACILITATOR])


def is_facilitator(user: User | object) -> bool:
    return organizations_facilitated_by(user).exists()


def facilitates(user: User | object, organization_id: int) -> bool:
    return organizations_facilitated_by(user).filter(pk=organization_id).exists()


def groups_facilitated_by(user: User | object) -> QuerySet[Group]:
    return Group.objects.filter(organization__in=organizations_facilitated_by(user))


def groups_joined_by(user: User | object) -> QuerySet[Group]:
    person = _signed_in(user)
    if person is None:
        return Group.objects.none()
    return Group.objects.filter(members__user=person)


def membership_of(user: User | object, group_id: int) -> GroupMember | None:
    person = _signed_in(user)
    if person is None:
        return None
    return GroupMember.objects.filter(group_id=group_id, user=person).first()


@dataclass(frozen=True)
class GroupAccess:
    """A person's standing in one group, and what that lets them see and do."""

    group: Group
    role: Role
    member: GroupMember | None = None

    @property
    def can_manage(self) -> bool:
        """Edit the group, schedule meetings, record attendance, see feedback and the picture."""
        return self.role == "facilitator"

    @property
    def can_see_join_code(self) -> bool:
        return self.role == "facilitator"

    @property
    def can_leave(self) -> bool:
        return self.role == "member"


def group_access(user: User | object, group_id: int) -> GroupAccess:
    """The caller's access to a group, or NotFound when they are neither facilitator nor member."""
    group = Group.objects.select_related("organization").filter(pk=group_id).first()
    if group is None:
        raise NotFound()
    if facilitates(user, group.organization_id):
        return GroupAccess(group=group, role="facilitator")
    member = membership_of(user, group.pk)
    if member is not None:
        return GroupAccess(group=group, role="member", member=member)
    raise NotFound()


def group_visible_to(user: User | object, group_id: int) -> Group:
    return group_access(user, group_id).group


def group_managed_by(user: User | object, group_id: int) -> Group:
    """The group, if the caller facilitates it; NotFound for members and everyone else."""
    access = group_access(user, group_id)
    if not access.can_manage:
        raise NotFound()
    return access.group


@dataclass(frozen=True)
class MeetingAccess:
    """A person's standing at one meeting."""

    meeting: Meeting
    role: Role
    member: GroupMember | None = None
    present: bool = False

    @property
    def can_manage(self) -> bool:
        return self.role == "facilitator"

    @property
    def can_see_feedback(self) -> bool:
        """Only facilitators see feedback, and only as aggregates and unsigned comments."""
        return self.role == "facilitator"

    @property
    def can_see_checkins(self) -> bool:
        """Everyone's check-ins: facilitators, and members marked present at this meeting."""
        return self.role == "facilitator" or self.present

    @property
    def can_share_checkin(self) -> bool:
        return self.role == "member" and self.meeting.checkin_open()

    @property
    def can_give_feedback(self) -> bool:
        return self.role == "member" and self.meeting.feedback_open()


def meeting_access(user: User | object, meeting_id: int) -> MeetingAccess:
    meeting = (
        Meeting.objects.select_related("group", "group__organization", "topic")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound()
    if facilitates(user, meeting.group.organization_id):
        return MeetingAccess(meeting=meeting, role="facilitator")
    member = membership_of(user, meeting.group_id)
    if member is None:
        raise NotFound()
    present = Attendance.objects.filter(meeting=meeting, member=member).exists()
    return MeetingAccess(meeting=meeting, role="member", member=member, present=present)


def meeting_managed_by(user: User | object, meeting_id: int) -> Meeting:
    access = meeting_access(user, meeting_id)
    if not access.can_manage:
        raise NotFound()
    return access.meeting


def meeting_for_feedback_code(raw_code: str) -> Meeting | None:
    """The meeting a walk-in's feedback code belongs to; the code is the only credential."""
    code = normalize_code(raw_code)
    if not code:
        return None
    return Meeting.objects.select_related("group", "topic").filter(feedback_code=code).first()


def topics_visible_to(user: User | object) -> QuerySet[Topic]:
    """Built-in outlines for everyone signed in; an organization's own for its facilitators."""
    if _signed_in(user) is None:
        return Topic.objects.none()
    return Topic.objects.filter(
        Q(organization__isnull=True) | Q(organization__in=organizations_facilitated_by(user))
    )


def topic_visible_to(user: User | object, topic_id: int) -> Topic:
    topic = topics_visible_to(user).filter(pk=topic_id).first()
    if topic is None:
        raise NotFound()
    return topic


def topic_managed_by(user: User | object, topic_id: int) -> Topic:
    """An organization's own topic, for its facilitators; built-in outlines are not editable."""
    topic = topics_visible_to(user).filter(pk=topic_id, organization__isnull=False).first()
    if topic is None:
        raise NotFound()
    return topic


def topics_for_group(group: Group) -> QuerySet[Topic]:
    """The topics a meeting of this group may use: built-in and the organization's own."""
    return Topic.objects.filter(
        Q(organization__isnull=True) | Q(organization_id=group.organization_id)
    )


def checkins_visible_to(access: MeetingAccess) -> list[SharedCheckIn]:
    """Check-ins shared with this meeting: all of them for the facilitator and for members
    marked present; only their own for a member who was not marked present."""
    checkins = SharedCheckIn.objects.filter(meeting=access.meeting)
    if not access.can_see_checkins:
        if access.member is None:
            return []
        checkins = checkins.filter(member=access.member)
    return list(checkins.select_related("member__user").order_by(by_shown_name("member__user__")))


def handout_visible_to(user: User | object, meeting_id: int) -> Meeting:
    """A meeting's handout: for its facilitators and the group's members."""
    return meeting_access(user, meeting_id).meeting


# --- Reads ---------------------------------------------------------------------------------


def members_of(group: Group) -> list[GroupMember]:
    """Current members with their shown names (the only thing the group sees of them)."""
    return list(
        GroupMember.objects.filter(group=group).select_related("user").order_by(by_shown_name())
    )


@dataclass(frozen=True)
class FeedbackSummary:
    """Aggregates of a meeting's feedback: empty until FEEDBACK_MINIMUM people answered."""

    enough: bool
    count: int | None = None
    mean_helpful: float | None = None
    respected_percent: int | None = None
    comments: list[str] = field(default_factory=list)


def _summary(
    count: int, helpful_sum: float, respected: int, comments: list[str]
) -> FeedbackSummary:
    if count < FEEDBACK_MINIMUM:
        return FeedbackSummary(enough=False)
    return FeedbackSummary(
        enough=True,
        count=count,
        mean_helpful=round(helpful_sum / count, 1),
        respected_percent=round(100 * respected / count),
        # Sorted by text: the order says nothing about who answered or when.
        comments=sorted(comments, key=str.casefold),
    )


def feedback_summary(meeting: Meeting) -> FeedbackSummary:
    rows = list(
        Feedback.objects.filter(meeting=meeting, released=True)
        .values_list("helpful", "respected", "comment")
        .order_by()
    )
    return _summary(
        len(rows),
        sum(helpful for helpful, _r, _c in rows),
        sum(1 for _h, respected, _c in rows if respected),
        [comment.strip() for _h, _r, comment in rows if comment and comment.strip()],
    )


def feedback_stats(meeting_ids: list[int]) -> dict[int, FeedbackSummary]:
    """Aggregates (no comments) for many meetings in one query."""
    stats = (
        Feedback.objects.filter(meeting_id__in=meeting_ids, released=True)
        .values("meeting_id")
        .annotate(n=Count("pk"), mean=Avg("helpful"), yes=Count("pk", filter=Q(respected=True)))
        .order_by()
    )
    found = {
        row["meeting_id"]: _summary(row["n"], row["mean"] * row["n"], row["yes"], [])
        for row in stats
    }
    return {mid: found.get(mid, FeedbackSummary(enough=False)) for mid in meeting_ids}


def has_given_feedback(user: User | object, meeting: Meeting) -> bool:
    person = _signed_in(user)
    return (
        person is not None and FeedbackGiven.objects.filter(meeting=meeting, user=person).exists()
    )


def meetings_answered_by(user: User | object, group: Group) -> set[int]:
    """Ids of this group's meetings the person has given feedback for (never what they said)."""
    person = _signed_in(user)
    if person is None:
        return set()
    return set(
        FeedbackGiven.objects.filter(user=person, meeting__group=group).values_list(
            "meeting_id", flat=True
        )
    )


def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    # A correlated count, worked out only for the meetings returned: a join with GROUP BY would
    # count every attendance of every meeting before the LIMIT picks the few shown.
    present = (
        Attendance.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return meetings.select_related("topic").annotate(
        members_present=Coalesce(Subquery(present), Value(0))
    )


@dataclass
class GroupOverview:
    upcoming: list[Meeting]
    recent: list[Meeting]
    members: list[GroupMember]
    feedback: dict[int, FeedbackSummary]
    # For a member: the meetings they shared a check-in with, and answered about.
    shared: set[int]
    answered: set[int]


def group_overview(
    access: GroupAccess, now: datetime | None = None, recent: int = 8
) -> GroupOverview:
    """What the group page shows, in a fixed number of queries whatever the history."""
    now = now or timezone.now()
    group = access.group
    meetings = Meeting.objects.filter(group=group)
    boundary = now - timedelta(hours=3)
    upcoming = list(_with_counts(meetings.filter(starts_at__gt=boundary)).order_by("starts_at")[:6])
    past = list(
        _with_counts(meetings.filter(starts_at__lte=boundary)).order_by("-starts_at")[:recent]
    )
    ids = [m.pk for m in upcoming + past]
    feedback = feedback_stats(ids) if access.can_manage else {}
    shared: set[int] = set()
    answered: set[int] = set()
    if access.member is not None:
        shared = set(
            SharedCheckIn.objects.filter(member=access.member, meeting_id__in=ids).values_list(
                "meeting_id", flat=True
            )
        )
        answered = set(
            FeedbackGiven.objects.filter(
                user_id=access.member.user_id, meeting_id__in=ids
            ).values_list("meeting_id", flat=True)
        )
    # Attach per-meeting facts for the template, which cannot look values up by key.
    for meeting in upcoming + past:
        meeting.summary = feedback.get(meeting.pk)  # type: ignore[attr-defined]  # display values for the list, set on the instance
        meeting.i_shared = meeting.pk in shared  # type: ignore[attr-defined]  # display values for the list, set on the instance
        meeting.i_answered = meeting.pk in answered  # type: ignore[attr-defined]  # display values for the list, set on the instance
        meeting.is_now = meeting.starts_at <= now  # type: ignore[attr-defined]  # display values for the list, set on the instance
    return GroupOverview(
        upcoming=upcoming,
        recent=past,
        members=members_of(group),
        feedback=feedback,
        shared=shared,
        answered=answered,
    )


def meetings_of(group: Group) -> QuerySet[Meeting]:
    return _with_counts(Meeting.objects.filter(group=group)).order_by("starts_at")


def attendance_of(meeting: Meeting) -> tuple[set[int], int]:
    """Ids of current members marked present, and how many present have since left."""
    rows = list(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    present = {member_id for member_id in rows if member_id is not None}
    return present, len(rows) - len(present)


@dataclass(frozen=True)
class PictureRow:
    """One meeting in the group's picture over time: counts only, never a person."""

    meeting_id: int
    starts_at: datetime
    topic: str
    members: int
    walk_ins: int
    returning: int
    feedback: FeedbackSummary

    @property
    def total(self) -> int:
        return self.members + self.walk_ins

    @property
    def new_members(self) -> int:
        return self.members - self.returning


@dataclass(frozen=True)
class TopicCovered:
    title: str
    times: int
    last: datetime


@dataclass(frozen=True)
class GroupPicture:
    rows: list[PictureRow]
    topics: list[TopicCovered]

    @property
    def people(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def busiest(self) -> PictureRow | None:
        return max(self.rows, key=lambda row: row.total, default=None)

    @property
    def rated(self) -> list[PictureRow]:
        return [row for row in self.rows if row.feedback.enough]


def group_picture(group: Group, now: datetime | None = None) -> GroupPicture:
    """Attendance, returning members, feedback and topics for the group's recent meetings."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(group=group, starts_at__lte=now + OPENS_BEFORE)
        .select_related("topic")
        .order_by("-starts_at")[:PICTURE_MEETINGS]
    )
    meetings.reverse()
    ids = [m.pk for m in meetings]
    keys: dict[int, set[str]] = defaultdict(set)
    seen_before: set[str] = set()
    # Returning means present at an earlier meeting of this group, including older meetings
    # than the ones charted; keys are random per membership, so nobody is named here. Only the
    # charted meetings' attendance is read, each with whether that key came before them (one
    # indexed look-up that stops at the first row), so the cost is bounded by what is shown.
    first = meetings[0].starts_at if meetings else now
    earlier = Attendance.objects.filter(
        member_key=OuterRef("member_key"), meeting__group=group, meeting__starts_at__lt=first
    )
    for meeting_id, key, before in (
        Attendance.objects.filter(meeting_id__in=ids)
        .annotate(before=Exists(earlier))
        .values_list("meeting_id", "member_key", "before")
        .order_by()
    ):
        keys[meeting_id].add(key)
        if before:
            seen_before.add(key)
    stats = feedback_stats(ids)
    rows = []
    for meeting in meetings:
        present = keys.get(meeting.pk, set())
        returning = sum(1 for key in present if key in seen_before)
        seen_before |= present
        rows.append(
            PictureRow(
                meeting_id=meeting.pk,
                starts_at=meeting.starts_at,
                topic=meeting.topic.shown_title if meeting.topic else "",
                members=len(present),
                walk_ins=meeting.walk_ins,
                returning=returning,
                feedback=stats[meeting.pk],
            )
        )
    covered: dict[str, list[datetime]] = defaultdict(list)
    for row in rows:
        if row.topic:
            covered[row.topic].append(row.starts_at)
    topics = sorted(
        (TopicCovered(title=t, times=len(days), last=max(days)) for t, days in covered.items()),
        key=lambda topic: topic.last,
        reverse=True,
    )
    return GroupPicture(rows=rows, topics=topics)


def own_export(user: User) -> dict[str, Any]:
    """A member's groups and shared check-ins for their own export (two queries).

    Feedback is anonymous by construction, so it is in nobody's export.
    """
    memberships = (
        GroupMember.objects.filter(user=user).select_related("group").order_by("joined_at")
    )
    shared = (
        SharedCheckIn.objects.filter(member__user=user)
        .select_related("meeting__group")
        .order_by("meeting__starts_at")
    )
    return {
        "memberships": [
            {"group": m.group.name, "joined_at": m.joined_at.isoformat()} for m in memberships
        ],
        "shared_checkins": [
            {
                "group": c.meeting.group.name,
                "meeting": c.meeting.starts_at.isoformat(),
                "drug": c.drug,
                "set": c.mindset,
                "setting": c.setting,
            }
            for c in shared
        ],
    }
