from django.db import migrations

from portal.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("portal", "0002_extensions")]

    operations = [
        trigram_index("documents_document"),
        trigram_index("documents_document", "number_folded"),
    ]
