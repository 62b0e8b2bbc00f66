"""manage.py export_portal PATH: the whole portal in the exchange format (a backup, with personal data)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext, pgettext
from tqdm import tqdm

from exchange.exporter import export_folder
from exchange.management.options import add_language_option


class Command(BaseCommand):
    @property
    def help(self) -> str:
        """Text, not lazy: argparse edits the description with regular expressions."""
        return gettext("Export every unit and its content into a folder in the portal exchange format.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext("the folder to write content.jsonl and the files into"))
        add_language_option(parser)

    def handle(self, *args, path: str, language: str, **options):
        with translation.override(language):
            self._export(path)

    def _export(self, path: str) -> None:
        label, unit = gettext("Exporting"), pgettext("progress bar unit", "obj")
        with tqdm(desc=label, unit=unit, disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
            counts = export_folder(path, progress=lambda: bar.update(1))
        for kind, n in counts.items():
            self.stdout.write(gettext("%(kind)-9s exported %(count)7d") % {"kind": kind, "count": n})
