"""Works without a signal: the installed app keeps entries offline and sends each exactly once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import (
    BROWSER_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    make_user,
    open_more,
    screenshot,
    sign_in,
    wait_until,
)
from tests.core.test_accessibility import AXE, AXE_RUN, EVERY_RULE, PHONE, WIDE
from tests.journal.test_browser_honest import RED_ELEMENTS
from waypoint.accounts.models import Membership, Organization, User
from waypoint.journal.models import CheckIn, Entry, today
from waypoint.programs.models import Encounter, EncounterSupply
from waypoint.programs.selectors import program_for
from waypoint.programs.services import site_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Phone:
    """A phone whose browser keeps its storage when closed: a persistent Chromium profile."""

    def __init__(self, chromium: Any, base_url: str, folder: Path) -> None:
        self.chromium, self.base_url, self.folder = chromium, base_url, folder
        self.context: Any = None
        self.page: Any = None

    def open(self) -> Any:
        self.context = self.chromium.browser_type.launch_persistent_context(
            str(self.folder),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            base_url=self.base_url,
            viewport={"width": 390, "height": 844},
        )
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def phone(chromium: Any, live_server: Any, tmp_path: Path) -> Iterator[Phone]:
    device = Phone(chromium, live_server.url, tmp_path / "profile")
    device.open()
    yield device
    device.close()


def installed(
    page: Any, path: str = "/today/", kept: str = "/offline/", marker: str = "data-offline-id"
) -> None:
    """Wait until the service worker controls the page and has kept the page for offline use."""
    page.goto(path)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    wait_until(
        page,
        "caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => "
        f"c.match('{kept}').then(r => r ? r.text() : ''))))).then("
        f"texts => texts.some(t => t.includes('{marker}')))",
        f"{kept} kept for offline use",
    )


def wait_until_sent(page: Any) -> None:
    """Poll the device's outbox until nothing is left in it (all sent)."""
    wait_until(
        page, "WaypointOutbox.all().then(items => items.length === 0)", "entries left to send"
    )


def wait_until_taken_off_the_device(page: Any, key: str) -> None:
    """Wait until the device's outbox no longer holds this submission.

    "Fix" takes it off the list without waiting (IndexedDB is asynchronous): a page left before
    that has landed would abort it, and the corrected entry, once saved, would still be listed.
    A person takes longer than that to correct a number; the test waits instead.
    """
    wait_until(
        page,
        "key => WaypointOutbox.all().then(items => items.every(item => item.key !== key))",
        f"{key} taken off the device",
        key,
    )


def log_beer(page: Any) -> None:
    page.get_by_role("radio", name=re.compile(r"^Beer")).click()
    page.get_by_role("button", name="Save", exact=True).click()


def test_three_entries_and_a_checkin_offline_arrive_once(phone: Phone, alice: User) -> None:
    page = phone.page
    sign_in(page, "alice")
    installed(page)

    phone.context.set_offline(True)
    log_beer(page)  # from Today, loaded before the signal went
    page.get_by_text("Kept on this device").wait_for()
    log_beer(page)  # from the offline page
    page.get_by_text("Kept on this device").wait_for()
    page.goto("/today/")  # a reload without a signal still opens a form
    page.get_by_role("heading", name="Without a connection").wait_for()
    log_beer(page)
    page.locator("label[for=offline-mood-4]").click()
    page.get_by_role("button", name="Save mood and wellbeing").click()
    page.get_by_text("Waiting to send (4)").first.wait_for()
    screenshot(page, "offline-waiting-phone")
    assert Entry.objects.filter(user=alice).count() == 0

    phone.close()  # the browser is closed with everything still waiting
    page = phone.open()
    page.goto("/today/")
    wait_until_sent(page)
    assert Entry.objects.filter(user=alice).count() == 3
    assert CheckIn.objects.get(user=alice, day=today()).mood == 4


