"""Pages for groups: thin views over `selectors` (who sees what) and `services` (changes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import is_participant, participant_required, signed_in, staff_required
from waypoint.accounts.models import Membership, User
from waypoint.accounts.zones import organization_zone
from waypoint.core.csv import csv_lines
from waypoint.core.forms import add_errors
from waypoint.core.input import is_id
from waypoint.groups import selectors, services
from waypoint.groups.charts import day_labels, picture_charts, picture_tables
from waypoint.groups.forms import (
    AttendanceForm,
    CheckInForm,
    FeedbackCodeForm,
    FeedbackForm,
    GroupForm,
    JoinForm,
    MeetingForm,
    TopicForm,
    lines_initial,
)
from waypoint.groups.models import Meeting, SharedCheckIn

_ANSWERED = "groups_feedback_answered"
FACILITATOR = Membership.Role.FACILITATOR


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render, answering 400 when a submitted form has errors."""
    form = context.get("form")
    status = 400 if isinstance(form, BaseForm) and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


# --- Groups --------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    facilitated = list(
        selectors.groups_facilitated_by(user).select_related("organization").order_by("name")
    )
    joined = list(selectors.groups_joined_by(user).order_by("name"))
    context = {
        "facilitated": facilitated,
        "joined": joined,
        "is_facilitator": selectors.is_facilitator(user),
        "can_join": is_participant(user),
    }
    return render(request, "groups/index.html", context)


