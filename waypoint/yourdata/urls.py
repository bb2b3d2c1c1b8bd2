from __future__ import annotations

from django.urls import path

from waypoint.yourdata import views

app_name = "data"
urlpatterns = [
    path("settings/export.json", views.export_json, name="export_json"),
    path("settings/export.csv", views.export_csv, name="export_csv"),
    path("settings/urges.csv", views.export_urges_csv, name="export_urges_csv"),
    path("settings/delete/", views.delete_account, name="delete"),
    path("goodbye/", views.goodbye, name="goodbye"),
]
