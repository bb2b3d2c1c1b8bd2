from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from waypoint.accounts.models import User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-with-enough-length-and-variety-8f2Kq9Zt",
    "ENCRYPTION_KEYS": "m0TuWm6Z0dEYqcsmvq3Dp1y2Yx0WLiJt7Hl3m2bFQ6w=",
    "ALLOWED_HOSTS": "waypoint.example.org",
}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "SECURE_HTTPS",
            "ENCRYPTION_KEYS",
            "STATIC_MANIFEST",
            "ALLOWED_HOSTS",
        }
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "waypoint.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pages_carry_strict_security_headers() -> None:
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_private_pages_are_never_cached(alice_client: Client) -> None:
    assert alice_client.get("/settings/").headers["Cache-Control"] == "no-store, private"
    assert "no-store" not in Client().get("/login/").headers.get("Cache-Control", "")


def test_hsts_is_sent_over_https() -> None:
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=False):
        response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_have_no_inline_scripts_or_outside_assets() -> None:
    html = Client().get("/").content.decode()
    assert "<script>" not in html
    assert "http://" not in html.replace(settings.QUICK_EXIT_URL, "")
    assert "https://" not in html.replace(settings.QUICK_EXIT_URL, "")


def test_quick_exit_signs_out_and_leaves_without_a_csrf_token(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/quick-exit/")
    assert response.status_code == 303
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert not client.get("/").context["user"].is_authenticated


def test_every_page_has_the_quick_exit_control(alice_client: Client) -> None:
    for path in ["/", "/login/", "/signup/", "/recover/"]:
        assert 'class="quick-exit"' in Client().get(path).content.decode(), path
    for path in ["/", "/settings/", "/settings/passphrase/"]:
        html = alice_client.get(path, follow=True).content.decode()
        assert 'class="quick-exit"' in html, path


def test_unknown_page_is_a_friendly_404() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()


def test_check_deploy_reports_nothing_with_production_settings() -> None:
    result = run_python(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout


def test_secret_key_is_required_when_debug_is_off() -> None:
    env = dict(PRODUCTION_ENV)
    env["SECRET_KEY"] = ""
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_encryption_keys_are_required_when_debug_is_off() -> None:
    env = dict(PRODUCTION_ENV)
    env["ENCRYPTION_KEYS"] = ""
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "ENCRYPTION_KEYS is required" in result.stderr


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "") != "", reason="SQLite settings only")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]); "
        "print(connection.transaction_mode)"
    )
    env = {"DEBUG": "1", "WAYPOINT_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]


def test_the_suite_uses_the_configured_database() -> None:
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_a_form_with_a_stale_token_gets_plain_words_and_a_way_back(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")  # a token for this browser...
    client.cookies.clear()  # ...then its cookies are cleared, the form still open
    response = client.post("/login/", {"username": "alice", "passphrase": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please send that again" in html and "Nothing was saved." in html
    assert 'href="/login/"' in html
    assert "CSRF" not in html
    spanish = client.post("/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Envíalo de nuevo" in spanish.content.decode()
    api = client.post("/api/v1/entries", {}, content_type="application/json")
    assert api.status_code in (401, 403)
    assert "CSRF" not in api.content.decode()
