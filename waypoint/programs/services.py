"""Program actions: codes, encounters and their corrections, referrals, reversals, sites, the
catalogue, stock, links to a participant's own account, and CSV import.

Every function takes the `ProgramAccess` that `selectors.program_for` returned, so nothing here
can act on an organization the caller has no role in. Bad input raises Django's ValidationError
keyed by the API's field names; nothing is half-written (each function is one transaction).
"""

from __future__ import annotations

import csv
import io
import secrets
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from waypoint.accounts.gate import require_participant
from waypoint.accounts.models import User, secret_hash
from waypoint.accounts.services import organization_time_zone_set
from waypoint.accounts.zones import check_zone
from waypoint.core.errors import UNUSUAL, Conflict, NotFound, Refused
from waypoint.directory.models import Service as DirectoryService
from waypoint.directory.selectors import referral_service
from waypoint.programs import codes
from waypoint.programs.catalogue import REFERRALS, SERVICES, SUBSTANCES
from waypoint.programs.models import (
    Encounter,
    EncounterSupply,
    EncounterTest,
    EncounterVersion,
    Item,
    LinkCode,
    Participant,
    Referral,
    Reversal,
    Site,
    StockMovement,
    TestResult,
)
from waypoint.programs.selectors import ProgramAccess, on_hand

# Above these a page asks "are you sure?"; the API refuses (422). Above the hard limits nobody can.
USUAL_QUANTITY = 500
MAX_QUANTITY = 5000
USUAL_COLLECTED = 2000
MAX_COLLECTED = 50000
MAX_POUNDS = Decimal("200")
MAX_PEOPLE = 100
MAX_NOTE = 2000
LINK_CODE_MINUTES = 30
FUTURE_GRACE = timedelta(minutes=5)
EARLIEST_YEAR = 1980


# --- Participant codes ---------------------------------------------------------------------


def _code_message(problem: codes.Problem) -> str:
    if problem.kind == "length":
        return _("A code has 6 characters, like K7M-4QX; this one has %(n)d.") % {
            "n": problem.length
        }
    if problem.kind == "character":
        return _("Character %(n)d (%(ch)s) is never used in codes.") % {
            "n": problem.position,
            "ch": problem.character,
        }
    if problem.kind == "wrong":
        return _("Character %(n)d (%(ch)s) looks wrong.") % {
            "n": problem.position,
            "ch": problem.character,
        }
    if problem.kind == "swapped":
        return _("Characters %(n)d and %(m)d look swapped.") % {
            "n": problem.position,
            "m": problem.position + 1,
        }
    return _(
        "The check character (the last one) does not match: one character looks wrong, or two "
        "are swapped."
    )


def resolve_code(
    access: ProgramAccess, raw: str, field_name: str = "participant_code"
) -> Participant:
    """The program's participant with this code; a clear refusal (never a new code) otherwise."""
    code = codes.normalize(raw)
    problem = codes.problem(code)
    if problem is not None and problem.kind == "check":
        # Say which character looks wrong when exactly one of the program's codes explains it.
        near = codes.near(code)
        known = list(
            Participant.objects.filter(
                organization=access.organization, code__in=list(near)
            ).values_list("code", flat=True)
        )
        if len(known) == 1:
            problem = near[known[0]]
            message = _("%(problem)s Did you mean %(code)s?") % {
                "problem": _code_message(problem),
                "code": codes.shown(known[0]),
            }
            raise ValidationError({field_name: message})
    if problem is not None:
        raise ValidationError({field_name: _code_message(problem)})
    participant = Participant.objects.filter(organization=access.organization, code=code).first()
    if participant is None:
        if Participant.objects.filter(code=code).exists():
            # Another organization's code: 404, as for its sites (the issue's contract).
            raise NotFound(_("That code belongs to no card of this program."))
        raise ValidationError(
            {
                field_name: _("%(code)s is not a code of this program. Issue a new code first.")
                % {"code": codes.shown(code)}
            }
        )
    return participant


def _check_answers(access: ProgramAccess, answers: list[str]) -> str:
    questions = access.program.code_questions
    if not questions:
        raise ValidationError(
            {"answers": _("This program has not chosen questions for re-derivable codes.")}
        )
    if len(answers) != len(questions) or not all(a.strip() for a in answers):
        raise ValidationError({"answers": _("Answer all %(n)d questions.") % {"n": len(questions)}})
    return codes.answers_hash(
        key=settings.PROGRAMS_CODE_KEY, program_id=access.organization.pk, answers=answers
    )


