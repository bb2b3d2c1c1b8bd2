"""Writing worksheets: every kind, versions kept and never changed, pinning, bad input refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.worksheets.conftest import PLAN, RULER, plan_for
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound, WrongAccount
from waypoint.worksheets import selectors, services, sheets
from waypoint.worksheets.models import Worksheet, WorksheetVersion

pytestmark = pytest.mark.django_db

CONTENT: dict[str, dict[str, Any]] = {
    "cost_benefit": {"use_good_now": "Relaxing", "change_cost_later": "Some friends"},
    "change_plan": PLAN,
    "values": {
        "values": [{"value": "family", "fit": "Less time with them"}, {"own": "My music"}],
        "pulls": "Mornings",
    },
    "readiness": RULER,
}


@pytest.mark.parametrize("kind", list(sheets.SHEETS))
def test_each_kind_starts_with_its_first_version(alice: User, kind: str) -> None:
    worksheet, version = services.worksheet_create(
        user=alice, kind=kind, topic="  late   nights ", content=CONTENT[kind]
    )
    assert worksheet.topic == "late nights"
    assert version.number == 1
    stored = WorksheetVersion.objects.get(pk=version.pk).answers
    for key, value in CONTENT[kind].items():
        if key != "values":
            assert stored[key] == value


def test_values_are_kept_in_the_order_chosen_with_own_words(alice: User) -> None:
    _worksheet, version = services.worksheet_create(
        user=alice, kind="values", topic="Weed", content=CONTENT["values"]
    )
    assert version.answers["values"] == [
        {"value": "family", "own": "", "fit": "Less time with them"},
        {"value": "", "own": "My music", "fit": ""},
    ]
    shown = sheets.shown_answers("values", version.answers)[0].text
    assert shown == "1. Family: Less time with them\n2. My music"


def test_revising_adds_a_version_and_keeps_every_earlier_one(alice: User, plan: Worksheet) -> None:
    second = services.worksheet_revise(
        user=alice, worksheet_id=plan.pk, content=PLAN | {"steps": "Carry naloxone."}
    )
    third = services.worksheet_revise(
        user=alice, worksheet_id=plan.pk, content=PLAN | {"steps": "Carry two naloxone kits."}
    )
    assert (second.number, third.number) == (2, 3)
    versions = selectors.versions_of(selectors.worksheet_for(alice, plan.pk))
    assert [v.answers["steps"] for v in versions] == [
        PLAN["steps"],
        "Carry naloxone.",
        "Carry two naloxone kits.",
    ]


def test_a_version_can_never_be_changed(alice: User, plan: Worksheet) -> None:
    version = WorksheetVersion.objects.get(worksheet=plan)
    version.content = json.dumps({"changes": "rewritten"})
    with pytest.raises(TypeError):
        version.save()
    with pytest.raises(TypeError):
        WorksheetVersion.objects.filter(pk=version.pk).update(content="x")
    assert WorksheetVersion.objects.get(pk=version.pk).answers == PLAN


@pytest.mark.parametrize(
    ("kind", "topic", "content", "field"),
    [
        ("diary", "Alcohol", {}, "kind"),
        ("change_plan", "", PLAN, "topic"),
        ("change_plan", "x" * 81, PLAN, "topic"),
        ("change_plan", "Alcohol", {"wishes": "more"}, "content"),
        ("change_plan", "Alcohol", {}, "content"),
        ("change_plan", "Alcohol", {"changes": "x" * 4001}, "changes"),
        ("change_plan", "Alcohol", {"changes": 12}, "changes"),
        ("change_plan", "Alcohol", {"direction": "forever"}, "direction"),
        ("change_plan", "Alcohol", {"changes": "nul\x00"}, "changes"),
        ("readiness", "Alcohol", {"importance": 11, "confidence": 3}, "importance"),
        ("readiness", "Alcohol", {"importance": "high", "confidence": 3}, "importance"),
        ("readiness", "Alcohol", {"importance": 5}, "confidence"),
        ("readiness", "Alcohol", {"importance": True, "confidence": 3}, "importance"),
        ("values", "Alcohol", {"values": [{"value": "fame"}]}, "values.1"),
        ("values", "Alcohol", {"values": [{"value": "fun"}, {"value": "fun"}]}, "values.2"),
        ("values", "Alcohol", {"values": [{"value": "fun", "own": "Fun"}]}, "values.1"),
        ("values", "Alcohol", {"values": [{"value": "fun"}] * 6}, "values"),
        ("values", "Alcohol", {"values": "fun"}, "values"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(
    alice: User, kind: str, topic: str, content: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.worksheet_create(user=alice, kind=kind, topic=topic, content=content)
    assert field in refused.value.message_dict
    assert not Worksheet.objects.exists()
    assert not WorksheetVersion.objects.exists()


def test_a_refused_revision_adds_nothing(alice: User, plan: Worksheet) -> None:
    with pytest.raises(ValidationError):
        services.worksheet_revise(user=alice, worksheet_id=plan.pk, content={"reasons": 3})
    assert WorksheetVersion.objects.filter(worksheet=plan).count() == 1


def test_another_persons_worksheet_is_not_found(alice: User, bob: User, plan: Worksheet) -> None:
    with pytest.raises(NotFound):
        services.worksheet_revise(user=bob, worksheet_id=plan.pk, content=PLAN)
    with pytest.raises(NotFound):
        services.worksheet_pin(user=bob, worksheet_id=plan.pk, pinned=True)
    with pytest.raises(NotFound):
        selectors.worksheet_for(bob, plan.pk)
    assert selectors.worksheets_of(bob) == []


def test_staff_accounts_keep_no_worksheets(carol: User) -> None:
    with pytest.raises(WrongAccount):
        services.worksheet_create(user=carol, kind="change_plan", topic="x", content=PLAN)
    with pytest.raises(WrongAccount):
        selectors.worksheets_of(carol)


def test_pinning_a_plan_takes_any_other_off_today(alice: User, plan: Worksheet) -> None:
    other = plan_for(alice, topic="Alcohol", direction="cut_down")
    services.worksheet_pin(user=alice, worksheet_id=plan.pk, pinned=True)
    services.worksheet_pin(user=alice, worksheet_id=other.pk, pinned=True)
    assert list(Worksheet.objects.filter(pinned_at__isnull=False)) == [other]
    pinned = selectors.pinned_plan(alice)
    assert pinned is not None and pinned.worksheet == other
    services.worksheet_pin(user=alice, worksheet_id=other.pk, pinned=False)
    assert selectors.pinned_plan(alice) is None


def test_only_a_change_plan_can_be_pinned(alice: User) -> None:
    ruler, _v = services.worksheet_create(user=alice, kind="readiness", topic="x", content=RULER)
    with pytest.raises(ValidationError):
        services.worksheet_pin(user=alice, worksheet_id=ruler.pk, pinned=True)


def test_today_shows_the_newest_version_of_the_pinned_plan(alice: User, plan: Worksheet) -> None:
    services.worksheet_pin(user=alice, worksheet_id=plan.pk, pinned=True)
    services.worksheet_revise(user=alice, worksheet_id=plan.pk, content=PLAN | {"steps": "New"})
    pinned = selectors.pinned_plan(alice)
    assert pinned is not None and pinned.number == 2 and pinned.answers["steps"] == "New"


def test_the_list_gives_each_worksheet_its_newest_version(alice: User, plan: Worksheet) -> None:
    services.worksheet_revise(user=alice, worksheet_id=plan.pk, content=PLAN | {"steps": "B"})
    plan_for(alice, topic="Alcohol")
    items = selectors.worksheets_of(alice)
    assert [(i.worksheet.topic, i.latest.number, i.version_count) for i in items] == [
        ("Alcohol", 1, 1),
        ("Opioids", 2, 2),
    ]


def test_readiness_numbers_sit_beside_the_encrypted_answers(alice: User) -> None:
    worksheet, version = services.worksheet_create(
        user=alice, kind="readiness", topic="x", content=RULER
    )
    assert (version.importance, version.confidence) == (7, 4)
    revised = services.worksheet_revise(
        user=alice, worksheet_id=worksheet.pk, content=RULER | {"importance": "9"}
    )
    assert revised.importance == 9 and revised.answers["importance"] == 9


def test_comparing_two_versions_marks_what_changed() -> None:
    rows = sheets.compare("change_plan", PLAN, PLAN | {"steps": "Other"})
    changed = [str(row.label) for row in rows if row.changed]
    assert changed == ["The steps I plan to take"]
