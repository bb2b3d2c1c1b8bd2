from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tests.factories import log
from tests.groups.conftest import member, started
from waypoint.accounts.models import Organization, User
from waypoint.core.errors import NotFound, WrongAccount
from waypoint.groups import selectors, services
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
from waypoint.groups.topics import OUTLINES, SOURCES

pytestmark = pytest.mark.django_db


# --- Groups and membership -----------------------------------------------------------------


def test_facilitator_starts_a_group_with_agreements(frank: User, harbor: Organization) -> None:
    group = services.group_create(
        user=frank, organization=harbor, name="  Evening group ", agreements="Be kind\n\nListen\n"
    )
    assert group.name == "Evening group"
    assert group.agreement_list == ["Be kind", "Listen"]
    assert group.drop_in is True
    assert len(group.join_code) == 8


@pytest.mark.parametrize("who", ["carol", "olga", "alice"])
def test_only_the_organizations_facilitators_can_start_its_groups(
    request: pytest.FixtureRequest, who: str, harbor: Organization
) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(NotFound):
        services.group_create(user=user, organization=harbor, name="Not theirs")


def test_group_name_cannot_be_blank(frank: User, harbor: Organization) -> None:
    with pytest.raises(ValidationError):
        services.group_create(user=frank, organization=harbor, name="   ")


def test_participant_joins_with_the_code_in_any_case_and_with_dashes(
    alice: User, group: Group
) -> None:
    joined = services.group_join(user=alice, code=f" {group.shown_join_code.upper()} ")
    again = services.group_join(user=alice, code=group.join_code)
    assert joined == again
    assert GroupMember.objects.filter(group=group).count() == 1


def test_a_wrong_code_says_so(alice: User, group: Group) -> None:
    with pytest.raises(ValidationError, match="does not match"):
        services.group_join(user=alice, code="nope-nope")


def test_staff_accounts_do_not_join_groups(carol: User, group: Group) -> None:
    with pytest.raises(WrongAccount, match="participant accounts"):
        services.group_join(user=carol, code=group.join_code)


def test_a_new_join_code_stops_the_old_one_and_keeps_members(
    frank: User, group: Group, alice_member: GroupMember, bob: User
) -> None:
    old = group.join_code
    services.join_code_rotate(user=frank, group=group)
    assert group.join_code != old
    with pytest.raises(ValidationError):
        services.group_join(user=bob, code=old)
    assert GroupMember.objects.filter(pk=alice_member.pk).exists()


def test_member_leaves_and_the_meetings_they_came_to_stay_counted_without_their_name(
    frank: User, alice: User, alice_member: GroupMember, meeting: Meeting
) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[alice_member.pk], walk_ins=1)
    services.checkin_share(user=alice, meeting=meeting, drug="tea")
    services.group_leave(user=alice, group=meeting.group)
    assert not GroupMember.objects.filter(user=alice).exists()
    assert not SharedCheckIn.objects.exists()
    row = Attendance.objects.get(meeting=meeting)
    assert row.member is None
    present, former = selectors.attendance_of(meeting)
    assert (present, former) == (set(), 1)
    assert selectors.group_picture(meeting.group).rows[0].total == 2


def test_leaving_a_group_you_are_not_in_is_not_found(bob: User, group: Group) -> None:
    with pytest.raises(NotFound):
        services.group_leave(user=bob, group=group)


def test_group_visible_to_facilitators_and_members_only(
    frank: User, alice: User, alice_member: GroupMember, bob: User, olga: User, carol: User
) -> None:
    group_id = alice_member.group_id
    assert selectors.group_visible_to(frank, group_id).pk == group_id
    assert selectors.group_visible_to(alice, group_id).pk == group_id
    for outsider in (bob, olga, carol):
        with pytest.raises(NotFound):
            selectors.group_visible_to(outsider, group_id)
    with pytest.raises(NotFound):
        selectors.group_managed_by(alice, group_id)


# --- Meetings and attendance ---------------------------------------------------------------


def test_a_meeting_can_use_builtin_and_own_topics_but_not_another_organizations(
    frank: User, olga: User, northside: Organization, group: Group, topic: Topic
) -> None:
    theirs = services.topic_create(
        user=olga, organization=northside, title="Theirs", summary="S.", key_points=["One"]
    )
    services.meeting_schedule(user=frank, group=group, starts_at=started(), topic=topic)
    with pytest.raises(ValidationError):
        services.meeting_schedule(user=frank, group=group, starts_at=started(), topic=theirs)


