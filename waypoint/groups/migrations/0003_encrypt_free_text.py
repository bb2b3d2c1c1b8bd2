"""Encrypt free text at rest (issue 10): to plain text, encrypt existing rows, then the
encrypted field (both are text columns, so the last step changes no schema)."""

import waypoint.core.crypto
from django.db import migrations, models

from waypoint.core.encrypt_migration import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('groups', '0002_feedback_batches_and_code_cap'),
    ]

    operations = [
        migrations.AlterField(
            model_name='meeting',
            name='plan',
            field=models.TextField(blank=True),
        ),
        encrypt_existing('groups', 'meeting', 'plan'),
        migrations.AlterField(
            model_name='meeting',
            name='plan',
            field=waypoint.core.crypto.EncryptedTextField(blank=True, help_text='Optional: anything to bring or prepare. Members see this.', max_length=1000, verbose_name="facilitator's note"),
        ),
    ]
