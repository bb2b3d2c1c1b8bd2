"""Accessibility across every page: axe-core (from npm, pinned in package-lock.json) in Chromium.

One browser for the whole sweep. Each role (the demo's participant, counselor, group facilitator,
program outreach worker, program admin, and nobody signed in) gets one browser context; its pages
are found by following the links of every page it can reach from the home page, one page per
URL name. Each page is checked at 1280 wide, then the same page at 390x844 (resized, not
reloaded), then again in a context whose locale is es-ES (Accept-Language: es), so the Spanish
pages are checked as soon as they exist. Any axe violation fails, and so does a page that
scrolls sideways on the phone. A page that no role reached fails too, unless it is listed below
with the reason it is not a page to look at.

Pages behind a state the demo does not leave behind (one-time links, a running timer, a client's
pages under consent, the page after deleting an account...) are checked after the crawl, the
same way in both languages, once that state is made through the services or the forms.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from tests.accounts.test_gate_matrix import PAGES
from tests.conftest import BROWSER_TIMEOUT_MS, screenshot
from waypoint.accounts.models import User
from waypoint.goals.models import Goal
from waypoint.journal.models import Entry
from waypoint.journal.services import profile_of, substance_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_RUN = """async (options) => {
  const result = await axe.run(document, Object.assign({resultTypes: ["violations"]}, options));
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
  }));
}"""
# At 390 (phone first) every rule axe runs by default, and WCAG 2.2's target size (24x24 CSS px).
EVERY_RULE = {"rules": {"target-size": {"enabled": True}}}
# The same page resized to 1280 has the same markup: only the rules that depend on layout can
# answer differently, and only they run again (colour contrast is most of axe's time).
LAYOUT_RULES = {
    "runOnly": ["color-contrast", "target-size", "scrollable-region-focusable", "meta-viewport"]
}

# The demo's accounts for each role (see `manage.py demo`).
ROLES = {
    "participant": "river",
    "counselor": "dr-okafor",
    "facilitator": "jules",
    "outreach": "kai",
    "admin": "rs-admin",
    "signed-out": "",
    # A participant who has just signed up: empty pages and getting started (seeded, not crawled).
    "newcomer": "newcomer",
}
STAFF_ROLES = ("counselor", "facilitator", "outreach", "admin")
# URL names that are not pages to look at: downloads, POST-only actions, redirects, and pages
# reached only with a one-time secret or a state the demo does not leave behind.
NOT_LOOKED_AT = {
    "core:quick_exit": "POST only: leaves the site",
    "core:manifest": "JSON",
    "core:service_worker": "JavaScript",
    "accounts:logout": "POST only",
    "accounts:revoke_token": "POST only",
    "data:export_json": "download",
    "data:export_csv": "download",
    "data:export_urges_csv": "download",
    "care:export_json": "download",
    "care:export_csv": "download",
    "care:export_fhir": "download",
    "care:questionnaires_fhir": "download",
    "programs:encounters_csv": "download",
    "programs:report_csv": "download",
    "programs:referrals_csv": "download",
    "programs:referral_services": "data for the encounter page's script, not a page",
    "groups:picture_csv": "download",
    "worksheets:export_csv": "download",
}
# Pages behind a state the demo does not leave behind (a one-time secret, a running timer, the
# answer to a form, a client's pages under consent, an organization's own services and topics,
# a meeting happening now): the crawl does not reach them, so after it the sweep makes that
# state (through the services, or the form a person fills in) and checks each one, and fails
# unless it checked exactly these. A new page missing here and unreached fails.
BEHIND_A_STATE = {
    "accounts:setup": "one-time link for a new organization's first admin",
    "accounts:recovery_codes_shown": "shown once, after setting the first passphrase",
    "alerts:contact_confirm": "one-time link sent to a contact",
    "alerts:contact_stop": "link sent to a contact (and its answer)",
    "alerts:timer": "a running check-on-me timer",
    "care:join": "one-time staff invitation link",
    "care:questionnaire_result": "the answer to a questionnaire just taken",
    "care:client_assessments": "a client's questionnaires, under consent",
    "care:client_checkins": "a client's check-ins, under consent",
    "care:client_entries": "a client's journal, under consent",
    "care:client_goals": "a client's goals, under consent",
    "care:client_notes": "a client's notes, under consent",
    "worksheets:client": "a client's worksheets, under consent",
    "directory:client": "a client's referrals, under consent",
    "data:goodbye": "after deleting the account",
    "directory:service_new": "an organization that lists services",
    "directory:service_edit": "an organization's own service (the demo's are imported)",
    "directory:service_places": "an organization's own service (the demo's are imported)",
    "directory:group_listing": "a group listed in the directory",
    "groups:feedback_code": "one-time anonymous feedback code (a walk-in's form, the staff page)",
    "groups:checkin": "a meeting happening now",
    "groups:topic_edit": "an organization's own topic (the demo's topics are built in)",
    "start:audit_result": "the answer to the drinking check",
    "companion:usual_from_entry": "linked from an entry logged today; the demo logs none today",
}
# Every kind of view that answers POST only (require_POST): actions, not pages.
POST_ONLY = {
    "accounts:create_token",
    "care:consent_revoke",
    "care:invitation_cancel",
    "care:request_decline",
    "care:staff_remove",
    "care:suggestion_decide",
    "accounts:language",
    "care:org_time_zone",
    "companion:hard_moments",
    "companion:usual_delete",
    "companion:usual_log",
    "accounts:new_recovery_codes",
    "alerts:contact_remove",
    "alerts:dismiss",
    "alerts:withdraw",
    "alerts:timer_extend",
    "alerts:timer_ok",
    "alerts:timer_help",
    "alerts:reminder",
    "directory:save",
    "directory:went",
    "directory:visit_delete",
    "directory:closure_add",
    "directory:suggest",
    "goals:end",
    "goals:continuous",
    "goals:step_add",
    "goals:step_remove",
    "goals:step_toggle",
    "groups:checkin_delete",
    "groups:rotate_code",
    "programs:referral_link",
    "programs:unlink",
    "start:skip_all",
    "worksheets:pin",
}
# Pages no link leads to in the demo: visited directly, by the role that may see them.
SEEDS: dict[str, list[str]] = {
    "participant": [
        "/start/",
        "/start/done/",
        "/safety/body/",
        "/directory/saved/",
        "/alerts/notifications/",
        "/alerts/subscribe/",
        "/sharing/connect/",
    ],
    "admin": ["/directory/manage/"],
    "newcomer": [
        "/start/substances/",
        "/start/drinks/",
        "/start/where/",
        "/start/baseline/",
        "/start/audit/",
        "/entries/",
        "/goals/progress/",
    ],
    "signed-out": ["/signup/", "/login/", "/recover/", "/offline/", "/groups/feedback/"],
}
MAX_PAGES_PER_ROLE = 120
# The sweep's contexts run without the service worker: it changes nothing axe checks, and on
# each context's first page it installs, fetching the offline pages beside the sweep's requests.
# Deleting an account once answered 302 and never reached the goodbye page under load: the
# worker's requests were the only others that could run beside it, and the live server shares
# one in-memory SQLite connection, transactions included, among its threads.
NO_WORKER = "block"
TRACE = bool(os.environ.get("WAYPOINT_AXE_TRACE"))
# A full-page PNG of every page checked, at each width, for a person to look at.
SCREENSHOTS = bool(os.environ.get("WAYPOINT_AXE_SCREENSHOTS"))


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make setup` installs it with `npm ci`")
    return AXE.read_text()


def _session_cookie(username: str, base_url: str) -> list[dict[str, Any]]:
    if not username:
        return []
    client = Client()
    client.force_login(User.objects.get(username=username))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}]


def _view_name(url: str, origin: str, skip: frozenset[str]) -> str | None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith("/api/"):
        return None
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        return None
    return None if name in NOT_LOOKED_AT or name in skip else name


class Sweep:
    """One role's pages in one browser context, with the problems found on them."""

    def __init__(self, context: Any, axe_source: str, origin: str) -> None:
        self.page = context.new_page()
        self.page.set_default_timeout(BROWSER_TIMEOUT_MS)
        self.axe_source = axe_source
        self.origin = origin
        self.problems: list[str] = []
        self.checks = 0

    def check(self, url: str, label: str, *, forbidden_ok: bool = True) -> list[str]:
        """Open url, check it at both widths, and return the links on it."""
        page = self.page
        page.set_viewport_size(PHONE)
        response = page.goto(url)
        status = response.status if response is not None else 0
        if status == 403 and forbidden_ok:
            # A link meant for another kind of account (a group's join link shown to its
            # facilitator): the gate matrix tests that answer.
            return []
        if status != 200:
            self.problems.append(f"{label} {url}: HTTP {status}")
            return []
        return self.check_here(label)

    def check_here(self, label: str) -> list[str]:
        """Check the page open now at both widths, and return the links on it."""
        page = self.page
        page.set_viewport_size(PHONE)
        url = page.url
        page.evaluate(self.axe_source)
        for width, viewport, options in (("390", PHONE, EVERY_RULE), ("1280", WIDE, LAYOUT_RULES)):
            if viewport is WIDE:
                overflow = page.evaluate("document.documentElement.scrollWidth")
                if overflow > PHONE["width"]:
                    self.problems.append(f"{label} 390 {url}: scrolls sideways ({overflow} px)")
                page.set_viewport_size(WIDE)
            for violation in page.evaluate(AXE_RUN, options):
                self.problems.append(f"{label} {width} {url}: {json.dumps(violation)}")
            self.checks += 1
            if SCREENSHOTS:
                name = re.sub(r"[^a-z0-9]+", "-", f"{label} {urlsplit(url).path} {width}".lower())
                screenshot(page, f"axe-{name.strip('-')}")
        links: list[str] = page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.href.split('#')[0])"
        )
        return links

    def crawl(
        self, seeds: list[str], label: str, skip: frozenset[str], *, follow: bool = True
    ) -> dict[str, str]:
        """Every page reachable from the seeds, one per URL name: {view name: url}.

        Pages named in ``skip`` (already checked for another role) are neither opened nor
        followed.
        """
        seen: dict[str, str] = {}
        queue = list(seeds)
        shown = 0
        while queue and len(seen) < MAX_PAGES_PER_ROLE:
            url = queue.pop(0)
            name = _view_name(url, self.origin, skip)
            if name is None or name in seen:
                continue
            seen[name] = url
            started = time.monotonic()
            links = self.check(url, label)
            if TRACE:
                print(f"{label} {time.monotonic() - started:.1f}s {url}", flush=True)
                print("\n".join(self.problems[shown:]), flush=True)
                shown = len(self.problems)
            for link in links if follow else []:
                link_name = _view_name(link, self.origin, skip)
                if link_name is not None and link_name not in seen:
                    queue.append(link)
        return seen