@transaction.atomic
def participant_issue(
    *, user: User, access: ProgramAccess, answers: list[str] | None = None
) -> Participant:
    """A new card code; with answers, the code the same answers will always give back."""
    if answers:
        digest = _check_answers(access, answers)
        existing = Participant.objects.filter(
            organization=access.organization, derived_hash=digest
        ).first()
        if existing is not None:
            raise Conflict(
                _("These answers already give the code %(code)s.") % {"code": existing.shown_code}
            )
        code = codes.derived_code(digest)
        if Participant.objects.filter(organization=access.organization, code=code).exists():
            raise Conflict(
                _("These answers give a code already in use. Issue a card code instead.")
            )
        return Participant.objects.create(
            organization=access.organization, code=code, derived_hash=digest
        )
    for _attempt in range(20):
        code = codes.new_code()
        try:
            with transaction.atomic():
                return Participant.objects.create(organization=access.organization, code=code)
        except IntegrityError:
            continue
    raise Conflict(_("Could not find a free code. Try again."))


def participant_rederive(*, access: ProgramAccess, answers: list[str]) -> Participant:
    """The code these answers gave before; NotFound when they match none."""
    digest = _check_answers(access, answers)
    participant = Participant.objects.filter(
        organization=access.organization, derived_hash=digest
    ).first()
    if participant is None:
        raise NotFound(_("These answers match no code. Check the spelling, or issue a new code."))
    return participant


@transaction.atomic
def program_settings_set(
    *,
    access: ProgramAccess,
    questions: list[str],
    syringes_per_pound: int,
    time_zone: str | None = None,
) -> None:
    """The admin's settings: code questions, syringes per pound, the organization's time zone."""
    if not access.is_admin:
        raise Refused()
    cleaned = [q.strip()[:120] for q in questions if q.strip()][:6]
    if not 50 <= syringes_per_pound <= 2000:
        raise ValidationError({"syringes_per_pound": _("Between 50 and 2000.")})
    if time_zone is not None:
        check_zone(time_zone)
    access.program.code_questions = cleaned
    access.program.syringes_per_pound = syringes_per_pound
    access.program.save(update_fields=["code_questions", "syringes_per_pound"])
    if time_zone is not None:
        organization_time_zone_set(organization=access.organization, time_zone=time_zone)


# --- Encounters ----------------------------------------------------------------------------


@dataclass
class EncounterData:
    """What an encounter says, as the API and the form send it (slugs and ids, not objects)."""

    at: datetime
    site: int
    participant_code: str | None = None
    people: int = 1
    supplies: list[tuple[str, int]] = field(default_factory=list)
    syringes_collected: int | None = None
    syringes_collected_lb: Decimal | None = None
    services: list[str] = field(default_factory=list)
    tests: list[tuple[str, str]] = field(default_factory=list)
    referrals: list[tuple[str, str]] = field(default_factory=list)
    # The directory service named for a referral, by the referral's slug (one per slug).
    referral_services: dict[str, int] = field(default_factory=dict)
    note: str = ""


@dataclass
class _Resolved:
    site: Site
    participant: Participant | None
    supplies: list[tuple[Item, int]]
    collected: int
    made: list[str]
    linked: list[str]
    services: dict[str, DirectoryService] = field(default_factory=dict)


def _problems(
    errors: dict[str, list[Any]], key: str, message: str, code: str | None = None
) -> None:
    errors.setdefault(key, []).append(ValidationError(message, code=code) if code else message)


def _aware(access: ProgramAccess, at: datetime) -> datetime:
    """A time without an offset is the organization's local time (as in the CSV import)."""
    return timezone.make_aware(at, access.tz) if timezone.is_naive(at) else at


def _check_time(errors: dict[str, list[str]], at: datetime) -> None:
    # The year first: comparing a time near year 1 with now could overflow.
    if at.year < EARLIEST_YEAR:
        _problems(
            errors,
            "at",
            _("That date is too far in the past (before %(year)d).") % {"year": EARLIEST_YEAR},
        )
    elif at > timezone.now() + FUTURE_GRACE:
        _problems(errors, "at", _("That time is in the future."))


