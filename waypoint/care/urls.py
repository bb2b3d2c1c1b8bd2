"""Care pages: /sharing/ (participant), /assessments/ (participant), /care/ (counselor), /org/."""

from __future__ import annotations

from django.urls import path

from waypoint.care.views import org, questionnaires, sharing, staff

app_name = "care"
urlpatterns = [
    # The participant's consents, access log, shared notes, suggestions and requests.
    path("sharing/", sharing.index, name="sharing"),
    path("sharing/connect/", sharing.connect, name="connect"),
    path("sharing/consents/<int:consent_id>/", sharing.consent_detail, name="consent"),
    path(
        "sharing/consents/<int:consent_id>/change/", sharing.consent_change, name="consent_change"
    ),
    path(
        "sharing/consents/<int:consent_id>/revoke/", sharing.consent_revoke, name="consent_revoke"
    ),
    path("sharing/log/", sharing.access_log, name="access_log"),
    path("sharing/notes/", sharing.shared_notes, name="shared_notes"),
    path(
        "sharing/suggestions/<int:suggestion_id>/<str:answer>/",
        sharing.suggestion_decide,
        name="suggestion_decide",
    ),
    path(
        "sharing/requests/<int:request_id>/decline/",
        sharing.request_decline,
        name="request_decline",
    ),
    # The participant's questionnaires.
    path("assessments/", questionnaires.index, name="questionnaires"),
    path("assessments/fhir.json", questionnaires.fhir_export, name="questionnaires_fhir"),
    path("assessments/take/<str:key>/", questionnaires.take, name="questionnaire_take"),
    path(
        "assessments/results/<int:assessment_id>/",
        questionnaires.result,
        name="questionnaire_result",
    ),
    # The counselor's caseload and a client's pages.
    path("care/", staff.caseload, name="caseload"),
    path("care/invite/", staff.invite, name="invite"),
    path(
        "care/invitations/<int:invitation_id>/cancel/",
        staff.invitation_cancel,
        name="invitation_cancel",
    ),
    path("care/clients/<int:participant_id>/", staff.client, name="client"),
    path("care/clients/<int:participant_id>/goals/", staff.client_goals, name="client_goals"),
    path("care/clients/<int:participant_id>/entries/", staff.client_entries, name="client_entries"),
    path(
        "care/clients/<int:participant_id>/checkins/",
        staff.client_checkins,
        name="client_checkins",
    ),
    path(
        "care/clients/<int:participant_id>/questionnaires/",
        staff.client_assessments,
        name="client_assessments",
    ),
    path("care/clients/<int:participant_id>/notes/", staff.client_notes, name="client_notes"),
    path("care/records/", staff.own_records, name="own_records"),
    path("care/clients/<int:participant_id>/export.json", staff.export_json, name="export_json"),
    path(
        "care/clients/<int:participant_id>/export/<str:scope>.csv",
        staff.export_csv,
        name="export_csv",
    ),
    path("care/clients/<int:participant_id>/fhir.json", staff.export_fhir, name="export_fhir"),
    # The organization admin.
    path("org/", org.index, name="org"),
    path("org/join/<str:code>/", org.join, name="join"),
    path("org/<slug:slug>/staff/", org.staff, name="org_staff"),
    path("org/<slug:slug>/time-zone/", org.time_zone, name="org_time_zone"),
    path("org/<slug:slug>/staff/<int:user_id>/remove/", org.remove, name="staff_remove"),
]