LONG_WORD = "W" * 10_000


@pytest.fixture
def demo(db: None) -> Iterator[None]:
    """The demo, with unbroken long words where a person can type them, and a newcomer."""
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    river = User.objects.get(username="river")
    User.objects.filter(pk=river.pk).update(display_name=LONG_WORD[:60])
    entry = Entry.objects.filter(user=river).order_by("-used_at").first()
    assert entry is not None
    entry.note, entry.activity = LONG_WORD, LONG_WORD[:80]
    entry.save()
    goal = Goal.objects.filter(user=river).first()
    assert goal is not None
    goal.title = LONG_WORD[:120]
    goal.save()
    newcomer = User.objects.create_user(username="newcomer", password="-")
    profile_of(newcomer).substances.set(
        [substance_for(newcomer, "alcohol"), substance_for(newcomer, "heroin")]
    )
    yield


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="What axe checks does not depend on the database: the sweep runs once, in the "
    "SQLite pass of `make test` (CI runs both passes), to keep CI within its time.",
)
def test_every_page_of_every_role_has_no_axe_violations(
    chromium: Any, live_server: Any, demo: None, axe_source: str
) -> None:
    origin = live_server.url
    started = time.monotonic()
    problems: list[str] = []
    reached: dict[str, set[str]] = {}
    pages_checked = 0
    for role, username in ROLES.items():
        cookies = _session_cookie(username, origin)
        english = chromium.new_context(base_url=origin, locale="en-US", service_workers=NO_WORKER)
        english.add_cookies(cookies)
        sweep = Sweep(english, axe_source, origin)
        seeds = [origin + "/"] + [origin + path for path in SEEDS.get(role, [])]
        follow = role != "newcomer"
        # Public pages are the same for everyone but the menu (checked on every other page), so
        # only the signed-out sweep opens them; a staff page checked for one role is not
        # opened again for the next.
        skip = frozenset(
            name
            for name, kind in PAGES.items()
            if name != "core:home"
            and (
                (kind == "public" and role != "signed-out")
                or (role in STAFF_ROLES and any(name in reached.get(r, ()) for r in STAFF_ROLES))
            )
        )
        found = sweep.crawl(seeds, role, skip, follow=follow)
        english.close()
        spanish = chromium.new_context(base_url=origin, locale="es-ES", service_workers=NO_WORKER)
        spanish.add_cookies(cookies)
        sweep_es = Sweep(spanish, axe_source, origin)
        sweep_es.page.goto("/")
        # Until Waypoint speaks Spanish, a page asked for in Spanish is the English page just
        # checked; from the day it does, every page is checked again in Spanish.
        if sweep_es.page.evaluate("document.documentElement.lang").startswith("es"):
            for url in found.values():
                sweep_es.check(url, f"{role} es")
        else:
            print(f"{role}: Spanish pages not served yet; the English ones stand for them")
        spanish.close()
        problems += sweep.problems + sweep_es.problems
        reached[role] = set(found)
        pages_checked += sweep.checks + sweep_es.checks
    elapsed = time.monotonic() - started
    pages = sum(map(len, reached.values()))
    print(f"\naxe: {pages_checked} checks over {pages} pages, {elapsed:.0f} s")
    # Then the pages behind a state, on the same demo once the crawl has seen it as it is.
    started = time.monotonic()
    state_problems, behind_a_state, state_checks = _check_pages_behind_a_state(
        chromium, origin, axe_source
    )
    problems += state_problems
    elapsed = time.monotonic() - started
    print(
        f"axe: {state_checks} checks of {len(behind_a_state)} pages behind a state, {elapsed:.0f} s"
    )

    staff = set().union(*(reached[r] for r in STAFF_ROLES))
    participant = reached["participant"] | reached["newcomer"]
    everyone = staff | participant | reached["signed-out"]
    unreached = {
        name: kind
        for name, kind in PAGES.items()
        if name not in NOT_LOOKED_AT
        and name not in BEHIND_A_STATE
        and name not in POST_ONLY
        and name not in {"participant": participant, "staff": staff}.get(kind, everyone)
    }
    assert problems == [], "\n".join(problems)
    assert behind_a_state == set(BEHIND_A_STATE), "BEHIND_A_STATE and what was made differ"
    assert unreached == {}, "pages no role reached: link them, seed them, or say why not"