def _resolve(access: ProgramAccess, data: EncounterData, *, confirm: bool) -> _Resolved:
    errors: dict[str, list[Any]] = {}
    site = Site.objects.filter(organization=access.organization, pk=data.site).first()
    if site is None:
        raise NotFound(_("That site is not one of this program's."))
    _check_time(errors, data.at)
    participant = None
    if data.participant_code:
        try:
            participant = resolve_code(access, data.participant_code)
        except ValidationError as error:
            errors.update(error.message_dict)
    if not 1 <= data.people <= MAX_PEOPLE:
        _problems(errors, "people", _("Between 1 and %(n)d people.") % {"n": MAX_PEOPLE})
    items = {i.slug: i for i in Item.objects.filter(organization=access.organization)}
    supplies: dict[str, int] = {}
    for slug, quantity in data.supplies:
        if slug not in items:
            _problems(
                errors,
                "supplies",
                _("%(slug)s is not in this program's catalogue.") % {"slug": slug},
            )
        elif quantity < 0 or quantity > MAX_QUANTITY:
            _problems(
                errors,
                "supplies",
                _("%(item)s: a quantity from 0 to %(n)d.")
                % {"item": items[slug].shown_name, "n": MAX_QUANTITY},
            )
        elif quantity > USUAL_QUANTITY and not confirm:
            _problems(
                errors,
                "supplies",
                _("%(item)s: %(q)d is unusually many. Check the number and confirm.")
                % {"item": items[slug].shown_name, "q": quantity},
                UNUSUAL,
            )
        elif quantity:
            supplies[slug] = supplies.get(slug, 0) + quantity
    collected = 0
    if data.syringes_collected is not None and data.syringes_collected_lb is not None:
        _problems(errors, "syringes_collected", _("Give a count or a weight, not both."))
    elif data.syringes_collected is not None:
        collected = data.syringes_collected
        if collected < 0 or collected > MAX_COLLECTED:
            _problems(
                errors, "syringes_collected", _("A count from 0 to %(n)d.") % {"n": MAX_COLLECTED}
            )
    elif data.syringes_collected_lb is not None:
        pounds = data.syringes_collected_lb
        if pounds < 0 or pounds > MAX_POUNDS:
            _problems(
                errors,
                "syringes_collected_lb",
                _("A weight from 0 to %(n)s lb.") % {"n": MAX_POUNDS},
            )
        else:
            collected = int((pounds * access.program.syringes_per_pound).to_integral_value())
    if collected > USUAL_COLLECTED and not confirm:
        _problems(
            errors,
            "syringes_collected",
            _("%(n)d syringes collected is unusually many. Check the number and confirm.")
            % {"n": collected},
            UNUSUAL,
        )
    unknown = [s for s in data.services if s not in SERVICES]
    if unknown:
        _problems(errors, "services", _("Unknown service: %(s)s.") % {"s": ", ".join(unknown)})
    for kind, result in data.tests:
        if kind not in EncounterTest.Kind.values or result not in TestResult.values:
            _problems(
                errors,
                "tests",
                _("Unknown test or result: %(k)s %(r)s.") % {"k": kind, "r": result},
            )
    made, linked = [], []
    for to, status in data.referrals:
        if to not in REFERRALS:
            _problems(errors, "referrals", _("Unknown referral: %(to)s.") % {"to": to})
        elif status == Referral.Status.MADE:
            made.append(to)
        elif status == Referral.Status.LINKED:
            if not data.participant_code:
                _problems(
                    errors,
                    "referrals",
                    _("A referral is marked linked from an encounter with the same code."),
                )
            linked.append(to)
        else:
            _problems(errors, "referrals", _("A referral's status is made or linked."))
    named: dict[str, DirectoryService] = {}
    for to, service_id in data.referral_services.items():
        if to not in made and to not in linked:
            _problems(
                errors,
                "referrals",
                _("A directory service was named for %(to)s, but no referral to %(to)s.")
                % {"to": to},
            )
            continue
        try:
            named[to] = referral_service(service_id)
        except NotFound:
            _problems(
                errors,
                "referrals",
                _("No directory service has the id %(id)s (or it has closed for good).")
                % {"id": service_id},
            )
    if len(data.note) > MAX_NOTE:
        _problems(errors, "note", _("At most %(n)d characters.") % {"n": MAX_NOTE})
    if errors:
        raise ValidationError(errors)
    return _Resolved(
        site=site,
        participant=participant,
        supplies=[(items[slug], q) for slug, q in supplies.items()],
        collected=collected,
        made=made,
        linked=linked,
        services=named,
    )