def test_a_send_cut_after_the_server_saved_is_not_doubled(phone: Phone, alice: User) -> None:
    page = phone.page
    sign_in(page, "alice")
    installed(page)
    cut: list[str] = []

    def save_then_cut(route: Any) -> None:
        if route.request.method == "POST" and not cut:
            route.fetch()  # the server saves the entry...
            cut.append(route.request.url)
            route.abort("connectionreset")  # ...and the answer never arrives
        else:
            route.continue_()

    phone.context.route("**/today/", save_then_cut)
    log_beer(page)
    page.get_by_text("Kept on this device").wait_for()
    assert cut and Entry.objects.filter(user=alice).count() == 1
    phone.context.unroute("**/today/")
    page.goto("/today/")
    wait_until_sent(page)
    assert Entry.objects.filter(user=alice).count() == 1


def test_a_refused_offline_entry_is_shown_to_fix(phone: Phone, alice: User) -> None:
    page = phone.page
    sign_in(page, "alice")
    installed(page)
    phone.context.set_offline(True)
    page.get_by_label("Substance").select_option(label="Cannabis")
    page.get_by_label("How much").fill("-3")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Kept on this device").wait_for()
    phone.context.set_offline(False)
    page.goto("/offline/")
    page.get_by_text("Not saved, needs a look (1)").first.wait_for()
    item = page.locator(".outbox-item.refused")
    assert item.locator(".error").inner_text().strip() == (
        "The amount must be more than 0 and at most 100000."
    )
    screenshot(page, "offline-refused-phone")
    item.get_by_role("button", name="Fix").click()
    page.get_by_label("How much").fill("3")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved: Cannabis, 3 joints.").wait_for()
    assert Entry.objects.filter(user=alice).count() == 1


def test_an_unusual_amount_kept_offline_is_asked_about_and_answered_in_one_tap(
    phone: Phone, alice: User
) -> None:
    page = phone.page
    sign_in(page, "alice")
    installed(page)
    phone.context.set_offline(True)
    for amount in ("60", "45"):
        page.get_by_role("radio", name=re.compile(r"^Beer")).click()
        page.locator("input[name=amount]").fill(amount)
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Kept on this device").wait_for()
    phone.context.set_offline(False)
    page.goto("/offline/")
    page.get_by_text("Not saved, needs a look (2)").first.wait_for()
    assert not Entry.objects.filter(user=alice).exists()

    # Each is asked about, with the value restated, as a question and not an error.
    first, second = page.locator(".outbox-item").all()
    assert first.locator(".question").inner_text().startswith("Is that right? 60 beers (")
    assert "45 beers" in second.locator(".question").inner_text()
    assert page.evaluate(RED_ELEMENTS) == []
    page.evaluate(AXE.read_text())
    assert page.evaluate(AXE_RUN, EVERY_RULE) == []
    screenshot(page, "offline-unusual-asked-phone")
    page.set_viewport_size(WIDE)
    assert page.evaluate(AXE_RUN, EVERY_RULE) == []
    screenshot(page, "offline-unusual-asked-wide")
    page.set_viewport_size(PHONE)

    # "Yes, that's right" with no signal: nothing is lost, it waits and is sent once online.
    phone.context.set_offline(True)
    first.get_by_role("button", name="Yes, that's right").click()
    page.get_by_text("Waiting to send (1)").first.wait_for()
    phone.context.set_offline(False)
    page.locator(".outbox-item").nth(1).wait_for(state="detached")
    entry = Entry.objects.get(user=alice)
    assert entry.amount_text == "60 beers"

    # The other was a slip of the thumb: put back in the form, corrected, saved with its id.
    kept_id = page.evaluate("WaypointOutbox.all().then(items => items[0].key)")
    page.locator(".outbox-item").get_by_role("button", name="Fix").click()
    expect(page.locator("input[name=amount]")).to_have_value("45")  # refilled once loaded
    wait_until_taken_off_the_device(page, kept_id)
    page.locator("input[name=amount]").fill("4")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved: Alcohol, 4 beers.").wait_for()
    fixed = Entry.objects.exclude(pk=entry.pk).get(user=alice)
    assert (fixed.amount_text, f"entry:{fixed.pk}") == ("4 beers", kept_id)
    assert page.evaluate("WaypointOutbox.all().then(items => items.length)") == 0


