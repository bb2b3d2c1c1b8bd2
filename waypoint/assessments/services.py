"""Recording questionnaires: answers are checked and scored by waypoint.measures, never by hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment
from waypoint.journal import attention
from waypoint.journal.services import profile_of
from waypoint.measures import INSTRUMENTS, MeasureInputError, score, score_audit_c


def _unscorable(key: str, answers: Sequence[object]) -> ValidationError:
    """Answers that do not fit the questionnaire, said in words (not the scorer's own)."""
    instrument = INSTRUMENTS[key]
    given = len(answers)
    if given != instrument.item_count:
        return ValidationError(
            _("%(name)s has %(n)s questions; these answers hold %(given)s. Answer each one.")
            % {"name": instrument.name, "n": instrument.item_count, "given": given}
        )
    bad = [
        str(number)
        for number, (value, allowed) in enumerate(
            zip(answers, instrument.allowed_values, strict=False), start=1
        )
        if value not in allowed
    ]
    return ValidationError(
        _("The answer to question %(numbers)s is not one of its choices; choose one of them.")
        % {"numbers": ", ".join(bad) or "?"}
    )


def audit_c_record(
    *, user: User, answers: Sequence[int], taken_at: datetime | None = None
) -> Assessment:
    """Score and store an AUDIT-C with the person's chosen drinking thresholds."""
    sex = profile_of(user).sex_for_measures
    try:
        result = score_audit_c(list(answers), sex=sex)
    except MeasureInputError as error:
        raise _unscorable("audit_c", answers) from error
    return Assessment.objects.create(
        user=user,
        instrument="audit_c",
        answers=list(answers),
        total=result.total,
        band=result.band,
        flags=sorted(result.flags),
        taken_at=taken_at or timezone.now(),
    )


def latest_assessment(*, user: User, instrument: str) -> Assessment | None:
    """The person's most recent result for one instrument, if any."""
    return Assessment.objects.filter(user=user, instrument=instrument).order_by("-taken_at").first()


def assessment_record(
    *, user: User, instrument: str, answers: Sequence[int], taken_at: datetime | None = None
) -> Assessment:
    """Score and store any instrument from waypoint.measures (added for care: issue 5).

    AUDIT-C uses the person's chosen drinking thresholds. The readiness ruler has no total, so
    its 'how ready' answer (0-10) is stored as the total to chart; all three answers are kept.
    """
    if instrument == "audit_c":
        return audit_c_record(user=user, answers=answers, taken_at=taken_at)
    if instrument not in INSTRUMENTS:
        raise ValidationError(_("Unknown questionnaire: %(key)s.") % {"key": instrument})
    try:
        result = score(instrument, list(answers))
    except MeasureInputError as error:
        raise _unscorable(instrument, answers) from error
    total = result.total if result.total is not None else result.readiness
    with transaction.atomic():
        assessment = Assessment.objects.create(
            user=user,
            instrument=instrument,
            answers=list(answers),
            total=total,
            band=result.band,
            flags=sorted(result.flags),
            taken_at=taken_at or timezone.now(),
        )
        if instrument == "phq9":  # the caseload's PHQ-9 item 9 flag (journal.attention)
            attention.refresh_self_harm(user.pk)
    return assessment
