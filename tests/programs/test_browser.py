"""Programs in real headless Chromium: a program from create_organization to a shared report, and
the keystrokes a typical encounter takes on a phone."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import BROWSER_TIMEOUT_MS, PASSPHRASE, screenshot, sign_in
from tests.programs.conftest import record
from waypoint.accounts.models import Organization, User
from waypoint.programs import services
from waypoint.programs.models import Encounter, Referral
from waypoint.programs.selectors import ProgramAccess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def contexts(chromium: Any, live_server: Any) -> Iterator[Any]:
    opened: list[Any] = []

    def open_page(phone: bool = False) -> Any:
        context = chromium.new_context(base_url=live_server.url, **(PHONE if phone else {}))
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return page

    yield open_page
    for context in opened:
        context.close()


def test_a_program_from_its_first_admin_to_a_shared_report(contexts: Any, live_server: Any) -> None:
    # The operator makes the program; the first admin sets a passphrase through the printed link.
    out = io.StringIO()
    call_command(
        "create_organization",
        "--name",
        "Harborside Outreach",
        "--kind",
        "program",
        "--admin",
        "hana",
        "--site-url",
        live_server.url,
        stdout=out,
    )
    link = out.getvalue().strip().splitlines()[-1]
    admin = contexts()
    admin.goto(link)
    admin.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    admin.get_by_label("Passphrase again").fill(PASSPHRASE)
    admin.get_by_role("button", name="Set my passphrase").click()
    admin.get_by_role("link", name="I have kept them, continue").click()
    admin.get_by_role("heading", name="Harborside Outreach").wait_for()
    slug = Organization.objects.get().slug

    # A site, and an outreach worker invited from the Staff page.
    admin.get_by_role("link", name="Add a site").click()
    admin.get_by_label("Name").fill("Blue van")
    admin.get_by_label("Kind").select_option("mobile")
    admin.get_by_role("button", name="Add the site").click()
    admin.get_by_text("Site added.").wait_for()
    admin.goto(f"/org/{slug}/staff/")
    admin.get_by_label("Role").select_option("outreach")
    admin.get_by_role("button", name="Make an invitation").click()
    invitation = admin.get_by_test_id("staff-invitation-link").inner_text()
    screenshot(admin, "programs-e2e-admin-invites")

    worker = contexts(phone=True)
    worker.goto(invitation)
    worker.get_by_label("Username").fill("wes")
    worker.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    worker.get_by_label("Passphrase again").fill(PASSPHRASE)
    worker.get_by_role("button", name="Make my staff account").click()
    worker.get_by_role("link", name="I have kept them, continue").click()
    worker.get_by_role("heading", name="Harborside Outreach").wait_for()

    # Stock: the admin receives 2 naloxone kits at the van.
    admin.goto(f"/programs/{slug}/stock/")
    admin.locator("#id_receipt-site").select_option(label="Blue van")
    admin.locator("#id_receipt-item").select_option("naloxone-nasal-4mg")
    admin.locator("#id_receipt-quantity").fill("2")
    admin.locator("#id_receipt-lot").fill("NX-7")
    admin.locator("#id_receipt-expires_on").fill(
        (timezone.localdate() + timezone.timedelta(days=40)).isoformat()
    )
    admin.get_by_role("button", name="Add to stock").click()
    admin.get_by_text("Stock updated.").wait_for()

    # The worker issues a code and records an encounter with it, with a referral.
    worker.get_by_role("link", name="Issue a code").click()
    worker.get_by_role("button", name="Issue a code").click()
    code = worker.get_by_test_id("issued-code").inner_text()
    worker.get_by_role("link", name="Record an encounter with it").click()
    worker.get_by_label("Syringe", exact=True).fill("20")
    worker.get_by_label("Naloxone nasal spray 4 mg (kit)").fill("2")
    worker.get_by_label("Syringes collected (count)").fill("15")
    worker.get_by_text("Services, tests, referrals, note, time").click()
    worker.get_by_role("group", name="Referrals made").get_by_label(
        "Buprenorphine", exact=True
    ).check()
    # Ticking a referral shows its list of directory services (optional), and only that one.
    worker.get_by_label("Service for Buprenorphine", exact=True).wait_for()
    assert not worker.get_by_label("Service for Housing", exact=True).is_visible()
    worker.get_by_label("HIV test").select_option("non_reactive")
    worker.get_by_role("button", name="Save", exact=True).click()
    worker.get_by_text("Saved.").wait_for()
    # An anonymous contact for 3 people, and the same code again: the referral got somewhere,
    # and one more naloxone kit (stock falls below zero).
    worker.get_by_label("People (anonymous contact)").fill("3")
    worker.get_by_label("Syringe", exact=True).fill("30")
    worker.get_by_role("button", name="Save", exact=True).click()
    worker.get_by_text("Saved.").wait_for()
    worker.get_by_label("Card code").fill(code)
    worker.get_by_label("Naloxone nasal spray 4 mg (kit)").fill("1")
    worker.get_by_text("Services, tests, referrals, note, time").click()
    worker.get_by_role("group", name="Got there since an earlier referral").get_by_label(
        "Buprenorphine"
    ).check()
    screenshot(worker, "programs-e2e-encounter-phone")
    worker.get_by_role("button", name="Save", exact=True).click()
    worker.get_by_text("Saved.").wait_for()
    assert Referral.objects.get().status == "linked"

    # A reversal with a replacement kit.
    worker.get_by_role("link", name="Reversal").click()
    worker.get_by_label("Site").select_option(label="Blue van")
    worker.get_by_label("Where it happened").select_option("outdoors")
    worker.get_by_label("Fentanyl").check()
    worker.get_by_label("Naloxone product").select_option("naloxone-nasal-4mg")
    worker.get_by_label("Outcome").select_option("recovered")
    worker.get_by_label("Replacement kit handed out").select_option("naloxone-nasal-4mg")
    worker.get_by_role("button", name="Save").click()
    worker.get_by_text("Reversal recorded.").wait_for()

    # The admin sees stock fall below zero and warn.
    admin.goto(f"/programs/{slug}/")
    admin.get_by_text(
        re.compile(r"Naloxone nasal spray 4 mg \(kit\) at Blue van: -2 on the books")
    ).wait_for()
    screenshot(admin, "programs-e2e-home-warning")

    # The report matches the numbers by hand.
    today = timezone.localdate()
    admin.goto(f"/programs/{slug}/report/?start={today.replace(day=1)}&end={today}")
    table = admin.get_by_test_id("report-table")
    expected = {
        "encounters": "3",
        "unique_participants": "1",
        "new_participants": "1",
        "anonymous_contacts": "3",
        "syringes_distributed": "50",
        "syringes_collected": "15",
        "naloxone_kits_distributed": "3",
        "naloxone_doses_distributed": "6",
        "hiv_tests": "1",
        "hiv_reactive": "0",
        "referrals_made": "1",
        "referrals_linked": "1",
        "overdose_reversals_reported": "1",
    }
    for key, value in expected.items():
        assert table.locator(f'td[data-key="{key}"]').inner_text() == value, key
    screenshot(admin, "programs-e2e-report")
    admin.get_by_label("Safe to share (hides counts from 1 to 10)").check()
    admin.get_by_role("button", name="Show").click()
    admin.wait_for_url("**shared=on**")
    table = admin.get_by_test_id("report-table")
    for key in ("encounters", "naloxone_kits_distributed", "referrals_linked"):
        assert table.locator(f'td[data-key="{key}"]').inner_text() == "<11", key
    assert table.locator('td[data-key="syringes_distributed"]').inner_text() == "50"
    assert table.locator('td[data-key="hiv_reactive"]').inner_text() == "0"
    screenshot(admin, "programs-e2e-report-shared")
    # Printed, the shared report keeps its table and "<11", without the form and the menus.
    admin.emulate_media(media="print")
    expect(admin.locator("form.report-form")).to_be_hidden()
    expect(table.locator('td[data-key="encounters"]')).to_have_text("<11")
    expect(admin.locator("svg.chart").first).to_be_visible()


def test_a_typical_encounter_takes_at_most_8_keystrokes_or_taps(
    contexts: Any, owen: User, access: ProgramAccess, van: Any
) -> None:
    code = services.participant_issue(user=owen, access=access).shown_code
    record(
        access,
        owen,
        van,
        code=code,
        at=timezone.now() - timezone.timedelta(days=7),
        supplies=[("syringe", 20), ("cooker", 10), ("naloxone-nasal-4mg", 1)],
        syringes_collected=18,
    )
    page = contexts(phone=True)
    sign_in(page, "owen")
    page.goto("/programs/riverside/encounters/new/")
    actions = 0
    # The form opens with the code field focused (Chromium applies autofocus on a rendering
    # update after load, so wait for it, or the first characters go nowhere under load): type
    # the six characters of the card.
    expect(page.locator('input[name="code"]')).to_be_focused()
    typed = code.replace("-", "")
    page.keyboard.type(typed)
    actions += len(typed)
    page.get_by_role("button", name="Same as last time").tap()
    actions += 1
    page.get_by_text("Filled in from last time.").wait_for()
    screenshot(page, "programs-same-as-last-time-phone")
    page.get_by_role("button", name="Save", exact=True).tap()
    actions += 1
    page.get_by_text("Saved.").wait_for()
    assert actions <= 8, actions
    latest = Encounter.objects.order_by("-recorded_at").first()
    assert latest is not None and latest.participant is not None
    assert latest.participant.shown_code == code
    assert sorted((s.item.slug, s.quantity) for s in latest.supplies.all()) == [
        ("cooker", 10),
        ("naloxone-nasal-4mg", 1),
        ("syringe", 20),
    ]
    assert latest.syringes_collected == 18


def test_import_with_a_progress_bar(contexts: Any, petra: User, van: Any, tmp_path: Any) -> None:
    rows = "".join(
        f"2025-04-{1 + i % 28:02d},Blue van,,2,syringe:10;cooker:2,,\n" for i in range(300)
    )
    path = tmp_path / "tally.csv"
    path.write_text("at,site,participant_code,people,supplies,syringes_collected,hiv\n" + rows)
    page = contexts()
    sign_in(page, "petra")
    page.goto("/programs/riverside/import/")
    seen: list[str] = []
    page.on("response", lambda r: seen.append(r.request.headers.get("x-import-progress", "")))
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("300 rows: 300 encounters saved, 0 already there.").wait_for(timeout=60_000)
    assert "1" in seen  # the page asked for progress as it went
    assert Encounter.objects.count() == 300
    screenshot(page, "programs-import-done")


def test_the_code_placeholder_fits_its_box_on_a_phone(contexts: Any, owen: User, van: Any) -> None:
    page = contexts(phone=True)
    sign_in(page, "owen")
    page.goto("/programs/riverside/encounters/new/")
    room, needed = page.evaluate(
        """() => { const input = document.querySelector('input[name="code"]');
          const style = getComputedStyle(input), probe = document.createElement('span');
          for (const p of ['font', 'letterSpacing', 'textTransform']) probe.style[p] = style[p];
          probe.style.whiteSpace = 'pre'; probe.textContent = input.placeholder;
          document.body.append(probe);
          const needed = probe.getBoundingClientRect().width; probe.remove();
          return [input.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight), needed]; }"""
    )
    assert needed <= room, f"the placeholder needs {needed}px, the box has {room}px"


def test_every_number_of_a_years_report_is_shown_whole(
    contexts: Any, petra: User, access: ProgramAccess, van: Any
) -> None:
    for month in (1, 6, 11):
        record(
            access,
            petra,
            van,
            at=timezone.make_aware(timezone.datetime(2026, month, 10, 12)),
            supplies=[("syringe", 480)],
        )
    url = "/programs/riverside/report/?start=2025-12-01&end=2026-11-30"
    overflow = """() => { const wrap = document.querySelector('.report-wrap');
      return wrap.scrollWidth - wrap.clientWidth; }"""
    # Wide: a year of months fits beside the indicators, nothing scrolled out of sight.
    wide = contexts()
    sign_in(wide, "petra")
    wide.goto(url)
    assert wide.evaluate(overflow) <= 0
    # A phone: one block per indicator, each number beside its month, nothing cut off.
    phone = contexts(phone=True)
    sign_in(phone, "petra")
    phone.goto(url)
    assert phone.evaluate(overflow) <= 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    cell = phone.locator('td[data-key="syringes_distributed"] ~ td').nth(1)
    assert cell.inner_text() == "480"
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Jan 2026"'
