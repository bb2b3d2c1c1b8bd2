from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "waypoint.programs"
    label = "programs"

    def ready(self) -> None:
        from waypoint.core.demo import DEMO_STEPS
        from waypoint.programs.demo import demo_program

        if demo_program not in DEMO_STEPS:
            DEMO_STEPS.append(demo_program)
