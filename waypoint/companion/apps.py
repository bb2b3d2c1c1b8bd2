from __future__ import annotations

from django.apps import AppConfig


class CompanionConfig(AppConfig):
    name = "waypoint.companion"
    label = "companion"

    def ready(self) -> None:
        from waypoint.companion.demo import companion_demo
        from waypoint.core.demo import DEMO_STEPS

        if companion_demo not in DEMO_STEPS:
            DEMO_STEPS.append(companion_demo)

        from waypoint.companion.data import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["companion"] = own_export