def _write(user: User, encounter: Encounter, data: EncounterData, r: _Resolved) -> None:
    """Write the encounter's values, children, tallies and stock from resolved input."""
    encounter.site = r.site
    encounter.participant = r.participant
    encounter.at = data.at
    encounter.people = 1 if r.participant else data.people
    encounter.syringes_collected = r.collected
    encounter.services = sorted(set(data.services))
    encounter.note = data.note.strip()
    tallies = {
        "syringes_distributed": 0,
        "naloxone_kits": 0,
        "naloxone_doses": 0,
        "fentanyl_strips": 0,
        "xylazine_strips": 0,
    }
    for item, quantity in r.supplies:
        if item.category == Item.Category.SYRINGE:
            tallies["syringes_distributed"] += quantity
        elif item.category == Item.Category.NALOXONE:
            tallies["naloxone_kits"] += quantity
            tallies["naloxone_doses"] += quantity * (item.doses_per_kit or 1)
        elif item.category == Item.Category.FENTANYL_STRIP:
            tallies["fentanyl_strips"] += quantity
        elif item.category == Item.Category.XYLAZINE_STRIP:
            tallies["xylazine_strips"] += quantity
    for name, value in tallies.items():
        setattr(encounter, name, value)
    encounter.hiv_tests = sum(1 for k, res in data.tests if k == "hiv" and res != "not_given")
    encounter.hiv_reactive = sum(1 for k, res in data.tests if k == "hiv" and res == "reactive")
    encounter.hcv_tests = sum(1 for k, res in data.tests if k == "hcv" and res != "not_given")
    encounter.hcv_reactive = sum(1 for k, res in data.tests if k == "hcv" and res == "reactive")
    encounter.referrals_made = len(r.made)
    encounter.save()
    EncounterSupply.objects.bulk_create(
        EncounterSupply(encounter=encounter, item=item, quantity=q) for item, q in r.supplies
    )
    EncounterTest.objects.bulk_create(
        EncounterTest(encounter=encounter, kind=k, result=res) for k, res in data.tests
    )
    Referral.objects.bulk_create(
        Referral(encounter=encounter, participant=r.participant, to=to, service=r.services.get(to))
        for to in r.made
    )
    # Stock never blocks service: the movement is written even when it takes stock below zero.
    StockMovement.objects.bulk_create(
        StockMovement(
            organization=encounter.organization,
            site=r.site,
            item=item,
            kind=StockMovement.Kind.ENCOUNTER,
            quantity=-q,
            at=data.at,
            by=user,
            encounter=encounter,
        )
        for item, q in r.supplies
    )
    for to in r.linked:
        _link_open_referral(encounter, to, r.services.get(to))


def _link_open_referral(
    encounter: Encounter, to: str, service: DirectoryService | None = None
) -> Referral:
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .filter(
            participant=encounter.participant,
            to=to,
            status=Referral.Status.MADE,
            encounter__at__lt=encounter.at,
        )
        .order_by("encounter__at")
        .first()
    )
    if referral is None:
        raise ValidationError(
            {
                "referrals": _(
                    "This code has no open referral to %(to)s from before this encounter."
                )
                % {"to": to}
            }
        )
    referral.status = Referral.Status.LINKED
    referral.linked_on = encounter.at.astimezone(ZoneInfo(encounter.organization.time_zone)).date()
    referral.linked_at_encounter = encounter
    # Where the person got to, when staff name it and the referral named no service.
    if service is not None and referral.service_id is None:
        referral.service = service
    referral.save(update_fields=["status", "linked_on", "linked_at_encounter", "service"])
    Encounter.objects.filter(pk=referral.encounter_id).update(
        referrals_linked=F("referrals_linked") + 1
    )
    return referral


def _refresh_first_seen(participant_ids: Iterable[int | None]) -> None:
    ids = {pk for pk in participant_ids if pk is not None}
    if not ids:
        return
    first = Encounter.objects.filter(participant=OuterRef("pk")).order_by("at", "recorded_at")
    Participant.objects.filter(pk__in=ids).update(
        first_seen_at=Subquery(first.values("at")[:1]),
        first_site_id=Subquery(first.values("site_id")[:1]),
    )


def _data_of(encounter: Encounter) -> dict[str, Any]:
    """A stored encounter as the API would send it back (for versions and for the API)."""
    return {
        "at": encounter.at.isoformat(),
        "site": encounter.site_id,
        "participant_code": encounter.participant.shown_code if encounter.participant else None,
        "people": encounter.people,
        "supplies": [
            {"item": s.item.slug, "quantity": s.quantity} for s in encounter.supplies.all()
        ],
        "syringes_collected": encounter.syringes_collected,
        "services": list(encounter.services),
        "tests": [{"kind": t.kind, "result": t.result} for t in encounter.tests.all()],
        "referrals": [
            {"to": r.to, "status": r.status, "service": r.service_id}
            for r in encounter.referrals.all()
        ],
    }


