"""Worksheet pages: start, read, revise, look back, compare, pin to Today, print; query counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.worksheets.conftest import PLAN, many_worksheets, plan_for, queries_for
from waypoint.accounts.models import User
from waypoint.worksheets import services
from waypoint.worksheets.models import Worksheet, WorksheetVersion

pytestmark = pytest.mark.django_db


def test_the_list_offers_every_kind_in_plain_words(alice_client: Client) -> None:
    page = alice_client.get("/worksheets/").content.decode()
    for name in ("Pros and cons", "Change plan", "What matters to me", "Readiness ruler"):
        assert name in page
    assert "cutting down, using more safely, taking a break or stopping" in page


def test_starting_a_change_plan_from_the_form(alice: User, alice_client: Client) -> None:
    form = {"topic": "Alcohol", "direction": "cut_down", "changes": "Three drinks at most"}
    response = alice_client.post("/worksheets/new/change_plan/", form)
    worksheet = Worksheet.objects.get(user=alice)
    assert response.status_code == 302 and response["Location"] == f"/worksheets/{worksheet.pk}/"
    page = alice_client.get(response["Location"]).content.decode()
    assert "Change plan: Alcohol" in page and "Three drinks at most" in page
    assert "Cutting down" in page and "Pin to Today" in page


def test_a_readiness_ruler_from_the_form_and_its_chart_with_a_table(
    alice: User, alice_client: Client
) -> None:
    form = {"topic": "Weed", "importance": "6", "confidence": "3"}
    response = alice_client.post("/worksheets/new/readiness/", form)
    assert response.status_code == 302
    worksheet = Worksheet.objects.get(user=alice)
    alice_client.post(f"/worksheets/{worksheet.pk}/revise/", {"importance": "8", "confidence": "5"})
    page = alice_client.get(f"/worksheets/{worksheet.pk}/").content.decode()
    assert page.count("<svg") >= 1 and 'role="img"' in page
    assert "Importance 6" in page and "Confidence 5" in page  # the points' titles
    assert "<table>" in page and "<td>8</td><td>5</td>" in page  # the table alternative
    assert "Pin to Today" not in page


def test_the_values_form_picks_and_ranks(alice: User, alice_client: Client) -> None:
    form = {
        "topic": "Alcohol",
        "value_1": "health",
        "fit_1": "Mornings after",
        "own_2": "My band",
        "value_3": "",
        "fits": "Gigs",
    }
    assert alice_client.post("/worksheets/new/values/", form).status_code == 302
    version = WorksheetVersion.objects.get(worksheet__user=alice)
    assert [v["value"] or v["own"] for v in version.answers["values"]] == ["health", "My band"]
    page = alice_client.get(f"/worksheets/{version.worksheet_id}/").content.decode()
    assert "1. Health: Mornings after<br>2. My band" in page


def test_a_form_with_bad_input_says_why_and_saves_nothing(alice_client: Client) -> None:
    empty = alice_client.post("/worksheets/new/change_plan/", {"topic": "Alcohol"})
    assert empty.status_code == 400
    assert "Write something in at least one part." in empty.content.decode()
    twice = alice_client.post(
        "/worksheets/new/values/", {"topic": "x", "value_1": "fun", "value_2": "fun"}
    )
    assert twice.status_code == 400
    assert "This value is already in your list." in twice.content.decode()
    no_topic = alice_client.post("/worksheets/new/readiness/", {"importance": "4"})
    assert no_topic.status_code == 400
    assert "Choose a number from 0 to 10." in no_topic.content.decode()
    assert not Worksheet.objects.exists()
    assert alice_client.get("/worksheets/new/diary/").status_code == 404


def test_revisiting_starts_from_the_newest_version_and_keeps_the_old(
    alice: User, alice_client: Client, plan: Worksheet
) -> None:
    form_page = alice_client.get(f"/worksheets/{plan.pk}/revise/").content.decode()
    assert PLAN["steps"] in form_page and "Save a new version" in form_page
    response = alice_client.post(
        f"/worksheets/{plan.pk}/revise/", PLAN | {"steps": "Carry naloxone, always."}
    )
    assert response.status_code == 302
    detail = alice_client.get(f"/worksheets/{plan.pk}/").content.decode()
    assert "Carry naloxone, always." in detail and "Version 2" in detail
    first = alice_client.get(f"/worksheets/{plan.pk}/versions/1/").content.decode()
    assert PLAN["steps"] in first and "Carry naloxone, always." not in first
    compare = alice_client.get(f"/worksheets/{plan.pk}/compare/?a=1&b=2").content.decode()
    assert "1 answer changed" in compare
    assert PLAN["steps"] in compare and "Carry naloxone, always." in compare
    assert alice_client.get(f"/worksheets/{plan.pk}/versions/3/").status_code == 404
    odd = alice_client.get(f"/worksheets/{plan.pk}/compare/?a=x&b=9")
    assert odd.status_code == 200 and "Choose two versions" in odd.content.decode()


def test_pinning_puts_the_plan_on_today_and_unpinning_takes_it_off(
    alice_client: Client, plan: Worksheet
) -> None:
    assert "My change plan" not in alice_client.get("/today/").content.decode()
    assert alice_client.post(f"/worksheets/{plan.pk}/pin/", {"pinned": "1"}).status_code == 302
    today = alice_client.get("/today/").content.decode()
    assert "My change plan: Opioids" in today and PLAN["responses"] in today
    alice_client.post(f"/worksheets/{plan.pk}/pin/", {"pinned": "0"})
    assert "My change plan" not in alice_client.get("/today/").content.decode()
    assert alice_client.get(f"/worksheets/{plan.pk}/pin/").status_code == 405


def test_pinning_something_other_than_a_plan_says_why(alice: User, alice_client: Client) -> None:
    ruler, _v = services.worksheet_create(
        user=alice, kind="readiness", topic="x", content={"importance": 3, "confidence": 3}
    )
    response = alice_client.post(f"/worksheets/{ruler.pk}/pin/", {"pinned": "1"}, follow=True)
    assert "Only a change plan can be pinned to Today." in response.content.decode()
    assert not Worksheet.objects.filter(pinned_at__isnull=False).exists()


def test_the_pages_print_without_controls(alice_client: Client, plan: Worksheet) -> None:
    page = alice_client.get(f"/worksheets/{plan.pk}/").content.decode()
    assert "worksheets/worksheets.css" in page and 'class="actions no-print"' in page
    css = Path("waypoint/static/worksheets/worksheets.css").read_text()
    assert "@media print" in css and ".no-print" in css


@pytest.mark.parametrize("url", ["/worksheets/", "/today/"])
def test_page_queries_do_not_grow_with_worksheets(
    alice: User, alice_client: Client, django_assert_max_num_queries: Any, url: str
) -> None:
    plan = plan_for(alice)
    services.worksheet_pin(user=alice, worksheet_id=plan.pk, pinned=True)
    alice_client.get(url)  # the first visit to Today sets up the profile
    few = queries_for(alice_client, url)
    many_worksheets(alice, 12)
    assert queries_for(alice_client, url) == few
    with django_assert_max_num_queries(13):  # Today's 13, see tests/journal/test_pages.py
        alice_client.get(url)


def test_the_detail_page_queries_do_not_grow_with_versions(
    alice: User, alice_client: Client, plan: Worksheet
) -> None:
    few = queries_for(alice_client, f"/worksheets/{plan.pk}/")
    for m in range(15):
        services.worksheet_revise(
            user=alice, worksheet_id=plan.pk, content=PLAN | {"steps": f"{m}"}
        )
    assert queries_for(alice_client, f"/worksheets/{plan.pk}/") == few


def test_today_without_a_pinned_plan_costs_one_query_more_at_most(
    alice: User, alice_client: Client
) -> None:
    alice_client.get("/today/")  # the first visit sets up the profile
    without = queries_for(alice_client, "/today/")
    plan = plan_for(alice)
    services.worksheet_pin(user=alice, worksheet_id=plan.pk, pinned=True)
    assert queries_for(alice_client, "/today/") == without


def test_deleting_a_worksheet_asks_first_then_removes_every_version(
    alice: User, alice_client: Client, bob_client: Client, plan: Worksheet
) -> None:
    services.worksheet_revise(user=alice, worksheet_id=plan.pk, content=PLAN)
    services.worksheet_pin(user=alice, worksheet_id=plan.pk, pinned=True)
    asked = alice_client.get(f"/worksheets/{plan.pk}/delete/").content.decode()
    assert "All 2 versions go too." in asked and "It also comes off Today." in asked
    assert Worksheet.objects.filter(pk=plan.pk).exists()
    assert bob_client.post(f"/worksheets/{plan.pk}/delete/").status_code == 404
    response = alice_client.post(f"/worksheets/{plan.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/worksheets/"
    assert not WorksheetVersion.objects.exists()
    assert "My change plan" not in alice_client.get("/today/").content.decode()
