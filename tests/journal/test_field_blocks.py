"""The log form's field blocks written in Python give exactly the templates' HTML."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from waypoint.accounts.models import User
from waypoint.journal.forms import EntryForm
from waypoint.journal.selectors import substance_choices
from waypoint.journal.services import profile_of

INCLUDE_FIELD = Template('{% include "journal/_field.html" with field=field %}')
TAG_FIELD = Template("{% load journal_fields %}{% field_block field %}")
INCLUDE_CHOICES = Template(
    '{% include "journal/_choices.html" with field=field class=css inner=inner item=item %}'
)
TAG_CHOICES = Template("{% load journal_fields %}{% choices_block field css inner item %}")


def _forms(user: User) -> list[EntryForm]:
    profile = profile_of(user)
    choices = substance_choices(user, profile)
    groups = [("Yours", choices.chosen), ("All", choices.catalogue), ("Own", choices.own)]
    bad = {"amount": "-1", "day": "not a day", "time": "25:99", "mood": "9", "harms": ["x"]}
    forms = [
        EntryForm(None, initial={}, substances=groups, grams_per_drink=14.0),
        EntryForm(bad, initial={}, substances=groups, grams_per_drink=14.0),
    ]
    assert not forms[1].is_valid()
    return forms


@pytest.mark.django_db
def test_every_field_block_matches_its_template(alice: User) -> None:
    for form in _forms(alice):
        for field in form:
            context = Context({"field": field})
            assert TAG_FIELD.render(context) == INCLUDE_FIELD.render(context), field.name
        for name, css in (
            ("mood", "moods-field"),
            ("harms", 'group "checks"'),
            ("care_actions", "g"),
        ):
            context = Context({"field": form[name], "css": css, "inner": "in<", "item": "it"})
            assert TAG_CHOICES.render(context) == INCLUDE_CHOICES.render(context), name
    errors = _forms(alice)[1].errors
    assert "day" in errors and "harms" in errors  # the bound form did show errors


@pytest.mark.django_db
def test_the_log_form_still_shows_every_detail_on_today(alice_client: object) -> None:
    response = alice_client.get("/today/")  # type: ignore[attr-defined]
    html = response.content.decode()
    for name in ("day", "time", "route", "mood", "ate_before", "place", "harms", "note"):
        assert f'name="{name}"' in html, name


@pytest.mark.django_db
def test_the_log_forms_fixed_choices_are_shared_not_copied(alice: User) -> None:
    first, second = _forms(alice)
    for name in ("unit", "route", "mood", "place", "harms", "care_actions"):
        # The same object in every form: Django would deep-copy a plain list for each.
        assert first.fields[name].choices is second.fields[name].choices, name  # type: ignore[attr-defined]
        assert first.fields[name].choices is EntryForm.base_fields[name].choices, name  # type: ignore[attr-defined]
    from waypoint.journal.forms import CheckInForm

    for name in ("no_use", "mood", "wellbeing"):
        assert CheckInForm().fields[name].choices is CheckInForm().fields[name].choices, name  # type: ignore[attr-defined]
    # A form that offers other choices assigns them: the others keep theirs.
    first.fields["route"].choices = [("", "—")]  # type: ignore[attr-defined]
    assert len(list(second.fields["route"].choices)) > 1  # type: ignore[attr-defined]
    assert len(list(EntryForm.base_fields["route"].choices)) > 1  # type: ignore[attr-defined]


INCLUDE_MORE = Template('{% include "journal/_log_more.html" %}')


@pytest.mark.django_db
def test_a_new_entrys_details_are_drawn_once_per_language_and_day(alice: User) -> None:
    from django.utils import translation

    from waypoint.journal import log_form_html
    from waypoint.journal.models import today

    log_form_html._NEW_DETAILS.clear()
    groups = [("All", list(substance_choices(alice, profile_of(alice)).catalogue))]

    def form(data: object = None, **initial: object) -> EntryForm:
        return EntryForm(data, initial=initial, substances=groups, grams_per_drink=14.0)

    for language, word in (("en", "Private note"), ("es", "Nota privada")):
        with translation.override(language):
            for quick in (True, False):
                first = Context({"form": form(day=today()), "quick": quick})
                kept = log_form_html.details_html(first["form"], quick)
                assert kept == INCLUDE_MORE.render(first)
                assert word in kept
                again = Context({"form": form(day=today()), "quick": quick})
                assert log_form_html.details_html(again["form"], quick) == kept
    assert len(log_form_html._NEW_DETAILS) == 4
    # Any detail given (editing, even "no") or a form sent back is drawn from the form itself.
    with translation.override("en"):
        edited = Context({"form": form(day=today(), time=None, ate_before="false"), "quick": True})
        assert 'value="false" selected' in log_form_html.details_html(edited["form"], True)
        assert log_form_html.details_html(edited["form"], True) == INCLUDE_MORE.render(edited)
        sent = Context({"form": form({"time": "25:99", "place": "bar"}), "quick": True})
        sent["form"].is_valid()
        html = log_form_html.details_html(sent["form"], True)
        assert html == INCLUDE_MORE.render(sent)
        assert 'class="error"' in html and 'value="bar" selected' in html
    assert len(log_form_html._NEW_DETAILS) == 4
