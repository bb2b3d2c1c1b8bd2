from __future__ import annotations

from django.urls import path

from waypoint.companion import views

app_name = "companion"
urlpatterns = [
    path("urges/", views.urges, name="urges"),
    path("urges/<uuid:urge_id>/edit/", views.urge_edit, name="urge_edit"),
    path("urges/<uuid:urge_id>/delete/", views.urge_delete, name="urge_delete"),
    path("usuals/", views.usuals, name="usuals"),
    path("usuals/from/<uuid:entry_id>/", views.usual_from_entry, name="usual_from_entry"),
    path("usuals/<int:usual_id>/edit/", views.usual_edit, name="usual_edit"),
    path("usuals/<int:usual_id>/log/", views.usual_log, name="usual_log"),
    path("usuals/<int:usual_id>/delete/", views.usual_delete, name="usual_delete"),
    path("prices/", views.prices, name="prices"),
    path("settings/hard-moments/", views.hard_moments, name="hard_moments"),
]
