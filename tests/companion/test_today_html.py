"""Today's companion panels written in Python are exactly what their template drew."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from waypoint.accounts.models import User
from waypoint.companion.forms import UrgeForm
from waypoint.companion.models import Usual
from waypoint.companion.today_html import today_panels
from waypoint.journal.models import Substance

# The template that drew the panels until session 11 (companion/_today.html), kept as the
# reference the Python markup must equal.
TEMPLATE = """{% load i18n static %}{% if show %}
<link rel="stylesheet" href="{% static 'companion/companion.css' %}">
<div class="companion-today">
{% if usuals %}
<section aria-labelledby="usuals-heading" class="panel usuals">
  <h2 id="usuals-heading">{% translate "My usual" %}</h2>
  <ul class="usual-list">{% for usual in usuals %}
    <li><form method="post" action="{% url 'companion:usual_log' usual.pk %}">{% csrf_token %}
      <input type="hidden" name="entry_id" value="{{ entry_id }}">
      <button type="submit" class="secondary usual-log">{% blocktranslate with name=usual.name what=usual.amount_text %}Log {{ name }} <span class="usual-amount">({{ what }})</span>{% endblocktranslate %}</button>
    </form></li>{% endfor %}
  </ul>
  <p class="help"><a href="{% url 'companion:usuals' %}">{% translate "Change your usuals" %}</a></p>
</section>
{% endif %}
<section aria-labelledby="urge-heading" class="panel urge-quick">
  <h2 id="urge-heading">{% translate "Noticed an urge?" %}</h2>
  <form method="post" action="{% url 'companion:urges' %}" class="stack" novalidate>{% csrf_token %}
    <input type="hidden" name="next" value="{% url 'journal:today' %}">
    {{ urge_form.urge_id }}
    <fieldset class="scale-field">
      <legend>{{ urge_form.strength.label }}</legend>
      <div class="scale-choices">{% for radio in urge_form.strength %}<label class="scale-choice">{{ radio.tag }}<span>{{ radio.choice_label }}</span></label>{% endfor %}</div>
    </fieldset>
    <button type="submit">{% translate "Note the urge" %}</button>
  </form>
  <p class="help"><a href="{% url 'companion:urges' %}">{% translate "Add what was going on and what helped, or see your urges" %}</a>{% if not usuals %} · <a href="{% url 'companion:usuals' %}">{% translate "Save a usual drink or dose" %}</a>{% endif %}</p>
</section>
</div>
{% endif %}
"""  # noqa: E501

TOKEN = "tok<en>&1"


def _ids() -> Callable[[], uuid.UUID]:
    """A fresh, repeatable run of ids: both renders draw the same ones."""
    numbers = itertools.count(1)
    return lambda: uuid.UUID(int=next(numbers))


def _usuals() -> list[Usual]:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    return [
        Usual(
            pk=7,
            name="My <pint> & 'co'",
            substance=alcohol,
            amount=Decimal("473"),
            unit="ml",
            abv_percent=6.8,
        ),
        Usual(pk=12, name="Two", substance=alcohol, amount=Decimal("1"), unit="drink"),
    ]


def _template(usuals: list[Usual], form: UrgeForm, token: object) -> str:
    context = {
        "show": True,
        "usuals": usuals,
        "urge_form": form,
        "entry_id": _ids(),
        "csrf_token": token,
    }
    return engines["django"].from_string(TEMPLATE).render(context)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_panels_equal_the_template_they_replaced(language: str) -> None:
    urge_id = uuid.UUID(int=99)
    with translation.override(language):
        for usuals in ([], _usuals()[:1], _usuals()):
            for token in (TOKEN, None, "NOTPROVIDED"):
                form = UrgeForm(initial={"urge_id": urge_id})
                drawn = today_panels(
                    usuals=usuals, urge_id=urge_id, csrf_token=token, entry_id=_ids()
                )
                assert drawn == _template(usuals, form, token)
        assert engines["django"].from_string(TEMPLATE).render({"show": False}) == "\n"


@pytest.mark.django_db
def test_today_shows_the_usuals_and_the_urge_note(alice: User, alice_client: Client) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    Usual.objects.create(user=alice, name="Pint", substance=alcohol, amount=1, unit="drink")
    page = alice_client.get("/today/").content.decode()
    assert "Log Pint" in page and 'name="strength"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 3


@pytest.mark.django_db
def test_today_shows_only_ones_own_usuals_in_the_order_saved(
    alice: User, bob: User, alice_client: Client
) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    for name in ("Second pint", "First pint"):
        Usual.objects.create(user=alice, name=name, substance=alcohol, amount=1, unit="drink")
    Usual.objects.create(user=bob, name="Bob's can", substance=alcohol, amount=1, unit="drink")
    page = alice_client.get("/today/").content.decode()
    assert page.index("Log Second pint") < page.index("Log First pint")
    assert "Bob" not in page
