"""Encrypt free text at rest (issue 10): to plain text, encrypt existing rows, then the
encrypted field (both are text columns, so the last step changes no schema)."""

import waypoint.core.crypto
from django.db import migrations, models

from waypoint.core.encrypt_migration import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='goal',
            name='title',
            field=models.TextField(blank=True),
        ),
        encrypt_existing('goals', 'goal', 'title'),
        migrations.AlterField(
            model_name='goalstep',
            name='text',
            field=models.TextField(),
        ),
        encrypt_existing('goals', 'goalstep', 'text'),
        migrations.AlterField(
            model_name='goal',
            name='title',
            field=waypoint.core.crypto.EncryptedCharField(blank=True, max_length=120, verbose_name='in your words'),
        ),
        migrations.AlterField(
            model_name='goalstep',
            name='text',
            field=waypoint.core.crypto.EncryptedCharField(max_length=160, verbose_name='step'),
        ),
    ]
