"""Honest numbers on a 390x844 phone: a slip day resets nothing and shows nothing red, an
impossible amount is asked about and then saved, and details are not carried over (issue 11)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import screenshot, sign_in
from tests.factories import no_use
from waypoint.accounts.models import User
from waypoint.goals.progress import progress_for
from waypoint.goals.services import GoalFields, goal_create
from waypoint.journal.models import Entry, Substance, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every element whose text, background or border is a red: the error colour (#a3262a) and
# anything like it. A slip day is information, so nothing on these pages may turn red.
RED_ELEMENTS = """() => {
  const red = (value) => {
    const m = value.match(/rgba?\\((\\d+), (\\d+), (\\d+)(?:, ([\\d.]+))?\\)/);
    if (!m || (m[4] !== undefined && parseFloat(m[4]) === 0)) return false;
    const [r, g, b] = [m[1], m[2], m[3]].map(Number);
    return r >= 140 && g <= r * 0.35 && b <= r * 0.35;  // red, not the accent's orange
  };
  const found = [];
  for (const el of document.querySelectorAll("main *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const s = getComputedStyle(el);
    const border = parseFloat(s.borderLeftWidth) > 0 && red(s.borderLeftColor);
    if (red(s.color) || red(s.backgroundColor) || border || red(s.fill)) {
      const text = (el.textContent || "").trim().slice(0, 60);
      found.push(el.tagName + "." + el.className + ": " + text);
    }
  }
  return found;
}"""


def test_a_slip_day_on_a_phone_resets_nothing_and_shows_nothing_red(
    phone_page: Any, alice: User
) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    start = today() - timedelta(days=9)
    goal = goal_create(
        user=alice, fields=GoalFields(kind="abstain", substance=alcohol, started_on=start)
    )
    for back in range(1, 10):
        no_use(alice, today() - timedelta(days=back))

    def counts() -> tuple[int, int]:
        item = next(g for g in progress_for(alice).goals if g.goal.pk == goal.pk)
        return item.all_time.on_track, item.all_time.off_plan

    assert counts() == (9, 0)
    page = phone_page
    sign_in(page, "alice")
    page.goto("/today/")
    page.get_by_role("radio", name=re.compile(r"^Bottle of wine")).tap()
    page.get_by_role("button", name="One more").tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    page.get_by_text("Saved: Alcohol, 2 bottles of wine.").wait_for()
    assert page.evaluate(RED_ELEMENTS) == []
    # Nothing reset: the nine days on track stay, the slip day is counted beside them.
    assert counts() == (9, 1)
    page.goto("/goals/progress/")
    page.get_by_role("heading", name="Your progress").wait_for()
    card = page.locator(".goal-card").first.inner_text()
    assert "9" in card
    assert "day one" not in card.lower() and "reset" not in card.lower()
    assert page.evaluate(RED_ELEMENTS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "honest-slip-day-progress-phone")


def test_an_impossible_amount_is_asked_about_then_saved_on_a_phone(
    phone_page: Any, alice: User
) -> None:
    page = phone_page
    sign_in(page, "alice")
    page.goto("/today/")
    page.get_by_role("radio", name=re.compile(r"^Standard drinks")).tap()
    page.locator("input[name=amount]").fill("99999")
    page.get_by_role("button", name="Save", exact=True).tap()
    question = page.get_by_role("alert").filter(has_text="Is that right?")
    question.wait_for()
    assert "99999 standard drinks" in question.inner_text()
    assert not Entry.objects.filter(user=alice).exists()
    assert page.evaluate(RED_ELEMENTS) == []  # a question, not an error
    yes = page.get_by_role("button", name="Yes, that's right")
    box = yes.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    screenshot(page, "honest-unusual-amount-phone")
    yes.tap()
    page.get_by_text("Saved: Alcohol, 99999 standard drinks.").wait_for()
    assert Entry.objects.get(user=alice).amount == 99999


def test_with_whom_is_not_carried_over_when_more_details_stays_closed(
    phone_page: Any, alice: User
) -> None:
    page = phone_page
    sign_in(page, "alice")
    page.goto("/today/")
    page.get_by_role("radio", name=re.compile(r"^Beer")).tap()
    page.get_by_text("More details").tap()
    page.get_by_label("With whom").select_option("alone")
    page.get_by_role("button", name="Save", exact=True).tap()
    page.get_by_text("Saved: Alcohol, 1 beer.").wait_for()
    # The next drink, in two taps: "More details" is never opened.
    assert page.locator("details.more").get_attribute("open") is None
    page.get_by_role("button", name="Save", exact=True).tap()
    page.locator(".entry").nth(1).wait_for()
    first, later = Entry.objects.filter(user=alice).order_by("created_at")
    assert first.company == "alone"
    assert later.company == ""
    # Switching substance and back does not fill it in either (once the form's script runs).
    page.wait_for_load_state()
    page.get_by_label("Substance").select_option(label="Cannabis")
    page.get_by_label("Substance").select_option(label="Alcohol")
    assert page.get_by_label("With whom").input_value() == ""
