from __future__ import annotations

from django.urls import path

from waypoint.accounts import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.sign_up, name="sign_up"),
    path("signup/codes/", views.recovery_codes_shown, name="recovery_codes_shown"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("recover/", views.recover, name="recover"),
    path("welcome/<str:code>/", views.setup, name="setup"),
    path("language/", views.choose_language, name="language"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/passphrase/", views.change_passphrase, name="change_passphrase"),
    path("settings/recovery-codes/", views.new_recovery_codes, name="new_recovery_codes"),
    path("settings/tokens/", views.create_token, name="create_token"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
