"""Backup and restore of the whole database, for `manage.py backup` and `manage.py restore`.

SQLite uses its online backup API (a consistent copy while Waypoint keeps serving); PostgreSQL
uses `pg_dump --format=custom` and `pg_restore --clean`. Encrypted text is copied as stored:
restoring it needs the same ENCRYPTION_KEYS (docs/deploy.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

ALIAS = "default"


def _settings() -> dict[str, Any]:
    return connections[ALIAS].settings_dict


def vendor() -> str:
    return connections[ALIAS].vendor


def _sqlite_connection() -> sqlite3.Connection:
    connection = connections[ALIAS]
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = _settings()
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (apt-get install postgresql-client).")
    return found


def backup_to(path: Path) -> Path:
    """Write a consistent copy of the database to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if vendor() == "sqlite":
        target = sqlite3.connect(path)
        try:
            _sqlite_connection().backup(target)
        finally:
            target.close()
    elif vendor() == "postgresql":
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 (pg tools from PATH, arguments from settings)
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
            check=True,
            env=env,
            capture_output=True,
        )
    else:
        raise NotImplementedError(f"No backup for {vendor()} databases.")
    return path


def restore_from(path: Path) -> None:
    """Replace everything in the database with the backup at ``path``."""
    if not path.exists():
        raise FileNotFoundError(path)
    if vendor() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(_sqlite_connection())
        finally:
            source.close()
    elif vendor() == "postgresql":
        connections[ALIAS].close()
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 (pg tools from PATH, arguments from settings)
            [
                _tool("pg_restore"),
                "-c",  # drop each object before recreating it
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(path),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    else:
        raise NotImplementedError(f"No restore for {vendor()} databases.")
