from __future__ import annotations

from django.urls import path, re_path

from waypoint.journal import views

app_name = "journal"
urlpatterns = [
    path("today/", views.today_page, name="today"),
    path("offline/", views.offline_page, name="offline"),
    path("entries/", views.entries_page, name="entries"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<uuid:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<uuid:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    re_path(r"^checkin/(?P<day>\d{4}-\d{2}-\d{2})/$", views.checkin_page, name="checkin"),
    path("substances/new/", views.substance_new, name="substance_new"),
]
