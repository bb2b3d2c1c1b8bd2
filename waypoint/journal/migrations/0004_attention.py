
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def build_attention(apps, schema_editor):
    """Everyone with a journal day or a questionnaire gets their state (no row = nothing logged).

    Uses the current code, as `manage.py rebuild_digest` does (which also rebuilds this state).
    """
    from waypoint.journal.attention import refresh

    DayDigest = apps.get_model("journal", "DayDigest")
    Assessment = apps.get_model("assessments", "Assessment")
    people = set(DayDigest.objects.values_list("user_id", flat=True).distinct())
    people |= set(Assessment.objects.values_list("user_id", flat=True).distinct())
    for user_id in sorted(people):
        refresh(user_id)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_login_failure_device'),
        ('journal', '0003_merge_0002_day_digest_0002_encrypt_free_text'),
        ('assessments', '0002_encrypt_free_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='Attention',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='attention', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('last_logged', models.DateField(blank=True, null=True)),
                ('last_severe', models.DateField(blank=True, null=True)),
                ('self_harm_at', models.DateTimeField(blank=True, null=True)),
                ('who_from', models.DateField(blank=True, null=True)),
                ('who_until', models.DateField(blank=True, help_text='the first day after', null=True)),
                ('computed_on', models.DateField()),
                ('fresh_until', models.DateField(blank=True, help_text='recompute from this day', null=True)),
            ],
            options={
                'indexes': [models.Index(fields=['fresh_until'], name='attention_fresh_until')],
            },
        ),
        migrations.RunPython(build_attention, migrations.RunPython.noop),
    ]
