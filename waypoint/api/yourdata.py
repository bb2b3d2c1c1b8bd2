"""Own your data over the API: everything about the caller, the same as the JSON download."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router

from waypoint.api.auth import request_user
from waypoint.yourdata.exports import export_json_chunks

router = Router(tags=["data"])


@router.get("/export", response=dict[str, Any])
def export(request: HttpRequest) -> StreamingHttpResponse:
    """Everything Waypoint holds about you: account, profile, journal, goals, questionnaires.

    The same content as Settings › Download everything (JSON). Free-text notes are decrypted;
    no passphrase, token or recovery-code hash is included. Streamed as it is read.
    """
    return StreamingHttpResponse(
        export_json_chunks(request_user(request)), content_type="application/json; charset=utf-8"
    )
