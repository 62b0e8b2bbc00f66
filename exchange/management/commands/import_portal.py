"""manage.py import_portal PATH: bring a whole portal in, in the exchange format, in one transaction."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from exchange.importer import ImportFailed, import_folder


class Command(BaseCommand):
    help = "Import a folder in the portal exchange format (content.jsonl and its files)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the folder holding content.jsonl")
        parser.add_argument(
            "--user",
            default=None,
            help="an active superuser named in the audit trail (default: import_portal)",
        )

    def handle(self, *args, path: str, user: str | None, **options):
        bars = []

        def progress(total: int):
            bar = tqdm(total=total, unit="obj", disable=not sys.stderr.isatty(), file=sys.stderr)
            bars.append(bar)
            return lambda: bar.update(1)

        try:
            summary = import_folder(path, username=user, progress=progress)
        except ImportFailed as failure:
            for line in failure.errors:
                self.stderr.write(line)
            raise CommandError(f"nothing was imported: {len(failure.errors)} error(s)") from None
        finally:
            for bar in bars:
                bar.close()
        for line in summary.lines():
            self.stdout.write(line)
