from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GroupsConfig(AppConfig):
    name = "waypoint.groups"
    label = "groups"

    def ready(self) -> None:
        from waypoint.core.demo import DEMO_STEPS
        from waypoint.groups.demo import demo_group
        from waypoint.groups.services import ensure_topics

        post_migrate.connect(ensure_topics, sender=self)
        if demo_group not in DEMO_STEPS:
            DEMO_STEPS.append(demo_group)

        from waypoint.groups.selectors import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["groups"] = own_export
