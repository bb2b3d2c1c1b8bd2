"""Groups API: groups, meetings, attendance, shared check-ins, anonymous feedback, the picture.

Every permission decision goes through `waypoint.groups.selectors`; a group or meeting that is
not the caller's answers 404, exactly like one that does not exist. Feedback is returned only
as aggregates and unsigned comments, and only once enough people have answered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from waypoint.accounts.models import Membership, Organization, User
from waypoint.api import auth
from waypoint.core.errors import NotFound
from waypoint.core.input import IsoDateTime
from waypoint.groups import selectors, services
from waypoint.groups.models import Group, GroupMember, Meeting, SharedCheckIn, Topic

router = Router(tags=["groups"])


# Facilitator-only endpoints: participants get 403, staff without the role 404 (the gate).
FACILITATOR_AUTH = auth.staff_auth(Membership.Role.FACILITATOR)


# --- Schemas -------------------------------------------------------------------------------

Mode = Literal["in_person", "online", "both"]


class MemberOut(Schema):
    id: int | None = Field(None, description="member id (for facilitators, to mark attendance)")
    name: str = Field(description="the member's display name, the only thing the group sees")


class GroupIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    mode: Mode = "in_person"
    place: str = Field("", max_length=200)
    schedule: str = Field("", max_length=120)
    drop_in: bool = True
    description: str = Field("", max_length=1000)
    agreements: list[str] = Field(default_factory=list, max_length=30)
    organization_id: int | None = Field(
        None, description="needed only when you facilitate for several organizations"
    )


class GroupPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    mode: Mode | None = None
    place: str | None = Field(None, max_length=200)
    schedule: str | None = Field(None, max_length=120)
    drop_in: bool | None = None
    description: str | None = Field(None, max_length=1000)
    agreements: list[str] | None = Field(None, max_length=30)


class GroupOut(Schema):
    id: int
    name: str
    organization: str
    mode: str
    place: str
    schedule: str
    drop_in: bool
    description: str
    agreements: list[str]
    role: Literal["facilitator", "member"]
    join_code: str | None = Field(None, description="facilitators only")
    members: list[MemberOut]


class GroupBrief(Schema):
    id: int
    name: str
    role: Literal["facilitator", "member"]
    schedule: str


class JoinIn(Schema):
    code: str = Field(min_length=1, max_length=20)


class JoinCodeOut(Schema):
    join_code: str


class TopicBrief(Schema):
    id: int
    title: str


class TopicOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    key_points: list[str]
    questions: list[str]
    builtin: bool


class TopicIn(Schema):
    title: str = Field(min_length=1, max_length=120)
    summary: str = Field(min_length=1, max_length=1000)
    key_points: list[str] = Field(min_length=1, max_length=12)
    questions: list[str] = Field(default_factory=list, max_length=12)
    organization_id: int | None = None


class MeetingIn(Schema):
    starts_at: IsoDateTime
    topic_id: int | None = None
    plan: str = Field("", max_length=1000)


class MeetingOut(Schema):
    id: int
    group_id: int
    starts_at: datetime
    topic: TopicBrief | None
    plan: str
    # Facilitators only:
    members_present: int | None = None
    walk_ins: int | None = None
    attendance_recorded: bool | None = None
    feedback_code: str | None = None
    # Members only, about themselves:
    checkin_shared: bool | None = None
    feedback_given: bool | None = None


class AttendanceIn(Schema):
    present: list[int] = Field(default_factory=list, description="member ids", max_length=1000)
    walk_ins: int = Field(0, ge=0, le=services.MAX_WALK_INS)


class AttendanceOut(Schema):
    present: list[MemberOut]
    former_members_present: int = Field(description="present, and have since left the group")
    walk_ins: int
    total: int


class GroupCheckInIn(Schema):
    drug: str = Field("", max_length=services.CHECKIN_MAX)
    set: str = Field("", max_length=services.CHECKIN_MAX, description="mood, body, intention")
    setting: str = Field("", max_length=services.CHECKIN_MAX)


class GroupCheckInOut(Schema):
    member: str = Field(description="display name of the member who shared it")
    mine: bool
    drug: str
    set: str
    setting: str


class FeedbackIn(Schema):
    helpful: int = Field(ge=1, le=5, description="1 not helpful … 5 very helpful")
    respected: bool
    comment: str = Field("", max_length=services.COMMENT_MAX)


class FeedbackReceived(Schema):
    received: bool


class FeedbackSummaryOut(Schema):
    enough: bool = Field(description=f"false until {selectors.FEEDBACK_MINIMUM} answers")
    count: int | None
    mean_helpful: float | None
    respected_percent: int | None
    comments: list[str] = Field(description="sorted alphabetically, never by arrival")


class PictureMeetingOut(Schema):
    meeting_id: int
    starts_at: datetime
    topic: str
    members: int
    returning_members: int
    walk_ins: int
    total: int
    feedback_answers: int | None
    mean_helpful: float | None
    respected_percent: int | None


class TopicCoveredOut(Schema):
    title: str
    times: int
    last: datetime


class PictureOut(Schema):
    meetings: list[PictureMeetingOut]
    topics: list[TopicCoveredOut]


class Received(Schema):
    detail: str


# --- Helpers -------------------------------------------------------------------------------


def _members(group: Group, *, with_ids: bool) -> list[MemberOut]:
    return [
        MemberOut(id=m.pk if with_ids else None, name=m.user.shown_name)
        for m in selectors.members_of(group)
    ]


def _group_out(access: selectors.GroupAccess) -> GroupOut:
    group = access.group
    return GroupOut(
        id=group.pk,
        name=group.name,
        organization=group.organization.name,
        mode=group.mode,
        place=group.place,
        schedule=group.schedule,
        drop_in=group.drop_in,
        description=group.description,
        agreements=group.agreement_list,
        role=access.role,
        join_code=group.shown_join_code if access.can_see_join_code else None,
        members=_members(group, with_ids=access.can_manage),
    )


def _meeting_out(
    meeting: Meeting,
    *,
    manage: bool,
    shared: set[int] | None = None,
    answered: set[int] | None = None,
) -> MeetingOut:
    out = MeetingOut(
        id=meeting.pk,
        group_id=meeting.group_id,
        starts_at=meeting.starts_at,
        topic=TopicBrief(id=meeting.topic.pk, title=meeting.topic.shown_title)
        if meeting.topic
        else None,
        plan=meeting.plan,
    )
    if manage:
        out.members_present = getattr(meeting, "members_present", None)
        out.walk_ins = meeting.walk_ins
        out.attendance_recorded = meeting.attendance_recorded_at is not None
        out.feedback_code = meeting.shown_feedback_code
    else:
        out.checkin_shared = meeting.pk in (shared or set())
        out.feedback_given = meeting.pk in (answered or set())
    return out


def _topic_out(topic: Topic) -> TopicOut:
    return TopicOut(
        id=topic.pk,
        slug=topic.slug,
        title=topic.shown_title,
        summary=topic.shown_summary,
        key_points=topic.shown_key_points,
        questions=topic.shown_questions,
        builtin=topic.is_builtin,
    )


def _organization_for(user: User, organization_id: int | None) -> Organization:
    organizations = selectors.organizations_facilitated_by(user)
    if organization_id is not None:
        organization = organizations.filter(pk=organization_id).first()
        if organization is None:
            raise NotFound()
        return organization
    if organizations.count() > 1:
        raise ValidationError(
            {"organization_id": _("you facilitate for several organizations; pick one.")}
        )
    organization = organizations.first()
    assert organization is not None
    return organization


def _checkin_out(checkin: SharedCheckIn, member: GroupMember | None) -> GroupCheckInOut:
    return GroupCheckInOut(
        member=checkin.member.user.shown_name,
        mine=member is not None and checkin.member_id == member.pk,
        drug=checkin.drug,
        set=checkin.mindset,
        setting=checkin.setting,
    )


# --- Groups --------------------------------------------------------------------------------


@router.get("/groups", response=list[GroupBrief])
def list_groups(request: HttpRequest) -> list[GroupBrief]:
    """Groups you facilitate, then groups you have joined."""
    user = auth.request_user(request)
    facilitated: QuerySet[Group] = selectors.groups_facilitated_by(user).order_by("name")
    joined: QuerySet[Group] = selectors.groups_joined_by(user).order_by("name")
    return [
        GroupBrief(id=g.pk, name=g.name, role="facilitator", schedule=g.schedule)
        for g in facilitated
    ] + [GroupBrief(id=g.pk, name=g.name, role="member", schedule=g.schedule) for g in joined]


@router.post("/groups", response={201: GroupOut}, auth=FACILITATOR_AUTH)
def create_group(request: HttpRequest, payload: GroupIn) -> Status[GroupOut]:
    """Start a group (facilitators)."""
    user = auth.request_user(request)
    organization = _organization_for(user, payload.organization_id)
    group = services.group_create(
        user=user,
        organization=organization,
        name=payload.name,
        mode=payload.mode,
        place=payload.place,
        schedule=payload.schedule,
        drop_in=payload.drop_in,
        description=payload.description,
        agreements="\n".join(payload.agreements),
    )
    return Status(201, _group_out(selectors.group_access(user, group.pk)))


@router.get("/groups/{int:group_id}", response=GroupOut)
def get_group(request: HttpRequest, group_id: int) -> GroupOut:
    """A group you facilitate or belong to. The join code is shown to facilitators only."""
    return _group_out(selectors.group_access(auth.request_user(request), group_id))


@router.patch("/groups/{int:group_id}", response=GroupOut, auth=FACILITATOR_AUTH)
def update_group(request: HttpRequest, group_id: int, payload: GroupPatch) -> GroupOut:
    """Change a group's details or agreements (facilitators)."""
    user = auth.request_user(request)
    group = selectors.group_managed_by(user, group_id)
    changes: dict[str, Any] = payload.dict(exclude_unset=True, exclude_none=True)
    if "agreements" in changes:
        changes["agreements"] = "\n".join(changes["agreements"])
    services.group_update(user=user, group=group, **changes)
    return _group_out(selectors.group_access(user, group_id))


