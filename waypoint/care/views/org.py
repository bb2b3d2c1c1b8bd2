"""The organization admin's staff page, and joining an organization from a staff invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.forms import OrganizationTimeZoneForm
from waypoint.accounts.gate import organization_for, organizations_where, signed_in, staff_required
from waypoint.accounts.models import Membership, Organization, User
from waypoint.accounts.services import organization_time_zone_set
from waypoint.accounts.views import show_once
from waypoint.care import services
from waypoint.care.forms import StaffInvitationForm, StaffJoinForm
from waypoint.care.models import Invitation
from waypoint.core.forms import add_errors

_SHOW_ONCE = "care_staff_invitation_code"


ADMIN = Membership.Role.ADMIN


def _organization(request: HttpRequest, slug: str) -> Organization:
    return organization_for(request.user, slug, [ADMIN])


@staff_required(role=ADMIN)
def index(request: HttpRequest) -> HttpResponse:
    organizations = list(organizations_where(request.user, [ADMIN]))
    if len(organizations) == 1:
        return redirect("care:org_staff", slug=organizations[0].slug)
    return render(request, "care/org_index.html", {"organizations": organizations})


@staff_required(role=ADMIN)
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    """Who works here in which roles; invite someone; remove someone (access ends at once)."""
    organization = _organization(request, slug)
    form = StaffInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, code = services.invitation_create_staff(
                admin=signed_in(request), organization=organization, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session[_SHOW_ONCE] = code
            return redirect("care:org_staff", slug=slug)
    code = request.session.pop(_SHOW_ONCE, None)
    people = (
        User.objects.filter(memberships__organization=organization)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(organization=organization),
                to_attr="roles_here",
            )
        )
        .order_by("username")
    )
    invitations = Invitation.objects.filter(
        organization=organization,
        kind=Invitation.Kind.STAFF,
        used_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    context = {
        "organization": organization,
        "people": people,
        "form": form,
        "code": code,
        "link": request.build_absolute_uri(f"/org/join/{code}/") if code else None,
        "invitations": invitations,
        "zone_form": OrganizationTimeZoneForm(initial={"time_zone": organization.time_zone}),
    }
    return render(request, "care/org_staff.html", context, status=400 if form.errors else 200)


@staff_required(role=ADMIN)
@require_POST
def time_zone(request: HttpRequest, slug: str) -> HttpResponse:
    """The organization's time zone, in which its group and program reports count days."""
    organization = _organization(request, slug)
    form = OrganizationTimeZoneForm(request.POST)
    if form.is_valid():
        try:
            changed = organization_time_zone_set(
                organization=organization, time_zone=form.cleaned_data["time_zone"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if changed:
                messages.success(
                    request,
                    _("Reports of %(name)s now count days in %(zone)s.")
                    % {"name": organization.name, "zone": organization.time_zone},
                )
            return redirect("care:org_staff", slug=slug)
    message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return render(
        request,
        "care/org_time_zone_refused.html",
        {"organization": organization, "message": message},
        status=400,
    )


@staff_required(role=ADMIN)
@require_POST
def remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    organization = _organization(request, slug)
    try:
        services.staff_remove(admin=signed_in(request), organization=organization, user_id=user_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed. Their access to this organization ended now."))
    return redirect("care:org_staff", slug=slug)


def join(request: HttpRequest, code: str) -> HttpResponse:
    """Accept a staff invitation: a new staff account, or a new role for a signed-in one."""
    invitation = services.invitation_open(code=code, kind=Invitation.Kind.STAFF)
    if invitation is None:
        return render(request, "care/join_closed.html", status=404)
    user = request.user
    if user.is_authenticated:
        assert isinstance(user, User)
        if request.method == "POST":
            try:
                services.staff_join_existing(user=user, code=code)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("You joined %(organization)s.") % {"organization": invitation.organization},
                )
                return redirect("core:home")
        return render(request, "care/join.html", {"invitation": invitation, "signed_in": True})
    form = StaffJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new, codes = services.staff_join(
                code=code,
                username=form.cleaned_data["username"],
                passphrase=form.cleaned_data["new_passphrase"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as error:
            add_errors(form, error, aliases={"passphrase": "new_passphrase"})
        else:
            login(request, new, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome to %(organization)s. Your staff account is ready.")
                % {"organization": invitation.organization},
            )
            # The same one-time page sign-up uses: the codes are shown once, then forgotten.
            show_once(request, "recovery_codes", codes)
            return redirect("accounts:recovery_codes_shown")
    context = {"invitation": invitation, "form": form, "signed_in": False}
    return render(request, "care/join.html", context, status=400 if form.errors else 200)
