"""The answers every operation can give, written into the OpenAPI document in one place.

Every endpoint shares one error vocabulary (waypoint.api.main and waypoint.core.input): 401 not
signed in, 403 the wrong kind of account, 404 not found or not yours, 409 a conflict, 413 a body
too large, 422 bad input. Routers document their successes; this adds the errors, so a client
generated from the spec knows every status it can meet.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

PROBLEM = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": True,
}
READ_ERRORS = {
    "401": "Not signed in: send a personal access token or use the browser session.",
    "403": "This account may not do this (for example, a staff account on the journal).",
    "404": "Not found, or not yours to see: the two look the same.",
    "422": "Bad input; `detail` names each field.",
}
WRITE_ERRORS = READ_ERRORS | {
    "400": "The body is not JSON.",
    "409": "A conflict with what is stored (an id taken, an answer already given).",
    "413": "The body is too large.",
}


def document_error_answers(api: NinjaAPI) -> None:
    """Make ``api.get_openapi_schema`` list the shared error answers on every operation."""
    build = api.get_openapi_schema

    def with_errors(*args: Any, **kwargs: Any) -> Any:
        schema = build(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                errors = READ_ERRORS if method in ("get", "head") else WRITE_ERRORS
                responses = operation.setdefault("responses", {})
                existing = {str(code) for code in responses}
                for code, description in errors.items():
                    if code == "401" and "security" not in operation:
                        continue
                    if code not in existing:
                        responses[code] = {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                }
                            },
                        }
        return schema

    api.get_openapi_schema = with_errors  # type: ignore[method-assign]
