"""Own your data over the API: everything about the caller, the same as the JSON download."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from waypoint.api.auth import request_user
from waypoint.yourdata.exports import export_everything

router = Router(tags=["data"])


@router.get("/export", response=dict[str, Any])
def export(request: HttpRequest) -> dict[str, Any]:
    """Everything Waypoint holds about you: account, profile, journal, goals, questionnaires.

    The same content as Settings › Download everything (JSON). Free-text notes are decrypted;
    no passphrase, token or recovery-code hash is included.
    """
    return export_everything(request_user(request))
