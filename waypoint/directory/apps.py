from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "waypoint.directory"
    label = "directory"

    def ready(self) -> None:
        from waypoint.core.demo import DEMO_STEPS
        from waypoint.directory.demo import demo_directory

        if demo_directory not in DEMO_STEPS:
            DEMO_STEPS.append(demo_directory)

        from waypoint.directory.selectors import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["directory"] = own_export
