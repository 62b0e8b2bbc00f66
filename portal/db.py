"""Database pieces that differ by engine, kept behind one function each."""

from django.db import migrations, models
from django.db.models import Lookup


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


@models.ForeignKey.register_lookup
class AnyOf(Lookup):
    """`unit__any_of=<query set of keys>`: the key is one the subquery returns, read once before the scan.

    Joined (`unit__active=True`) or semi-joined (`unit__in=<query set>`), the units are planned with
    the rows. PostgreSQL misjudges how many rows a trigram match keeps, and for a table joined to its
    units twice (questions) it nests loops over every match where a LIMIT could stop after a hundred:
    20 ms against 2 ms. As `= ANY(ARRAY(subquery))` the keys are a parameter read before the scan.
    Not for every query: with the keys unknown when planning, a large table's plan can get worse
    (a news search's count: 3 ms to 20 ms). `IN (subquery)` on other databases.
    """

    lookup_name = "any_of"

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return lhs, rhs, [*lhs_params, *rhs_params]

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params