def keep_offline(page: Any, substance: str, drink: str | None, amount: str, unit: str = "") -> None:
    """Log one entry with no signal, by the form's field names (the same in every language)."""
    page.locator("select[name=substance]").select_option(label=substance)
    if drink:
        page.locator(f"input[name=drink][value={drink}]").check()
    page.locator("input[name=amount]").fill(amount)
    if drink == "volume":
        page.locator("input[name=abv_percent]").fill("5")
    if unit:
        page.locator("select[name=unit]").select_option(unit)
    page.locator("form[data-log-form] button.save").click()
    page.locator("[data-kept]").wait_for()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Alcohol, 330 mL, ", "Cannabis, 2 grams, ", "Alcohol, 1 beer, "]),
        ("es", ["Alcohol, 330 mL, ", "Cannabis, 2 gramos, ", "Alcohol, 1 cerveza, "]),
    ],
)
def test_the_waiting_list_shows_each_amount_with_its_unit(
    phone: Phone, alice: User, language: str, words: list[str]
) -> None:
    alice.language = language
    alice.save(update_fields=["language"])
    page = phone.page
    sign_in(page, "alice")
    installed(page, "/offline/")
    phone.context.set_offline(True)
    keep_offline(page, "Alcohol", "volume", "330")
    page.goto("/offline/")
    keep_offline(page, "Cannabis", None, "2", unit="g")
    page.goto("/offline/")
    keep_offline(page, "Alcohol", "beer", "1")
    page.goto("/offline/")
    waiting = page.locator("[data-outbox-list] li > span")
    waiting.nth(2).wait_for()
    labels = waiting.all_inner_texts()
    day = today().isoformat()
    assert [label.split(" · ")[0] for label in labels] == [w + day for w in words]
    screenshot(page, f"offline-waiting-units-{language}-phone")
    page.set_viewport_size(WIDE)
    screenshot(page, f"offline-waiting-units-{language}-wide")


def test_signing_out_with_entries_waiting_offers_to_send_them_first(
    phone: Phone, alice: User
) -> None:
    page = phone.page
    sign_in(page, "alice")
    installed(page)
    phone.context.set_offline(True)
    log_beer(page)
    page.get_by_text("Kept on this device").wait_for()
    open_more(page).get_by_role("button", name="Sign out").click()
    dialog = page.get_by_role("dialog", name="Before you sign out")
    dialog.get_by_text("Waiting to send (1)").wait_for()
    screenshot(page, "offline-sign-out-phone")
    phone.context.set_offline(False)
    dialog.get_by_role("button", name="Send them now, then sign out").click()
    page.get_by_role("link", name="Sign in").first.wait_for()
    assert Entry.objects.filter(user=alice).count() == 1
    assert page.evaluate("WaypointOutbox.all().then(items => items.length)") == 0


def test_quick_exit_clears_the_device_without_waiting(phone: Phone, alice: User) -> None:
    page = phone.page
    page.route(
        settings.QUICK_EXIT_URL + "**",
        lambda route: route.fulfill(status=200, body="<title>Weather</title>"),
    )
    sign_in(page, "alice")
    installed(page)
    phone.context.set_offline(True)
    log_beer(page)
    page.get_by_text("Kept on this device").wait_for()
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(settings.QUICK_EXIT_URL)
    phone.context.set_offline(False)
    page.goto("/")
    assert page.evaluate("WaypointOutbox.all().then(items => items.length)") == 0
    assert Entry.objects.filter(user=alice).count() == 0


