"""manage.py import_portal PATH: bring a whole portal in, in the exchange format, in one transaction."""

from __future__ import annotations

import sys

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from tqdm import tqdm

from exchange.importer import ImportFailed, Placement, import_folder
from exchange.management.options import add_language_option


class Command(BaseCommand):
    @property
    def help(self) -> str:
        """Text, not lazy: argparse edits the description with regular expressions."""
        return gettext("Import a folder in the portal exchange format (content.jsonl and its files).")

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext("the folder holding content.jsonl"))
        parser.add_argument(
            "--user",
            default=None,
            help=gettext("an active superuser named in the audit trail (default: import_portal)"),
        )
        parser.add_argument(
            "--under",
            default=None,
            metavar="PARENT",
            help=gettext(
                "merge another portal: its main portal becomes a unit of type portal under this unit "
                "(needs --key-prefix)"
            ),
        )
        parser.add_argument(
            "--key-prefix",
            default=None,
            metavar="PREFIX",
            help=gettext("with --under: every key of the file becomes PREFIX-key (stp → tv-stp)"),
        )
        add_language_option(parser)

    def handle(self, *args, path: str, user: str | None, language: str, under, key_prefix, **options):
        with translation.override(language):
            if (under is None) != (key_prefix is None):
                raise CommandError(gettext("--under and --key-prefix go together: give both or neither"))
            placement = Placement(under=under, prefix=key_prefix) if under is not None else None
            self._import(path, user, placement)

    def _import(self, path: str, user: str | None, placement: Placement | None) -> None:
        bars = []
        # Labelled now: the bar starts while the content is written, in the content's language.
        label, unit = gettext("Importing"), pgettext("progress bar unit", "obj")

        def progress(total: int):
            bar = tqdm(total=total, desc=label, unit=unit, disable=not sys.stderr.isatty(), file=sys.stderr)
            bars.append(bar)
            return lambda: bar.update(1)

        try:
            summary = import_folder(path, username=user, progress=progress, placement=placement)
        except ImportFailed as failure:
            for line in failure.errors:
                self.stderr.write(line)
            count = len(failure.errors)
            message = ngettext(
                "nothing was imported: %(count)d error", "nothing was imported: %(count)d errors", count
            )
            raise CommandError(message % {"count": count}) from None
        except PermissionDenied as refusal:
            raise CommandError(str(refusal)) from None
        finally:
            for bar in bars:
                bar.close()
        for line in summary.lines():
            self.stdout.write(line)
