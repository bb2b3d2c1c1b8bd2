from __future__ import annotations

from django.apps import AppConfig


class CompanionConfig(AppConfig):
    name = "waypoint.companion"
    label = "companion"

    def ready(self) -> None:
        from waypoint.companion.data import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["companion"] = own_export
