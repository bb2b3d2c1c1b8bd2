from __future__ import annotations

from django.urls import path

from waypoint.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.index, name="index"),
    path("combinations/", views.combinations, name="combinations"),
    path("substances/", views.substances, name="substances"),
    path("your-substances/", views.own_classes, name="own_classes"),
    path("substances/<slug:slug>/", views.substance, name="substance"),
    path("overdose/", views.overdose, name="overdose"),
    path("body/", views.body, name="body"),
]
