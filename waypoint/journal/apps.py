from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JournalConfig(AppConfig):
    name = "waypoint.journal"
    label = "journal"

    def ready(self) -> None:
        from waypoint.journal.catalogue import ensure_catalogue

        post_migrate.connect(ensure_catalogue, sender=self)

        from waypoint.core.demo import DEMO_STEPS, VOLUME_STEPS
        from waypoint.journal.demo import journal_demo, journal_volume

        DEMO_STEPS.append(journal_demo)
        VOLUME_STEPS.append(journal_volume)
