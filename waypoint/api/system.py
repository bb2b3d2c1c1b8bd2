"""Service health and the caller's own identity."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

import waypoint
from waypoint.api.auth import request_user

router = Router(tags=["system"])


class HealthOut(Schema):
    status: str
    version: str
    database: str


class MeOut(Schema):
    username: str
    display_name: str
    kind: str
    time_zone: str


@router.get("/health", auth=None, response={200: HealthOut, 503: HealthOut})
def health(request: HttpRequest) -> Status[HealthOut]:
    """Whether Waypoint and its database answer; for uptime monitors. No sign-in needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any database failure means "unavailable"; the detail stays in the logs
        database = "unavailable"
    ok = database == "ok"
    out = HealthOut(
        status="ok" if ok else "degraded", version=waypoint.__version__, database=database
    )
    return Status(200 if ok else 503, out)


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    """The account the request is signed in as."""
    user = request_user(request)
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        kind=user.kind,
        time_zone=user.time_zone,
    )
