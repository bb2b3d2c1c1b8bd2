from __future__ import annotations

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "waypoint.alerts"
    label = "alerts"

    def ready(self) -> None:
        from waypoint.alerts.demo import alerts_demo
        from waypoint.core.demo import DEMO_STEPS

        if alerts_demo not in DEMO_STEPS:
            DEMO_STEPS.append(alerts_demo)

        from waypoint.alerts.selectors import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["check_on_me"] = own_export