def test_attendance_marks_members_and_counts_walk_ins_in_one_save(
    frank: User, group: Group, meeting: Meeting, alice_member: GroupMember
) -> None:
    sam = member("sam", group)
    services.attendance_record(
        user=frank, meeting=meeting, present=[alice_member.pk, sam.pk], walk_ins=3
    )
    assert selectors.attendance_of(meeting) == ({alice_member.pk, sam.pk}, 0)
    # Saving again replaces the set: a box unticked means not present.
    services.attendance_record(user=frank, meeting=meeting, present=[sam.pk], walk_ins=4)
    meeting.refresh_from_db()
    assert selectors.attendance_of(meeting) == ({sam.pk}, 0)
    assert meeting.walk_ins == 4
    assert meeting.attendance_recorded_at is not None


def test_someone_who_used_today_is_marked_present_like_anyone_else(
    frank: User, alice: User, alice_member: GroupMember, meeting: Meeting
) -> None:
    log(alice, timezone.localdate(), 6)
    services.attendance_record(user=frank, meeting=meeting, present=[alice_member.pk], walk_ins=0)
    assert selectors.attendance_of(meeting)[0] == {alice_member.pk}


def test_attendance_accepts_only_this_groups_members(
    frank: User, harbor: Organization, meeting: Meeting
) -> None:
    other = services.group_create(user=frank, organization=harbor, name="Other")
    stranger = member("sam", other)
    with pytest.raises(ValidationError, match="Only members"):
        services.attendance_record(user=frank, meeting=meeting, present=[stranger.pk], walk_ins=0)


@pytest.mark.parametrize("walk_ins", [-1, 501, True, "3"])
def test_walk_ins_must_be_a_sensible_whole_number(
    frank: User, meeting: Meeting, walk_ins: object
) -> None:
    with pytest.raises(ValidationError):
        services.attendance_record(user=frank, meeting=meeting, present=[], walk_ins=walk_ins)  # type: ignore[arg-type]
    meeting.refresh_from_db()
    assert meeting.walk_ins == 0


def test_attendance_waits_until_an_hour_before_the_meeting(frank: User, group: Group) -> None:
    later = services.meeting_schedule(
        user=frank, group=group, starts_at=timezone.now() + timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="hour before"):
        services.attendance_record(user=frank, meeting=later, present=[], walk_ins=2)


def test_another_organizations_facilitator_cannot_record_attendance(
    olga: User, meeting: Meeting
) -> None:
    with pytest.raises(NotFound):
        services.attendance_record(user=olga, meeting=meeting, present=[], walk_ins=2)


# --- Check-ins -----------------------------------------------------------------------------


def test_member_shares_changes_and_deletes_a_check_in(
    alice: User, alice_member: GroupMember, meeting: Meeting
) -> None:
    services.checkin_share(user=alice, meeting=meeting, drug="two beers", setting="at home")
    services.checkin_share(user=alice, meeting=meeting, mindset="tired")
    checkin = SharedCheckIn.objects.get()
    assert (checkin.drug, checkin.mindset, checkin.setting) == ("", "tired", "")
    assert services.checkin_delete(user=alice, meeting=meeting) is True
    assert services.checkin_delete(user=alice, meeting=meeting) is False


def test_check_in_text_is_encrypted_at_rest(
    alice: User, alice_member: GroupMember, meeting: Meeting
) -> None:
    from django.db import connection

    services.checkin_share(user=alice, meeting=meeting, drug="two beers")
    with connection.cursor() as cursor:
        cursor.execute("SELECT drug FROM groups_sharedcheckin")
        (stored,) = cursor.fetchone()
    assert "beers" not in stored


def test_an_empty_check_in_is_refused(
    alice: User, alice_member: GroupMember, meeting: Meeting
) -> None:
    with pytest.raises(ValidationError, match="at least one"):
        services.checkin_share(user=alice, meeting=meeting, drug="  ")


def test_non_members_cannot_share_check_ins(bob: User, meeting: Meeting) -> None:
    with pytest.raises(NotFound):
        services.checkin_share(user=bob, meeting=meeting, drug="x")


def test_check_ins_belong_to_one_meeting_and_close_after_two_days(
    frank: User, alice: User, alice_member: GroupMember, group: Group
) -> None:
    old = services.meeting_schedule(
        user=frank, group=group, starts_at=timezone.now() - timedelta(days=3)
    )
    with pytest.raises(ValidationError, match="two days"):
        services.checkin_share(user=alice, meeting=old, drug="x")


