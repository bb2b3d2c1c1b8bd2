from __future__ import annotations

from django.apps import AppConfig


class StartConfig(AppConfig):
    """Getting started: substances, standard drink, where you are, the baseline, AUDIT-C.

    Its records (Profile fields, BaselineDay, Stance) stay in the journal's models, so this app
    has no models and no migrations of its own.
    """

    name = "waypoint.start"
    label = "start"
