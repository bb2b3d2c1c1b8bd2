from __future__ import annotations

from django.urls import path

from waypoint.alerts import views

app_name = "alerts"
urlpatterns = [
    path("check-on-me/", views.home, name="home"),
    path("check-on-me/contacts/", views.contacts, name="contacts"),
    path(
        "check-on-me/contacts/<int:contact_id>/remove/", views.contact_remove, name="contact_remove"
    ),
    path("check-on-me/plan/", views.plan, name="plan"),
    path("check-on-me/timers/<int:timer_id>/", views.timer, name="timer"),
    path("check-on-me/timers/<int:timer_id>/ok/", views.timer_ok, name="timer_ok"),
    path("check-on-me/timers/<int:timer_id>/extend/", views.timer_extend, name="timer_extend"),
    path("check-on-me/timers/<int:timer_id>/help/", views.timer_help, name="timer_help"),
    path("check-on-me/reminder/", views.reminder, name="reminder"),
    path("check-on-me/confirm/<str:token>/", views.contact_confirm, name="contact_confirm"),
    path("check-on-me/stop/<str:key>/", views.contact_stop, name="contact_stop"),
    path("alerts/", views.index, name="index"),
    path("alerts/notifications/", views.notifications, name="notifications"),
    path("alerts/subscribe/", views.subscribe, name="subscribe"),
    path("alerts/report/", views.report, name="report"),
    path("alerts/<int:alert_id>/", views.detail, name="detail"),
    path("alerts/org/", views.org_index, name="org_index"),
    path("alerts/org/<slug:slug>/", views.org, name="org"),
    path("alerts/org/<slug:slug>/new/", views.publish, name="publish"),
    path("alerts/org/<slug:slug>/alerts/<int:alert_id>/withdraw/", views.withdraw, name="withdraw"),
    path("alerts/org/<slug:slug>/reports/<int:report_id>/dismiss/", views.dismiss, name="dismiss"),
]
