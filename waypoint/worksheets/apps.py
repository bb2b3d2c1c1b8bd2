from __future__ import annotations

from django.apps import AppConfig


class WorksheetsConfig(AppConfig):
    name = "waypoint.worksheets"
    label = "worksheets"

    def ready(self) -> None:
        from waypoint.core.demo import DEMO_STEPS
        from waypoint.worksheets.demo import worksheets_demo

        if worksheets_demo not in DEMO_STEPS:
            DEMO_STEPS.append(worksheets_demo)

        from waypoint.care.models import Scope
        from waypoint.care.readers import SHARED_SECTIONS
        from waypoint.worksheets.data import own_export, shared_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["worksheets"] = own_export
        SHARED_SECTIONS[Scope.WORKSHEETS] = shared_export
