"""The OpenAPI document describes each endpoint with its own shapes (issue 10)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections import defaultdict

from pydantic import BaseModel

import waypoint.api
from waypoint.api.main import api


def test_schema_names_are_unique_across_routers() -> None:
    """Two schemas with one name collapse into one in the document, and clients get it wrong."""
    homes: dict[str, list[str]] = defaultdict(list)
    for module_info in pkgutil.iter_modules(waypoint.api.__path__):
        module = importlib.import_module(f"waypoint.api.{module_info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
            ):
                homes[name].append(module_info.name)
    clashes = {name: where for name, where in homes.items() if len(where) > 1}
    assert clashes == {}, f"Prefix these schema names with the router's domain: {clashes}"


def _schema_of(operation: dict, status: str) -> str:
    content = operation["responses"][status]["content"]["application/json"]["schema"]
    return content.get("$ref", "").rsplit("/", 1)[-1]


def test_each_endpoint_documents_its_own_shapes() -> None:
    paths = json.loads(json.dumps(api.get_openapi_schema()))["paths"]
    put_checkin = paths["/api/v1/checkins/{day}"]["put"]
    body = put_checkin["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/CheckInIn")
    assert _schema_of(paths["/api/v1/progress"]["get"], "200") == "ProgressOut"
    assert _schema_of(paths["/api/v1/care/clients/{participant_id}"]["get"], "200") != "ProgressOut"
