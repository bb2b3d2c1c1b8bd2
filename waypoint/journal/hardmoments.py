"""After a hard moment: one or two brief, factual places to turn, never a gate.

An entry "records a hard moment" when it says the person used alone, mixed depressants, felt very
low (mood 1 of 5), had a blackout or an overdose. The confirmation then offers at most two
options, the most pressing first. The person can turn them off (`Profile.hard_moments`); nothing
is ever withheld or delayed because of them, and nobody else is told.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from waypoint.core.crisis import crisis_resources
from waypoint.journal.models import Entry, Profile
from waypoint.journal.vocab import Category, Company, Harm

# Categories that slow breathing; two of them the same day is "mixing depressants".
DEPRESSANTS = frozenset({Category.ALCOHOL, Category.OPIOID, Category.DEPRESSANT})
MOST = 2
# Where Today finds the entry whose confirmation it is showing (one page view only).
SESSION_KEY = "hard_moment_entry"
SAFE_SCHEMES = ("https://", "http://", "tel:", "sms:")


@dataclass(frozen=True)
class HardMomentOption:
    key: str
    text: str
    url: str


def _mixed_depressants(entry: Entry) -> bool:
    if Harm.MIXED_DEPRESSANTS in entry.harms:
        return True
    if entry.substance.category not in DEPRESSANTS:
        return False
    return (
        Entry.objects.filter(user_id=entry.user_id, day=entry.day)
        .exclude(pk=entry.pk)
        .exclude(substance_id=entry.substance_id)
        .filter(substance__category__in=DEPRESSANTS)
        .exists()
    )


def _alone() -> list[HardMomentOption]:
    found = [
        HardMomentOption(
            "check_on_me",
            _("Using alone? Some people ask someone to check on them."),
            reverse("alerts:home"),
        )
    ]
    for text, url in settings.NEVER_USE_ALONE_LINES:
        if url.startswith(SAFE_SCHEMES):
            found.append(HardMomentOption("never_use_alone", text, url))
    return found


def _low_mood() -> list[HardMomentOption]:
    found = []
    for number, resource in enumerate(crisis_resources()):
        links = resource.get("links") or []
        if links:
            label, url = links[0]
            text = f"{resource['name']}: {label}"
            found.append(
                HardMomentOption("crisis" if number == 0 else f"crisis_{number}", text, url)
            )
    if found:
        first = found[0]
        found[0] = HardMomentOption(
            first.key, _("Feeling very low? %(line)s, any time.") % {"line": first.text}, first.url
        )
    return found


def _overdose() -> list[HardMomentOption]:
    return [
        HardMomentOption(
            "overdose_guide",
            _("What to do in an overdose, step by step: the overdose response guide."),
            reverse("safety:overdose"),
        )
    ]


def _mixing() -> list[HardMomentOption]:
    return [
        HardMomentOption(
            "overdose_guide",
            _(
                "Depressants together add up and can slow breathing. The overdose guide says "
                "what to look for."
            ),
            reverse("safety:overdose"),
        ),
        HardMomentOption(
            "combinations",
            _("Check a combination."),
            reverse("safety:combinations"),
        ),
    ]


def _blackout() -> list[HardMomentOption]:
    return [
        HardMomentOption(
            "check_on_me",
            _("After a blackout, some people ask someone to check on them next time."),
            reverse("alerts:home"),
        ),
        *_overdose(),
    ]


def situations(entry: Entry) -> list[str]:
    """The hard moments an entry records, most pressing first."""
    found = []
    if Harm.OVERDOSE in entry.harms:
        found.append("overdose")
    if entry.mood == 1:
        found.append("low_mood")
    if _mixed_depressants(entry):
        found.append("mixed_depressants")
    if entry.company == Company.ALONE or Harm.USED_ALONE in entry.harms:
        found.append("alone")
    if Harm.BLACKOUT in entry.harms:
        found.append("blackout")
    return found


_OPTIONS = {
    "overdose": _overdose,
    "low_mood": _low_mood,
    "mixed_depressants": _mixing,
    "alone": _alone,
    "blackout": _blackout,
}


def options_for(entry: Entry, *, profile: Profile) -> list[HardMomentOption]:
    """At most two options for the hard moments an entry records; none when turned off.

    The first option of each situation comes first, so two situations each get one; a single
    situation may fill both places.
    """
    if not profile.hard_moments:
        return []
    groups = [_OPTIONS[name]() for name in situations(entry)]
    chosen: list[HardMomentOption] = []
    for rank in range(MOST):
        for group in groups:
            if len(group) > rank and all(o.key != group[rank].key for o in chosen):
                chosen.append(group[rank])
    return chosen[:MOST]


def offer_after(session: SessionBase, entry: Entry) -> None:
    """Ask the next page the person sees to show this entry's options (if it has any)."""
    session[SESSION_KEY] = str(entry.pk)


def options_to_show(
    session: SessionBase, entries: QuerySet[Entry], *, profile: Profile
) -> list[HardMomentOption]:
    """The options for the entry just saved, once; `entries` is the person's own queryset."""
    entry_id = session.pop(SESSION_KEY, None)
    if not entry_id or not profile.hard_moments:
        return []
    entry = entries.filter(pk=entry_id).select_related("substance").first()
    return options_for(entry, profile=profile) if entry is not None else []