@transaction.atomic
def encounter_record(
    *,
    user: User,
    access: ProgramAccess,
    data: EncounterData,
    encounter_id: uuid.UUID | None = None,
    confirm: bool = False,
) -> tuple[Encounter, bool]:
    """Record an encounter. With the client's own id, a retry returns the first one unchanged."""
    if encounter_id is not None:
        existing = Encounter.objects.filter(pk=encounter_id).first()
        if existing is not None:
            if existing.organization_id != access.organization.pk:
                raise Conflict(_("That id is already in use; choose another."))
            return existing, False
    data = replace(data, at=_aware(access, data.at))
    resolved = _resolve(access, data, confirm=confirm)
    encounter = Encounter(
        id=encounter_id or uuid.uuid4(),
        organization=access.organization,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    _write(user, encounter, data, resolved)
    _refresh_first_seen([encounter.participant_id])
    return encounter, True


@transaction.atomic
def encounter_correct(
    *,
    user: User,
    access: ProgramAccess,
    encounter_id: Any,
    data: EncounterData,
    confirm: bool = False,
) -> Encounter:
    """A correction: the previous values are kept as a version (who replaced them, when)."""
    encounter = (
        Encounter.objects.select_for_update(of=("self",))
        .filter(organization=access.organization, pk=encounter_id)
        .first()
    )
    if encounter is None:
        raise NotFound()
    data = replace(data, at=_aware(access, data.at))
    resolved = _resolve(access, data, confirm=confirm)
    before_participant = encounter.participant_id
    EncounterVersion.objects.create(
        encounter=encounter,
        version=encounter.version,
        data=_data_of(encounter),
        note=encounter.note,
        replaced_by=user,
    )
    # Undo what this encounter did to others: links it made go back to "made".
    for referral in Referral.objects.filter(linked_at_encounter=encounter):
        Encounter.objects.filter(pk=referral.encounter_id).update(
            referrals_linked=F("referrals_linked") - 1
        )
        referral.status = Referral.Status.MADE
        referral.linked_on = None
        referral.linked_at_encounter = None
        referral.save(update_fields=["status", "linked_on", "linked_at_encounter"])
    # Referrals made here that were linked since are kept as they are; the others are rewritten.
    Referral.objects.filter(encounter=encounter, status=Referral.Status.MADE).delete()
    kept = list(encounter.referrals.all())
    for referral in kept:
        if referral.to in resolved.made:
            resolved.made.remove(referral.to)
            named = resolved.services.get(referral.to)
            if named is not None and named.pk != referral.service_id:
                referral.service = named
                referral.save(update_fields=["service"])
    encounter.supplies.all().delete()
    encounter.tests.all().delete()
    encounter.stock_movements.all().delete()
    encounter.version += 1
    encounter.recorded_by = user
    encounter.recorded_at = timezone.now()
    _write(user, encounter, data, resolved)
    encounter.referrals_made = encounter.referrals.count()
    encounter.save(update_fields=["referrals_made"])
    _refresh_first_seen([before_participant, encounter.participant_id])
    return encounter


@transaction.atomic
def referral_link(*, access: ProgramAccess, referral_id: int, on: date) -> Referral:
    """Mark a referral linked (the person got there) on a date."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .filter(encounter__organization=access.organization, pk=referral_id)
        .first()
    )
    if referral is None:
        raise NotFound()
    if referral.status == Referral.Status.LINKED:
        raise Conflict(_("This referral is already marked linked."))
    if on > timezone.localdate() + timedelta(days=1):
        raise ValidationError({"on": _("That date is in the future.")})
    referral.status = Referral.Status.LINKED
    referral.linked_on = on
    referral.save(update_fields=["status", "linked_on"])
    Encounter.objects.filter(pk=referral.encounter_id).update(
        referrals_linked=F("referrals_linked") + 1
    )
    return referral


def link_referrals_on_visit(user: User, service: DirectoryService, went_on: date) -> None:
    """A participant marked "I went" at a directory service: each open referral to that
    service, made from a card the person linked to their own account, is marked linked on that
    day (issue 16: "a program sees the referral linked"). Nothing else of theirs is shared."""
    open_ones = Referral.objects.select_for_update(of=("self",)).filter(
        participant__user=user,
        service=service,
        status=Referral.Status.MADE,
        encounter__at__date__lte=went_on,
    )
    with transaction.atomic():
        for referral in open_ones:
            referral.status = Referral.Status.LINKED
            referral.linked_on = went_on
            referral.save(update_fields=["status", "linked_on"])
            Encounter.objects.filter(pk=referral.encounter_id).update(
                referrals_linked=F("referrals_linked") + 1
            )


# --- Reversals -----------------------------------------------------------------------------


@transaction.atomic
def reversal_record(
    *,
    user: User,
    access: ProgramAccess,
    reversal_id: uuid.UUID | None,
    at: datetime,
    place: str,
    outcome: str,
    site: int | None = None,
    participant_code: str | None = None,
    substances: list[str] | None = None,
    naloxone_doses: int = 0,
    naloxone_product: str | None = None,
    rescue_breathing: bool = False,
    called_911: bool = False,
    replacement_kit: str | None = None,
) -> tuple[Reversal, bool]:
    """An overdose reversal someone reported; a replacement kit comes out of the site's stock."""
    if reversal_id is not None:
        existing = Reversal.objects.filter(pk=reversal_id).first()
        if existing is not None:
            if existing.organization_id != access.organization.pk:
                raise Conflict(_("That id is already in use; choose another."))
            return existing, False
    errors: dict[str, list[str]] = {}
    site_obj = None
    if site is not None:
        site_obj = Site.objects.filter(organization=access.organization, pk=site).first()
        if site_obj is None:
            raise NotFound(_("That site is not one of this program's."))
    at = _aware(access, at)
    _check_time(errors, at)
    participant = None
    if participant_code:
        try:
            participant = resolve_code(access, participant_code)
        except ValidationError as error:
            errors.update(error.message_dict)
    if place not in Reversal.Place.values:
        _problems(errors, "place", _("Unknown place."))
    if outcome not in Reversal.Outcome.values:
        _problems(errors, "outcome", _("Unknown outcome."))
    unknown = [s for s in substances or [] if s not in SUBSTANCES]
    if unknown:
        _problems(errors, "substances", _("Unknown substance: %(s)s.") % {"s": ", ".join(unknown)})
    if not 0 <= naloxone_doses <= 20:
        _problems(errors, "naloxone_doses", _("From 0 to 20 doses."))
    naloxone = {
        i.slug: i
        for i in Item.objects.filter(
            organization=access.organization, category=Item.Category.NALOXONE
        )
    }
    if naloxone_product and naloxone_product not in naloxone:
        _problems(
            errors,
            "naloxone_product",
            _("%(s)s is not a naloxone product in this catalogue.") % {"s": naloxone_product},
        )
    if replacement_kit and replacement_kit not in naloxone:
        _problems(
            errors,
            "replacement_kit",
            _("%(s)s is not a naloxone product in this catalogue.") % {"s": replacement_kit},
        )
    if replacement_kit and site_obj is None:
        _problems(errors, "site", _("Say which site the replacement kit came from."))
    if errors:
        raise ValidationError(errors)
    reversal = Reversal.objects.create(
        id=reversal_id or uuid.uuid4(),
        organization=access.organization,
        site=site_obj,
        participant=participant,
        at=at,
        place=place,
        substances=sorted(set(substances or [])),
        naloxone_doses=naloxone_doses,
        naloxone_product=naloxone.get(naloxone_product or ""),
        rescue_breathing=rescue_breathing,
        called_911=called_911,
        outcome=outcome,
        replacement_kit=naloxone.get(replacement_kit or ""),
        recorded_by=user,
    )
    if reversal.replacement_kit is not None and site_obj is not None:
        StockMovement.objects.create(
            organization=access.organization,
            site=site_obj,
            item=reversal.replacement_kit,
            kind=StockMovement.Kind.REVERSAL,
            quantity=-1,
            at=at,
            by=user,
            reversal=reversal,
        )
    return reversal, True


# --- Sites, catalogue, stock (admins) ------------------------------------------------------


def _admin(access: ProgramAccess) -> None:
    if not access.is_admin:
        raise Refused(_("Only the program's admins manage sites, supplies and stock."))


def site_create(*, access: ProgramAccess, name: str, kind: str) -> Site:
    _admin(access)
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 80:
        _problems(errors, "name", _("A name of 1 to 80 characters."))
    if kind not in Site.Kind.values:
        _problems(errors, "kind", _("One of: %(k)s.") % {"k": ", ".join(Site.Kind.values)})
    if errors:
        raise ValidationError(errors)
    if Site.objects.filter(organization=access.organization, name__iexact=name).exists():
        raise Conflict(_("There is already a site with that name."))
    return Site.objects.create(organization=access.organization, name=name, kind=kind)


def item_create(
    *, access: ProgramAccess, slug: str, name: str, category: str, doses_per_kit: int | None = None
) -> Item:
    _admin(access)
    from django.utils.text import slugify

    slug = slugify(slug or name)[:60]
    errors: dict[str, list[str]] = {}
    if not slug:
        _problems(errors, "slug", _("Give the item a name."))
    if category not in Item.Category.values:
        _problems(errors, "category", _("One of: %(k)s.") % {"k": ", ".join(Item.Category.values)})
    if doses_per_kit is not None and not 1 <= doses_per_kit <= 10:
        _problems(errors, "doses_per_kit", _("From 1 to 10."))
    if errors:
        raise ValidationError(errors)
    if Item.objects.filter(organization=access.organization, slug=slug).exists():
        raise Conflict(_("The catalogue already has %(slug)s.") % {"slug": slug})
    return Item.objects.create(
        organization=access.organization,
        slug=slug,
        name=name.strip()[:80] or slug,
        category=category,
        doses_per_kit=doses_per_kit if category == Item.Category.NALOXONE else None,
    )


def item_doses_set(*, access: ProgramAccess, slug: str, doses_per_kit: int) -> Item:
    _admin(access)
    item = Item.objects.filter(organization=access.organization, slug=slug).first()
    if item is None:
        raise NotFound()
    if item.category != Item.Category.NALOXONE or not 1 <= doses_per_kit <= 10:
        raise ValidationError({"doses_per_kit": _("Naloxone kits hold 1 to 10 doses.")})
    item.doses_per_kit = doses_per_kit
    item.save(update_fields=["doses_per_kit"])
    return item


def _stock_target(access: ProgramAccess, site: int, item: str) -> tuple[Site, Item]:
    site_obj = Site.objects.filter(organization=access.organization, pk=site).first()
    item_obj = Item.objects.filter(organization=access.organization, slug=item).first()
    if site_obj is None:
        raise NotFound(_("That site is not one of this program's."))
    if item_obj is None:
        raise ValidationError(
            {"item": _("%(s)s is not in this program's catalogue.") % {"s": item}}
        )
    return site_obj, item_obj


@transaction.atomic
def stock_receive(
    *,
    user: User,
    access: ProgramAccess,
    site: int,
    item: str,
    quantity: int,
    lot: str = "",
    expires_on: date | None = None,
) -> StockMovement:
    _admin(access)
    site_obj, item_obj = _stock_target(access, site, item)
    if not 1 <= quantity <= 100000:
        raise ValidationError({"quantity": _("From 1 to 100000.")})
    if item_obj.category == Item.Category.NALOXONE and (not lot.strip() or expires_on is None):
        raise ValidationError({"lot": _("Naloxone receipts need the lot and the expiry date.")})
    return StockMovement.objects.create(
        organization=access.organization,
        site=site_obj,
        item=item_obj,
        kind=StockMovement.Kind.RECEIPT,
        quantity=quantity,
        lot=lot.strip()[:40],
        expires_on=expires_on,
        by=user,
    )


@transaction.atomic
def stock_transfer(
    *, user: User, access: ProgramAccess, from_site: int, to_site: int, item: str, quantity: int
) -> None:
    _admin(access)
    source, item_obj = _stock_target(access, from_site, item)
    target, _item = _stock_target(access, to_site, item)
    if source == target:
        raise ValidationError({"to_site": _("Choose another site to send to.")})
    if not 1 <= quantity <= 100000:
        raise ValidationError({"quantity": _("From 1 to 100000.")})
    now = timezone.now()
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                organization=access.organization,
                site=source,
                item=item_obj,
                at=now,
                by=user,
                kind=StockMovement.Kind.TRANSFER_OUT,
                quantity=-quantity,
            ),
            StockMovement(
                organization=access.organization,
                site=target,
                item=item_obj,
                at=now,
                by=user,
                kind=StockMovement.Kind.TRANSFER_IN,
                quantity=quantity,
            ),
        ]
    )


