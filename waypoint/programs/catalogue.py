"""The slugs every program starts with: its supply catalogue, services, referrals, substances."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What the report counts a catalogue item as."""

    SYRINGE = "syringe", _("Syringes")
    NALOXONE = "naloxone", _("Naloxone kits")
    FENTANYL_STRIP = "fentanyl-test-strip", _("Fentanyl test strips")
    XYLAZINE_STRIP = "xylazine-test-strip", _("Xylazine test strips")
    SAFER_USE = "safer-use", _("Safer use supplies")
    SAFER_SEX = "safer-sex", _("Safer sex supplies")
    WOUND_CARE = "wound-care", _("Wound care")
    OTHER = "other", _("Other")


C = Category

# (slug, name, category, doses per kit)
SEED_ITEMS: tuple[tuple[str, object, str, int | None], ...] = (
    ("syringe", _("Syringe"), C.SYRINGE, None),
    ("naloxone-nasal-4mg", _("Naloxone nasal spray 4 mg (kit)"), C.NALOXONE, 2),
    ("naloxone-im", _("Naloxone injectable (kit)"), C.NALOXONE, 1),
    ("fentanyl-test-strip", _("Fentanyl test strip"), C.FENTANYL_STRIP, None),
    ("xylazine-test-strip", _("Xylazine test strip"), C.XYLAZINE_STRIP, None),
    ("cooker", _("Cooker"), C.SAFER_USE, None),
    ("cotton", _("Cotton"), C.SAFER_USE, None),
    ("alcohol-pad", _("Alcohol pad"), C.SAFER_USE, None),
    ("sterile-water", _("Sterile water"), C.SAFER_USE, None),
    ("tourniquet", _("Tourniquet"), C.SAFER_USE, None),
    ("sharps-container", _("Sharps container"), C.SAFER_USE, None),
    ("safer-smoking-kit", _("Safer smoking kit"), C.SAFER_USE, None),
    ("snorting-kit", _("Safer snorting kit"), C.SAFER_USE, None),
    ("condom", _("Condom"), C.SAFER_SEX, None),
    ("wound-care-kit", _("Wound care kit"), C.WOUND_CARE, None),
)

# A seeded item is stored with no name: it reads in the viewer's language from its slug.
SEED_NAMES: dict[str, object] = {slug: name for slug, name, _category, _doses in SEED_ITEMS}

SERVICES: dict[str, object] = {
    "naloxone-training": _("Naloxone training"),
    "wound-care": _("Wound care"),
    "safer-use-education": _("Safer use education"),
    "drug-checking": _("Drug checking"),
}

# The same codes as the directory's service types where they overlap.
REFERRALS: dict[str, object] = {
    "moud-methadone": _("Methadone"),
    "moud-buprenorphine": _("Buprenorphine"),
    "detox": _("Withdrawal management (detox)"),
    "residential": _("Residential treatment"),
    "outpatient": _("Outpatient treatment"),
    "mental-health": _("Mental health"),
    "medical": _("Medical care"),
    "housing": _("Housing"),
    "food": _("Food"),
    "legal": _("Legal help"),
    "other": _("Other"),
}

SUBSTANCES: dict[str, object] = {
    "fentanyl": _("Fentanyl"),
    "heroin": _("Heroin"),
    "opioid-pills": _("Opioid pills"),
    "xylazine": _("Xylazine"),
    "benzodiazepines": _("Benzodiazepines"),
    "alcohol": _("Alcohol"),
    "stimulants": _("Stimulants"),
    "unknown": _("Unknown"),
}
