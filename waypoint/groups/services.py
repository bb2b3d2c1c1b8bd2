"""Group actions. Each checks the caller's role through `selectors` and raises NotFound when the
group or meeting is not theirs, ValidationError (with a message for people) for bad input.

Nothing here ever asks about substance use: attendance has no eligibility rule.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from waypoint.accounts.gate import require_participant
from waypoint.accounts.models import Organization, User
from waypoint.core.errors import Conflict, NotFound
from waypoint.groups import selectors
from waypoint.groups.models import (
    Attendance,
    Feedback,
    FeedbackGiven,
    Group,
    GroupMember,
    Meeting,
    SharedCheckIn,
    Topic,
    new_code,
    normalize_code,
)
from waypoint.groups.topics import OUTLINES

MAX_WALK_INS = 500
CHECKIN_MAX = 280
COMMENT_MAX = 1000
TOPIC_LINES_MAX = 12


def _require_facilitator(user: User, organization_id: int) -> None:
    if not selectors.facilitates(user, organization_id):
        raise NotFound()


def _clean_text(value: str, *, limit: int, field: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This cannot be empty.")})
    if len(text) > limit:
        raise ValidationError(
            {field: _("Keep this to %(limit)d characters or fewer.") % {"limit": limit}}
        )
    return text


# --- Groups --------------------------------------------------------------------------------


def group_create(
    *,
    user: User,
    organization: Organization,
    name: str,
    mode: str = Group.Mode.IN_PERSON,
    place: str = "",
    schedule: str = "",
    drop_in: bool = True,
    description: str = "",
    agreements: str = "",
) -> Group:
    """A facilitator starts a group for their organization."""
    _require_facilitator(user, organization.pk)
    group = Group(
        organization=organization,
        name=_clean_text(name, limit=100, field="name", required=True),
        mode=mode,
        place=_clean_text(place, limit=200, field="place"),
        schedule=_clean_text(schedule, limit=120, field="schedule"),
        drop_in=drop_in,
        description=_clean_text(description, limit=1000, field="description"),
        agreements=_clean_text(agreements, limit=3000, field="agreements"),
        created_by=user,
    )
    group.full_clean(exclude=["join_code", "created_by", "organization"])
    group.save()
    return group


_GROUP_FIELDS = {
    "name": 100,
    "place": 200,
    "schedule": 120,
    "description": 1000,
    "agreements": 3000,
}


def group_update(*, user: User, group: Group, **changes: object) -> Group:
    """Change a group's details or agreements; only the fields given change."""
    _require_facilitator(user, group.organization_id)
    for name, value in changes.items():
        if name in _GROUP_FIELDS:
            value = _clean_text(
                str(value), limit=_GROUP_FIELDS[name], field=name, required=name == "name"
            )
        elif name not in {"mode", "drop_in"}:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(group, name, value)
    group.full_clean(exclude=["join_code", "created_by", "organization"])
    group.save()
    return group


def join_code_rotate(*, user: User, group: Group) -> str:
    """A new join code; the old one stops working at once (members stay members)."""
    _require_facilitator(user, group.organization_id)
    for _attempt in range(5):
        code = new_code()
        if not Group.objects.filter(join_code=code).exists():
            group.join_code = code
            group.save(update_fields=["join_code"])
            return code
    raise RuntimeError("could not find an unused join code")  # about 1 in 10^50


def group_join(*, user: User, code: str) -> GroupMember:
    """A participant joins with the group's code; joining twice keeps the one membership."""
    require_participant(user)  # staff keep work and personal accounts apart
    group = Group.objects.filter(join_code=normalize_code(code)).first() if code else None
    if group is None:
        raise ValidationError(
            {"code": _("That code does not match a group. Check it with the facilitator.")}
        )
    member, _created = GroupMember.objects.get_or_create(group=group, user=user)
    return member


@transaction.atomic
def group_leave(*, user: User, group: Group) -> None:
    """Leave a group: shared check-ins go; past attendance stays as a count with no name."""
    member = selectors.membership_of(user, group.pk)
    if member is None:
        raise NotFound()
    member.delete()  # check-ins cascade; attendance keeps only the random member key


# --- Meetings ------------------------------------------------------------------------------


def _check_topic(group: Group, topic: Topic | None) -> Topic | None:
    if topic is not None and not selectors.topics_for_group(group).filter(pk=topic.pk).exists():
        raise ValidationError({"topic": _("Choose a topic from your library.")})
    return topic


def meeting_schedule(
    *, user: User, group: Group, starts_at: datetime, topic: Topic | None = None, plan: str = ""
) -> Meeting:
    """Schedule a meeting with an optional topic from the library."""
    _require_facilitator(user, group.organization_id)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    return Meeting.objects.create(
        group=group,
        starts_at=starts_at,
        topic=_check_topic(group, topic),
        plan=_clean_text(plan, limit=1000, field="plan"),
    )


