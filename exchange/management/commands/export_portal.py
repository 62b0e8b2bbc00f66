"""manage.py export_portal PATH: the whole portal in the exchange format (a backup, with personal data)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from exchange.exporter import export_folder


class Command(BaseCommand):
    help = "Export every unit and its content into a folder in the portal exchange format."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the folder to write content.jsonl and the files into")

    def handle(self, *args, path: str, **options):
        with tqdm(unit="obj", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
            counts = export_folder(path, progress=lambda: bar.update(1))
        for kind, n in counts.items():
            self.stdout.write(f"{kind:<9} {n:>7}")
