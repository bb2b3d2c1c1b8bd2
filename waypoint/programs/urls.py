from __future__ import annotations

from django.urls import path

from waypoint.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:participant_id>/unlink/", views.unlink, name="unlink"),
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/encounters/", views.encounters, name="encounters"),
    path("<slug:slug>/encounters/new/", views.encounter_new, name="encounter_new"),
    path("<slug:slug>/encounters.csv", views.encounters_csv, name="encounters_csv"),
    path("<slug:slug>/encounters/<uuid:encounter_id>/", views.encounter_detail, name="encounter"),
    path(
        "<slug:slug>/encounters/<uuid:encounter_id>/edit/",
        views.encounter_edit,
        name="encounter_edit",
    ),
    path(
        "<slug:slug>/referrals/<int:referral_id>/link/", views.referral_link, name="referral_link"
    ),
    path("<slug:slug>/referrals/", views.referrals, name="referrals"),
    path("<slug:slug>/referrals.csv", views.referrals_csv, name="referrals_csv"),
    path(
        "<slug:slug>/referral-services.json",
        views.referral_services_json,
        name="referral_services",
    ),
    path("<slug:slug>/codes/", views.codes, name="codes"),
    path("<slug:slug>/reversals/new/", views.reversal_new, name="reversal_new"),
    path("<slug:slug>/sites/", views.sites, name="sites"),
    path("<slug:slug>/catalogue/", views.catalogue, name="catalogue"),
    path("<slug:slug>/stock/", views.stock, name="stock"),
    path("<slug:slug>/report/", views.report_page, name="report"),
    path("<slug:slug>/report.csv", views.report_csv, name="report_csv"),
    path("<slug:slug>/import/", views.import_page, name="import"),
]