def meeting_update(
    *, user: User, meeting: Meeting, starts_at: datetime, topic: Topic | None, plan: str = ""
) -> Meeting:
    _require_facilitator(user, meeting.group.organization_id)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    meeting.starts_at = starts_at
    meeting.topic = _check_topic(meeting.group, topic)
    meeting.plan = _clean_text(plan, limit=1000, field="plan")
    meeting.save(update_fields=["starts_at", "topic", "plan"])
    return meeting


@transaction.atomic
def attendance_record(
    *, user: User, meeting: Meeting, present: Iterable[int], walk_ins: int
) -> Meeting:
    """Mark which members came (by member id) and how many came without a name, in one go.

    There is no eligibility rule: nothing about use affects who may be counted.
    """
    _require_facilitator(user, meeting.group.organization_id)
    if not meeting.attendance_open():
        raise ValidationError({"present": _("Attendance opens an hour before the meeting starts.")})
    if isinstance(walk_ins, bool) or not isinstance(walk_ins, int):
        raise ValidationError({"walk_ins": _("Enter a whole number of walk-ins.")})
    if not 0 <= walk_ins <= MAX_WALK_INS:
        raise ValidationError(
            {"walk_ins": _("Walk-ins can be 0 to %(max)d.") % {"max": MAX_WALK_INS}}
        )
    wanted = set(present)
    members = {m.pk: m for m in GroupMember.objects.filter(group=meeting.group, pk__in=wanted)}
    if wanted - members.keys():
        raise ValidationError({"present": _("Only members of this group can be marked present.")})
    current = Attendance.objects.filter(meeting=meeting, member__isnull=False)
    current.exclude(member_id__in=wanted).delete()
    already = set(current.values_list("member_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, member_key=member.key)
        for pk, member in members.items()
        if pk not in already
    )
    meeting.walk_ins = walk_ins
    meeting.attendance_recorded_at = timezone.now()
    meeting.save(update_fields=["walk_ins", "attendance_recorded_at"])
    return meeting


# --- Check-ins -----------------------------------------------------------------------------


def checkin_share(
    *, user: User, meeting: Meeting, drug: str = "", mindset: str = "", setting: str = ""
) -> SharedCheckIn:
    """A member shares a short drug, set and setting reflection with this one meeting."""
    member = selectors.membership_of(user, meeting.group_id)
    if member is None:
        raise NotFound()
    if not meeting.checkin_open():
        raise ValidationError(
            _("Check-ins can be shared from the day before a meeting until two days after.")
        )
    texts = {
        "drug": _clean_text(drug, limit=CHECKIN_MAX, field="drug"),
        "mindset": _clean_text(mindset, limit=CHECKIN_MAX, field="mindset"),
        "setting": _clean_text(setting, limit=CHECKIN_MAX, field="setting"),
    }
    if not any(texts.values()):
        raise ValidationError(_("Write something in at least one of drug, set or setting."))
    checkin, _created = SharedCheckIn.objects.update_or_create(
        meeting=meeting, member=member, defaults=texts
    )
    return checkin


def checkin_delete(*, user: User, meeting: Meeting) -> bool:
    """Take back a shared check-in; True when there was one."""
    member = selectors.membership_of(user, meeting.group_id)
    if member is None:
        raise NotFound()
    deleted, _kinds = SharedCheckIn.objects.filter(meeting=meeting, member=member).delete()
    return deleted > 0


# --- Feedback ------------------------------------------------------------------------------


class AlreadyAnswered(Conflict):
    """This member (or this browser) has already given feedback for the meeting."""


def _check_answers(helpful: int, respected: bool, comment: str) -> tuple[int, bool, str]:
    if isinstance(helpful, bool) or not isinstance(helpful, int) or not 1 <= helpful <= 5:
        raise ValidationError({"helpful": _("Choose how helpful it was, from 1 to 5.")})
    if not isinstance(respected, bool):
        raise ValidationError({"respected": _("Choose yes or no.")})
    return helpful, respected, _clean_text(comment, limit=COMMENT_MAX, field="comment")


@transaction.atomic
def feedback_submit(
    *,
    meeting: Meeting,
    helpful: int,
    respected: bool,
    comment: str = "",
    user: User | None = None,
) -> None:
    """Store one anonymous answer. With a member, also note (separately) that they answered.

    The answer row gets no person, no time and a random id; the "given" row gets no answer.
    Without a member (a walk-in with the meeting's code), answers are capped at the number of
    people counted at the meeting, so a code passed around cannot flood the results.
    """
    helpful, respected, comment = _check_answers(helpful, respected, comment)
    if not meeting.feedback_open():
        raise ValidationError(_("Feedback for this meeting is closed."))
    # Lock the meeting row so two answers arriving together cannot both pass the cap.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if user is not None:
        if selectors.membership_of(user, meeting.group_id) is None:
            raise NotFound()
        try:
            with transaction.atomic():
                FeedbackGiven.objects.create(meeting=meeting, user=user)
        except IntegrityError as error:
            raise AlreadyAnswered(_("You have already given feedback for this meeting.")) from error
    else:
        if meeting.attendance_recorded_at is None:
            raise ValidationError(
                _("Answers open once the facilitator has counted who came. Try again soon.")
            )
        # Members answer in the app, once each; the code is for the walk-ins counted, so a
        # member cannot use it to answer twice and push out a walk-in's answer.
        if meeting.code_answers >= meeting.walk_ins:
            raise ValidationError(
                _("This meeting already has as many answers as people who came. Thank you.")
            )
        Meeting.objects.filter(pk=meeting.pk).update(code_answers=F("code_answers") + 1)
    Feedback.objects.create(meeting=meeting, helpful=helpful, respected=respected, comment=comment)
    _release_in_batches(meeting)


def _release_in_batches(meeting: Meeting) -> None:
    """Show waiting answers only once FEEDBACK_BATCH of them have gathered, in a new random order.

    Results then change only by whole batches, so reading them before and after one person
    answers shows nothing of that answer (the differencing attack). The batch is written again
    with fresh random ids in shuffled order, in one transaction: the physical order of rows
    (SQLite rowid, PostgreSQL ctid and xmin) no longer matches the order people answered in.
    Up to FEEDBACK_BATCH - 1 late answers may never show; that is the price of anonymity.
    """
    waiting = list(Feedback.objects.select_for_update().filter(meeting=meeting, released=False))
    if len(waiting) < selectors.FEEDBACK_BATCH:
        return
    Feedback.objects.filter(pk__in=[answer.pk for answer in waiting]).delete()
    secrets.SystemRandom().shuffle(waiting)
    Feedback.objects.bulk_create(
        Feedback(
            meeting=meeting,
            helpful=answer.helpful,
            respected=answer.respected,
            comment=answer.comment,
            released=True,
        )
        for answer in waiting
    )


# --- Topics --------------------------------------------------------------------------------


def _lines(values: Iterable[str], *, field: str, low: int, high: int) -> list[str]:
    lines = [value.strip() for value in values if value and value.strip()]
    if not low <= len(lines) <= high:
        raise ValidationError(
            {field: _("Write %(low)d to %(high)d lines.") % {"low": low, "high": high}}
        )
    for line in lines:
        _clean_text(line, limit=400, field=field)
    return lines


def _topic_fields(
    title: str, summary: str, key_points: Iterable[str], questions: Iterable[str]
) -> dict[str, object]:
    return {
        "title": _clean_text(title, limit=120, field="title", required=True),
        "summary": _clean_text(summary, limit=1000, field="summary", required=True),
        "key_points": _lines(key_points, field="key_points", low=1, high=TOPIC_LINES_MAX),
        "questions": _lines(questions, field="questions", low=0, high=TOPIC_LINES_MAX),
    }


def topic_create(
    *,
    user: User,
    organization: Organization,
    title: str,
    summary: str,
    key_points: Iterable[str],
    questions: Iterable[str] = (),
) -> Topic:
    """A facilitator adds an outline to their organization's library."""
    _require_facilitator(user, organization.pk)
    fields = _topic_fields(title, summary, key_points, questions)
    base = slugify(str(fields["title"]))[:50] or "topic"
    slug, n = base, 1
    while Topic.objects.filter(organization=organization, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Topic.objects.create(organization=organization, slug=slug, created_by=user, **fields)


def topic_update(
    *,
    user: User,
    topic: Topic,
    title: str,
    summary: str,
    key_points: Iterable[str],
    questions: Iterable[str] = (),
) -> Topic:
    """Edit an organization's own outline (built-in outlines stay as written)."""
    if topic.organization_id is None:
        raise NotFound()
    _require_facilitator(user, topic.organization_id)
    for name, value in _topic_fields(title, summary, key_points, questions).items():
        setattr(topic, name, value)
    topic.save()
    return topic


def ensure_topics(**kwargs: Any) -> None:
    """Create or update the built-in outlines of `groups.topics` (run after every migrate)."""
    for outline in OUTLINES:
        Topic.objects.update_or_create(
            slug=outline.slug,
            organization=None,
            defaults={
                "title": outline.title,
                "summary": outline.summary,
                "key_points": list(outline.key_points),
                "questions": list(outline.questions),
            },
        )
