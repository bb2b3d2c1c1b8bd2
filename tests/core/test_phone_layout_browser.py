"""Layout at 390x844 that a screenshot once showed wrong: menu labels broken onto two lines and
an empty band at the top of the offline page's waiting list."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sign_in
from tests.core.test_shell_browser import _people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How many lines each label of the menu bar takes (a Range gives one box per line).
LINES = """() => [...document.querySelectorAll('.nav-bar > li > a, .nav-more > summary')]
  .map(el => { const r = document.createRange(); r.selectNodeContents(el);
    const tops = [...r.getClientRects()].map(b => Math.round(b.top));
    return [el.innerText.trim(), new Set(tops).size]; })"""


def test_each_menu_label_keeps_to_one_line_on_a_phone(phone_page: Any) -> None:
    for role, user in _people().items():
        phone_page.context.clear_cookies()
        if user is None:
            phone_page.goto("/safety/")
        else:
            sign_in(phone_page, user.username)
        wrapped = [name for name, lines in phone_page.evaluate(LINES) if lines != 1]
        assert wrapped == [], f"{role}: {wrapped}"
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_waiting_list_starts_at_the_top_of_its_box(phone_page: Any) -> None:
    phone_page.goto("/offline/")
    gap = phone_page.evaluate(
        """() => { const box = document.querySelector('#outbox-heading').parentElement;
          const pad = parseFloat(getComputedStyle(box).paddingTop);
          return document.querySelector('#outbox-heading').getBoundingClientRect().top
            - box.getBoundingClientRect().top - pad; }"""
    )
    assert gap <= 2, f"{gap}px of empty space above 'Waiting to send'"
