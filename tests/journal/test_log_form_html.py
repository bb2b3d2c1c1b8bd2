"""The log form written in Python is exactly what its template drew."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.template import engines
from django.utils import translation

from tests.factories import log
from waypoint.accounts.models import User
from waypoint.journal import views
from waypoint.journal.log_form_html import log_form
from waypoint.journal.models import Substance, today
from waypoint.journal.selectors import substance_choices
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db

# The template that drew the form until session 12 (journal/_log_form.html), kept as the
# reference the Python markup must equal.
TEMPLATE = """{% load i18n %}{# The log form. `quick` folds the optional fields away (Today); otherwise all show. #}
<form method="post" class="log-form{% if quick %} quick{% endif %}" novalidate data-log-form{% if offline %} data-offline-log data-offline-id="entry_id"{% endif %}{% if action %} action="{{ action }}"{% endif %}>
  {% csrf_token %}
  {{ meta|json_script:"substance-meta" }}
  {{ unit_labels|json_script:"unit-labels" }}
  <input type="hidden" name="entry_id" value="{{ form.entry_id.value|default_if_none:'' }}">
  <input type="hidden" name="shown_for" value="{{ shown.pk }}" data-shown-for>
  {% if next %}<input type="hidden" name="next" value="{{ next }}">{% endif %}
  {% if form.non_field_errors %}
    <div class="form-errors" role="alert">{% for error in form.non_field_errors %}<p>{{ error }}</p>{% endfor %}</div>
  {% endif %}

  <div class="field{% if form.substance.errors %} has-error{% endif %}">
    <label for="{{ form.substance.id_for_label }}">{{ form.substance.label }}</label>
    {{ form.substance }}
    {% for error in form.substance.errors %}<p class="error">{{ error }}</p>{% endfor %}
  </div>

  <fieldset class="drinks{% if form.drink.errors %} has-error{% endif %}" data-alcohol{% if not shown.is_alcohol %} hidden{% endif %}>
    <legend>{% translate "Which drink?" %}</legend>
    <div class="tiles">
      {% for tile in form.drink_tiles %}
        <label class="tile" for="{{ tile.widget.id_for_label }}">{{ tile.widget.tag }}<span class="tile-text"><span class="tile-name">{{ tile.widget.choice_label }}</span> <span class="tile-detail">{{ tile.detail }}</span></span></label>
      {% endfor %}
    </div>
    {% for error in form.drink.errors %}<p class="error">{{ error }}</p>{% endfor %}
  </fieldset>

  <div class="amount-row">
    <div class="field amount{% if form.amount.errors %} has-error{% endif %}">
      <label for="{{ form.amount.id_for_label }}" class="amount-label"><span class="for-other">{% translate "How much" %}</span><span class="for-count">{% translate "How many" %}</span><span class="for-ml">{% translate "How many mL" %}</span></label>
      <div class="stepper" data-stepper data-less="{% translate 'One less' %}" data-more="{% translate 'One more' %}">{{ form.amount }}</div>
    </div>
    <div class="field unit{% if form.unit.errors %} has-error{% endif %}" data-not-alcohol{% if shown.is_alcohol %} hidden{% endif %}>
      <label for="{{ form.unit.id_for_label }}">{{ form.unit.label }}</label>
      {{ form.unit }}
    </div>
    <div class="field abv{% if shown.is_alcohol and form.abv_percent.errors or shown.is_alcohol and form.drink.value == 'volume' %} show{% endif %}{% if form.abv_percent.errors %} has-error{% endif %}" data-abv>
      <label for="{{ form.abv_percent.id_for_label }}">{{ form.abv_percent.label }}</label>
      {{ form.abv_percent }}
    </div>
  </div>
  {% for error in form.amount.errors %}<p class="error">{{ error }}</p>{% endfor %}
  {% for error in form.unit.errors %}<p class="error">{{ error }}</p>{% endfor %}
  {% for error in form.abv_percent.errors %}<p class="error">{{ error }}</p>{% endfor %}
  {% if unusual %}{% include "journal/_unusual.html" with questions=unusual %}{% endif %}

  {% if quick %}
    <details class="more"{% if more_errors %} open{% endif %}>
      <summary>{% translate "More details" %} <span class="summary-help">{% translate "time, how, mood, place, risks, care, note" %}</span></summary>
      {% include "journal/_log_more.html" %}
    </details>
    <button type="submit" class="save">{% translate "Save" %}</button>
  {% else %}
    {% include "journal/_log_more.html" %}
    <div class="actions">
      <button type="submit" class="save">{% translate "Save" %}</button>
      {% if entry %}<a class="button secondary" href="{% url 'journal:entry_delete' entry.pk %}">{% translate "Delete…" %}</a>{% endif %}
    </div>
  {% endif %}
</form>
"""  # noqa: E501


def _contexts(user: User) -> list[dict[str, Any]]:
    profile = profile_of(user)
    choices = substance_choices(user, profile)
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    cannabis = Substance.objects.get(slug="cannabis", owner=None)
    entry = log(user, today(), 2, note="n")

    def context(data: Any, initial: dict[str, Any], **extra: Any) -> dict[str, Any]:
        form = views._entry_form(data, profile=profile, choices=choices, initial=initial)
        if data is not None:
            form.is_valid()
            form.add_error(None, "Something <odd> & wrong")
        return views._log_context(form, profile, choices) | {"csrf_token": "tok<en>"} | extra

    new = {"substance": alcohol.pk, "day": today(), "entry_id": uuid.uuid4(), "amount": 1}
    sent = {
        "substance": str(cannabis.pk),
        "shown_for": str(alcohol.pk),
        "amount": "-1",
        "unit": "ml",
        "abv_percent": "x",
        "day": "no",
        "drink": "volume",
        "place": "bar",
    }
    return [
        context(None, new, quick=True),
        context(None, new | {"drink": "volume", "abv_percent": 13}, quick=True),
        context(None, {"substance": cannabis.pk, "day": today()}, quick=False, next="/x?a=1&b=2"),
        context(sent, {}, quick=True, unusual=["Is 40 right?", "<b>really</b>"]),
        context(sent | {"substance": str(alcohol.pk)}, {}, quick=False, entry=entry),
        context(None, new, quick=True, offline=True, action="/today/?a=1&b=2"),
    ]


def test_the_log_form_is_drawn_as_its_template_drew_it(alice: User) -> None:
    template = engines["django"].from_string(TEMPLATE)
    for language in ("en", "es"):
        with translation.override(language):
            for n, context in enumerate(_contexts(alice)):
                expected = template.render(context)
                options = {k: context[k] for k in ("quick", "offline", "action") if k in context}
                assert log_form(context, **options) == expected, (language, n)
    # Every branch of the template was drawn.
    drawn = "".join(
        log_form(c, quick=c["quick"], offline=c.get("offline")) for c in _contexts(alice)
    )
    for part in ('class="form-errors"', 'id="unusual"', "Delete…", "has-error", " show", "/x?a=1"):
        assert part in drawn, part
