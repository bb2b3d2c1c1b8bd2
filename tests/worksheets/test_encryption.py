"""Everything a person writes in a worksheet is encrypted at rest; the raw columns are not text."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.worksheets.conftest import PLAN
from waypoint.core.crypto import decrypt
from waypoint.worksheets.models import Worksheet

pytestmark = pytest.mark.django_db


def _raw(sql: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return str(cursor.fetchone()[0])


def test_the_topic_and_every_answer_are_stored_encrypted(plan: Worksheet) -> None:
    topic = _raw("SELECT topic FROM worksheets_worksheet WHERE id = %s", plan.pk)
    content = _raw(
        "SELECT content FROM worksheets_worksheetversion WHERE worksheet_id = %s", plan.pk
    )
    assert "Opioids" not in topic and decrypt(topic) == "Opioids"
    for answer in PLAN.values():
        assert answer not in content
    assert "naloxone" not in content.lower()
    assert PLAN["changes"] in decrypt(content)
