from django.db import migrations

from portal.db import postgres_extensions


class Migration(migrations.Migration):
    """unaccent and pg_trgm for search on PostgreSQL; nothing on SQLite."""

    dependencies = [("portal", "0001_initial")]
    operations = [postgres_extensions("unaccent", "pg_trgm")]
