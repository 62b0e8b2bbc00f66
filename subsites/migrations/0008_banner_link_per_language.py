from django.db import migrations, models

HELP = (
    "An address on this portal (/vi/...) or another site (https://...). Empty in English or Khmer: the "
    "Vietnamese address, in the visitor's language where it is a section or page of this portal."
)


def copy_links_to_vietnamese(apps, schema_editor):
    """The single link so far was the one every language followed: it becomes the Vietnamese one,
    which English and Khmer follow while theirs are empty."""
    apps.get_model("subsites", "Banner").objects.update(link_vi=models.F("link"))


class Migration(migrations.Migration):
    dependencies = [
        ("subsites", "0007_section_kind_procedures"),
    ]

    operations = [
        migrations.AddField(
            model_name="banner",
            name="link_en",
            field=models.CharField(help_text=HELP, max_length=500, null=True, verbose_name="link"),
        ),
        migrations.AddField(
            model_name="banner",
            name="link_km",
            field=models.CharField(help_text=HELP, max_length=500, null=True, verbose_name="link"),
        ),
        migrations.AddField(
            model_name="banner",
            name="link_vi",
            field=models.CharField(help_text=HELP, max_length=500, null=True, verbose_name="link"),
        ),
        migrations.AlterField(
            model_name="banner",
            name="link",
            field=models.CharField(help_text=HELP, max_length=500, verbose_name="link"),
        ),
        migrations.RunPython(copy_links_to_vietnamese, migrations.RunPython.noop),
    ]
