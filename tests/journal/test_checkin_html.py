"""The check-in form written in Python is exactly what its template drew."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from tests.factories import log, no_use
from waypoint.accounts.models import User
from waypoint.journal.checkin_html import checkin_form
from waypoint.journal.forms import CheckInForm
from waypoint.journal.models import CheckIn, today

# The template that drew the form until session 11 (journal/_checkin_form.html), kept as the
# reference the Python markup must equal.
TEMPLATE = """{% load i18n %}<form method="post" action="{% url 'journal:checkin' day|date:'Y-m-d' %}" class="checkin-form" novalidate>
  {% csrf_token %}
  {% if next %}<input type="hidden" name="next" value="{{ next }}">{% endif %}
  {% if checkin_form.non_field_errors %}
    <div class="form-errors" role="alert">{% for error in checkin_form.non_field_errors %}<p>{{ error }}</p>{% endfor %}</div>
  {% endif %}
  {% if checkin.no_use %}
    <p class="no-use-state"><span aria-hidden="true">✓</span> {% if is_today %}{% translate "No use today." %}{% else %}{% translate "No use on this day." %}{% endif %}
      <button type="submit" name="no_use" value="0" class="link">{% translate "Undo" %}</button></p>
  {% elif has_entries %}
    <p class="muted">{% if is_today %}{% translate "You logged use today. Mood and wellbeing are still welcome." %}{% else %}{% translate "This day has entries. Mood and wellbeing are still welcome." %}{% endif %}</p>
  {% else %}
    <button type="submit" name="no_use" value="1" class="no-use">{% if is_today %}{% translate "No use today" %}{% else %}{% translate "No use on this day" %}{% endif %}</button>
  {% endif %}
  <fieldset class="moods-field{% if checkin_form.mood.errors %} has-error{% endif %}">
    <legend>{% translate "Mood" %} <span class="optional">{% translate "(optional)" %}</span></legend>
    <div class="moods">
      {% for value, label in checkin_form.fields.mood.choices %}
        <label class="mood" for="checkin-mood-{{ value }}"><input type="radio" name="mood" value="{{ value }}" id="checkin-mood-{{ value }}"{% if checkin.mood == value %} checked{% endif %}><span>{{ label }}</span></label>
      {% endfor %}
    </div>
    {% for error in checkin_form.mood.errors %}<p class="error">{{ error }}</p>{% endfor %}
  </fieldset>
  <div class="field wellbeing{% if checkin_form.wellbeing.errors %} has-error{% endif %}">
    <label for="checkin-wellbeing">{% translate "Wellbeing, 0 to 10" %} <span class="optional">{% translate "(optional)" %}</span></label>
    <select name="wellbeing" id="checkin-wellbeing" aria-describedby="checkin-wellbeing-help">
      {% for value, label in checkin_form.fields.wellbeing.choices %}<option value="{{ value }}"{% if value != "" and checkin.wellbeing == value %} selected{% endif %}>{{ label }}</option>{% endfor %}
    </select>
    <p class="help" id="checkin-wellbeing-help">{% translate "0 is the worst you can imagine, 10 the best." %}</p>
    {% for error in checkin_form.wellbeing.errors %}<p class="error">{{ error }}</p>{% endfor %}
  </div>
  <button type="submit" class="secondary">{% translate "Save mood and wellbeing" %}</button>
</form>
"""  # noqa: E501

DAY = date(2026, 3, 9)
CHECKINS = [
    None,
    CheckIn(day=DAY, no_use=True, mood=None, wellbeing=None),
    CheckIn(day=DAY, no_use=False, mood=3, wellbeing=0),
    CheckIn(day=DAY, no_use=None, mood=5, wellbeing=10),
]


def _forms() -> list[CheckInForm]:
    bad = CheckInForm({"mood": "9", "wellbeing": "x"})
    bad.is_valid()
    general = CheckInForm({})
    general.is_valid()
    general.add_error(None, "Something <odd> & general")
    return [CheckInForm(), bad, general]


def _template(context: dict[str, object]) -> str:
    return engines["django"].from_string(TEMPLATE).render(context)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_form_equals_the_template_it_replaced(language: str) -> None:
    with translation.override(language):
        for form in _forms():
            for checkin in CHECKINS:
                for has_entries in (False, True):
                    for is_today in (False, True):
                        for next_url, token in (("/today/?a=1&b=<2>", "tok&en"), (None, None)):
                            drawn = checkin_form(
                                day=DAY,
                                checkin=checkin,
                                form=form,
                                next_url=next_url,
                                has_entries=has_entries,
                                is_today=is_today,
                                csrf_token=token,
                            )
                            expected = _template(
                                {
                                    "day": DAY,
                                    "checkin": checkin,
                                    "checkin_form": form,
                                    "next": next_url,
                                    "has_entries": has_entries,
                                    "is_today": is_today,
                                    "csrf_token": token,
                                }
                            )
                            assert drawn == expected


@pytest.mark.django_db
def test_today_and_the_checkin_page_draw_it(alice: User, alice_client: Client) -> None:
    page = alice_client.get("/today/").content.decode()
    assert 'name="no_use" value="1"' in page and "No use today" in page
    assert 'id="checkin-mood-3"' in page and 'id="checkin-wellbeing"' in page
    log(alice, today(), 1)
    page = alice_client.get("/today/").content.decode()
    assert "You logged use today" in page
    earlier = today() - timedelta(days=3)
    no_use(alice, earlier)
    page = alice_client.get(f"/checkin/{earlier.isoformat()}/?next=/entries/").content.decode()
    assert 'class="no-use-state"' in page and 'name="next" value="/entries/"' in page
