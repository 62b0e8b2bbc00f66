"""Compile every .po catalogue of the project to .mo with polib: no GNU gettext needed on the machine."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "node_modules", "staticfiles", "media", ".git"}


def project_catalogues(base: Path) -> list[Path]:
    return sorted(
        p
        for p in base.rglob("*.po")
        if not SKIP.intersection(p.relative_to(base).parts) and "LC_MESSAGES" in p.parts
    )


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        for po_path in project_catalogues(Path(settings.BASE_DIR)):
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
