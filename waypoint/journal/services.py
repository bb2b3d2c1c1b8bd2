"""Writing the journal: entries, check-ins, baseline days, own substances, the profile."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.accounts.zones import local_now, zone_for
from waypoint.core.errors import UNUSUAL, Conflict, unusual_questions
from waypoint.journal import attention, digest
from waypoint.journal.catalogue import DRINK_PRESETS_BY_CODE
from waypoint.journal.models import (
    UNIT_WORDS,
    BaselineDay,
    CheckIn,
    Entry,
    Profile,
    Substance,
    today,
)
from waypoint.journal.plausible import EARLIEST_DAY, is_unusual, unusual_question
from waypoint.journal.vocab import CareAction, Category, Harm, Unit
from waypoint.measures import grams_of_ethanol

# Fields remembered per substance and offered again on the next log: only what the log form
# shows before Save. (Older profiles may still hold route, place and company; they are ignored.)
REMEMBERED = ("amount", "unit")
OPTIONAL_FIELDS = (
    "route",
    "mood",
    "ate_before",
    "slept_well",
    "physical",
    "intention",
    "place",
    "company",
    "activity",
    "harms",
    "care_actions",
    "note",
)
MAX_AMOUNT = Decimal("100000")
MAX_NOTE = 10_000


def profile_of(user: User) -> Profile:
    """The person's profile, made on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def substances_for(user: User) -> QuerySet[Substance]:
    """The built-in catalogue plus the person's own substances."""
    return Substance.objects.filter(Q(owner__isnull=True) | Q(owner=user))


# `substances_for` as SQL on the substance table (`%s`: the person's id), for the hot reads
# that skip the ORM (Today's log form, the progress page): one rule, written here only.
SUBSTANCES_FOR_SQL = "(owner_id IS NULL OR owner_id = %s)"


def substance_for(user: User, key: int | str) -> Substance:
    """A substance the person may use, by id or slug; ValidationError when there is none."""
    options = substances_for(user)
    found = None
    text = str(key)
    # isdecimal() alone would accept "4²"-like digits int() refuses; ids fit in 64 bits.
    if text.isascii() and text.isdecimal() and int(text) < 2**63:
        found = options.filter(pk=int(text)).first()
    if found is None and isinstance(key, str):
        # The catalogue wins a tie, on every database (NULL sorts differently on each).
        found = options.filter(slug=key).order_by(F("owner_id").asc(nulls_first=True)).first()
    if found is None:
        raise ValidationError({"substance": _("Unknown substance: %(key)s.") % {"key": key}})
    return found


def own_substance_get_or_create(
    *, user: User, name: str, category: str, unit: str
) -> tuple[Substance, bool]:
    """The person's own substance of that name, made if new; returns (substance, created)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the substance a name.")})
    if len(name) > 60:
        raise ValidationError({"name": _("Keep the name to 60 characters or fewer.")})
    if category not in Category.values:
        raise ValidationError(
            {"category": _("Unknown category: %(category)s.") % {"category": category}}
        )
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Unknown unit: %(unit)s.") % {"unit": unit}})
    # The name is encrypted, so the same name is found by comparing the person's own few
    # substances in Python, and the slug is random: a slug made from the name would reveal it.
    wanted = slugify(name) or name.casefold()
    for existing in Substance.objects.filter(owner=user):
        if (slugify(existing.name) or existing.name.casefold()) == wanted:
            return existing, False
    substance = Substance.objects.create(
        owner=user,
        slug=own_substance_slug(),
        name=name,
        category=category,
        default_unit=unit,
        units=[unit],
    )
    return substance, True


def own_substance_slug() -> str:
    """A random slug for a person's own substance ('own-' never starts a catalogue slug)."""
    return f"own-{secrets.token_hex(6)}"


def by_name(substances: Iterable[Substance]) -> list[Substance]:
    """Substances sorted by name (names are encrypted, so the database cannot sort them)."""
    return sorted(substances, key=lambda substance: substance.name.casefold())


def own_substance_create(*, user: User, name: str, category: str, unit: str) -> Substance:
    """Add a substance of the person's own to their list (the same name twice gives one)."""
    substance, _created = own_substance_get_or_create(
        user=user, name=name, category=category, unit=unit
    )
    return substance


