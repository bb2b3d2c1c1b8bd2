from __future__ import annotations

from django.urls import path

from waypoint.worksheets import views

app_name = "worksheets"
urlpatterns = [
    path("worksheets/", views.worksheet_list, name="list"),
    path("worksheets/export.csv", views.export_csv, name="export_csv"),
    path("worksheets/new/<str:kind>/", views.worksheet_new, name="new"),
    path("worksheets/<int:worksheet_id>/", views.worksheet_detail, name="detail"),
    path("worksheets/<int:worksheet_id>/revise/", views.worksheet_revise, name="revise"),
    path(
        "worksheets/<int:worksheet_id>/versions/<int:number>/",
        views.worksheet_version,
        name="version",
    ),
    path("worksheets/<int:worksheet_id>/compare/", views.worksheet_compare, name="compare"),
    path("worksheets/<int:worksheet_id>/pin/", views.worksheet_pin, name="pin"),
    path("worksheets/<int:worksheet_id>/delete/", views.worksheet_delete, name="delete"),
    # A counselor's read-only view, beside the other client pages.
    path(
        "care/clients/<int:participant_id>/worksheets/",
        views.client_worksheets,
        name="client",
    ),
]
