"""Print the table of environment variables (config/environment.py), or with --write put it in
docs/settings.md between its markers."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import environment

DOCS = environment.BASE_DIR / "docs" / "settings.md"
START = "<!-- settings-table:start -->"
END = "<!-- settings-table:end -->"
INTRO = """# Settings

Everything an operator may set comes from an environment variable (or the `.env` file at the project's
root): the table below lists every one, with its type, its default and what it changes; legal thresholds
cite their article. The variables are declared once, in `config/environment.py`, and read when the
portal starts: a value of the wrong type (`PORTAL_STALE_DAYS=abc`) stops it with an error naming the
variable. Lists are comma-separated; JSON values are objects whose keys replace those of the default.
The table is generated: after changing a declaration run `python manage.py settings_table --write`
(a test fails while this page and the code disagree).
"""


def block() -> str:
    """The generated part of docs/settings.md, markers included."""
    return f"{START}\n{environment.table()}{END}"


def with_table(text: str | None) -> str:
    """`text` (the page as it is, None if missing) with the table between the markers replaced."""
    if not text:
        return f"{INTRO}\n{block()}\n"
    if START not in text or END not in text or text.index(START) > text.index(END):
        raise CommandError(f"{DOCS}: the markers {START} and {END} are missing")
    head, rest = text.split(START, 1)
    return head + block() + rest.split(END, 1)[1]


def read_docs(path: Path = DOCS) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


class Command(BaseCommand):
    help = "Print the Markdown table of every environment variable; --write updates docs/settings.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Update docs/settings.md in place.")

    def handle(self, *args, write: bool = False, **options):
        if not write:
            self.stdout.write(environment.table(), ending="")
            return
        current = read_docs()
        updated = with_table(current)
        if updated == current:
            self.stdout.write(f"{DOCS} is up to date.")
            return
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        DOCS.write_text(updated, encoding="utf-8")
        self.stdout.write(f"{DOCS} written.")
