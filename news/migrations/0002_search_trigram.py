from django.db import migrations

from portal.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial"), ("portal", "0002_extensions")]

    operations = [trigram_index("news_article")]