# --- Pages behind a state ------------------------------------------------------------------

# A step is a path to open and check, or a function that fills in a form in the sweep's page and
# checks the pages on the way (their names are the ones it returns).
Step = str | Callable[[Sweep, str], list[str]]


def _client_pages(river: User, okafor: User) -> list[str]:
    """River shares everything with Dr. Okafor (the demo's consent, replaced by one that adds
    journal entries and referrals), with a service marked as visited: the client's pages."""
    from waypoint.care.models import Consent, Scope
    from waypoint.care.services import consent_grant
    from waypoint.directory.models import Service
    from waypoint.directory.services import visit_mark

    consent = Consent.objects.get(participant=river, revoked_at__isnull=True, counselor=okafor)
    consent_grant(
        participant=river,
        scopes=Scope.values,
        purpose=consent.purpose,
        expires_on=None,
        signature=river.shown_name,
        replaces_id=consent.pk,
    )
    service = Service.objects.filter(status=Service.Status.ACTIVE).order_by("pk").first()
    assert service is not None
    visit_mark(user=river, service_id=service.pk)
    base = f"/care/clients/{river.pk}/"
    return [
        base + "goals/",
        base + "entries/",
        base + "checkins/",
        base + "questionnaires/",
        base + "notes/",
        base + "worksheets/",
        f"/directory/clients/{river.pk}/",
    ]