@staff_required(role=FACILITATOR)
def group_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    organizations = selectors.organizations_facilitated_by(user)
    form = GroupForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_create(
                user=user,
                organization=data["organization"],
                **{k: data[k] for k in GroupForm.Meta.fields},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your group is ready. Share its code with people."))
            return redirect("groups:detail", group.pk)
    return _render(request, "groups/group_form.html", {"form": form, "group": None})


@staff_required(role=FACILITATOR)
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    user = signed_in(request)
    group = selectors.group_managed_by(user, group_id)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        # The form only parsed the input; reload so a failed check leaves the group untouched.
        group = selectors.group_managed_by(user, group_id)
        try:
            services.group_update(
                user=user, group=group, **{k: form.cleaned_data[k] for k in GroupForm.Meta.fields}
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("groups:detail", group.pk)
    return _render(request, "groups/group_form.html", {"form": form, "group": group})


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    access = selectors.group_access(signed_in(request), group_id)
    overview = selectors.group_overview(access)
    join_url = ""
    if access.can_see_join_code:
        join_url = request.build_absolute_uri(
            reverse("groups:join") + f"?code={access.group.shown_join_code}"
        )
    context = {"access": access, "group": access.group, "o": overview, "join_url": join_url}
    return render(request, "groups/group_detail.html", context)


@staff_required(role=FACILITATOR)
@require_POST
def join_code_rotate(request: HttpRequest, group_id: int) -> HttpResponse:
    user = signed_in(request)
    group = selectors.group_managed_by(user, group_id)
    services.join_code_rotate(user=user, group=group)
    messages.success(request, _("New code made. The old code no longer works; members stay."))
    return redirect("groups:detail", group.pk)


@participant_required
def join(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.group_join(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Welcome to %(group)s. The group sees only your display name: %(name)s.")
                % {"group": member.group.name, "name": user.shown_name},
            )
            return redirect("groups:detail", member.group_id)
    context = {"form": form, "can_join": True}
    return _render(request, "groups/join.html", context)


@participant_required
def leave(request: HttpRequest, group_id: int) -> HttpResponse:
    user = signed_in(request)
    access = selectors.group_access(user, group_id)
    if not access.can_leave:
        raise Http404
    if request.method == "POST":
        services.group_leave(user=user, group=access.group)
        messages.success(request, _("You have left %(group)s.") % {"group": access.group.name})
        return redirect("groups:index")
    return render(request, "groups/leave.html", {"group": access.group})


# --- Meetings ------------------------------------------------------------------------------


@staff_required(role=FACILITATOR)
def meeting_new(request: HttpRequest, group_id: int) -> HttpResponse:
    user = signed_in(request)
    group = selectors.group_managed_by(user, group_id)
    form = MeetingForm(request.POST or None, topics=selectors.topics_for_group(group))
    initial_topic = request.GET.get("topic")
    if not form.is_bound and initial_topic and is_id(initial_topic):
        form.initial["topic"] = int(initial_topic)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(user=user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Meeting scheduled."))
            return redirect("groups:meeting", meeting.pk)
    return _render(request, "groups/meeting_form.html", {"form": form, "group": group})


@staff_required(role=FACILITATOR)
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in(request)
    meeting = selectors.meeting_managed_by(user, meeting_id)
    initial: dict[str, Any] = {
        "starts_at": timezone.localtime(meeting.starts_at),
        "topic": meeting.topic_id,
    }
    initial["plan"] = meeting.plan
    form = MeetingForm(
        request.POST or None, initial=initial, topics=selectors.topics_for_group(meeting.group)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(user=user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("groups:meeting", meeting.pk)
    context = {"form": form, "group": meeting.group, "meeting": meeting}
    return _render(request, "groups/meeting_form.html", context)


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in(request)
    access = selectors.meeting_access(user, meeting_id)
    meeting = access.meeting
    context: dict[str, Any] = {
        "access": access,
        "meeting": meeting,
        "group": meeting.group,
        "checkins": selectors.checkins_visible_to(access),
    }
    if access.can_manage:
        present, former = selectors.attendance_of(meeting)
        context.update(
            members_present=len(present) + former,
            feedback=selectors.feedback_summary(meeting),
            feedback_url=request.build_absolute_uri(
                reverse("groups:feedback_code", args=[meeting.shown_feedback_code])
            ),
        )
    else:
        assert access.member is not None
        context.update(
            mine=next((c for c in context["checkins"] if c.member_id == access.member.pk), None),
            answered=selectors.has_given_feedback(user, meeting),
        )
    return render(request, "groups/meeting_detail.html", context)


@staff_required(role=FACILITATOR)
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in(request)
    meeting = selectors.meeting_managed_by(user, meeting_id)
    members = selectors.members_of(meeting.group)
    present, former = selectors.attendance_of(meeting)
    form = AttendanceForm(
        request.POST or None,
        members=members,
        initial={"present": list(present), "walk_ins": meeting.walk_ins},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                user=user,
                meeting=meeting,
                present=[m.pk for m in form.cleaned_data["present"]],
                walk_ins=form.cleaned_data["walk_ins"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            total = len(form.cleaned_data["present"]) + former + form.cleaned_data["walk_ins"]
            messages.success(request, _("Attendance saved: %(n)d people in all.") % {"n": total})
            return redirect("groups:meeting", meeting.pk)
    context = {"form": form, "meeting": meeting, "group": meeting.group, "former": former}
    return _render(request, "groups/attendance.html", context)


@participant_required
def checkin(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in(request)
    access = selectors.meeting_access(user, meeting_id)
    if access.member is None:
        raise Http404
    meeting = access.meeting
    existing = SharedCheckIn.objects.filter(meeting=meeting, member=access.member).first()
    initial = (
        {"drug": existing.drug, "mindset": existing.mindset, "setting": existing.setting}
        if existing
        else {}
    )
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_share(user=user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Shared with this meeting. You can take it back any time."))
            return redirect("groups:meeting", meeting.pk)
    context = {"form": form, "meeting": meeting, "group": meeting.group, "existing": existing}
    return _render(request, "groups/checkin.html", context)


@participant_required
@require_POST
def checkin_delete(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in(request)
    access = selectors.meeting_access(user, meeting_id)
    if access.member is None:
        raise Http404
    if services.checkin_delete(user=user, meeting=access.meeting):
        messages.success(request, _("Your check-in is deleted."))
    return redirect("groups:meeting", access.meeting.pk)


# --- Feedback ------------------------------------------------------------------------------


def _remember_answer(request: HttpRequest, meeting: Meeting) -> None:
    answered = [*request.session.get(_ANSWERED, []), meeting.pk]
    request.session[_ANSWERED] = answered[-50:]


def _feedback_form_page(
    request: HttpRequest, meeting: Meeting, *, user: User | None, via_code: bool
) -> HttpResponse:
    """The feedback form for a member (user given) or a walk-in with the meeting's code."""
    if user is None and via_code and request.GET.get("next_person") == "1":
        # A shared device passed to the next walk-in: the per-browser note is only a courtesy
        # against double taps; the cap on answers per meeting is the real limit.
        request.session[_ANSWERED] = [
            pk for pk in request.session.get(_ANSWERED, []) if pk != meeting.pk
        ]
    # A member's answer is noted in the database; a walk-in's only in their browser session.
    if (user is None and meeting.pk in request.session.get(_ANSWERED, [])) or (
        user is not None and selectors.has_given_feedback(user, meeting)
    ):
        context = {"meeting": meeting, "again": True, "walk_in": user is None and via_code}
        return render(request, "groups/feedback_thanks.html", context)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(meeting=meeting, user=user, **form.cleaned_data)
        except (ValidationError, services.AlreadyAnswered) as error:
            add_errors(form, error)
        else:
            if user is None:
                _remember_answer(request, meeting)
            context = {"meeting": meeting, "walk_in": user is None and via_code}
            return render(request, "groups/feedback_thanks.html", context)
    context = {
        "form": form,
        "meeting": meeting,
        "open": meeting.feedback_open(),
        "via_code": via_code,
    }
    return _render(request, "groups/feedback.html", context)


@participant_required
def feedback_member(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in(request)
    access = selectors.meeting_access(user, meeting_id)
    if access.member is None:
        raise Http404
    return _feedback_form_page(request, access.meeting, user=user, via_code=False)


def feedback_code_entry(request: HttpRequest) -> HttpResponse:
    """Where a walk-in types the meeting code shown on the screen; no account needed."""
    form = FeedbackCodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        meeting = selectors.meeting_for_feedback_code(form.cleaned_data["code"])
        if meeting is not None:
            return redirect("groups:feedback_code", meeting.shown_feedback_code)
        form.add_error("code", _("That code does not match a meeting. Check the screen again."))
    return _render(request, "groups/feedback_code.html", {"form": form})


def feedback_by_code(request: HttpRequest, code: str) -> HttpResponse:
    meeting = selectors.meeting_for_feedback_code(code)
    if meeting is None:
        raise Http404
    user = request.user if isinstance(request.user, User) else None
    if user is not None and selectors.facilitates(user, meeting.group.organization_id):
        status = 403 if request.method == "POST" else 200
        return render(request, "groups/feedback_staff.html", {"meeting": meeting}, status=status)
    # A signed-in member answers as a member (once); anyone else answers as a walk-in.
    member = selectors.membership_of(user, meeting.group_id) if user is not None else None
    return _feedback_form_page(
        request, meeting, user=user if member is not None else None, via_code=True
    )


# --- Picture over time ---------------------------------------------------------------------


@staff_required(role=FACILITATOR)
def picture(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_managed_by(signed_in(request), group_id)
    # A group's report counts days on its organization's clock, whoever reads it.
    with timezone.override(organization_zone(group.organization)):
        data = selectors.group_picture(group)
        days = day_labels(data)
        charts = picture_charts(data, days)
        context = {
            "group": group,
            "picture": data,
            # The charts and their tables written in Python (52 meetings through the template
            # engine cost more than the rest of the page), each meeting's day formatted once.
            "tables": picture_tables(data, days, selectors.FEEDBACK_MINIMUM),
            "svg": {
                "attendance": charts.attendance.svg(
                    "chart-attendance",
                    _("Attendance per meeting: members and walk-ins"),
                    _("Stacked bars, one per meeting; the same numbers are in the table below."),
                ),
                "returning": charts.returning.svg(
                    "chart-returning",
                    _("Members per meeting: returning and first time"),
                    _("Stacked bars, one per meeting; the same numbers are in the table below."),
                ),
                "feedback": charts.feedback.svg(
                    "chart-feedback",
                    _("Mean helpfulness per meeting, from 1 to 5"),
                    _(
                        "Bars for meetings with enough answers; the same numbers are in the "
                        "table below."
                    ),
                ),
            },
            "minimum": selectors.FEEDBACK_MINIMUM,
            "time_zone": group.organization.time_zone,
        }
        return render(request, "groups/picture.html", context)


@staff_required(role=FACILITATOR)
def picture_csv(request: HttpRequest, group_id: int) -> HttpResponse:
    """The picture's numbers per meeting; counts and aggregates only, never a name or comment."""
    group = selectors.group_managed_by(signed_in(request), group_id)
    data = selectors.group_picture(group)
    zone = organization_zone(group.organization)
    header = [
        "date",
        "topic",
        "members_present",
        "returning_members",
        "walk_ins",
        "total",
        "feedback_answers",
        "mean_helpful",
        "respected_percent",
    ]
    rows = [
        [
            row.starts_at.astimezone(zone).date().isoformat(),
            row.topic,
            row.members,
            row.returning,
            row.walk_ins,
            row.total,
            row.feedback.count if row.feedback.enough else "",
            row.feedback.mean_helpful if row.feedback.enough else "",
            row.feedback.respected_percent if row.feedback.enough else "",
        ]
        for row in data.rows
    ]
    response = HttpResponse(
        "".join(csv_lines(rows, header=header)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="group-{group.pk}-picture.csv"'
    return response


# --- Topics and handouts -------------------------------------------------------------------


@staff_required(role=FACILITATOR)
def topics(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    library = list(selectors.topics_visible_to(user).select_related("organization"))
    context = {
        "builtin": [t for t in library if t.is_builtin],
        "own": [t for t in library if not t.is_builtin],
    }
    return render(request, "groups/topics.html", context)


@staff_required(role=FACILITATOR)
def topic_detail(request: HttpRequest, topic_id: int) -> HttpResponse:
    user = signed_in(request)
    topic = selectors.topic_visible_to(user, topic_id)
    groups = selectors.groups_facilitated_by(user).order_by("name")
    return render(request, "groups/topic_detail.html", {"topic": topic, "groups": groups})


@staff_required(role=FACILITATOR)
def topic_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    organization = selectors.organizations_facilitated_by(user).first()
    assert organization is not None  # the gate let only facilitators in
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                user=user,
                organization=organization,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                key_points=form.lines("key_points"),
                questions=form.lines("questions"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Topic added to your library."))
            return redirect("groups:topic", topic.pk)
    return _render(request, "groups/topic_form.html", {"form": form, "topic": None})


@staff_required(role=FACILITATOR)
def topic_edit(request: HttpRequest, topic_id: int) -> HttpResponse:
    user = signed_in(request)
    topic = selectors.topic_managed_by(user, topic_id)
    form = TopicForm(request.POST or None, initial=lines_initial(topic))
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(
                user=user,
                topic=topic,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                key_points=form.lines("key_points"),
                questions=form.lines("questions"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("groups:topic", topic.pk)
    return _render(request, "groups/topic_form.html", {"form": form, "topic": topic})


@login_required
def handout(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A printable one-page handout: the meeting, its topic and the group's agreements."""
    meeting = selectors.handout_visible_to(signed_in(request), meeting_id)
    return render(request, "groups/handout.html", {"meeting": meeting, "group": meeting.group})