def test_check_ins_are_seen_by_the_facilitator_and_members_present_only(
    frank: User, alice: User, alice_member: GroupMember, group: Group, meeting: Meeting
) -> None:
    sam = member("sam", group)
    pat = member("pat", group)
    services.attendance_record(
        user=frank, meeting=meeting, present=[alice_member.pk, sam.pk], walk_ins=0
    )
    services.checkin_share(user=alice, meeting=meeting, drug="alice's words")
    services.checkin_share(user=pat.user, meeting=meeting, drug="pat's words")

    def seen(user: User) -> set[str]:
        access = selectors.meeting_access(user, meeting.pk)
        return {c.drug for c in selectors.checkins_visible_to(access)}

    assert seen(frank) == {"alice's words", "pat's words"}
    assert seen(sam.user) == {"alice's words", "pat's words"}
    # Pat shared but was not marked present: Pat sees only Pat's own.
    assert seen(pat.user) == {"pat's words"}


# --- Feedback ------------------------------------------------------------------------------


def test_feedback_rows_cannot_point_at_a_person_or_a_time() -> None:
    for field in Feedback._meta.get_fields():
        assert not (field.is_relation and field.related_model is User), field.name
        assert not isinstance(field, models.DateTimeField | models.DateField), field.name
    assert isinstance(Feedback._meta.pk, models.UUIDField)
    assert not Feedback._meta.ordering
    given = {f.name for f in FeedbackGiven._meta.get_fields()}
    assert given == {"id", "meeting", "user"}


def test_a_member_gives_feedback_once(
    alice: User, alice_member: GroupMember, meeting: Meeting
) -> None:
    services.feedback_submit(meeting=meeting, user=alice, helpful=4, respected=True, comment="ok")
    with pytest.raises(services.AlreadyAnswered):
        services.feedback_submit(meeting=meeting, user=alice, helpful=1, respected=False)
    assert Feedback.objects.count() == 1
    assert FeedbackGiven.objects.filter(user=alice).count() == 1


def test_non_members_cannot_answer_as_members(bob: User, meeting: Meeting) -> None:
    with pytest.raises(NotFound):
        services.feedback_submit(meeting=meeting, user=bob, helpful=4, respected=True)


def test_walk_in_answers_open_after_counting_and_stop_at_the_number_of_people(
    frank: User, meeting: Meeting
) -> None:
    with pytest.raises(ValidationError, match="counted who came"):
        services.feedback_submit(meeting=meeting, helpful=5, respected=True)
    services.attendance_record(user=frank, meeting=meeting, present=[], walk_ins=2)
    services.feedback_submit(meeting=meeting, helpful=5, respected=True)
    services.feedback_submit(meeting=meeting, helpful=4, respected=True)
    with pytest.raises(ValidationError, match="as many answers"):
        services.feedback_submit(meeting=meeting, helpful=1, respected=False)
    assert Feedback.objects.count() == 2


def test_feedback_closes_two_weeks_after_the_meeting(
    frank: User, alice: User, alice_member: GroupMember, group: Group
) -> None:
    old = services.meeting_schedule(
        user=frank, group=group, starts_at=timezone.now() - timedelta(days=15)
    )
    with pytest.raises(ValidationError, match="closed"):
        services.feedback_submit(meeting=old, user=alice, helpful=3, respected=True)


@pytest.mark.parametrize("helpful", [0, 6, True])
def test_helpful_is_one_to_five(
    alice: User, alice_member: GroupMember, meeting: Meeting, helpful: object
) -> None:
    with pytest.raises(ValidationError):
        services.feedback_submit(meeting=meeting, user=alice, helpful=helpful, respected=True)  # type: ignore[arg-type]
    assert not FeedbackGiven.objects.exists()


def test_aggregates_stay_hidden_until_three_people_answered(frank: User, meeting: Meeting) -> None:
    services.attendance_record(user=frank, meeting=meeting, present=[], walk_ins=5)
    services.feedback_submit(meeting=meeting, helpful=5, respected=True, comment="Zebra")
    services.feedback_submit(meeting=meeting, helpful=4, respected=False, comment="apple")
    assert selectors.feedback_summary(meeting) == selectors.FeedbackSummary(enough=False)
    services.feedback_submit(meeting=meeting, helpful=3, respected=True, comment="")
    summary = selectors.feedback_summary(meeting)
    assert summary.enough
    assert (summary.count, summary.mean_helpful, summary.respected_percent) == (3, 4.0, 67)
    # Alphabetical, not arrival order.
    assert summary.comments == ["apple", "Zebra"]


