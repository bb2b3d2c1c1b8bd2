from __future__ import annotations

from django.urls import include, path

from waypoint.api.main import api

urlpatterns = [
    path("", include("waypoint.core.urls")),
    path("", include("waypoint.accounts.urls")),
    path("", include("waypoint.journal.urls")),
    path("start/", include("waypoint.start.urls")),
    path("", include("waypoint.yourdata.urls")),
    path("goals/", include("waypoint.goals.urls")),
    path("groups/", include("waypoint.groups.urls")),
    path("", include("waypoint.care.urls")),
    path("safety/", include("waypoint.safety.urls")),
    path("programs/", include("waypoint.programs.urls")),
    path("", include("waypoint.worksheets.urls")),
    path("directory/", include("waypoint.directory.urls")),
    path("", include("waypoint.alerts.urls")),
    path("", include("waypoint.companion.urls")),
    path("api/v1/", api.urls),
]

handler404 = "waypoint.core.views.not_found"
handler500 = "waypoint.core.views.server_error"