def _state_for_everyone() -> dict[str, list[Step]]:
    """The state both languages share (each page opened by GET only leaves it as it is)."""
    from waypoint.accounts.models import Membership, Organization
    from waypoint.alerts import services as alerts
    from waypoint.alerts.models import Contact, Outbox
    from waypoint.assessments.services import assessment_record
    from waypoint.care.services import invitation_create_staff
    from waypoint.directory import services as directory
    from waypoint.groups import services as groups
    from waypoint.groups.demo import DEMO_GROUP
    from waypoint.groups.models import Group

    river, newcomer, okafor, jules, admin = (
        User.objects.get(username=n)
        for n in ("river", "newcomer", "dr-okafor", "jules", "rs-admin")
    )
    # A contact who has not answered yet, and a timer running with a confirmed one.
    contact = alerts.contact_add(owner=river, name="Robin", email="robin@example.org")
    body = Outbox.objects.filter(key=f"invite:{contact.pk}:email").get().body
    confirm = re.search(r"/check-on-me/confirm/[^/\s]+/", body)
    assert confirm is not None, body
    friend = alerts.contact_add(owner=river, name="Ash", email="ash@example.org")
    Contact.objects.filter(pk=friend.pk).update(status=Contact.Status.CONFIRMED)
    timer = alerts.timer_start(
        owner=river, seconds=3600, note="Meeting someone new", contact_ids=[friend.pk]
    )
    result = assessment_record(user=river, instrument="phq9", answers=[1, 1, 1, 1, 0, 0, 0, 0, 1])
    assessment_record(user=newcomer, instrument="audit_c", answers=[2, 1, 1])
    entry = Entry.objects.filter(user=river).order_by("-used_at").first()
    assert entry is not None
    # Jules's group meets in an hour; the organization has its own topic.
    group = Group.objects.get(name=DEMO_GROUP)
    meeting = groups.meeting_schedule(
        user=jules, group=group, starts_at=timezone.now() + timedelta(hours=1)
    )
    topic = groups.topic_create(
        user=jules,
        organization=group.organization,
        title="Getting home safely",
        summary="Plans for the ride home.",
        key_points=["Decide before going out", "Keep a number to call"],
    )
    # Riverside lists a service of its own.
    riverside = Organization.objects.get(
        memberships__user=admin, memberships__role=Membership.Role.ADMIN
    )
    listing = directory.directory_organization_for(admin, riverside.slug)
    service = directory.service_save(
        user=admin,
        organization=listing,
        fields=directory.ServiceFields(
            name="Riverside drop-in", description="Coffee, supplies and someone to talk to."
        ),
    )
    _invitation, join_code = invitation_create_staff(
        admin=admin, organization=riverside, role=Membership.Role.OUTREACH
    )
    # Another contact's stop link (pressing it stops that contact, not the timer's).
    leaving = alerts.contact_add(owner=river, name="Kim", email="kim@example.org")
    stop = f"/check-on-me/stop/{leaving.stop_key}/"
    return {
        "signed-out": [
            confirm.group(0),
            _stop_messages(stop),
            f"/org/join/{join_code}/",
            f"/groups/feedback/{meeting.feedback_code}/",
        ],
        "participant": [
            f"/check-on-me/timers/{timer.pk}/",
            f"/assessments/results/{result.pk}/",
            f"/groups/meetings/{meeting.pk}/checkin/",
            f"/usuals/from/{entry.pk}/",
        ],
        "newcomer": ["/start/audit/result/"],
        "counselor": _client_pages(river, okafor),
        "facilitator": [
            f"/groups/topics/{topic.pk}/edit/",
            f"/directory/groups/{group.pk}/listing/",
            f"/groups/feedback/{meeting.feedback_code}/",
        ],
        "admin": [
            f"/directory/manage/{riverside.slug}/new/",
            f"/directory/services/{service.pk}/edit/",
            f"/directory/services/{service.pk}/places/",
        ],
    }


