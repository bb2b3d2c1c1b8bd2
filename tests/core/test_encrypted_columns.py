"""Every text column is encrypted at rest or reviewed as fine in plain text (issue 10)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

from waypoint.core.crypto import EncryptedTextField
from waypoint.core.plaintext import PLAIN_TEXT_COLUMNS

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)

# Issue 10's list: these must be encrypted, whatever else changes.
MUST_BE_ENCRYPTED = {
    "assessments.Assessment.answers",
    "goals.Goal.title",
    "goals.GoalStep.text",
    "journal.Entry.activity",
    "journal.Entry.note",
    "journal.Substance.name",
    "care.Suggestion.text",
    "care.Consent.purpose",
    "care.Consent.signature",
    "care.Invitation.purpose",
    "care.Note.body",
    "groups.Meeting.plan",
    "groups.Feedback.comment",
}


def text_columns() -> dict[str, models.Field]:
    return {
        f"{model._meta.label}.{field.name}": field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS)
    }


def test_every_text_column_is_encrypted_or_reviewed() -> None:
    unreviewed = sorted(
        name
        for name, field in text_columns().items()
        if not isinstance(field, EncryptedTextField)
        and not field.choices
        and name not in PLAIN_TEXT_COLUMNS
    )
    assert not unreviewed, (
        "These text columns are neither encrypted nor reviewed: "
        + ", ".join(unreviewed)
        + ". If a person types it or it describes them, use EncryptedCharField / "
        "EncryptedTextField / EncryptedJSONField from waypoint.core.crypto and add a migration "
        "that encrypts existing rows (see waypoint.core.encrypt_migration). Otherwise add "
        "'app_label.Model.field': 'why plain text is fine' to PLAIN_TEXT_COLUMNS in "
        "waypoint/core/plaintext.py."
    )


def test_the_allow_list_has_no_stale_or_encrypted_entries() -> None:
    columns = text_columns()
    stale = sorted(name for name in PLAIN_TEXT_COLUMNS if name not in columns)
    assert not stale, f"Remove from waypoint/core/plaintext.py (no such column): {stale}"
    encrypted = sorted(
        name for name in PLAIN_TEXT_COLUMNS if isinstance(columns[name], EncryptedTextField)
    )
    assert not encrypted, f"Encrypted now, remove from PLAIN_TEXT_COLUMNS: {encrypted}"
    assert all(reason.strip() for reason in PLAIN_TEXT_COLUMNS.values())


def test_the_fields_issue_10_named_are_encrypted() -> None:
    columns = text_columns()
    assert {n for n in MUST_BE_ENCRYPTED if not isinstance(columns[n], EncryptedTextField)} == set()


@pytest.mark.django_db
def test_stored_values_are_ciphertext_and_read_back_as_written() -> None:
    from tests.conftest import make_user
    from waypoint.assessments.models import Assessment
    from waypoint.goals.models import Goal, GoalStep
    from waypoint.journal.services import own_substance_get_or_create

    alice = make_user("alice")
    goal = Goal.objects.create(user=alice, kind=Goal.Kind.LIFE, title="Sleep before 1 am")
    GoalStep.objects.create(goal=goal, text="Phone out of the bedroom")
    own, _ = own_substance_get_or_create(user=alice, name="Kratom", category="other", unit="g")
    Assessment.objects.create(user=alice, instrument="phq9", answers=[0] * 8 + [2], total=2)
    with connection.cursor() as cursor:
        for table, column in [
            ("goals_goal", "title"),
            ("goals_goalstep", "text"),
            ("journal_substance", "name"),
            ("assessments_assessment", "answers"),
        ]:
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} LIKE 'gAAAA%%'")  # noqa: S608
            assert cursor.fetchall(), (table, column)
        cursor.execute("SELECT slug FROM journal_substance WHERE id = %s", [own.pk])
        assert "kratom" not in cursor.fetchone()[0].lower()
    assert Goal.objects.get().title == "Sleep before 1 am"
    assert Assessment.objects.get().answers == [0] * 8 + [2]
    assert own.__class__.objects.get(pk=own.pk).name == "Kratom"
