from __future__ import annotations

from django.urls import path

from waypoint.core import pwa, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("quick-exit/", views.quick_exit, name="quick_exit"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
]