def _stop_messages(path: str) -> Step:
    """A contact opens their stop link and stops the messages (it works any number of times)."""

    def steps(sweep: Sweep, label: str) -> list[str]:
        sweep.check(sweep.origin + path, label, forbidden_ok=False)
        sweep.page.locator("main form button[type=submit]").click()
        sweep.page.wait_for_load_state()
        sweep.check_here(label + " stopped")
        return ["alerts:contact_stop"]

    return steps


def _first_admin(code: str) -> Step:
    """A new organization's first admin opens the setup link, sets a passphrase, and is shown
    their recovery codes."""

    def steps(sweep: Sweep, label: str) -> list[str]:
        sweep.check(f"{sweep.origin}/welcome/{code}/", label, forbidden_ok=False)
        page = sweep.page
        page.set_viewport_size(PHONE)
        for field in ("new_passphrase", "new_passphrase_again"):
            page.locator(f"input[name={field}]").fill("lantern orchard violet compass 42")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/signup/codes/")
        sweep.check_here(label)
        return ["accounts:setup", "accounts:recovery_codes_shown"]

    return steps


def _goodbye(username: str) -> Step:
    """A participant deletes their account and sees the goodbye page."""

    def steps(sweep: Sweep, label: str) -> list[str]:
        page = sweep.page
        page.set_viewport_size(PHONE)
        page.goto("/settings/delete/")
        page.locator("input[name=confirm]").fill(username)
        # Once seen timing out under load with no error logged: say which half failed next time.
        seen: list[str] = []
        page.context.on(
            "response",
            lambda r: seen.append(
                f"{r.request.method} {urlsplit(r.url).path} {r.status}"
                f" -> {r.headers.get('location', '')}"
            ),
        )
        page.on("framenavigated", lambda f: seen.append(f"navigated {f.url}"))
        with page.expect_response(
            lambda r: r.request.method == "POST" and r.url.endswith("/settings/delete/")
        ) as posted:
            page.locator("form:has(input[name=confirm]) button[type=submit]").click()
        assert posted.value.status == 302, f"deleting answered {posted.value.status}"
        try:
            page.wait_for_url("**/goodbye/")
        except Exception as error:
            raise AssertionError(f"not at goodbye but {page.url}: " + "; ".join(seen)) from error
        sweep.check_here(label)
        return ["data:goodbye"]

    return steps


