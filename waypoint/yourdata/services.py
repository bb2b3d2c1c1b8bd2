"""Deleting an account for good: every record about the person, and their sessions, now."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from waypoint.accounts.models import LoginFailure, User
from waypoint.goals.models import Goal
from waypoint.journal.models import Entry


def _sessions_delete(user: User) -> int:
    """End the person's sessions on every device (sessions only hold the user id encoded)."""
    key = str(user.pk)
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            doomed.append(session.session_key)
    deleted, _counts = Session.objects.filter(session_key__in=doomed).delete()
    return deleted


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account and every record about the person, now; there is no undo."""
    LoginFailure.objects.filter(username=user.username.lower()).delete()
    _sessions_delete(user)
    # Entries and goals protect the substances they name; the person's own go with them.
    Entry.objects.filter(user=user).delete()
    Goal.objects.filter(user=user).delete()
    user.delete()
