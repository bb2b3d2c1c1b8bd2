"""The fixed vocabularies of a journal entry: drug, set, setting, harms and care actions.

Codes are stable (stored, exported, sent over the API); labels are what people read.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    DRINK = "drink", _("standard drinks")
    ML = "ml", _("mL")
    G = "g", _("grams")
    MG = "mg", _("milligrams")
    PILL = "pill", _("pills")
    TAB = "tab", _("tabs")
    HIT = "hit", _("hits")
    LINE = "line", _("lines")
    JOINT = "joint", _("joints")
    CIGARETTE = "cigarette", _("cigarettes")
    BAG = "bag", _("bags")
    DOSE = "dose", _("doses")


class Route(models.TextChoices):
    SWALLOWED = "swallowed", _("swallowed / drank")
    SMOKED = "smoked", _("smoked")
    VAPED = "vaped", _("vaped")
    SNORTED = "snorted", _("snorted")
    INJECTED = "injected", _("injected")
    UNDER_TONGUE = "under_tongue", _("under the tongue")
    OTHER = "other", _("other")


class Category(models.TextChoices):
    ALCOHOL = "alcohol", _("Alcohol")
    CANNABIS = "cannabis", _("Cannabis")
    NICOTINE = "nicotine", _("Nicotine")
    OPIOID = "opioid", _("Opioids")
    STIMULANT = "stimulant", _("Stimulants")
    DEPRESSANT = "depressant", _("Sedatives and depressants")
    PSYCHEDELIC = "psychedelic", _("Psychedelics")
    DISSOCIATIVE = "dissociative", _("Dissociatives")
    OTHER = "other", _("Other")


class Physical(models.TextChoices):
    FINE = "fine", _("fine")
    TIRED = "tired", _("tired")
    UNWELL = "unwell", _("unwell")
    PAIN = "pain", _("in pain")
    WITHDRAWAL = "withdrawal", _("in withdrawal")


class Intention(models.TextChoices):
    RELAX = "relax", _("to relax")
    SOCIAL = "social", _("to be social")
    CELEBRATE = "celebrate", _("to celebrate")
    COPE = "cope", _("to cope with feelings")
    SLEEP = "sleep", _("to sleep")
    PAIN = "pain", _("for pain")
    WITHDRAWAL = "withdrawal", _("to feel well / avoid withdrawal")
    HABIT = "habit", _("out of habit")
    EXPLORE = "explore", _("to explore")
    OTHER = "other", _("other")


class Place(models.TextChoices):
    HOME = "home", _("at home")
    FRIENDS = "friends", _("at a friend's place")
    BAR = "bar", _("bar or club")
    PARTY = "party", _("party or event")
    OUTDOORS = "outdoors", _("outdoors")
    WORK = "work", _("at work or school")
    VEHICLE = "vehicle", _("in a vehicle")
    OTHER = "other", _("somewhere else")


class Company(models.TextChoices):
    ALONE = "alone", _("alone")
    PARTNER = "partner", _("with a partner")
    FRIENDS = "friends", _("with friends")
    FAMILY = "family", _("with family")
    STRANGERS = "strangers", _("with people I don't know")


class Harm(models.TextChoices):
    """Things that raise risk; counted so a person can see them become less frequent."""

    IMPAIRED_DRIVING = "impaired_driving", _("drove, or rode with a driver who had used")
    SHARED_EQUIPMENT = "shared_equipment", _("shared equipment")
    USED_ALONE = "used_alone", _("used alone")
    MIXED_DEPRESSANTS = "mixed_depressants", _("mixed depressants")
    BLACKOUT = "blackout", _("blackout")
    OVERDOSE = "overdose", _("overdose")
    FIGHT_INJURY = "fight_injury", _("fight or injury")
    LEGAL = "legal", _("legal trouble")
    MISSED_OBLIGATIONS = "missed_obligations", _("missed work, school or care duties")


class CareAction(models.TextChoices):
    """Ways of looking after oneself; counted so a person can see them become more frequent."""

    ATE_FIRST = "ate_first", _("ate first")
    HAD_NALOXONE = "had_naloxone", _("had naloxone nearby")
    TESTED_SUPPLY = "tested_supply", _("tested the supply")
    STERILE_SUPPLIES = "sterile_supplies", _("used sterile supplies")
    SOMEONE_CHECKED = "someone_checked", _("had someone check on me")
    STARTED_LOW = "started_low", _("started low")
    SPACED_DOSES = "spaced_doses", _("spaced doses")
    SAFE_RIDE = "safe_ride", _("arranged a safe ride")
    KEPT_LIMIT = "kept_limit", _("kept to my limit")
    WATER = "water", _("drank water")


class Relationship(models.TextChoices):
    """How a person describes their relationship with a substance (a spectrum, not a gate)."""

    NONE = "none", _("I don't use it")
    OCCASIONAL = "occasional", _("occasional")
    REGULAR = "regular", _("regular")
    HEAVY = "heavy", _("heavy")
    CHAOTIC = "chaotic", _("chaotic, hard to predict")


class Readiness(models.TextChoices):
    """Stages of change (Prochaska & DiClemente), in plain words. Recorded, never a gate."""

    NOT_CONSIDERING = "not_considering", _("not thinking about changing")
    CONSIDERING = "considering", _("thinking about it")
    PREPARING = "preparing", _("getting ready")
    ACTING = "acting", _("making changes now")
    MAINTAINING = "maintaining", _("keeping up changes I've made")


class Guideline(models.TextChoices):
    """Which drinking thresholds apply; asked neutrally, not as an identity question."""

    FEMALE = "female", _("the lower thresholds (often used for women)")
    MALE = "male", _("the higher thresholds (often used for men)")
