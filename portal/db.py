"""Database pieces that differ by engine, kept behind one function each."""

from django.db import migrations


def trigram_index(table: str, column: str = "search_text") -> migrations.RunPython:
    """A migration operation: a GIN trigram index on PostgreSQL (used by `__contains`), nothing on SQLite."""
    name = f"{table}_{column}_trgm"[:63]

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
            )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forward, backward, elidable=False)


def postgres_extensions(*names: str) -> migrations.RunPython:
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name in names:
                schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)
