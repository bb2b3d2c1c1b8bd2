from __future__ import annotations

from django.urls import path

from waypoint.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("services/<int:service_id>/", views.service_detail, name="service"),
    path("services/<int:service_id>/save/", views.save_toggle, name="save"),
    path("services/<int:service_id>/went/", views.went, name="went"),
    path("services/<int:service_id>/suggest/", views.suggest, name="suggest"),
    path("services/<int:service_id>/edit/", views.service_edit, name="service_edit"),
    path("services/<int:service_id>/closures/", views.closure_add, name="closure_add"),
    path("services/<int:service_id>/places/", views.service_places, name="service_places"),
    path("meetings/", views.meetings, name="meetings"),
    path("saved/", views.saved, name="saved"),
    path("saved/visits/<int:visit_id>/delete/", views.visit_delete, name="visit_delete"),
    path("clients/<int:participant_id>/", views.client_referrals, name="client"),
    path("manage/", views.manage, name="manage"),
    path("manage/<slug:account_slug>/new/", views.service_new, name="service_new"),
    path("groups/<int:group_id>/listing/", views.group_listing, name="group_listing"),
]
