from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import override_settings

from waypoint.core import crypto

NEW = Fernet.generate_key().decode()
OLD = Fernet.generate_key().decode()
# The suite's own key: the substance catalogue is written with it when the test database is
# made, so rotation in these tests must still be able to read it.
SUITE = settings.ENCRYPTION_KEYS[0]


def test_encrypted_text_reads_back_and_hides_the_original() -> None:
    token = crypto.encrypt("ate first, felt fine")
    assert "ate first" not in token
    assert crypto.decrypt(token) == "ate first, felt fine"


def test_text_written_with_an_old_key_still_reads_after_rotation() -> None:
    with override_settings(ENCRYPTION_KEYS=[OLD]):
        token = crypto.encrypt("a private note")
    with override_settings(ENCRYPTION_KEYS=[NEW, OLD]):
        assert crypto.decrypt(token) == "a private note"
        rotated = crypto.rotate(token)
    with override_settings(ENCRYPTION_KEYS=[NEW]):
        assert crypto.decrypt(rotated) == "a private note"
        with pytest.raises(ValueError, match="no longer configured"):
            crypto.decrypt(token)


@pytest.mark.django_db
def test_rotate_keys_rewrites_stored_notes_with_the_newest_key(alice: Any) -> None:
    from django.core.management import call_command

    from tests.factories import log
    from waypoint.journal.models import Entry

    with override_settings(ENCRYPTION_KEYS=[OLD, SUITE]):
        log(alice, date(2026, 11, 2), 1, note="kept safe")
    with override_settings(ENCRYPTION_KEYS=[NEW, OLD, SUITE]):
        call_command("rotate_keys", stdout=StringIO(), stderr=StringIO())
    with override_settings(ENCRYPTION_KEYS=[NEW]):
        assert Entry.objects.get().note == "kept safe"


@pytest.mark.django_db
def test_rotate_keys_covers_every_field_encrypted_in_issue_10(alice: Any) -> None:
    from django.core.management import call_command

    from tests.factories import log
    from waypoint.assessments.models import Assessment
    from waypoint.goals.models import Goal, GoalStep
    from waypoint.journal.models import Entry, Substance
    from waypoint.journal.services import own_substance_get_or_create

    with override_settings(ENCRYPTION_KEYS=[OLD, SUITE]):
        log(alice, date(2026, 11, 2), 1, activity="cards")
        goal = Goal.objects.create(user=alice, kind="life", domain="health", title="Sleep")
        GoalStep.objects.create(goal=goal, text="Phone out")
        own_substance_get_or_create(user=alice, name="Kava", category="other", unit="g")
        Assessment.objects.create(user=alice, instrument="phq9", answers=[1] * 9, total=9)
    with override_settings(ENCRYPTION_KEYS=[NEW, OLD, SUITE]):
        call_command("rotate_keys", stdout=StringIO(), stderr=StringIO())
    with override_settings(ENCRYPTION_KEYS=[NEW]):
        assert Entry.objects.get().activity == "cards"
        assert (Goal.objects.get().title, GoalStep.objects.get().text) == ("Sleep", "Phone out")
        assert Substance.objects.get(owner=alice).name == "Kava"
        assert Assessment.objects.get().answers == [1] * 9
