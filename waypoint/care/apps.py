from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "waypoint.care"
    label = "care"

    def ready(self) -> None:
        from waypoint.care.demo import care_demo
        from waypoint.core.demo import DEMO_STEPS

        if care_demo not in DEMO_STEPS:
            DEMO_STEPS.append(care_demo)

        from waypoint.care.readers import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["sharing"] = own_export
