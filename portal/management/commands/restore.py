"""`manage.py restore PATH`: replace the database content and the stored files with a backup's.

The database must be migrated to the same code first (`manage.py migrate`). Everything in it is
replaced (flush, then load); files are written back to MEDIA_ROOT and the private reports folder.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .backup import FORMAT_VERSION, file_roots


class Command(BaseCommand):
    help = "Replace the database content and the stored files with those of the backup at PATH."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive written by `manage.py backup`")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path: str, interactive: bool, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{source}: no such backup file.")
        if interactive and input("Every row and file will be replaced. Type 'yes' to go on: ") != "yes":
            raise CommandError("Restore cancelled.")
        with tempfile.TemporaryDirectory() as scratch, tarfile.open(source, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                parts = PurePosixPath(member.name).parts
                if not (member.isfile() or member.isdir()) or ".." in parts or member.name.startswith("/"):
                    raise CommandError(
                        f"{source}: unsafe entry {member.name!r}; not a backup of this portal."
                    )
            archive.extractall(scratch, filter="data")
            root = Path(scratch)
            manifest = _manifest(root, source)
            fixture = root / "db.json"
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(fixture), verbosity=0)
            restored = self._files(root)
        self.stdout.write(
            f"restored {source} (made {manifest.get('created')} on {manifest.get('engine')}): "
            f"{restored} files"
        )

    def _files(self, root: Path) -> int:
        count = 0
        for folder, target in file_roots().items():
            stored = root / folder
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True, exist_ok=True)
            if stored.is_dir():
                shutil.copytree(stored, target, dirs_exist_ok=True)
                count += sum(1 for p in stored.rglob("*") if p.is_file())
        return count


def _manifest(root: Path, source: Path) -> dict:
    try:
        manifest = json.loads((root / "manifest.json").read_text())
    except (FileNotFoundError, ValueError):
        raise CommandError(f"{source}: no manifest; not a backup written by `manage.py backup`.") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise CommandError(f"{source}: backup format {manifest.get('format')}, expected {FORMAT_VERSION}.")
    return manifest