@router.post("/groups/{int:group_id}/join-code", response=JoinCodeOut, auth=FACILITATOR_AUTH)
def rotate_join_code(request: HttpRequest, group_id: int) -> JoinCodeOut:
    """Make a new join code; the old one stops working (facilitators)."""
    user = auth.request_user(request)
    group = selectors.group_managed_by(user, group_id)
    services.join_code_rotate(user=user, group=group)
    return JoinCodeOut(join_code=group.shown_join_code)


@router.post("/groups/join", response={201: GroupOut}, auth=auth.PARTICIPANT_AUTH)
def join_group(request: HttpRequest, payload: JoinIn) -> Status[GroupOut]:
    """Join a group with the code its facilitator shared (participant accounts)."""
    user = auth.participant(request)
    member = services.group_join(user=user, code=payload.code)
    return Status(201, _group_out(selectors.group_access(user, member.group_id)))


@router.delete(
    "/groups/{int:group_id}/membership", response={204: None}, auth=auth.PARTICIPANT_AUTH
)
def leave_group(request: HttpRequest, group_id: int) -> Status[None]:
    """Leave a group: your shared check-ins are deleted; past attendance stays as a count."""
    user = auth.participant(request)
    access = selectors.group_access(user, group_id)
    if not access.can_leave:
        raise NotFound()
    services.group_leave(user=user, group=access.group)
    return Status(204, None)


