"""Waypoint's own taxonomies, and the mapping file that turns other taxonomies' terms into them.

Two taxonomies are exported with every package: `waypoint-types` (what a service is: the codes
below are a contract) and `waypoint-access` (walk-in, appointment, cost, meeting). Terms of any
other taxonomy (211/AIRS, Open Eligibility, a local list) are mapped through
`taxonomy_map.csv`: one row per (taxonomy, code or name) with the Waypoint code it means.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

TYPES_TAXONOMY_ID = "waypoint-types"
ACCESS_TAXONOMY_ID = "waypoint-access"

TYPE_CHOICES = [
    ("syringe-services", _("Syringe services")),
    ("naloxone", _("Naloxone")),
    ("drug-checking", _("Drug checking")),
    ("hiv-testing", _("HIV testing")),
    ("hcv-testing", _("Hepatitis C testing")),
    ("moud-methadone", _("Methadone")),
    ("moud-buprenorphine", _("Buprenorphine")),
    ("detox", _("Detox (withdrawal care)")),
    ("residential", _("Residential treatment")),
    ("outpatient", _("Outpatient treatment")),
    ("therapy-harm-reduction", _("Therapy that works with harm reduction")),
    ("smart-recovery", _("SMART Recovery")),
    ("twelve-step", _("12-step meetings")),
    ("harm-reduction-group", _("Harm reduction groups")),
    ("housing", _("Housing")),
    ("food", _("Food")),
    ("showers", _("Showers")),
]
TYPE_CODES = tuple(code for code, _label in TYPE_CHOICES)
TYPE_LABELS = dict(TYPE_CHOICES)
MEETING_TYPES = ("smart-recovery", "twelve-step", "harm-reduction-group")

# Access terms: the Service boolean each one sets.
ACCESS_TERMS = {
    "walk-in": "walk_in",
    "appointment": "appointment",
    "free": "free",
    "sliding-scale": "sliding_scale",
    "insurance": "insurance",
    "meeting": "is_meeting",
}
ACCESS_LABELS = {
    "walk-in": "Walk-in, no appointment needed",
    "appointment": "By appointment",
    "free": "Free",
    "sliding-scale": "Sliding scale",
    "insurance": "Takes insurance",
    "meeting": "A recurring meeting",
}

MAP_FILE = Path(__file__).with_name("taxonomy_map.csv")


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def load_map(path: Path = MAP_FILE) -> dict[tuple[str, str], str]:
    """(taxonomy name or id, term code or name), both lowercased → Waypoint code."""
    out: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            code = row["waypoint_code"].strip()
            if code not in TYPE_CODES and code not in ACCESS_TERMS:
                raise ValueError(f"{path.name}: {code!r} is not a Waypoint code")
            out[(_key(row["taxonomy"]), _key(row["term"]))] = code
    return out


def waypoint_code(taxonomy: str, code: str, name: str) -> str | None:
    """The Waypoint code a term means: its own code in Waypoint's taxonomies, else the map."""
    if _key(taxonomy) in (TYPES_TAXONOMY_ID, ACCESS_TAXONOMY_ID, "waypoint"):
        for candidate in (code.strip(), name.strip()):
            if candidate in TYPE_CODES or candidate in ACCESS_TERMS:
                return candidate
    mapping = load_map()
    for candidate in (code, name):
        if candidate and (found := mapping.get((_key(taxonomy), _key(candidate)))):
            return found
    return None
