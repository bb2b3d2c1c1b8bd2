from __future__ import annotations

from django.urls import path

from waypoint.start import views

app_name = "start"
urlpatterns = [
    path("", views.begin, name="begin"),
    path("substances/", views.substances, name="substances"),
    path("drinks/", views.drinks, name="drinks"),
    path("where/", views.where, name="where"),
    path("baseline/", views.baseline, name="baseline"),
    path("audit/", views.audit, name="audit"),
    path("audit/result/", views.audit_result, name="audit_result"),
    path("done/", views.done, name="done"),
    path("skip/", views.skip_all, name="skip_all"),
]
