"""With DATABASE_REPLICA_URL set, a program's report is read from the replica database.

Run this file on its own with the setting (see tests/care/test_replica.py):

    DATABASE_URL=postgres://…/wp DATABASE_REPLICA_URL=postgres://…/wp_replica \
        pytest tests/programs/test_replica.py
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.programs.conftest import record
from waypoint.accounts.models import User
from waypoint.core.routers import REPLICA
from waypoint.programs.models import Encounter, Site
from waypoint.programs.selectors import ProgramAccess

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or REPLICA not in settings.DATABASES,
        reason="needs PostgreSQL and DATABASE_REPLICA_URL naming a second PostgreSQL database",
    ),
    pytest.mark.django_db(databases=["default", REPLICA]),
]


def _reads_encounters(queries: CaptureQueriesContext) -> bool:
    table = Encounter._meta.db_table
    return any(table in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("url", ["/programs/riverside/report/", "/programs/riverside/report.csv"])
def test_the_report_is_read_from_the_replica_and_the_role_check_from_the_primary(
    url: str, access: ProgramAccess, petra: User, van: Site, petra_client: Any
) -> None:
    record(access, petra, van)  # written to the primary
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = petra_client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    assert _reads_encounters(replica)  # the indicators: lag-tolerant aggregates
    assert not _reads_encounters(primary)
    assert primary.captured_queries  # who may see the report is decided on the primary
