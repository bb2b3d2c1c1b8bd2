"""The caseload's cards written in Python are exactly what the card template drew."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from tests.care.test_caseload import _clients
from waypoint.accounts.models import Organization, User
from waypoint.care import selectors
from waypoint.care.cards import caseload_cards
from waypoint.care.models import AccessRecord
from waypoint.care.selectors import CaseloadRow, Client

# The loop that drew the cards until session 10 (care/caseload.html), kept as the reference
# the Python markup must equal.
TEMPLATE = """{% load i18n %}{% for row in rows %}
  <li class="care-card{% if row.self_harm %} flagged{% endif %}">
    <h2><a href="{% url 'care:client' row.participant.pk %}">{{ row.participant.shown_name }}</a></h2>
    {% if row.reasons %}<ul class="reasons" aria-label="{% translate 'Why they may need a look' %}">{% for key, words in row.reason_pairs %}<li><span class="status warn">{% if key == "self_harm" %}{% translate "PHQ-9 item 9 above 0 in the last 28 days: may want a call" %}{% else %}{{ words }}{% endif %}</span></li>{% endfor %}</ul>{% endif %}
    {% if row.progress %}
      <p class="small muted">{% if row.progress.last_reported %}{% blocktranslate with day=row.progress.last_reported|date:"j M Y" %}Last check-in: {{ day }}{% endblocktranslate %}{% else %}{% translate "No check-in yet" %}{% endif %}
        · {% blocktranslate count n=row.progress.days_reported %}{{ n }} day reported in 28{% plural %}{{ n }} days reported in 28{% endblocktranslate %}
        · {% if row.progress.against_baseline %}{% translate "against their baseline" %}{% else %}{% translate "against the 28 days before" %}{% endif %}</p>
      {% if row.progress.better %}<p class="shades-label">{% translate "Better" %}</p><ul class="shades better">{% for words in row.progress.better %}<li>{{ words }}</li>{% endfor %}</ul>{% endif %}
      {% if row.progress.other %}<p class="shades-label">{% translate "To talk about" %}</p><ul class="shades">{% for words in row.progress.other %}<li>{{ words }}</li>{% endfor %}</ul>{% endif %}
      {% if not row.progress.better and not row.progress.other %}<p class="small">{% translate "No change to show yet." %}</p>{% endif %}
    {% else %}
      <p class="small muted">{% translate "Progress is not shared with you." %}</p>
    {% endif %}
  </li>
  {% endfor %}"""  # noqa: E501


def _row(pk: int, name: str, progress: object, reasons: list[str]) -> CaseloadRow:
    person = User(pk=pk, username=f"user-{pk}", display_name=name)
    return CaseloadRow(Client(person), progress, "self_harm" in reasons, reasons)  # type: ignore[arg-type]


def _progress(last: date | None, days: int, baseline: bool, better: list[str], other: list[str]):
    return SimpleNamespace(
        last_reported=last,
        days_reported=days,
        against_baseline=baseline,
        better=better,
        other=other,
    )


SYNTHETIC = [
    _row(1, "Ana <b>&</b> 'Bo'", None, ["self_harm", "quiet"]),
    _row(2, "", _progress(None, 0, False, [], []), []),
    _row(3, "Cy", _progress(date(2026, 3, 1), 1, True, ["fewer <drinks>"], []), ["severe_harm"]),
    _row(4, "Di", _progress(date(2026, 11, 9), 27, False, [], ["Wellbeing", "Use days"]), []),
    _row(
        5,
        "Ed",
        _progress(date(2026, 12, 31), 28, True, ["a lower WHO drinking risk level"], ["x & y"]),
        ["self_harm", "severe_harm", "quiet", "who_worse"],
    ),
]


def _template(rows: list[CaseloadRow]) -> str:
    return engines["django"].from_string(TEMPLATE).render({"rows": rows})


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_cards_equal_the_template_they_replaced(language: str) -> None:
    with translation.override(language):
        for count in (0, 1, len(SYNTHETIC)):
            assert caseload_cards(SYNTHETIC[:count]) == _template(SYNTHETIC[:count])


@pytest.mark.django_db
def test_cards_of_real_clients_equal_the_template(carol: User, harbor: Organization) -> None:
    _clients(carol, harbor, 3)
    rows = selectors.caseload_page(carol, via=AccessRecord.Via.CASELOAD).rows
    assert rows and all(row.progress for row in rows)
    assert any(row.progress.better or row.progress.other for row in rows if row.progress)
    for language in ("en", "es"):
        with translation.override(language):
            assert caseload_cards(rows) == _template(rows)
