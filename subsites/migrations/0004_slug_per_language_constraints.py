from django.db import migrations, models


class Migration(migrations.Migration):
    """After the copy of 0003, in its own transaction: PostgreSQL alters no table with pending row events."""

    dependencies = [
        ("subsites", "0003_translated_slugs"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="page",
            name="subsites_page_slug_per_unit",
        ),
        migrations.RemoveConstraint(
            model_name="section",
            name="subsites_section_slug_per_unit",
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(fields=("unit", "slug_vi"), name="subsites_page_slug_vi"),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slug_en", ""), _negated=True),
                fields=("unit", "slug_en"),
                name="subsites_page_slug_en",
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slug_km", ""), _negated=True),
                fields=("unit", "slug_km"),
                name="subsites_page_slug_km",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(fields=("unit", "slug_vi"), name="subsites_section_slug_vi"),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slug_en", ""), _negated=True),
                fields=("unit", "slug_en"),
                name="subsites_section_slug_en",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slug_km", ""), _negated=True),
                fields=("unit", "slug_km"),
                name="subsites_section_slug_km",
            ),
        ),
    ]
