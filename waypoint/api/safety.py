"""Safety API: the combination table and the fact sheets, open to anyone (no sign-in).

`GET /safety/combinations?substances=a,b[,c…]` takes class or catalogue slugs and answers every
pair, worst first. The pages call the same selectors.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from waypoint.safety import selectors
from waypoint.safety.table import Source

router = Router(tags=["safety"])


class SafetySourceOut(Schema):
    title: str
    url: str


class SafetyPairOut(Schema):
    a: str
    b: str
    rating: str
    summary: str
    advice: str
    notes: list[str]
    sources: list[SafetySourceOut]


class SafetyCombinationsOut(Schema):
    pairs: list[SafetyPairOut]


class SafetyCombinationsQuery(Schema):
    substances: str


class SafetyTimingOut(Schema):
    route: str
    onset: str
    duration: str
    after: str


class SafetySubstanceSummaryOut(Schema):
    slug: str
    name: str
    kind: str
    summary: str
    members: list[str]
    window_hours: float


class SafetySubstanceOut(SafetySubstanceSummaryOut):
    class_slug: str
    note: str
    also: str
    forms: str
    timing: list[SafetyTimingOut]
    redosing: str
    effects: str
    risks: str
    overdose: str
    safer_use: list[str]
    what_to_do: str
    sources: list[SafetySourceOut]


def _source(source: Source) -> SafetySourceOut:
    return SafetySourceOut(title=source.title, url=source.url)


@router.get("/safety/combinations", response=SafetyCombinationsOut, auth=None)
def combinations(
    request: HttpRequest, filters: Query[SafetyCombinationsQuery]
) -> SafetyCombinationsOut:
    """Every pair among 2 to 8 substances (class or catalogue slugs), the worst rating first."""
    pairs = selectors.combination_pairs(selectors.resolve(filters.substances))
    return SafetyCombinationsOut(
        pairs=[
            SafetyPairOut(
                a=p.a,
                b=p.b,
                rating=p.rating,
                summary=p.summary,
                advice=p.advice,
                notes=list(p.notes),
                sources=[_source(s) for s in p.sources],
            )
            for p in pairs
        ]
    )


def _summary(slug: str) -> SafetySubstanceSummaryOut:
    view = selectors.sheet_for(slug)
    return SafetySubstanceSummaryOut(
        slug=slug,
        name=view.name,
        kind=view.sheet.kind,
        summary=view.sheet.summary,
        members=[s for s, _name in view.members],
        window_hours=selectors.table().window_hours(slug),
    )


@router.get("/safety/substances", response=list[SafetySubstanceSummaryOut], auth=None)
def substances(request: HttpRequest) -> list[SafetySubstanceSummaryOut]:
    """Every class with a fact sheet; `members` are the catalogue slugs that map to it."""
    return [_summary(slug) for slug in sorted(selectors.table().sheets)]


@router.get("/safety/substances/{slug}", response=SafetySubstanceOut, auth=None)
def substance(request: HttpRequest, slug: str) -> SafetySubstanceOut:
    """The fact sheet for a class slug or a catalogue slug (which answers its class's sheet)."""
    view = selectors.sheet_for(slug)
    sheet = view.sheet
    return SafetySubstanceOut(
        **_summary(slug).dict(),
        class_slug=sheet.slug,
        note=view.member_note,
        also=sheet.also,
        forms=sheet.forms,
        timing=[SafetyTimingOut(**t.__dict__) for t in sheet.timings],
        redosing=sheet.redosing,
        effects=sheet.effects,
        risks=sheet.risks,
        overdose=sheet.overdose,
        safer_use=list(sheet.safer_use),
        what_to_do=sheet.what_to_do,
        sources=[_source(s) for s in view.sources],
    )
