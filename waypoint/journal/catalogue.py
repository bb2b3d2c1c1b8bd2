"""The built-in substance catalogue and the drink presets, kept in step with the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from waypoint.journal.vocab import Category as C
from waypoint.journal.vocab import Unit as U

# (slug, name, category, default unit, units that fit)
CATALOGUE: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("alcohol", "Alcohol", C.ALCOHOL, U.DRINK, (U.DRINK, U.ML)),
    ("cannabis", "Cannabis", C.CANNABIS, U.JOINT, (U.JOINT, U.HIT, U.G, U.MG)),
    ("nicotine", "Nicotine (tobacco, vape)", C.NICOTINE, U.CIGARETTE, (U.CIGARETTE, U.HIT)),
    ("heroin", "Heroin", C.OPIOID, U.BAG, (U.BAG, U.G, U.HIT, U.DOSE)),
    ("fentanyl", "Fentanyl", C.OPIOID, U.HIT, (U.HIT, U.PILL, U.MG, U.G)),
    ("opioid-pills", "Opioid pills (oxycodone and others)", C.OPIOID, U.PILL, (U.PILL, U.MG)),
    ("methadone", "Methadone", C.OPIOID, U.MG, (U.MG, U.ML, U.DOSE)),
    ("buprenorphine", "Buprenorphine", C.OPIOID, U.MG, (U.MG, U.PILL, U.DOSE)),
    ("kratom", "Kratom", C.OPIOID, U.G, (U.G, U.DOSE)),
    ("cocaine", "Cocaine", C.STIMULANT, U.LINE, (U.LINE, U.G, U.BAG)),
    ("crack", "Crack cocaine", C.STIMULANT, U.HIT, (U.HIT, U.G)),
    ("methamphetamine", "Methamphetamine", C.STIMULANT, U.HIT, (U.HIT, U.G, U.LINE)),
    (
        "amphetamine",
        "Amphetamine (speed, prescription stimulants)",
        C.STIMULANT,
        U.PILL,
        (U.PILL, U.MG, U.G, U.LINE),
    ),
    ("mdma", "MDMA", C.STIMULANT, U.PILL, (U.PILL, U.MG, U.G)),
    ("benzodiazepines", "Benzodiazepines", C.DEPRESSANT, U.PILL, (U.PILL, U.MG)),
    ("ghb", "GHB / GBL", C.DEPRESSANT, U.ML, (U.ML, U.DOSE)),
    ("xylazine", "Xylazine", C.DEPRESSANT, U.DOSE, (U.DOSE, U.G)),
    ("ketamine", "Ketamine", C.DISSOCIATIVE, U.LINE, (U.LINE, U.MG, U.G)),
    ("lsd", "LSD", C.PSYCHEDELIC, U.TAB, (U.TAB,)),
    ("psilocybin", "Psilocybin mushrooms", C.PSYCHEDELIC, U.G, (U.G, U.DOSE)),
    ("other-opioid", "Another opioid", C.OPIOID, U.DOSE, (U.DOSE, U.PILL, U.MG, U.G)),
    ("other-stimulant", "Another stimulant", C.STIMULANT, U.DOSE, (U.DOSE, U.PILL, U.MG, U.G)),
    ("other-depressant", "Another sedative", C.DEPRESSANT, U.DOSE, (U.DOSE, U.PILL, U.MG)),
    ("other-psychedelic", "Another psychedelic", C.PSYCHEDELIC, U.DOSE, (U.DOSE, U.TAB, U.MG, U.G)),
)


@dataclass(frozen=True)
class DrinkPreset:
    code: str
    label: Any
    volume_ml: float
    abv_percent: float


# Common serves; the person can also enter any volume and strength.
DRINK_PRESETS: tuple[DrinkPreset, ...] = (
    DrinkPreset("beer", _("Beer, 355 mL can or bottle at 5%"), 355, 5),
    DrinkPreset("pint", _("Beer, 568 mL pint at 4.5%"), 568, 4.5),
    DrinkPreset("wine", _("Wine, 148 mL glass at 12%"), 148, 12),
    DrinkPreset("large_wine", _("Wine, 250 mL glass at 12%"), 250, 12),
    DrinkPreset("shot", _("Spirits, 44 mL shot at 40%"), 44, 40),
    DrinkPreset("wine_bottle", _("Wine, 750 mL bottle at 12%"), 750, 12),
)
DRINK_PRESETS_BY_CODE = {preset.code: preset for preset in DRINK_PRESETS}


def ensure_catalogue(**kwargs: Any) -> None:
    """Create or update the built-in substances (run after every migrate)."""
    from waypoint.journal.models import Substance

    for slug, name, category, default_unit, units in CATALOGUE:
        Substance.objects.update_or_create(
            slug=slug,
            owner=None,
            defaults={
                "name": name,
                "category": str(category),
                "default_unit": str(default_unit),
                "units": [str(u) for u in units],
            },
        )
