"""Encrypt free text at rest (issue 10): to plain text, encrypt existing rows, then the
encrypted field (both are text columns, so the last step changes no schema)."""

import waypoint.core.crypto
from django.db import migrations, models

from waypoint.core.encrypt_migration import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0004_access_scopes_worksheets_and_referrals'),
    ]

    operations = [
        migrations.AlterField(
            model_name='consent',
            name='purpose',
            field=models.TextField(),
        ),
        migrations.AlterField(
            model_name='consent',
            name='signature',
            field=models.TextField(),
        ),
        encrypt_existing('care', 'consent', 'purpose', 'signature'),
        migrations.AlterField(
            model_name='invitation',
            name='purpose',
            field=models.TextField(blank=True),
        ),
        encrypt_existing('care', 'invitation', 'purpose'),
        migrations.AlterField(
            model_name='suggestion',
            name='text',
            field=models.TextField(),
        ),
        encrypt_existing('care', 'suggestion', 'text'),
        migrations.AlterField(
            model_name='consent',
            name='purpose',
            field=waypoint.core.crypto.EncryptedCharField(max_length=200, verbose_name='purpose'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='signature',
            field=waypoint.core.crypto.EncryptedCharField(max_length=120, verbose_name='signature (your name, typed)'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='purpose',
            field=waypoint.core.crypto.EncryptedCharField(blank=True, max_length=200, verbose_name='purpose'),
        ),
        migrations.AlterField(
            model_name='suggestion',
            name='text',
            field=waypoint.core.crypto.EncryptedCharField(max_length=160),
        ),
    ]
