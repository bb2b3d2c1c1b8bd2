"""Languages (issue 18): the catalogues are complete, and each way of choosing a language works.

The catalogue test lists every message that is missing, with where it is used, so that a new
string added in English fails here until it is translated (docs/translating.md).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.conftest import client_for
from waypoint.accounts.models import User
from waypoint.core.translations import LOCALE_DIR, build, catalogues, problems, translations
from waypoint.core.words import stigmatizing_terms

SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def test_every_shipped_language_has_a_catalogue() -> None:
    assert SHIPPED, "a language besides English is offered"
    for code in SHIPPED:
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "django.po").exists(), code


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parts[-3])
def test_every_message_is_translated_and_keeps_its_placeholders(po_path: Path) -> None:
    found = problems(po_path)
    listing = "\n".join(f"  {p.why}: {p.msgid!r} ({p.where})" for p in found[:200])
    assert not found, f"{len(found)} messages need a translator in {po_path}:\n{listing}"


def test_every_message_in_the_code_is_in_every_catalogue(tmp_path: Path) -> None:
    """A message added to the code but never extracted is untranslated too: extract afresh
    (as `make messages` does, in a copy of the code) and check each catalogue again."""
    if shutil.which("xgettext") is None:
        if os.environ.get("WAYPOINT_REQUIRE_GETTEXT"):
            pytest.fail("xgettext (Debian's gettext) is required here")
        pytest.skip("needs xgettext (apt-get install gettext), as `make messages` does")
    root, copy = Path(settings.BASE_DIR), tmp_path / "src"
    skip = shutil.ignore_patterns("__pycache__", "*.mo")
    shutil.copytree(root / "waypoint", copy / "waypoint", ignore=skip)
    shutil.copytree(root / "locale", copy / "locale", ignore=skip)
    shutil.copy(root / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--all", "--no-obsolete"],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    for po_path in catalogues():
        fresh = copy / po_path.relative_to(root)
        found = problems(fresh)
        listing = "\n".join(f"  {p.why}: {p.msgid!r} ({p.where})" for p in found[:200])
        assert not found, f"{len(found)} messages of the code missing in {po_path}:\n{listing}"


# The calls whose first argument is a message, as `makemessages` passes them to xgettext.
GETTEXT_CALLS = {"gettext", "gettext_lazy", "_", "ngettext", "ngettext_lazy", "pgettext"}


def _messages_in_code() -> dict[str, str]:
    """Every literal message given to gettext in the Python code, with where it is, found by
    reading the code's syntax (which also sees the calls inside f-strings)."""
    found: dict[str, str] = {}
    root = Path(settings.BASE_DIR)
    for path in sorted((root / "waypoint").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[1 if name == "pgettext" else 0] if name in GETTEXT_CALLS else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{path.relative_to(root)}:{node.lineno}")
    return found


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parts[-3])
def test_every_message_given_to_gettext_in_python_has_a_translation(po_path: Path) -> None:
    """xgettext does not look inside f-strings: a message written there is dropped from the
    catalogue by `make messages`, and shows in English though the page is in Spanish."""
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(po_path))}
    missing = [
        f"  {msgid!r} ({where})"
        for msgid, where in _messages_in_code().items()
        if msgid not in catalogue or not catalogue[msgid].translated()
    ]
    assert not missing, f"{len(missing)} messages not in {po_path}:\n" + "\n".join(missing)


def test_the_check_catches_an_untranslated_a_fuzzy_and_a_broken_message(tmp_path: Path) -> None:
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Hello", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Bye", msgstr="Adiós", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="Hi %(name)s", msgstr="Hola %(nombre)s"))
    catalogue.append(polib.POEntry(msgid="<b>Yes</b>", msgstr="Sí"))
    catalogue.append(polib.POEntry(msgid="Fine {n}", msgstr="Bien {n}"))
    path = tmp_path / "django.po"
    catalogue.save(str(path))
    assert [p.why.split(":")[0] for p in problems(path)] == [
        "untranslated",
        "fuzzy",
        "placeholders differ",
        "HTML differs",
    ]


def test_the_mo_files_are_built_from_the_po_files_without_gettext(tmp_path: Path) -> None:
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid="Today", msgstr="Hoy"))
    catalogue.save(str(folder / "django.po"))
    assert build(tmp_path) == [folder / "django.mo"]
    assert build(tmp_path) == []  # up to date: nothing rebuilt
    assert polib.mofile(str(folder / "django.mo")).find("Today").msgstr == "Hoy"


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parts[-3])
def test_translations_avoid_stigmatizing_words(po_path: Path) -> None:
    code = po_path.parts[-3]
    language = code if code in ("es",) else "en"
    found = [
        f"{term!r} in {text[:80]!r} (instead: {instead})"
        for text in translations(po_path)
        for term, instead in stigmatizing_terms(text, language)
    ]
    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "Eres un adicto",
        "drogadictos",
        "toxicómano",
        "una persona alcohólica",
        "abuso de sustancias",
        "Llevas 30 días limpio",
        "una prueba sucia",
        "tuviste una recaída",
        "es un fracaso",
        "el intercambio de agujas",
        "terapia de sustitución",
        "Tienes que parar",
        "Debes dejarlo",
    ],
)
def test_the_spanish_check_catches_each_kind_of_stigmatizing_phrase(text: str) -> None:
    assert stigmatizing_terms(text, "es")


@pytest.mark.parametrize(
    "text",
    [
        "persona que usa drogas",
        "consumo de sustancias",
        "volver a consumir",
        "un día fuera del plan",
        "jeringas estériles",
        "servicios de jeringas",
        "Puedes",
        "nombre de usuario",
        "bebidas alcohólicas",
    ],
)
def test_the_spanish_check_leaves_the_preferred_words_alone(text: str) -> None:
    assert stigmatizing_terms(text, "es") == []


