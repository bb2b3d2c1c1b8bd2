"""Encrypt free text at rest (issue 10): to plain text, encrypt existing rows, then the
encrypted field (both are text columns, so the last step changes no schema)."""

import waypoint.core.crypto
from django.db import migrations, models

from waypoint.core.encrypt_migration import encrypt_existing


def random_own_slugs(apps, schema_editor):
    """A slug made from an own substance's name would reveal the name: make it random."""
    import secrets

    Substance = apps.get_model("journal", "Substance")
    for substance in Substance.objects.filter(owner__isnull=False):
        substance.slug = f"own-{secrets.token_hex(6)}"
        substance.save(update_fields=["slug"])


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='entry',
            name='activity',
            field=models.TextField(blank=True),
        ),
        encrypt_existing('journal', 'entry', 'activity'),
        migrations.AlterField(
            model_name='substance',
            name='name',
            field=models.TextField(),
        ),
        encrypt_existing('journal', 'substance', 'name'),
        migrations.AlterModelOptions(
            name='substance',
            options={'ordering': ['slug']},
        ),
        migrations.AlterField(
            model_name='entry',
            name='activity',
            field=waypoint.core.crypto.EncryptedCharField(blank=True, max_length=80, verbose_name='doing what'),
        ),
        migrations.AlterField(
            model_name='substance',
            name='name',
            field=waypoint.core.crypto.EncryptedCharField(max_length=60, verbose_name='name'),
        ),
        migrations.RunPython(random_own_slugs, migrations.RunPython.noop),
    ]