# --- Meetings ------------------------------------------------------------------------------


@router.get("/groups/{int:group_id}/meetings", response=list[MeetingOut])
def list_meetings(request: HttpRequest, group_id: int) -> list[MeetingOut]:
    """All meetings of a group, oldest first."""
    user = auth.request_user(request)
    access = selectors.group_access(user, group_id)
    meetings = list(selectors.meetings_of(access.group))
    shared: set[int] = set()
    answered: set[int] = set()
    if access.member is not None:
        shared = set(
            SharedCheckIn.objects.filter(member=access.member).values_list("meeting_id", flat=True)
        )
        answered = selectors.meetings_answered_by(user, access.group)
    return [
        _meeting_out(m, manage=access.can_manage, shared=shared, answered=answered)
        for m in meetings
    ]


@router.post("/groups/{int:group_id}/meetings", response={201: MeetingOut}, auth=FACILITATOR_AUTH)
def create_meeting(request: HttpRequest, group_id: int, payload: MeetingIn) -> Status[MeetingOut]:
    """Schedule a meeting, with a topic from the library (facilitators)."""
    user = auth.request_user(request)
    group = selectors.group_managed_by(user, group_id)
    topic = None
    if payload.topic_id is not None:
        topic = selectors.topics_for_group(group).filter(pk=payload.topic_id).first()
        if topic is None:
            raise ValidationError({"topic_id": _("choose a topic from your library.")})
    meeting = services.meeting_schedule(
        user=user, group=group, starts_at=payload.starts_at, topic=topic, plan=payload.plan
    )
    meeting.members_present = 0  # type: ignore[attr-defined]  # a count the schema reads, set on the instance
    return Status(201, _meeting_out(meeting, manage=True))