# --- Choosing a language ----------------------------------------------------------------------


def _lang(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
def test_a_signed_out_browser_gets_its_own_language() -> None:
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5").get("/login/")
    assert _lang(spanish) == "es"
    assert "Iniciar sesión" in spanish.content.decode()
    assert spanish.headers["Content-Language"] == "es"
    english = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/login/")
    assert _lang(english) == "en"
    assert "Sign in" in english.content.decode()
    unknown = Client(HTTP_ACCEPT_LANGUAGE="tlh").get("/login/")
    assert _lang(unknown) == "en"


@pytest.mark.django_db
def test_the_switch_on_every_page_is_a_plain_form() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/safety/").content.decode()
    assert 'action="/language/"' in page
    assert 'name="language" value="es" lang="es"' in page
    response = client.post("/language/", {"language": "es", "next": "/safety/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/safety/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert _lang(client.get("/safety/")) == "es"
    # Back to English, from the Spanish page's switch.
    assert 'name="language" value="en" lang="en"' in client.get("/safety/").content.decode()
    client.post("/language/", {"language": "en", "next": "/safety/"})
    assert _lang(client.get("/safety/")) == "en"


@pytest.mark.django_db
def test_the_switch_refuses_an_unknown_language_and_an_outside_address() -> None:
    client = Client()
    refused = client.post("/language/", {"language": "xx", "next": "/"})
    assert refused.status_code == 400
    outside = client.post("/language/", {"language": "es", "next": "https://evil.example/"})
    assert outside.headers["Location"] == "/"
    assert client.get("/language/").status_code == 405


@pytest.mark.django_db
def test_the_account_setting_wins_once_signed_in(alice: User) -> None:
    client = client_for(alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-US"
    assert _lang(client.get("/settings/")) == "en"
    response = client.post(
        "/settings/",
        {"display_name": "Alice", "email": "", "language": "es"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "es"
    client.cookies.clear()  # another device: its browser asks for English
    client.force_login(alice)
    page = client.get("/settings/")
    assert _lang(page) == "es"
    assert "Ajustes" in page.content.decode()
    # Empty means: follow the browser again.
    client.post("/settings/", {"display_name": "Alice", "email": "", "language": ""})
    alice.refresh_from_db()
    assert alice.language == ""
    client.cookies.clear()
    client.force_login(alice)
    assert _lang(client.get("/settings/")) == "en"


@pytest.mark.django_db
def test_the_switch_changes_the_account_setting_when_signed_in(alice: User) -> None:
    client = client_for(alice)
    client.post("/language/", {"language": "es", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "es"


@pytest.mark.django_db
def test_dates_and_numbers_follow_the_language(alice: User) -> None:
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load i18n %}{{ day|date:_("l j F Y") }} · {{ drinks }}')
    import datetime

    context = Context({"day": datetime.date(2026, 11, 30), "drinks": 1.5})
    with translation.override("es"):
        assert template.render(context) == "lunes 30 de noviembre de 2026 · 1,5"
    with translation.override("en"):
        assert template.render(context) == "Monday 30 November 2026 · 1.5"


@pytest.mark.django_db
def test_api_errors_follow_the_account_language(alice: User) -> None:
    client = client_for(alice)
    alice.language = "es"
    alice.save()
    answer = client.get("/api/v1/goals/999999")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "No se encontró."
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="es").get("/api/v1/goals")
    assert anonymous.status_code == 401
    assert "Inicia sesión" in anonymous.json()["detail"]


@pytest.mark.django_db
def test_messages_to_a_contact_are_in_the_person_s_language(alice: User) -> None:
    from waypoint.alerts import services
    from waypoint.alerts.models import Outbox

    alice.language = "es"
    alice.save()
    services.contact_add(owner=alice, name="Sam", email="sam@example.org")
    row = Outbox.objects.get()
    assert "Alice" in row.subject
    assert row.subject != "Alice asks if you will check on them"
    assert "Waypoint" in row.body and "nunca" in row.body.lower()
    assert mail.outbox == []  # sent by the worker, not here


@pytest.mark.django_db
def test_date_and_time_pickers_keep_iso_values_in_spanish(alice: User) -> None:
    # A Spanish page once rendered the day as 28/11/2026, which a date picker cannot show, so
    # logging an earlier day failed with "this field is required".
    client = client_for(alice)
    alice.language = "es"
    alice.save()
    page = client.get("/entries/new/", {"day": "2026-11-28"}).content.decode()
    assert 'value="2026-11-28"' in page
    assert "28/11/2026" not in page


@pytest.mark.django_db
def test_the_switch_names_each_language_in_itself() -> None:
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/safety/").content.decode()
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in spanish
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/safety/").content.decode()
    assert '<button type="submit" name="language" value="es" lang="es">Español</button>' in english


@pytest.mark.django_db
def test_the_overdose_guide_is_in_the_reader_s_language_with_its_own_switch() -> None:
    # The guide is rendered without the request (cacheable, kept offline), so it reads the
    # active language itself.
    page = Client(HTTP_ACCEPT_LANGUAGE="es").get("/safety/overdose/")
    html = page.content.decode()
    assert _lang(page) == "es"
    assert "Sobredosis: qué hacer" in html
    assert 'name="next" value="/safety/overdose/"' in html
    assert 'value="en" lang="en">English</button>' in html
    assert "Accept-Language" in page.headers["Vary"]
