from __future__ import annotations

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "waypoint.safety"
    label = "safety"

    def ready(self) -> None:
        from waypoint.core.demo import DEMO_STEPS
        from waypoint.safety.demo import demo_safety
        from waypoint.safety.table import load

        # Read and check the data files once at start-up: a broken table stops the server here,
        # not on the first person who asks.
        load()
        if demo_safety not in DEMO_STEPS:
            DEMO_STEPS.append(demo_safety)

        from waypoint.safety.selectors import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["safety"] = own_export
