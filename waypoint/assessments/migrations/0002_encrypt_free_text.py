"""Encrypt free text at rest (issue 10): to plain text, encrypt existing rows, then the
encrypted field (both are text columns, so the last step changes no schema)."""

import waypoint.core.crypto
from django.db import migrations, models

from waypoint.core.encrypt_migration import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='assessment',
            name='answers',
            field=models.TextField(),
        ),
        encrypt_existing('assessments', 'assessment', 'answers'),
        migrations.AlterField(
            model_name='assessment',
            name='answers',
            field=waypoint.core.crypto.EncryptedJSONField(),
        ),
    ]
