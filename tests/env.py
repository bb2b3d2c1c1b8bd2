"""Loaded with `-p tests.env` before Django starts: the environment the suite runs in."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
os.environ["DEBUG"] = "0"
os.environ["SECRET_KEY"] = "test-secret-key-for-the-suite-only-0123456789-abcdefghijklmnop"
# Two keys: the second exists so that rotation is exercised.
os.environ["ENCRYPTION_KEYS"] = (
    "m0TuWm6Z0dEYqcsmvq3Dp1y2Yx0WLiJt7Hl3m2bFQ6w=,8Qn9K0tUo4lQJ1p0C9E0kS4yv2m6pZ3rY5wX7aB1cD4="
)
os.environ["SECURE_HTTPS"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["WAYPOINT_DATA_DIR"] = os.environ.get("WAYPOINT_TEST_DATA_DIR", "/tmp/waypoint-test")
# SQLite: the test database lives in a file (one per test run, so parallel runs never share),
# not in memory: the worker's fault tests start real `run_worker` processes that must open it.
# Measured: no noticeable cost (tests/journal + tests/groups, 300 s in memory, 309 s in a file,
# on a busy machine).
os.makedirs(os.environ["WAYPOINT_DATA_DIR"], exist_ok=True)
os.environ.setdefault(
    "SQLITE_TEST_NAME",
    os.path.join(os.environ["WAYPOINT_DATA_DIR"], f"test-{os.getpid()}.sqlite3"),
)
