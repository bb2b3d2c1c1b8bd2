"""Issue 18 in headless Chromium: a phone (390x844) whose browser asks for Spanish signs up,
logs a few days and sees its progress, all in Spanish, and switches language with the form on
every page (no script needed, reachable with the keyboard)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS, screenshot
from waypoint.journal.models import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "lámpara río tranquilo naranja"


def fits_the_phone(page: Any) -> None:
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def log_drinks(page: Any, day: date, drinks: int) -> None:
    page.goto(f"/entries/new/?day={day.isoformat()}")
    page.get_by_role("radio", name=re.compile(r"^Tragos estándar")).check()
    page.get_by_label("Cuántos").fill(str(drinks))
    page.get_by_role("button", name="Guardar", exact=True).click()
    try:
        page.get_by_text(re.compile(r"^Guardado: Alcohol")).first.wait_for()
    except Exception:
        screenshot(page, "spanish-debug")
        raise


def test_sign_up_log_and_progress_in_spanish_on_a_phone(spanish_phone_page: Any) -> None:
    page = spanish_phone_page
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    t = today()
    page.goto("/signup/")
    page.get_by_role("heading", name="Crea una cuenta").wait_for()
    fits_the_phone(page)
    screenshot(page, "spanish-signup-phone")
    page.get_by_label("Nombre de usuario").fill("lucia")
    page.get_by_label("Frase de acceso", exact=True).fill(PASSPHRASE)
    page.get_by_label("Frase de acceso otra vez").fill(PASSPHRASE)
    page.get_by_role("button", name="Crear mi cuenta").click()
    page.get_by_role("heading", name="Tus códigos de recuperación").wait_for()
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    # Sign-up leads into getting started.
    page.wait_for_url(re.compile(r"/start/"))
    fits_the_phone(page)

    page.get_by_label("Alcohol", exact=True).check()
    page.get_by_role("button", name="Guardar y continuar").click()
    page.get_by_label("El trago estándar de tu país").select_option("US")
    page.get_by_role("button", name="Guardar y continuar").click()

    log_drinks(page, t - timedelta(days=2), 2)
    log_drinks(page, t - timedelta(days=1), 4)
    page.goto("/today/")
    page.get_by_role("button", name=re.compile(r"^Hoy no consumí")).click()
    page.get_by_text(re.compile("Anotado: sin consumo|Hoy no hubo consumo")).first.wait_for()
    fits_the_phone(page)
    screenshot(page, "spanish-today-phone")

    page.goto("/goals/progress/")
    page.get_by_role("heading", name="Tu progreso").wait_for()
    fits_the_phone(page)
    screenshot(page, "spanish-progress-phone")
    text = page.locator("main").inner_text()
    assert "Aún no tienes meta" in text
    assert "Sign out" not in page.content()

    page.goto("/entries/")
    entries = page.locator("main").inner_text()
    # Months in Spanish, with "de" between day and month where the format spells the month out.
    assert re.search(r"\b\d{1,2} de (noviembre|diciembre|enero|octubre)\b", entries)
    assert "November" not in entries


def test_the_language_switch_works_without_script_and_by_keyboard(spanish_phone_page: Any) -> None:
    page = spanish_phone_page
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.goto("/safety/")
    switch = page.get_by_role("button", name="English")
    switch.wait_for()
    box = switch.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    switch.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("button", name="Español").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    with page.expect_navigation():
        page.get_by_role("button", name="Español").click()
    page.get_by_role("button", name="English").wait_for()
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.url.endswith("/safety/")
    fits_the_phone(page)