def _check_codes(values: Iterable[str], allowed: list[str], field: str) -> list[str]:
    codes = list(dict.fromkeys(values))  # keep order, drop repeats
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("Unknown value(s): %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return codes


def _long_date(day: date) -> str:
    return formats.date_format(day, "j F Y")


def check_day(day: date, profile: Profile | None = None, user: Any = None) -> date:
    """A day the journal can hold: not in the future (on the person's own clock), not before
    2000, and not before the person's baseline calendar (the journal starts where it starts)."""
    if day > today(user):
        raise ValidationError({"day": _("That day is in the future.")})
    if day < EARLIEST_DAY:
        raise ValidationError(
            {
                "day": _("%(day)s is before the year 2000. Check the year, then save again.")
                % {"day": _long_date(day)}
            }
        )
    if profile is not None and profile.baseline_start and day < profile.baseline_start:
        raise ValidationError(
            {
                "day": _(
                    "%(day)s is before your starting calendar, which begins on %(start)s. "
                    "Your journal holds days from then on."
                )
                % {"day": _long_date(day), "start": _long_date(profile.baseline_start)}
            }
        )
    return day


def alcohol_grams_for(
    *, amount: Decimal, unit: str, grams_per_drink: float, abv_percent: float | None = None
) -> float:
    """Grams of ethanol for an alcohol amount in standard drinks, or in mL with a strength."""
    if unit == Unit.DRINK:
        return float(amount) * grams_per_drink
    if unit == Unit.ML:
        if abv_percent is None:
            raise ValidationError({"abv_percent": _("Give the strength (% alcohol) for mL.")})
        if not 0 <= abv_percent <= 100:
            raise ValidationError(
                {
                    "abv_percent": _(
                        "The strength is the percentage of alcohol, from 0 to 100 "
                        "(beer is often about 5, wine 12, spirits 40)."
                    )
                }
            )
        return grams_of_ethanol(float(amount), abv_percent)
    raise ValidationError({"unit": _("Alcohol is logged in standard drinks or mL.")})


def _apply(
    entry: Entry,
    *,
    profile: Profile,
    substance: Substance,
    day: date,
    at: time | None,
    amount: Decimal | None,
    unit: str | None,
    preset: str | None,
    count: Decimal,
    abv_percent: float | None,
    fields: dict[str, Any],
    confirm_unusual: bool = True,
    keep_moment: bool = False,
) -> None:
    """Validate and set every field of an entry; nothing is saved here.

    Unless `confirm_unusual`, an amount far beyond a day's use is refused with the code UNUSUAL
    (a question, "Is that right?", that the person answers by confirming).
    """
    entry.substance = substance
    entry.day = check_day(day, profile, entry.user)
    if not keep_moment:
        # The time is read on the person's clock now (their zone), on the day they chose.
        moment = at or (local_now(entry.user).time() if day == today(entry.user) else time(12, 0))
        entry.used_at = timezone.make_aware(datetime.combine(day, moment), zone_for(entry.user))
    entry.time_given = at is not None
    entry.preset, entry.preset_count = "", None
    if preset:
        found = DRINK_PRESETS_BY_CODE.get(preset)
        if found is None or not substance.is_alcohol:
            raise ValidationError({"preset": _("Unknown drink: %(preset)s.") % {"preset": preset}})
        if count <= 0 or count > 1000:
            raise ValidationError(
                {"count": _("The number of drinks must be more than 0 and at most 1000.")}
            )
        amount, unit = count * Decimal(str(found.volume_ml)), Unit.ML
        abv_percent = found.abv_percent
        entry.preset, entry.preset_count = preset, count.quantize(Decimal("0.01"))
    if amount is None:
        raise ValidationError({"amount": _("Say how much.")})
    if amount <= 0 or amount > MAX_AMOUNT:
        raise ValidationError({"amount": _("The amount must be more than 0 and at most 100000.")})
    unit = unit or substance.default_unit
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Unknown unit: %(unit)s.") % {"unit": unit}})
    if substance.units and unit not in substance.units:
        raise ValidationError(
            {
                "unit": _("%(substance)s is logged in %(units)s.")
                % {"substance": substance.name, "units": units_text(substance)}
            }
        )
    entry.amount, entry.unit = amount.quantize(Decimal("0.01")), unit
    entry.alcohol_grams = (
        alcohol_grams_for(
            amount=amount,
            unit=unit,
            grams_per_drink=profile.grams_per_drink,
            abv_percent=abv_percent,
        )
        if substance.is_alcohol
        else None
    )
    if not confirm_unusual:
        _ask_if_unusual(entry, profile)
    for name in ("mood",):
        value = fields.get(name)
        if value is not None and not 1 <= int(value) <= 5:
            raise ValidationError({name: _("Mood is from 1 to 5.")})
    if "harms" in fields:
        fields["harms"] = _check_codes(fields["harms"] or [], Harm.values, "harms")
    if "care_actions" in fields:
        fields["care_actions"] = _check_codes(
            fields["care_actions"] or [], CareAction.values, "care_actions"
        )
    if len(fields.get("note") or "") > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note to 10000 characters or fewer.")})
    for name, value in fields.items():
        if name not in OPTIONAL_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        setattr(entry, name, "" if value is None and name in _TEXT_FIELDS else value)
    # Uniqueness of the id is the insert's to decide (entry_create), not a racy pre-check here.
    entry.full_clean(exclude=["user", "substance"], validate_unique=False)


def _ask_if_unusual(entry: Entry, profile: Profile) -> None:
    """Ask "Is that right?" when this entry takes its day past what a person could use.

    The day's other entries of the substance count too, but a day already past the limit (an
    amount confirmed before) is not asked about again for each further entry.
    """
    substance = entry.substance
    others = Entry.objects.filter(user_id=entry.user_id, day=entry.day, substance=substance)
    if entry.pk is not None:
        others = others.exclude(pk=entry.pk)
    if substance.is_alcohol:
        before = others.aggregate(total=Sum("alcohol_grams"))["total"] or 0.0
        now = entry.alcohol_grams or 0.0
    else:
        before = float(others.filter(unit=entry.unit).aggregate(total=Sum("amount"))["total"] or 0)
        now = float(entry.amount)
    category, unit = substance.category, entry.unit
    if is_unusual(category=category, unit=unit, amount=before, grams=before):
        return
    if not is_unusual(category=category, unit=unit, amount=before + now, grams=before + now):
        return
    text = entry.amount_text
    drinks = entry.standard_drinks(profile.country)
    if drinks is not None and entry.unit != Unit.DRINK:
        text = _("%(amount)s (%(drinks)s standard drinks)") % {
            "amount": text,
            "drinks": f"{drinks:.1f}",
        }
    total = None
    if before:
        if substance.is_alcohol:
            total = _drink_words(float(before + now) / profile.grams_per_drink)
        else:
            total = _unit_words(before + now, unit)
    raise ValidationError(
        {"amount": ValidationError(unusual_question(text, day_total=total), code=UNUSUAL)}
    )


def _drink_words(drinks: float) -> str:
    return _unit_words(round(drinks, 1), Unit.DRINK)


def _unit_words(amount: float, unit: str) -> str:
    number = f"{amount:g}" if abs(amount) < 1e15 else f"{amount:.0f}"
    words = UNIT_WORDS.get(unit)
    if words is None:
        return f"{number} {unit}"
    return str(words % {"n": number, "count": 1 if amount == 1 else 2})


def is_unusual_error(error: ValidationError) -> bool:
    """Whether a refusal is (only) the "Is that right?" question about an amount."""
    return unusual_questions(error)[1]


_TEXT_FIELDS = {"route", "physical", "intention", "place", "company", "activity", "note"}


def units_text(substance: Substance) -> str:
    """The units a substance is logged in, in words: "joints, hits, grams"."""
    return ", ".join(str(Unit(code).label) for code in substance.units if code in Unit.values)


def _remember(
    profile: Profile, entry: Entry, *, preset: str | None = None, count: Decimal | None = None
) -> None:
    values = {name: str(getattr(entry, name)) for name in REMEMBERED}
    if preset:
        # A drink preset is offered again as the same drink and count, not as millilitres.
        values |= {"preset": preset, "count": str(count)}
    elif entry.unit == Unit.ML and entry.abv_percent is not None:
        values["abv_percent"] = str(entry.abv_percent)
    profile.remembered[str(entry.substance_id)] = values
    profile.save(update_fields=["remembered"])


def _use_reported(entry: Entry) -> None:
    """Logging use on a day takes back that day's 'no use' (mood and wellbeing stay)."""
    CheckIn.objects.filter(user_id=entry.user_id, day=entry.day, no_use=True).update(
        no_use=False, updated_at=timezone.now()
    )


def _stored_retry(user: User, entry_id: uuid.UUID) -> Entry | None:
    """The person's own entry with this id (a retry), None when the id is free; Conflict when
    the id is someone else's, answered the same whoever it belongs to."""
    existing = Entry.objects.filter(pk=entry_id).only("id", "user_id").first()
    if existing is None:
        return None
    if existing.user_id != user.pk:
        raise Conflict(_("That id is already in use; choose another."), field="id")
    return Entry.objects.get(pk=entry_id)


@transaction.atomic
def entry_create(
    *,
    user: User,
    substance: Substance,
    day: date,
    at: time | None = None,
    amount: Decimal | None = None,
    unit: str | None = None,
    preset: str | None = None,
    count: Decimal = Decimal(1),
    abv_percent: float | None = None,
    entry_id: uuid.UUID | None = None,
    confirm_unusual: bool = False,
    **fields: Any,
) -> tuple[Entry, bool]:
    """Log a use. With a client-chosen `entry_id` a retry returns the first entry unchanged.

    Returns (entry, created). Amount is in `unit`, or `count` drinks of a `preset`.
    """
    if entry_id is not None:
        existing = _stored_retry(user, entry_id)
        if existing is not None:
            return existing, False
    profile = profile_of(user)
    entry = Entry(user=user, id=entry_id or uuid.uuid4())
    _apply(
        entry,
        profile=profile,
        substance=substance,
        day=day,
        at=at,
        amount=amount,
        unit=unit,
        preset=preset,
        count=count,
        abv_percent=abv_percent,
        fields=fields,
        confirm_unusual=confirm_unusual,
    )
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        # Two requests with one id raced and the other committed first (PostgreSQL makes this
        # insert wait for it). The owner's retry gets what it stored; anyone else a conflict.
        stored = _stored_retry(user, entry.pk)
        if stored is None:
            raise
        return stored, False
    _remember(profile, entry, preset=preset, count=count)
    _use_reported(entry)
    digest.refresh(user.pk, [entry.day])
    return entry, True


@transaction.atomic
def entry_update(
    *,
    entry: Entry,
    substance: Substance | None = None,
    day: date | None = None,
    at: time | None = None,
    amount: Decimal | None = None,
    unit: str | None = None,
    preset: str | None = None,
    count: Decimal = Decimal(1),
    abv_percent: float | None = None,
    confirm_unusual: bool = False,
    **fields: Any,
) -> Entry:
    """Change an entry; fields not given keep their values. Backdating is normal.

    The time stays "not given" unless a time is sent; the amount is asked about (as on create)
    only when the day, substance, amount or unit changes.
    """
    profile = profile_of(entry.user)
    old_day = entry.day
    was = (entry.day, entry.substance_id, entry.amount, entry.unit, entry.preset_count)
    time_given = entry.time_given
    local = entry.used_at.astimezone(zone_for(entry.user))
    # Same day and same clock time (to the minute, as the form shows it): the moment stays as
    # stored, even if the person's zone changed since, so an edit of the amount moves nothing.
    keep_moment = (day is None or day == old_day) and (
        at is None or (at.hour, at.minute) == (local.hour, local.minute)
    )
    new_substance = substance or entry.substance
    unchanged_drink = preset is None and unit is None and amount is None and abv_percent is None
    if unchanged_drink and entry.is_preset and new_substance.is_alcohol:
        # Unchanged drinks stay the drinks the person logged ("3 pints"), not millilitres.
        preset, count = entry.preset, entry.preset_count or count
    if unit is None and not preset:
        # Keep the unit unless the new substance is not logged in it.
        fits = not new_substance.units or entry.unit in new_substance.units
        unit = entry.unit if fits else new_substance.default_unit
        if abv_percent is None and unit == entry.unit:
            abv_percent = entry.abv_percent
    elif unit == Unit.ML and abv_percent is None:
        abv_percent = entry.abv_percent
    _apply(
        entry,
        profile=profile,
        substance=new_substance,
        day=day or entry.day,
        at=at or local.time(),
        amount=amount if amount is not None or preset else entry.amount,
        unit=unit,
        preset=preset,
        count=count,
        abv_percent=abv_percent,
        fields=fields,
        confirm_unusual=True,
        keep_moment=keep_moment,
    )
    if at is None:
        entry.time_given = time_given
    now = (entry.day, entry.substance_id, entry.amount, entry.unit, entry.preset_count)
    if not confirm_unusual and now != was:
        _ask_if_unusual(entry, profile)
    entry.save()
    _use_reported(entry)
    digest.refresh(entry.user_id, [old_day, entry.day])
    return entry


@transaction.atomic
def entry_delete(*, entry: Entry) -> None:
    """Delete an entry for good (the day stays reported only if it has other records)."""
    user_id, day = entry.user_id, entry.day
    entry.delete()
    digest.refresh(user_id, [day])


@transaction.atomic
def checkin_set(
    *,
    user: User,
    day: date,
    no_use: bool | None = None,
    mood: int | None = None,
    wellbeing: int | None = None,
    clear: Iterable[str] = (),
) -> CheckIn:
    """Record or update the day's check-in; values not given stay as they were.

    `clear` names values to empty ("mood", "wellbeing"); 'no use' cannot be set on a day that
    has entries, so a day is never both.
    """
    check_day(day, profile_of(user), user)
    clear = set(clear)
    if clear - {"mood", "wellbeing"}:
        raise ValidationError({"clear": _("Only mood and wellbeing can be cleared.")})
    if mood is not None and not 1 <= mood <= 5:
        raise ValidationError({"mood": _("Mood is from 1 to 5.")})
    if wellbeing is not None and not 0 <= wellbeing <= 10:
        raise ValidationError({"wellbeing": _("Wellbeing is from 0 to 10.")})
    if no_use and Entry.objects.filter(user=user, day=day).exists():
        raise ValidationError(
            {"no_use": _("This day has entries. Delete them first if there was no use that day.")}
        )
    checkin, _created = CheckIn.objects.get_or_create(user=user, day=day)
    for name, value in (("no_use", no_use), ("mood", mood), ("wellbeing", wellbeing)):
        if value is not None:
            setattr(checkin, name, value)
    for name in clear:
        setattr(checkin, name, None)
    checkin.save()
    digest.refresh(user.pk, [day])
    return checkin


def unusual_baseline_days(
    *, substance: Substance, amounts: dict[date, float], profile: Profile
) -> list[date]:
    """The calendar days whose amount is far beyond what a person could use in a day."""
    unit = Unit.DRINK if substance.is_alcohol else substance.default_unit
    return sorted(
        day
        for day, amount in amounts.items()
        if is_unusual(
            category=substance.category,
            unit=unit,
            amount=amount,
            grams=amount * profile.grams_per_drink if substance.is_alcohol else None,
        )
    )


def unusual_baseline_question(
    *, substance: Substance, amounts: dict[date, float], days: list[date]
) -> str:
    """ "Is that right?" for calendar days, each value restated in words."""
    unit = Unit.DRINK if substance.is_alcohol else substance.default_unit
    listed = "; ".join(
        _("%(day)s: %(amount)s")
        % {"day": formats.date_format(day, "l j F"), "amount": _unit_words(amounts[day], unit)}
        for day in days
    )
    return _(
        "Is that right? %(substance)s, %(days)s. That is far more than most people could use in "
        "one day. If it is right, say so and it will be saved."
    ) % {"substance": substance.name, "days": listed}


@transaction.atomic
def baseline_save(
    *,
    user: User,
    substance: Substance,
    start: date,
    end: date,
    amounts: dict[date, float],
    confirm_unusual: bool = False,
) -> int:
    """Replace the person's baseline calendar for one substance; returns the days stored.

    `amounts` holds standard drinks for alcohol (converted to grams with the person's own
    standard drink), else the substance's default unit; days not in it are not reported.
    Unless `confirm_unusual`, a day far beyond a day's use is asked about (code UNUSUAL).
    """
    if start > end:
        raise ValidationError({"start": _("The calendar must start before it ends.")})
    if start < EARLIEST_DAY or end > today(user):
        raise ValidationError(
            {"start": _("The calendar covers days from the year 2000 up to today.")}
        )
    profile = profile_of(user)
    rows = []
    for day, amount in amounts.items():
        if not start <= day <= end:
            raise ValidationError(
                {
                    "day": _("%(day)s is outside the calendar (%(start)s to %(end)s).")
                    % {
                        "day": _long_date(day),
                        "start": _long_date(start),
                        "end": _long_date(end),
                    }
                }
            )
        if not 0 <= amount <= float(MAX_AMOUNT):
            raise ValidationError(
                {"amount": _("Give an amount from 0 (none) to 100000 for each day.")}
            )
    unusual = unusual_baseline_days(substance=substance, amounts=amounts, profile=profile)
    if unusual and not confirm_unusual:
        question = unusual_baseline_question(substance=substance, amounts=amounts, days=unusual)
        raise ValidationError({"amount": ValidationError(question, code=UNUSUAL)})
    for day, amount in amounts.items():
        grams = amount * profile.grams_per_drink if substance.is_alcohol else None
        rows.append(
            BaselineDay(user=user, substance=substance, day=day, amount=amount, alcohol_grams=grams)
        )
    BaselineDay.objects.filter(user=user, substance=substance).delete()
    BaselineDay.objects.bulk_create(rows)
    profile.baseline_start, profile.baseline_end = start, end
    profile.save(update_fields=["baseline_start", "baseline_end"])
    attention.refresh_journal(user.pk)
    return len(rows)


def hard_moments_set(*, user: User, on: bool) -> Profile:
    """Turn the options offered after a hard moment on or off (on unless the person says)."""
    profile = profile_of(user)
    profile.hard_moments = on
    profile.save(update_fields=["hard_moments"])
    return profile
