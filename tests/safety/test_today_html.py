"""Today's safety panel written in Python is exactly what its template drew."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.test import Client
from django.utils import timezone, translation

from tests.safety.helpers import dose
from waypoint.accounts.models import User
from waypoint.safety.estimates import BacEstimate
from waypoint.safety.selectors import PairView, SinceDose, TodayNote, TodaySafety, today_for
from waypoint.safety.today_html import today_panel

# The template that drew the panel until session 11 (safety/_today.html), kept as the
# reference the Python markup must equal.
TEMPLATE = """{% load i18n safety static %}{% if safety and not safety.empty %}
<link rel="stylesheet" href="{% static 'safety/safety.css' %}">
<section aria-labelledby="safety-heading" class="panel safety-today" data-testid="safety-today">
  <h2 id="safety-heading">{% translate "Staying safer" %}</h2>
  {% for note in safety.notes %}
  <div class="today-note rating-{{ note.pair.rating }}" data-testid="combination-note">
    <p><span class="badge">{{ note.pair.rating_label }}</span> <strong>{{ note.earlier_name }} + {{ note.later_name }}</strong></p>
    <p>{% if note.pair.summary %}{{ note.pair.summary }}{% else %}{{ note.pair.meaning }}{% endif %}</p>
    {% for extra in note.pair.notes %}<p>{{ extra }}</p>{% endfor %}
    <p>{{ note.pair.advice }} <a href="{% url 'safety:combinations' %}?substances={{ note.pair.a }},{{ note.pair.b }}">{% translate "More about this mix" %}</a></p>
  </div>
  {% endfor %}
  {% if safety.since %}
  <h3>{% translate "Time since last dose" %}</h3>
  <ul class="since">{% for dose in safety.since %}<li><strong>{{ dose.name }}</strong>: {% blocktranslate with ago=dose.minutes|duration_words time=dose.at|time:"H:i" %}{{ ago }} ago ({{ time }}){% endblocktranslate %}</li>{% endfor %}</ul>
  {% endif %}
  {% if safety.bac %}
  <h3>{% translate "Estimated blood alcohol" %}</h3>
  <p data-testid="bac">{% blocktranslate with low=safety.bac.low|bac_percent high=safety.bac.high|bac_percent %}Now: about {{ low }}% to {{ high }}%.{% endblocktranslate %}
    {% blocktranslate with below=safety.bac.below_reference_at|time:"H:i" zero=safety.bac.zero_at|time:"H:i" %}Likely below 0.05% by {{ below }}, and at zero by {{ zero }}.{% endblocktranslate %}</p>
  <p class="help">{% translate "An estimate from the drinks you logged, your weight and an average body; real levels can be higher. It can't tell you when you are fit to drive or to do anything risky." %} <a href="{% url 'safety:body' %}">{% translate "Change the figures" %}</a></p>
  {% elif safety.needs_weight %}
  <p class="help">{% translate "Add your weight in Settings to see an estimated blood alcohol range here after you drink." %} <a href="{% url 'safety:body' %}">{% translate "Add it" %}</a></p>
  {% endif %}
  <p class="help"><a href="{% url 'safety:overdose' %}">{% translate "Overdose help" %}</a></p>
</section>
{% endif %}
"""  # noqa: E501

AT = datetime(2026, 11, 30, 21, 5, tzinfo=UTC)


def _pair(rating: str, summary: str, notes: tuple[str, ...]) -> PairView:
    return PairView(
        a="alcohol",
        b="opioids",
        a_name="Alcohol",
        b_name="Opioids",
        rating=rating,
        rating_label="Dangerous <!>",
        meaning="Risky & more",
        summary=summary,
        advice="Use less, and don't use alone.",
        notes=notes,
        sources=(),
        same_class=False,
    )


def _note(pair: PairView) -> TodayNote:
    return TodayNote(
        earlier_name="My <own> & 'mix'",
        later_name="Alcohol",
        earlier_at=AT - timedelta(hours=2),
        later_at=AT,
        pair=pair,
    )


BAC = BacEstimate(
    low=0.0412,
    high=0.0634,
    grams=42.0,
    first_at=AT - timedelta(hours=2),
    below_reference_at=AT + timedelta(hours=1, minutes=12),
    zero_at=AT + timedelta(hours=5),
)
SINCE = [
    SinceDose(name="Cannabis <b>", at=AT, minutes=0),
    SinceDose(name="Alcohol", at=AT - timedelta(hours=1), minutes=60),
    SinceDose(name="Own & co", at=AT - timedelta(minutes=125), minutes=125),
]
CASES = [
    None,
    TodaySafety(notes=[], since=[], bac=None, drank_recently=False, needs_weight=False),
    TodaySafety(notes=[], since=SINCE[:1], bac=None, drank_recently=False, needs_weight=False),
    TodaySafety(notes=[], since=SINCE, bac=None, drank_recently=True, needs_weight=True),
    TodaySafety(notes=[], since=SINCE[1:2], bac=BAC, drank_recently=True, needs_weight=False),
    TodaySafety(notes=[], since=[], bac=None, drank_recently=True, needs_weight=False),
    TodaySafety(
        notes=[
            _note(_pair("dangerous", "Both slow breathing.", ("A <note>", "Another"))),
            _note(_pair("caution", "", ())),
        ],
        since=SINCE,
        bac=BAC,
        drank_recently=True,
        needs_weight=False,
    ),
]


def _template(safety: TodaySafety | None) -> str:
    return engines["django"].from_string(TEMPLATE).render({"safety": safety})


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["UTC", "America/Mexico_City"])
def test_the_panel_equals_the_template_it_replaced(language: str, zone: str) -> None:
    with translation.override(language), timezone.override(zone):
        for case in CASES:
            assert today_panel(case) == _template(case)


@pytest.mark.django_db
def test_todays_panel_from_real_entries_equals_the_template(alice: User) -> None:
    dose(alice, "alcohol", hours_ago=2, amount="3")
    dose(alice, "cannabis", hours_ago=1)
    safety = today_for(alice, timezone.now())
    assert safety.since and safety.needs_weight
    for language in ("en", "es"):
        with translation.override(language):
            assert today_panel(safety) == _template(safety)


@pytest.mark.django_db
def test_today_shows_the_panel_written_in_python(alice: User, alice_client: Client) -> None:
    dose(alice, "alcohol", hours_ago=1)
    page = alice_client.get("/today/").content.decode()
    assert 'data-testid="safety-today"' in page and "Time since last dose" in page
    assert 'href="/safety/overdose/"' in page or "Overdose help" in page
