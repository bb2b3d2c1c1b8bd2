"""Text columns that are stored in plain text on purpose, each with the reason it was reviewed.

Every other text column (CharField, TextField, JSONField, …) must be encrypted at rest with
``waypoint.core.crypto.EncryptedTextField``, ``EncryptedCharField`` or ``EncryptedJSONField``.
``tests/core/test_encrypted_columns.py`` fails when a column is neither. Columns with ``choices``
(a closed vocabulary of codes) count as reviewed without a line here.

To add a column: if a person typed it, or it describes them (health, use, names, plans),
encrypt it. Otherwise add ``"app_label.Model.field": "why plain text is fine"`` below, in your
app's block, and say why in your pull request.
"""

from __future__ import annotations

PLAIN_TEXT_COLUMNS: dict[str, str] = {
    # Django's own tables.
    "auth.Permission.name": "Django's permission names",
    "auth.Permission.codename": "Django's permission codes",
    "auth.Group.name": "Django's auth groups (unused)",
    "contenttypes.ContentType.app_label": "model names",
    "contenttypes.ContentType.model": "model names",
    "sessions.Session.session_key": "random key, looked up by value",
    "sessions.Session.session_data": "signed session data; holds ids, not free text",
    # accounts
    "accounts.User.password": "an Argon2 hash",
    "accounts.User.username": "looked up at sign-in; people are told it need not be a real name",
    "accounts.User.email": "optional, needed in plain form to send recovery mail",
    "accounts.User.display_name": "shown to groups and counselors the person chose; not private",
    "accounts.Organization.name": "an organization, not a person",
    "accounts.Organization.slug": "an organization, not a person",
    "accounts.RecoveryCode.code_hash": "a SHA-256 hash",
    "accounts.LoginFailure.username": "a name tried at sign-in, kept 15 minutes for throttling",
    "accounts.LoginFailure.address": "an address, kept 15 minutes for throttling",
    "accounts.LoginFailure.device": "a random device-cookie id",
    "accounts.AccessToken.name": "a label the person gave a token ('phone app')",
    "accounts.AccessToken.token_hash": "a SHA-256 hash",
    "accounts.AccessToken.prefix": "the first characters of a token, to recognise it",
    # journal
    "journal.Substance.slug": "catalogue slugs; own substances get a random slug",
    "journal.Substance.units": "unit codes",
    "journal.Profile.started_step": "a step code",
    "journal.Profile.remembered": "amount, unit codes and drink presets (no free text)",
    "journal.Entry.harms": "harm codes from a closed list",
    "journal.Entry.care_actions": "care action codes from a closed list",
    # goals
    "goals.Goal.avoid_harms": "harm codes from a closed list",
    "goals.Goal.practice_care": "care action codes from a closed list",
    # assessments
    "assessments.Assessment.band": "a score band label computed by waypoint.measures",
    "assessments.Assessment.flags": "machine flags (e.g. 'self_harm'); the answers are encrypted",
    # groups: a group's public details, codes and the topic library
    "groups.Group.name": "a group's public details",
    "groups.Group.place": "a group's public details",
    "groups.Group.schedule": "a group's public details",
    "groups.Group.description": "a group's public details",
    "groups.Group.agreements": "a group's public details",
    "groups.Group.join_code": "a random code",
    "groups.GroupMember.key": "a random key",
    "groups.Topic.slug": "the topic library",
    "groups.Topic.title": "the topic library",
    "groups.Topic.summary": "the topic library",
    "groups.Topic.key_points": "the topic library",
    "groups.Topic.questions": "the topic library",
    "groups.Meeting.feedback_code": "a random code",
    "groups.Attendance.member_key": "a random key",
    # care
    "care.Invitation.code_hash": "a SHA-256 hash",
    "care.Invitation.code_hint": "last characters of a code",
    "care.Invitation.suggested_scopes": "scope codes",
    "care.Consent.discloser": "generated from the organization and program names",
    "care.Consent.recipient": "generated from the organization and counselor names",
    "care.Consent.information": "generated from the scopes chosen",
    "care.Consent.revocation_terms": "the standard revocation text",
    "care.AccessRecord.staff_name": "a staff member's name, shown to the participant",
    "care.Note.author_name": "a staff member's name",
    "care.Suggestion.author_name": "a staff member's name",
    "care.AssessmentRequest.requester_name": "a staff member's name",
}
