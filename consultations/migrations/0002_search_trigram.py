from django.db import migrations

from portal.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial"), ("portal", "0002_extensions")]

    operations = [trigram_index("consultations_draft")]
