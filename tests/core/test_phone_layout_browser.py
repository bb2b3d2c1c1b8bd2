"""Layout at 390x844 that a screenshot once showed wrong: menu labels broken onto two lines and
an empty band at the top of the offline page's waiting list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS, sign_in
from tests.core.test_shell_browser import _people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How many lines each label of the menu bar takes (a Range gives one box per line).
LINES = """() => [...document.querySelectorAll('.nav-bar > li > a, .nav-more > summary')]
  .map(el => { const r = document.createRange(); r.selectNodeContents(el);
    const tops = [...r.getClientRects()].map(b => Math.round(b.top));
    return [el.innerText.trim(), new Set(tops).size]; })"""


@pytest.fixture
def phone(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


def test_each_menu_label_keeps_to_one_line_on_a_phone(phone: Any) -> None:
    for role, user in _people().items():
        phone.context.clear_cookies()
        if user is None:
            phone.goto("/safety/")
        else:
            sign_in(phone, user.username)
        wrapped = [name for name, lines in phone.evaluate(LINES) if lines != 1]
        assert wrapped == [], f"{role}: {wrapped}"
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_waiting_list_starts_at_the_top_of_its_box(phone: Any) -> None:
    phone.goto("/offline/")
    gap = phone.evaluate(
        """() => { const box = document.querySelector('#outbox-heading').parentElement;
          const pad = parseFloat(getComputedStyle(box).paddingTop);
          return document.querySelector('#outbox-heading').getBoundingClientRect().top
            - box.getBoundingClientRect().top - pad; }"""
    )
    assert gap <= 2, f"{gap}px of empty space above 'Waiting to send'"
