"""Schemathesis against the live OpenAPI document, signed in with a token (issue 10).

Every operation gets a bounded number of generated requests (``EXAMPLES``); the run must meet
no server error, no response that breaks its documented schema, and no undocumented status.
(Schemathesis's own pytest plugin does not run under pytest 9 yet, so the operations are
driven with Hypothesis here; the checks are schemathesis's.)
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import make_user
from waypoint.accounts.services import token_create
from waypoint.wsgi import application

EXAMPLES = int(os.environ.get("WAYPOINT_SCHEMATHESIS_EXAMPLES", "5"))
CHECKS = (not_a_server_error, response_schema_conformance, status_code_conformance)


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Calling the WSGI app fires request signals that would close the test's transaction
    connection on PostgreSQL; Django's own test client disconnects them the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_the_api_keeps_its_documented_contract() -> None:
    token = token_create(user=make_user("schemathesis"), name="schemathesis")[1]
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failure:
                where = f"{case.method} {case.path}"
                failures.append(f"{where}: {failure}"[:600])

        run()
    total = sum(statuses.values())
    print(f"schemathesis: {operations} operations, {total} requests, statuses {dict(statuses)}")
    assert failures == [], f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:12])
    assert sum(n for status, n in statuses.items() if status >= 500) == 0