@transaction.atomic
def stock_count(
    *, user: User, access: ProgramAccess, site: int, item: str, counted: int
) -> StockMovement | None:
    """A physical count: the difference from the books becomes a count correction."""
    _admin(access)
    site_obj, item_obj = _stock_target(access, site, item)
    if not 0 <= counted <= 1000000:
        raise ValidationError({"counted": _("From 0 to 1000000.")})
    difference = counted - on_hand(access, site_obj, item_obj)
    if difference == 0:
        return None
    return StockMovement.objects.create(
        organization=access.organization,
        site=site_obj,
        item=item_obj,
        kind=StockMovement.Kind.COUNT,
        quantity=difference,
        by=user,
    )


# --- A participant's own link ----------------------------------------------------------------

_LINK_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _normalize_link(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


@transaction.atomic
def link_code_create(*, user: User, access: ProgramAccess, participant_code: str) -> str:
    """A one-time code (valid 30 minutes) staff make in the person's presence."""
    participant = resolve_code(access, participant_code)
    raw = "".join(secrets.choice(_LINK_ALPHABET) for _ in range(10))
    LinkCode.objects.create(
        participant=participant,
        code_hash=secret_hash(raw),
        created_by=user,
        expires_at=timezone.now() + timedelta(minutes=LINK_CODE_MINUTES),
    )
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def card_link(*, user: User, code: str) -> Participant:
    """Link a card to the participant's own account with the one-time code."""
    require_participant(user)
    link = (
        LinkCode.objects.select_for_update(of=("self",))
        .select_related("participant")
        .filter(code_hash=secret_hash(_normalize_link(code)))
        .first()
    )
    if link is None or not link.is_open:
        raise ValidationError({"code": _("That code does not work. It may be used or expired.")})
    participant = link.participant
    if participant.user_id is not None and participant.user_id != user.pk:
        raise ValidationError({"code": _("That card is linked to another account.")})
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    participant.user = user
    participant.linked_at = timezone.now()
    participant.save(update_fields=["user", "linked_at"])
    return participant


def card_unlink(*, user: User, participant_id: int) -> None:
    require_participant(user)
    updated = Participant.objects.filter(pk=participant_id, user=user).update(
        user=None, linked_at=None
    )
    if not updated:
        raise NotFound()


# --- Import --------------------------------------------------------------------------------

IMPORT_COLUMNS = (
    "id",
    "at",
    "site",
    "participant_code",
    "people",
    "supplies",
    "syringes_collected",
    "services",
    "hiv",
    "hcv",
    "referrals",
    "note",
)
MAX_IMPORT_ROWS = 20000


@dataclass
class ImportReport:
    rows: int = 0
    checked: int = 0
    finished: bool = False
    recorded: int = 0
    already: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _row_data(
    access: ProgramAccess, row: dict[str, str], sites: dict[str, int]
) -> tuple[uuid.UUID | None, EncounterData]:
    raw_id = (row.get("id") or "").strip()
    encounter_id = uuid.UUID(raw_id) if raw_id else None
    raw_at = (row.get("at") or "").strip()
    at = parse_datetime(raw_at)
    if at is None:
        day = parse_date(raw_at)
        if day is None:
            raise ValueError(_("at: a date (YYYY-MM-DD) or date and time (ISO 8601)."))
        at = datetime.combine(day, datetime.min.time().replace(hour=12))
    if timezone.is_naive(at):
        at = timezone.make_aware(at, access.tz)
    site_key = (row.get("site") or "").strip().lower()
    if site_key not in sites:
        raise ValueError(
            _("site: %(s)s is not one of this program's sites.") % {"s": row.get("site")}
        )
    supplies = []
    for part in _split(row.get("supplies") or ""):
        slug, _sep, qty = part.partition(":")
        supplies.append((slug.strip(), _whole(qty or "1", "supplies")))
    tests = [
        (kind, (row.get(kind) or "").strip())
        for kind in ("hiv", "hcv")
        if (row.get(kind) or "").strip()
    ]
    return encounter_id, EncounterData(
        at=at,
        site=sites[site_key],
        participant_code=(row.get("participant_code") or "").strip() or None,
        people=_whole((row.get("people") or "1").strip() or "1", "people"),
        supplies=supplies,
        syringes_collected=_whole(row["syringes_collected"], "syringes_collected")
        if (row.get("syringes_collected") or "").strip()
        else None,
        services=_split(row.get("services") or ""),
        tests=tests,
        referrals=[(to, "made") for to in _split(row.get("referrals") or "")],
        note=(row.get("note") or "").strip(),
    )


def import_csv(*, user: User, access: ProgramAccess, text: str) -> ImportReport:
    """Import encounters from CSV (docs/programs.md): every row is checked; if any is refused,
    nothing is written and the report lists each refused row and why."""
    # The generator yields the same report as it fills it; its last state is the answer.
    return deque(import_csv_steps(user=user, access=access, text=text), maxlen=1)[0]


IMPORT_STEP = 50


def _whole(text: str, column: str) -> int:
    """A CSV cell as a whole number, or a refusal in words (not Python's "invalid literal")."""
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(
            _("%(column)s: “%(value)s” is not a whole number.")
            % {"column": column, "value": text.strip()[:20]}
        ) from None


def import_csv_steps(*, user: User, access: ProgramAccess, text: str) -> Iterator[ImportReport]:
    """`import_csv` as a generator: the same report, yielded every 50 rows and at the end, so a
    page can show progress. Closing it early writes nothing."""
    _admin(access)
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("at", "site") if c not in (reader.fieldnames or [])]
    if missing:
        report.refused.append(
            (1, _("The header row needs the columns: %(c)s.") % {"c": ", ".join(missing)})
        )
        yield report
        return
    rows = list(reader)
    if len(rows) > MAX_IMPORT_ROWS:
        report.refused.append((1, _("At most %(n)d rows per file.") % {"n": MAX_IMPORT_ROWS}))
        yield report
        return
    report.rows = len(rows)
    sites = {s.name.lower(): s.pk for s in Site.objects.filter(organization=access.organization)}
    sites.update({str(pk): pk for pk in list(sites.values())})
    try:
        with transaction.atomic():
            for number, row in enumerate(rows, start=2):
                try:
                    encounter_id, data = _row_data(access, row, sites)
                    with transaction.atomic():
                        _encounter, created = encounter_record(
                            user=user,
                            access=access,
                            data=data,
                            encounter_id=encounter_id,
                            confirm=True,
                        )
                except ValidationError as error:
                    detail = (
                        "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
                        if hasattr(error, "error_dict")
                        else " ".join(error.messages)
                    )
                    report.refused.append((number, detail))
                except (ValueError, InvalidOperation, NotFound, Conflict) as error:
                    report.refused.append((number, str(error) or _("This row could not be read.")))
                else:
                    if created:
                        report.recorded += 1
                    else:
                        report.already += 1
                report.checked = number - 1
                if report.checked % IMPORT_STEP == 0 and report.checked < report.rows:
                    yield report
            if report.refused:
                raise _Rollback
    except _Rollback:
        report.recorded = 0
        report.already = 0
    report.finished = True
    yield report


class _Rollback(Exception):
    """Leaves import_csv's transaction without writing anything."""
