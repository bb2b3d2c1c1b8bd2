from __future__ import annotations

from django.urls import path

from waypoint.goals import views

app_name = "goals"
urlpatterns = [
    path("", views.goal_list, name="list"),
    path("new/", views.goal_new, name="new"),
    path("progress/", views.progress_page, name="progress"),
    path("progress/continuous/", views.continuous_days, name="continuous"),
    path("<int:goal_id>/", views.goal_detail, name="detail"),
    path("<int:goal_id>/change/", views.goal_change, name="change"),
    path("<int:goal_id>/end/", views.goal_end, name="end"),
    path("<int:goal_id>/steps/", views.step_add, name="step_add"),
    path("<int:goal_id>/steps/<int:step_id>/toggle/", views.step_toggle, name="step_toggle"),
    path("<int:goal_id>/steps/<int:step_id>/remove/", views.step_remove, name="step_remove"),
]