# --- Picture over time ---------------------------------------------------------------------


def test_picture_counts_members_walk_ins_returning_and_feedback(
    frank: User, group: Group, topic: Topic, alice_member: GroupMember
) -> None:
    sam = member("sam", group)
    first = services.meeting_schedule(
        user=frank, group=group, starts_at=timezone.now() - timedelta(days=7), topic=topic
    )
    second = services.meeting_schedule(user=frank, group=group, starts_at=started())
    services.meeting_schedule(user=frank, group=group, starts_at=timezone.now() + timedelta(days=7))
    services.attendance_record(user=frank, meeting=first, present=[alice_member.pk], walk_ins=2)
    services.attendance_record(
        user=frank, meeting=second, present=[alice_member.pk, sam.pk], walk_ins=3
    )
    for helpful in (5, 4, 3):
        services.feedback_submit(meeting=second, helpful=helpful, respected=True)
    rows = selectors.group_picture(group).rows
    assert [(r.members, r.walk_ins, r.returning) for r in rows] == [(1, 2, 0), (2, 3, 1)]
    assert rows[0].feedback.enough is False
    assert rows[1].feedback.mean_helpful == 4.0
    assert [t.title for t in selectors.group_picture(group).topics] == ["Drug, set and setting"]


# --- Topics --------------------------------------------------------------------------------


def test_the_library_has_the_eight_outlines_in_the_agreed_shape() -> None:
    slugs = {
        "drug-set-setting",
        "naloxone-overdose-response",
        "safer-use-by-route",
        "mixing-substances",
        "setting-limits",
        "coping-with-cravings",
        "stages-of-change",
        "talking-with-a-doctor",
    }
    assert {o.slug for o in OUTLINES} == slugs
    assert set(SOURCES) == slugs and all(SOURCES.values())
    assert set(Topic.objects.filter(organization=None).values_list("slug", flat=True)) == slugs
    for outline in OUTLINES:
        assert 2 <= outline.summary.count(". ") + 1 <= 3, outline.slug
        assert 4 <= len(outline.key_points) <= 6, outline.slug
        assert 2 <= len(outline.questions) <= 3, outline.slug


def test_the_naloxone_outline_states_each_step_plainly() -> None:
    outline = next(o for o in OUTLINES if o.slug == "naloxone-overdose-response")
    text = " ".join(outline.key_points).lower()
    for step in (
        "signs of an opioid overdose",
        "call emergency services",
        "give naloxone",
        "rescue breaths",
        "recovery position",
        "stay with them until help comes",
        "wears off",
        "sooner than many opioids",
    ):
        assert step in text, step


def test_facilitators_add_their_own_topics_seen_only_in_their_organization(
    frank: User, olga: User, harbor: Organization
) -> None:
    own = services.topic_create(
        user=frank,
        organization=harbor,
        title="Sleep",
        summary="Sleep matters.",
        key_points=["Routine", " ", "Light"],
        questions=["What helps?"],
    )
    same = services.topic_create(
        user=frank, organization=harbor, title="Sleep", summary="Again.", key_points=["x"]
    )
    assert own.key_points == ["Routine", "Light"]
    assert same.slug == "sleep-2"
    assert selectors.topics_visible_to(frank).filter(pk=own.pk).exists()
    assert not selectors.topics_visible_to(olga).filter(pk=own.pk).exists()
    with pytest.raises(NotFound):
        services.topic_update(user=olga, topic=own, title="Mine now", summary="x", key_points=["x"])


def test_a_topic_needs_at_least_one_key_point(frank: User, harbor: Organization) -> None:
    with pytest.raises(ValidationError):
        services.topic_create(
            user=frank, organization=harbor, title="T", summary="S", key_points=[]
        )


def test_demo_group_is_created_once_with_enough_feedback_to_show() -> None:
    from waypoint.core.demo import ensure_demo

    ensure_demo()
    ensure_demo()
    group = Group.objects.get()
    assert GroupMember.objects.filter(group=group).count() == 2
    picture = selectors.group_picture(group)
    assert len(picture.rows) >= 4
    assert any(r.walk_ins for r in picture.rows)
    assert len(picture.rated) >= 2
    assert User.objects.filter(username="jules").exists()