def _state_for_one_language(language: str) -> dict[str, list[Step]]:
    """What each language's pass uses up: a setup link, and an account to delete."""
    from waypoint.accounts.models import Organization
    from waypoint.accounts.services import organization_create

    _organization, _admin, code = organization_create(
        name=f"Northside {language}",
        kind=Organization.Kind.PROGRAM,
        admin_username=f"northside-{language}",
    )
    leaving = User.objects.create_user(username=f"leaving-{language}", password="-")
    return {
        "first-admin": [_first_admin(code)],
        f"leaving-{language}": [_goodbye(leaving.username)],
    }


def _check_pages_behind_a_state(
    chromium: Any, origin: str, axe_source: str
) -> tuple[list[str], set[str], int]:
    """Make each state of BEHIND_A_STATE and check its pages, one browser context per role and
    language: (the problems found, the names of the pages checked, the number of checks)."""
    everyone = _state_for_everyone()
    problems: list[str] = []
    checked: set[str] = set()
    checks = 0
    for language, locale in (("en", "en-US"), ("es", "es-ES")):
        for role, steps in (everyone | _state_for_one_language(language)).items():
            context = chromium.new_context(
                base_url=origin, locale=locale, service_workers=NO_WORKER
            )
            username = "" if role == "first-admin" else ROLES.get(role, role)
            context.add_cookies(_session_cookie(username, origin))
            sweep = Sweep(context, axe_source, origin)
            label = f"{role} {language}"
            for step in steps:
                if isinstance(step, str):
                    sweep.check(origin + step, label, forbidden_ok=False)
                    checked.add(resolve(urlsplit(step).path).view_name)
                else:
                    checked.update(step(sweep, label))
                shown = sweep.page.evaluate("document.documentElement.lang")
                if not shown.startswith(language):
                    problems.append(f"{label} {sweep.page.url}: lang is {shown!r}")
            context.close()
            problems += sweep.problems
            checks += sweep.checks
    return problems, checked, checks
