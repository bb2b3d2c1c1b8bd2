"""Check-on-me API: contacts and timers under /api/v1/safety/ (participants only).

The same services as the pages: a contact or timer that is not the caller's answers 404, a
timer that already ended answers 409 saying what happened, bad input 422.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from waypoint.alerts import selectors, services
from waypoint.alerts.models import Contact, Timer
from waypoint.api.auth import PARTICIPANT_AUTH, participant

router = Router(tags=["check on me"], auth=PARTICIPANT_AUTH)


class SafetyContactIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)


class SafetyContactOut(Schema):
    id: int
    name: str
    status: str = Field(description="invited, confirmed or stopped; only confirmed get alerts")
    has_email: bool
    has_phone: bool


class SafetyTimerIn(Schema):
    seconds: int = Field(description="how long until you are asked; CHECK_ON_ME_MIN_SECONDS up")
    note: str | None = Field(None, max_length=500, description="where you are, for your contacts")
    contacts: list[int] = Field(description="ids of confirmed contacts to alert")


class SafetyExtendIn(Schema):
    seconds: int


class SafetyTimerOut(Schema):
    id: int
    deadline: datetime
    alert_at: datetime = Field(description="the deadline plus the grace period")
    status: str = Field(description="running, ok or alerted")
    asked: bool = Field(description="the deadline passed and you were asked")
    help_requested: bool
    contacts: list[int]


def _contact(contact: Contact) -> SafetyContactOut:
    return SafetyContactOut(
        id=contact.pk,
        name=contact.name,
        status=contact.status,
        has_email=bool(contact.email),
        has_phone=bool(contact.phone),
    )


def _timer(timer: Timer) -> SafetyTimerOut:
    return SafetyTimerOut(
        id=timer.pk,
        deadline=timer.deadline,
        alert_at=timer.alert_at,
        status=timer.status,
        asked=timer.asked_at is not None,
        help_requested=timer.help_requested,
        contacts=sorted(c.pk for c in timer.contacts.all()),
    )


@router.post("/safety/contacts", response={201: SafetyContactOut})
def contact_add(request: HttpRequest, payload: SafetyContactIn) -> Status[SafetyContactOut]:
    """Add a contact; they get an invitation and must confirm before any alert reaches them."""
    contact = services.contact_add(
        owner=participant(request),
        name=payload.name,
        email=payload.email or "",
        phone=payload.phone or "",
    )
    return Status(201, _contact(contact))


@router.get("/safety/contacts", response=list[SafetyContactOut])
def contact_list(request: HttpRequest) -> list[SafetyContactOut]:
    """Your contacts and whether each has confirmed (only confirmed contacts can be alerted)."""
    return [_contact(c) for c in selectors.contacts_of(participant(request))]


@router.post("/safety/timers", response={201: SafetyTimerOut})
def timer_start(request: HttpRequest, payload: SafetyTimerIn) -> Status[SafetyTimerOut]:
    """Start a timer; at its deadline you are asked, after the grace period contacts are alerted."""
    timer = services.timer_start(
        owner=participant(request),
        seconds=payload.seconds,
        note=payload.note or "",
        contact_ids=payload.contacts,
    )
    return Status(201, _timer(timer))


@router.get("/safety/timers/{timer_id}", response=SafetyTimerOut)
def timer_get(request: HttpRequest, timer_id: int) -> SafetyTimerOut:
    """One of your timers: its deadline, when contacts would be alerted, and its status."""
    return _timer(selectors.timer_for(participant(request), timer_id))


@router.post("/safety/timers/{timer_id}/ok", response=SafetyTimerOut)
def timer_ok(request: HttpRequest, timer_id: int) -> SafetyTimerOut:
    """End the timer: nobody is contacted. 409 if the alert was already sent."""
    return _timer(services.timer_ok(owner=participant(request), timer_id=timer_id))


@router.post("/safety/timers/{timer_id}/extend", response=SafetyTimerOut)
def timer_extend(request: HttpRequest, timer_id: int, payload: SafetyExtendIn) -> SafetyTimerOut:
    """Add time from the later of now and the deadline. 409 if the alert was already sent."""
    timer = services.timer_extend(
        owner=participant(request), timer_id=timer_id, seconds=payload.seconds
    )
    return _timer(timer)


@router.post("/safety/timers/{timer_id}/help", response=SafetyTimerOut)
def timer_help(request: HttpRequest, timer_id: int) -> SafetyTimerOut:
    """Alert the contacts now. Waypoint never calls emergency services itself."""
    return _timer(services.timer_help(owner=participant(request), timer_id=timer_id))