@router.get("/groups/meetings/{int:meeting_id}", response=MeetingOut)
def get_meeting(request: HttpRequest, meeting_id: int) -> MeetingOut:
    user = auth.request_user(request)
    access = selectors.meeting_access(user, meeting_id)
    meeting = access.meeting
    if access.can_manage:
        present, former = selectors.attendance_of(meeting)
        meeting.members_present = len(present) + former  # type: ignore[attr-defined]  # a count the schema reads, set on the instance
        return _meeting_out(meeting, manage=True)
    shared = (
        {meeting.pk}
        if SharedCheckIn.objects.filter(meeting=meeting, member=access.member).exists()
        else set()
    )
    answered = {meeting.pk} if selectors.has_given_feedback(user, meeting) else set()
    return _meeting_out(meeting, manage=False, shared=shared, answered=answered)


def _attendance_out(meeting: Meeting) -> AttendanceOut:
    present, former = selectors.attendance_of(meeting)
    members = [m for m in _members(meeting.group, with_ids=True) if m.id in present]
    return AttendanceOut(
        present=members,
        former_members_present=former,
        walk_ins=meeting.walk_ins,
        total=len(present) + former + meeting.walk_ins,
    )


@router.get(
    "/groups/meetings/{int:meeting_id}/attendance", response=AttendanceOut, auth=FACILITATOR_AUTH
)
def get_attendance(request: HttpRequest, meeting_id: int) -> AttendanceOut:
    """Who was marked present, and how many walk-ins (facilitators)."""
    return _attendance_out(selectors.meeting_managed_by(auth.request_user(request), meeting_id))


@router.put(
    "/groups/meetings/{int:meeting_id}/attendance", response=AttendanceOut, auth=FACILITATOR_AUTH
)
def put_attendance(request: HttpRequest, meeting_id: int, payload: AttendanceIn) -> AttendanceOut:
    """Replace the attendance: member ids present, and a count of walk-ins (facilitators)."""
    user = auth.request_user(request)
    meeting = selectors.meeting_managed_by(user, meeting_id)
    services.attendance_record(
        user=user, meeting=meeting, present=payload.present, walk_ins=payload.walk_ins
    )
    return _attendance_out(meeting)


# --- Check-ins -----------------------------------------------------------------------------


@router.get("/groups/meetings/{int:meeting_id}/checkins", response=list[GroupCheckInOut])
def list_checkins(request: HttpRequest, meeting_id: int) -> list[GroupCheckInOut]:
    """Check-ins shared with this meeting: all for the facilitator and members marked present,
    only your own otherwise."""
    access = selectors.meeting_access(auth.request_user(request), meeting_id)
    return [_checkin_out(c, access.member) for c in selectors.checkins_visible_to(access)]


@router.put(
    "/groups/meetings/{int:meeting_id}/checkin",
    response=GroupCheckInOut,
    auth=auth.PARTICIPANT_AUTH,
)
def share_checkin(
    request: HttpRequest, meeting_id: int, payload: GroupCheckInIn
) -> GroupCheckInOut:
    """Share (or change) your drug, set and setting reflection with this meeting (members)."""
    user = auth.participant(request)
    access = selectors.meeting_access(user, meeting_id)
    if access.member is None:
        raise NotFound()
    checkin = services.checkin_share(
        user=user,
        meeting=access.meeting,
        drug=payload.drug,
        mindset=payload.set,
        setting=payload.setting,
    )
    checkin.member = access.member
    return _checkin_out(checkin, access.member)


@router.delete(
    "/groups/meetings/{int:meeting_id}/checkin", response={204: None}, auth=auth.PARTICIPANT_AUTH
)
def delete_checkin(request: HttpRequest, meeting_id: int) -> Status[None]:
    """Take back your check-in for this meeting (members)."""
    user = auth.participant(request)
    access = selectors.meeting_access(user, meeting_id)
    if access.member is None:
        raise NotFound()
    if not services.checkin_delete(user=user, meeting=access.meeting):
        raise NotFound()
    return Status(204, None)


# --- Feedback ------------------------------------------------------------------------------


