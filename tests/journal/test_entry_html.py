"""An entry of a list written in Python is exactly what its template drew."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.template import engines
from django.utils import translation

from tests.factories import log
from waypoint.accounts.models import User
from waypoint.journal.entry_html import entry_item
from waypoint.journal.models import Entry, today
from waypoint.journal.selectors import with_drinks

pytestmark = pytest.mark.django_db

# The template that drew an entry until session 12 (journal/_entry_item.html), kept as the
# reference the Python markup must equal.
TEMPLATE = """{% load i18n %}<li class="entry">
  <div class="entry-line">
    {% if entry.shows_time %}<span class="entry-time">{{ entry.used_at|time:"H:i" }}</span>{% endif %}
    <span class="entry-what"><strong>{{ entry.substance.name }}</strong> · {{ entry.amount_text }}{% if entry.abv_percent and not entry.is_preset %} {% blocktranslate with abv=entry.abv_percent|floatformat:"-1" %}at {{ abv }}%{% endblocktranslate %}{% endif %}{% if entry.drinks is not None and entry.unit == "ml" %} <span class="entry-drinks">({% blocktranslate with n=entry.drinks|floatformat:1 %}{{ n }} standard drinks{% endblocktranslate %})</span>{% endif %}</span>
    {% if not no_edit %}<a class="entry-edit" href="{% url 'journal:entry_edit' entry.pk %}">{% translate "Edit" %}<span class="visually-hidden"> {{ entry.substance.name }} {{ entry.amount_text }}{% if entry.shows_time %} {{ entry.used_at|time:"H:i" }}{% endif %}</span></a>{% endif %}
  </div>
  {% if entry.route or entry.place or entry.company or entry.activity or entry.mood %}
    <p class="entry-tags">{% if entry.route %}<span>{{ entry.get_route_display }}</span>{% endif %}{% if entry.place %}<span>{{ entry.get_place_display }}</span>{% endif %}{% if entry.company %}<span>{{ entry.get_company_display }}</span>{% endif %}{% if entry.activity %}<span>{{ entry.activity }}</span>{% endif %}{% if entry.mood %}<span>{% blocktranslate with mood=entry.mood %}mood {{ mood }} of 5{% endblocktranslate %}</span>{% endif %}</p>
  {% endif %}
  {% if entry.harm_labels %}<p class="entry-harms"><span class="tag-label">{% translate "Risks:" %}</span> {{ entry.harm_labels|join:", " }}</p>{% endif %}
  {% if entry.care_labels %}<p class="entry-care"><span class="tag-label">{% translate "Care:" %}</span> {{ entry.care_labels|join:", " }}</p>{% endif %}
  {% if save_usual %}<p class="entry-usual"><a href="{% url 'companion:usual_from_entry' entry.pk %}">{% translate "Save as my usual" %}<span class="visually-hidden"> {{ entry.substance.name }} {{ entry.used_at|time:"H:i" }}</span></a></p>{% endif %}
  {% if entry.note %}<p class="entry-note"><span class="tag-label">{% translate "Note:" %}</span> {{ entry.note|truncatechars:140 }}</p>{% endif %}
</li>
"""  # noqa: E501


def _entries(user: User) -> list[Entry]:
    log(user, today(), 2)
    log(
        user,
        today(),
        "1.5",
        at=time(21, 5),
        route="swallowed",
        place="bar",
        company="friends",
        activity="a <b>gig</b> & more",
        mood=3,
        harms=["used_alone", "blackout"],
        care_actions=["water"],
        note="x" * 200 + " <i>",
    )
    log(user, today() - timedelta(days=1), 1, substance="cannabis", mood=5)
    log(user, today(), "500", unit="ml", abv_percent=4.5, at=time(8, 0))
    return list(Entry.objects.filter(user=user).select_related("substance").order_by("created_at"))


def test_an_entry_is_drawn_as_its_template_drew_it(alice: User) -> None:
    template = engines["django"].from_string(TEMPLATE)
    entries = _entries(alice)
    # The delete page puts no standard drinks on its entry; the lists do.
    entries += with_drinks(_entries(alice), "US")
    for language in ("en", "es"):
        with translation.override(language):
            for entry in entries:
                for options in ({}, {"save_usual": True}, {"no_edit": True}):
                    expected = template.render({"entry": entry, **options})
                    assert entry_item(entry, **options) == expected, (language, options)
    shown = "".join(entry_item(entry, save_usual=True) for entry in entries)
    for part in ("at 4.5%", "standard drinks)", "mood 3 of 5", "a &lt;b&gt;gig", "Risks:", "Care:"):
        assert part in shown, part
