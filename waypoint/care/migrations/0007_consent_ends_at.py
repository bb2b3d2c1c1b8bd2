"""A consent's end as one instant: the end of its last day on the participant's clock."""

from typing import Any

from django.db import migrations, models

from waypoint.accounts.zones import day_ends, zone_for_name


def set_ends_at(apps: Any, schema_editor: Any) -> None:
    Consent = apps.get_model("care", "Consent")
    ended = Consent.objects.filter(expires_on__isnull=False).values_list(
        "pk", "expires_on", "participant__time_zone"
    )
    for pk, expires_on, zone in ended.iterator():
        Consent.objects.filter(pk=pk).update(ends_at=day_ends(expires_on, zone_for_name(zone)))


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0006_counselor_notes_outlive_sharing"),
        ("accounts", "0004_user_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="ends_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(set_ends_at, migrations.RunPython.noop),
    ]
