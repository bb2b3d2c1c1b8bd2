from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "waypoint.programs"
    label = "programs"

    def ready(self) -> None:
        from waypoint.core.demo import DEMO_STEPS, MORE_LOGINS
        from waypoint.programs.demo import STAFF, demo_program

        if demo_program not in DEMO_STEPS:
            DEMO_STEPS.append(demo_program)
        for username, _display, _role, about in STAFF:
            if (username, about) not in MORE_LOGINS:
                MORE_LOGINS.append((username, about))

        from waypoint.programs.selectors import own_export
        from waypoint.yourdata.exports import EXPORT_SECTIONS

        EXPORT_SECTIONS["programs"] = own_export

        from waypoint.directory.services import WENT_LISTENERS
        from waypoint.programs.services import link_referrals_on_visit

        if link_referrals_on_visit not in WENT_LISTENERS:
            WENT_LISTENERS.append(link_referrals_on_visit)
