"""The substances the log form offers: the person's chosen ones first, then the built-in
catalogue, then their own; never someone else's own substance (one query)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypoint.accounts.models import User
from waypoint.journal.models import Substance
from waypoint.journal.selectors import substance_choices
from waypoint.journal.services import own_substance_create, profile_of


@pytest.mark.django_db
def test_chosen_first_then_the_catalogue_then_ones_own_and_no_one_elses(
    alice: User, bob: User
) -> None:
    mine = own_substance_create(user=alice, name="Kratom tea", category="other", unit="dose")
    own_substance_create(user=bob, name="Bob's own", category="other", unit="dose")
    cannabis = Substance.objects.get(slug="cannabis", owner=None)
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    profile = profile_of(alice)
    profile.substances.set([cannabis, alcohol])
    profile_of(bob).substances.set([Substance.objects.get(slug="cocaine", owner=None)])

    with CaptureQueriesContext(connection) as queries:
        choices = substance_choices(alice, profile)
    assert len(queries) == 1
    assert [s.slug for s in choices.chosen] == ["alcohol", "cannabis"]
    assert [s.name for s in choices.own] == ["Kratom tea"]
    assert choices.own[0].pk == mine.pk
    catalogue = {s.slug for s in choices.catalogue}
    assert "cocaine" in catalogue and not catalogue & {"alcohol", "cannabis"}
    assert catalogue == set(
        Substance.objects.filter(owner=None)
        .exclude(pk__in=[cannabis.pk, alcohol.pk])
        .values_list("slug", flat=True)
    )
    assert "Bob's own" not in {s.name for s in choices.all}
    names = [s.name.casefold() for s in choices.catalogue]
    assert names == sorted(names)
