from __future__ import annotations

from django.urls import path

from waypoint.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.group_new, name="new"),
    path("join/", views.join, name="join"),
    path("<int:group_id>/", views.group_detail, name="detail"),
    path("<int:group_id>/edit/", views.group_edit, name="edit"),
    path("<int:group_id>/code/", views.join_code_rotate, name="rotate_code"),
    path("<int:group_id>/leave/", views.leave, name="leave"),
    path("<int:group_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<int:group_id>/picture/", views.picture, name="picture"),
    path("<int:group_id>/picture.csv", views.picture_csv, name="picture_csv"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/checkin/", views.checkin, name="checkin"),
    path("meetings/<int:meeting_id>/checkin/delete/", views.checkin_delete, name="checkin_delete"),
    path("meetings/<int:meeting_id>/feedback/", views.feedback_member, name="feedback"),
    path("meetings/<int:meeting_id>/handout/", views.handout, name="handout"),
    path("feedback/", views.feedback_code_entry, name="feedback_entry"),
    path("feedback/<str:code>/", views.feedback_by_code, name="feedback_code"),
    path("topics/", views.topics, name="topics"),
    path("topics/new/", views.topic_new, name="topic_new"),
    path("topics/<int:topic_id>/", views.topic_detail, name="topic"),
    path("topics/<int:topic_id>/edit/", views.topic_edit, name="topic_edit"),
]
