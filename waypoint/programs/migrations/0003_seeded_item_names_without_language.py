"""Seeded catalogue items keep no name: it is read in the viewer's language from the slug.

Programs made before this stored the names in the language active at the time (Spanish for
everyone, if a Spanish-speaking admin made the program). A seeded item whose name is its default
in any language gets an empty name; a name changed by hand is kept.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import translation

# The seeded names as they were when this migration was written (the msgids).
SEEDED = {
    "syringe": "Syringe",
    "naloxone-nasal-4mg": "Naloxone nasal spray 4 mg (kit)",
    "naloxone-im": "Naloxone injectable (kit)",
    "fentanyl-test-strip": "Fentanyl test strip",
    "xylazine-test-strip": "Xylazine test strip",
    "cooker": "Cooker",
    "cotton": "Cotton",
    "alcohol-pad": "Alcohol pad",
    "sterile-water": "Sterile water",
    "tourniquet": "Tourniquet",
    "sharps-container": "Sharps container",
    "safer-smoking-kit": "Safer smoking kit",
    "snorting-kit": "Safer snorting kit",
    "condom": "Condom",
    "wound-care-kit": "Wound care kit",
}


def clear_default_names(apps, schema_editor):
    Item = apps.get_model("programs", "Item")
    for slug, name in SEEDED.items():
        names = {name}
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                names.add(translation.gettext(name))
        Item.objects.filter(slug=slug, name__in=names).update(name="")


def restore_names(apps, schema_editor):
    Item = apps.get_model("programs", "Item")
    for slug, name in SEEDED.items():
        Item.objects.filter(slug=slug, name="").update(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_referral_service"),
    ]

    operations = [
        migrations.AlterField(
            model_name="item",
            name="name",
            field=models.CharField(blank=True, max_length=80, verbose_name="name"),
        ),
        migrations.RunPython(clear_default_names, restore_names),
    ]