def test_app_lock_asks_for_the_pin_after_time_away(phone: Phone, alice: User) -> None:
    page = phone.page
    sign_in(page, "alice")
    page.goto("/settings/")
    page.get_by_label("New PIN (4 to 8 digits)").fill("2468")
    page.get_by_label("The PIN again").fill("2468")
    page.get_by_label("Ask after this long away").select_option("1")
    page.get_by_role("button", name="Turn on the lock").click()
    page.get_by_text("On: asks for the PIN after 1 minutes away.").wait_for()
    assert "2468" not in page.evaluate("JSON.stringify(localStorage)")

    # Two minutes in the background, then back.
    page.goto("/today/")
    page.evaluate(
        "localStorage.setItem('waypoint-hidden-at', String(Date.now() - 120000));"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    lock = page.locator("#app-lock-screen")
    lock.get_by_label("PIN for this device").wait_for()
    screenshot(page, "app-lock-phone")
    assert not page.get_by_role("button", name="Save", exact=True).is_visible()
    lock.get_by_label("PIN for this device").fill("1111")
    lock.get_by_role("button", name="Unlock").click()
    lock.get_by_text("That PIN does not match").wait_for()
    lock.get_by_label("PIN for this device").fill("2468")
    lock.get_by_role("button", name="Unlock").click()
    page.get_by_role("button", name="Save", exact=True).wait_for()
    page.reload()  # unlocked stays unlocked
    page.get_by_role("button", name="Save", exact=True).wait_for()


ENCOUNTER_FORM = "/programs/harbor/encounters/new/"


def outreach_program(harbor: Organization, language: str = "") -> None:
    """Harbor as a program with a van; owen records encounters there, petra is its admin."""
    harbor.kind = Organization.Kind.PROGRAM
    harbor.save()
    worker = make_user("owen", kind=User.Kind.STAFF, language=language)
    Membership.objects.create(user=worker, organization=harbor, role=Membership.Role.OUTREACH)
    admin = make_user("petra", kind=User.Kind.STAFF)
    Membership.objects.create(user=admin, organization=harbor, role=Membership.Role.ADMIN)
    site_create(access=program_for(admin, "harbor"), name="Blue van", kind="mobile")


def test_an_encounter_recorded_offline_arrives_once(phone: Phone, harbor: Any) -> None:
    outreach_program(harbor)
    form = ENCOUNTER_FORM
    page = phone.page
    sign_in(page, "owen")
    installed(page, form, kept=form)

    phone.context.set_offline(True)
    page.fill("input[name=qty_syringe]", "10")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Kept on this device").wait_for()
    page.goto(form)  # the form opens again without a signal, ready for the next person
    page.fill("input[name=qty_syringe]", "5")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Waiting to send (2)").first.wait_for()
    assert not Encounter.objects.exists()
    page.goto("/offline/")  # the device's list names them for what they are
    waiting = page.locator("[data-outbox-list] li")
    waiting.first.wait_for()
    assert [text.split(" · ")[0].split(" ")[:2] for text in waiting.all_inner_texts()] == [
        ["An", "encounter"]
    ] * 2

    phone.context.set_offline(False)
    page.goto(form)
    wait_until_sent(page)
    assert sorted(
        EncounterSupply.objects.filter(item__slug="syringe").values_list("quantity", flat=True)
    ) == [5, 10]
    assert Encounter.objects.count() == 2


def keep_encounter_offline(page: Any, syringes: str) -> None:
    page.goto(ENCOUNTER_FORM)
    page.fill("input[name=qty_syringe]", syringes)
    page.locator("button[name=action][value=save]").click()
    page.locator("[data-kept]").wait_for()


@pytest.mark.parametrize(
    ("language", "yes", "fix", "saved", "item"),
    [
        ("en", "Yes, that's right", "Fix", "Saved.", "Syringe"),
        ("es", "Sí, es correcto", "Corregir", "Guardado.", "Jeringa"),
    ],
)
def test_an_unusual_encounter_kept_offline_is_asked_about_and_answered_in_one_tap(
    phone: Phone, harbor: Any, language: str, yes: str, fix: str, saved: str, item: str
) -> None:
    outreach_program(harbor, language)
    page = phone.page
    sign_in(page, "owen")
    installed(page, ENCOUNTER_FORM, kept=ENCOUNTER_FORM)
    phone.context.set_offline(True)
    keep_encounter_offline(page, "800")
    keep_encounter_offline(page, "900")
    kept = page.evaluate("WaypointOutbox.all().then(items => items.map(i => i.key))")
    phone.context.set_offline(False)
    page.goto("/offline/")
    page.locator(".outbox-item.asked").nth(1).wait_for()
    assert not Encounter.objects.exists()

    # Each is asked about, with the number restated, as a question and not an error.
    first, second = page.locator(".outbox-item").all()
    # Supply items are named in the worker's own language.
    assert first.locator(".question").inner_text().startswith(f"{item}: 800 ")
    assert second.locator(".question").inner_text().startswith(f"{item}: 900 ")
    assert page.evaluate(RED_ELEMENTS) == []
    page.evaluate(AXE.read_text())
    assert page.evaluate(AXE_RUN, EVERY_RULE) == []
    screenshot(page, f"offline-encounter-asked-{language}-phone")
    page.set_viewport_size(WIDE)
    assert page.evaluate(AXE_RUN, EVERY_RULE) == []
    screenshot(page, f"offline-encounter-asked-{language}-wide")
    page.set_viewport_size(PHONE)

    # "Yes, that's right" with no signal: it waits, and is sent once online with the same id.
    phone.context.set_offline(True)
    first.get_by_role("button", name=yes).click()
    page.locator(".outbox-item:not(.asked)").wait_for()
    phone.context.set_offline(False)
    page.locator(".outbox-item").nth(1).wait_for(state="detached")
    confirmed = Encounter.objects.get()
    assert f"entry:{confirmed.pk}" == kept[0]
    assert confirmed.supplies.get().quantity == 800

    # The other was a slip: back in the encounter form with its id, corrected, saved once.
    page.locator(".outbox-item").get_by_role("button", name=fix).click()
    page.wait_for_url(f"**{ENCOUNTER_FORM}")
    # The form is refilled from the device's outbox after it loads (IndexedDB is asynchronous).
    expect(page.locator("input[name=qty_syringe]")).to_have_value("900")
    wait_until_taken_off_the_device(page, kept[1])
    screenshot(page, f"offline-encounter-fix-{language}-phone")
    page.fill("input[name=qty_syringe]", "90")
    page.locator("button[name=action][value=save]").click()
    page.get_by_text(saved, exact=True).wait_for()
    fixed = Encounter.objects.exclude(pk=confirmed.pk).get()
    assert (fixed.supplies.get().quantity, f"entry:{fixed.pk}") == (90, kept[1])
    assert page.evaluate("WaypointOutbox.all().then(items => items.length)") == 0


def test_the_combination_checker_answers_without_a_connection(phone: Phone) -> None:
    page = phone.page
    checker = "/safety/combinations/"
    installed(page, checker, kept=checker, marker="checker-data")
    phone.context.set_offline(True)
    page.goto(checker + "?s1=alcohol&s2=opioids&s3=benzodiazepines")
    cards = page.locator("[data-offline-results] article.pair")
    cards.first.wait_for()
    assert cards.count() == 3
    # Worst first, as the server orders them.
    assert cards.first.locator(".badge").inner_text().strip().lower() == "dangerous"
    screenshot(page, "checker-offline-phone")
    page.get_by_label("Second substance").select_option("cannabis")
    page.get_by_label("Third substance (optional)").select_option("")
    page.get_by_role("button", name="Check").click()
    page.wait_for_function(
        "document.querySelectorAll('[data-offline-results] article.pair').length === 1"
    )