@router.post(
    "/groups/meetings/{int:meeting_id}/feedback",
    response={201: FeedbackReceived},
    auth=auth.PARTICIPANT_AUTH,
)
def give_feedback(
    request: HttpRequest, meeting_id: int, payload: FeedbackIn
) -> Status[FeedbackReceived]:
    """Anonymous feedback from a member, once per meeting. Nothing is returned about it."""
    user = auth.participant(request)
    access = selectors.meeting_access(user, meeting_id)
    if access.member is None:
        raise NotFound()
    services.feedback_submit(
        meeting=access.meeting,
        user=user,
        helpful=payload.helpful,
        respected=payload.respected,
        comment=payload.comment,
    )
    return Status(201, FeedbackReceived(received=True))


@router.post("/groups/feedback/{code}", auth=None, response={201: FeedbackReceived})
def give_feedback_with_code(
    request: HttpRequest, code: str, payload: FeedbackIn
) -> Status[FeedbackReceived]:
    """Anonymous feedback with the meeting's code, no account needed (walk-ins)."""
    meeting = selectors.meeting_for_feedback_code(code)
    if meeting is None:
        raise NotFound()
    # A member who says who they are answers as a member (once); the code is for walk-ins.
    caller = auth.optional_user(request)
    member = caller if caller and selectors.membership_of(caller, meeting.group_id) else None
    services.feedback_submit(
        meeting=meeting,
        user=member,
        helpful=payload.helpful,
        respected=payload.respected,
        comment=payload.comment,
    )
    return Status(201, FeedbackReceived(received=True))


@router.get(
    "/groups/meetings/{int:meeting_id}/feedback", response=FeedbackSummaryOut, auth=FACILITATOR_AUTH
)
def feedback_results(request: HttpRequest, meeting_id: int) -> FeedbackSummaryOut:
    """Aggregates and comments, without names, once enough people answered (facilitators)."""
    access = selectors.meeting_access(auth.request_user(request), meeting_id)
    if not access.can_see_feedback:
        raise NotFound()
    summary = selectors.feedback_summary(access.meeting)
    return FeedbackSummaryOut(
        enough=summary.enough,
        count=summary.count,
        mean_helpful=summary.mean_helpful,
        respected_percent=summary.respected_percent,
        comments=summary.comments,
    )


@router.get("/groups/{int:group_id}/picture", response=PictureOut, auth=FACILITATOR_AUTH)
def group_picture(request: HttpRequest, group_id: int) -> PictureOut:
    """Attendance, returning members, feedback aggregates and topics per meeting (facilitators)."""
    group = selectors.group_managed_by(auth.request_user(request), group_id)
    picture = selectors.group_picture(group)
    return PictureOut(
        meetings=[
            PictureMeetingOut(
                meeting_id=row.meeting_id,
                starts_at=row.starts_at,
                topic=row.topic,
                members=row.members,
                returning_members=row.returning,
                walk_ins=row.walk_ins,
                total=row.total,
                feedback_answers=row.feedback.count,
                mean_helpful=row.feedback.mean_helpful,
                respected_percent=row.feedback.respected_percent,
            )
            for row in picture.rows
        ],
        topics=[TopicCoveredOut(title=t.title, times=t.times, last=t.last) for t in picture.topics],
    )


# --- Topics --------------------------------------------------------------------------------


@router.get("/groups/topics", response=list[TopicOut], auth=FACILITATOR_AUTH)
def list_topics(request: HttpRequest) -> list[TopicOut]:
    """The built-in library and your organization's own topics (facilitators)."""
    user = auth.request_user(request)
    if not selectors.is_facilitator(user):
        raise NotFound()
    return [_topic_out(t) for t in selectors.topics_visible_to(user)]


@router.post("/groups/topics", response={201: TopicOut}, auth=FACILITATOR_AUTH)
def create_topic(request: HttpRequest, payload: TopicIn) -> Status[TopicOut]:
    """Add an outline to your organization's library (facilitators)."""
    user = auth.request_user(request)
    organization = _organization_for(user, payload.organization_id)
    topic = services.topic_create(
        user=user,
        organization=organization,
        title=payload.title,
        summary=payload.summary,
        key_points=payload.key_points,
        questions=payload.questions,
    )
    return Status(201, _topic_out(topic))


@router.get("/groups/topics/{int:topic_id}", response=TopicOut, auth=FACILITATOR_AUTH)
def get_topic(request: HttpRequest, topic_id: int) -> TopicOut:
    user = auth.request_user(request)
    if not selectors.is_facilitator(user):
        raise NotFound()
    return _topic_out(selectors.topic_visible_to(user, topic_id))
