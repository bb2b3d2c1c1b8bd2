"""The installable app, checked the way an installability audit does, without a network."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.factories import log
from waypoint.accounts.models import User
from waypoint.core.pwa import OFFLINE_CACHE_HEADER, SHELL_FILES
from waypoint.journal.models import today

pytestmark = pytest.mark.django_db


def png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def static_path(url: str) -> str:
    found = finders.find(url.removeprefix("/static/"))
    assert isinstance(found, str), f"{url} is not a static file"
    return found


def test_manifest_has_what_installing_needs(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    for key in ("name", "short_name", "start_url", "display", "icons", "theme_color"):
        assert manifest[key], key
    assert manifest["display"] in ("standalone", "fullscreen", "minimal-ui")
    assert manifest["start_url"].startswith(manifest["scope"])
    sizes = {
        png_size(static_path(icon["src"]))
        for icon in manifest["icons"]
        if icon["type"] == "image/png"
    }
    assert {(192, 192), (512, 512)} <= sizes
    assert all("maskable" in icon.get("purpose", "maskable") for icon in manifest["icons"])


def test_discreet_mode_installs_as_notes_with_a_plain_icon(
    alice_client: Client, alice: User
) -> None:
    alice.discreet_mode = True
    alice.save()
    manifest = json.loads(alice_client.get("/manifest.webmanifest").content)
    assert manifest["name"] == manifest["short_name"] == "Notes"
    assert "Waypoint" not in json.dumps(manifest)
    assert all("neutral" in icon["src"] for icon in manifest["icons"])


def test_service_worker_is_served_from_the_root_for_the_whole_site(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    config = json.loads(re.search(r"var CONFIG = (\{.*\});", response.content.decode())[1])
    for url in config["shell"]:
        static_path(url)
    assert config["offline"] == "/offline/"
    # A worker is a script file under the CSP: nothing inline is needed to register it.
    page = client.get("/login/")
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert b'rel="manifest"' in page.content


def test_every_shell_file_exists() -> None:
    for name in SHELL_FILES:
        static_path("/static/" + name)


def test_offline_page_is_marked_safe_and_holds_nothing_personal(
    alice_client: Client, alice: User
) -> None:
    alice.display_name = "Alice Zephyrine"
    alice.save()
    log(alice, today(), 2, note="a private note about Thursday", activity="Zephyr street")
    response = alice_client.get("/offline/")
    assert response.status_code == 200
    assert response[OFFLINE_CACHE_HEADER] == "cache"
    body = response.content.decode()
    for private in ("Zephyrine", "alice", "private note", "Zephyr street"):
        assert private not in body
    assert "data-offline-log" in body


def test_personal_pages_are_never_marked_for_the_offline_cache(alice_client: Client) -> None:
    for path in ("/today/", "/entries/", "/settings/", "/goals/"):
        response = alice_client.get(path, follow=True)
        assert OFFLINE_CACHE_HEADER not in response, path


def test_the_shell_stays_under_100_kb_on_first_load(alice_client: Client) -> None:
    """Today's HTML with every stylesheet and script it loads, uncompressed."""
    page = alice_client.get("/today/")
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html)
    total = len(page.content) + sum(Path(static_path(url)).stat().st_size for url in assets)
    print(f"Today's first load: {total / 1024:.1f} KB in {len(assets) + 1} files")
    assert total <= 100 * 1024
