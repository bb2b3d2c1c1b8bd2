"""Send the reads that tolerate replication lag to a read replica, when one is configured.

Only code that says so reads from the replica (`with replica_reads():`): the caseload's figures
and a program's report (its page, CSV and API). Consent and role checks, and everything a
person just wrote and reads back, stay on the primary, so a revocation still counts from the
very next request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, ORM reads go to the replica (if there is one)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Reads inside `replica_reads()` go to the replica; writes always to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading_from_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary
