"""`manage.py restore PATH`: replace the database content and the stored files with a backup's.

The database must be migrated to the same code first (`manage.py migrate`). Everything in it is
replaced (flush, then load); the files of storages["default"] and storages["private"] are replaced by
the archive's, written through Django's storage API. Read as the backup was written: the rows go
through a temporary file read one line at a time, each file is copied from the archive in chunks.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .backup import FILE_STORAGES, FORMAT_VERSION, ROWS, dumped_models, stored_files


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
            members = archive.getmembers()  # headers only; read once to check every name first
            _check_names(members, source)
            manifest = _manifest(archive, source)
            rows = ROWS if manifest["format"] >= 2 else "db.json"
            fixture = Path(scratch) / rows
            _extract(archive, rows, fixture, source)
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(fixture), verbosity=0)
                _check_counts(manifest, source)
            restored = _restore_files(archive, members)
        self.stdout.write(
            f"restored {source} (made {manifest.get('created')} on {manifest.get('engine')}): "
            f"{restored} files"
        )


def _check_names(members: list[tarfile.TarInfo], source: Path) -> None:
    for member in members:
        parts = PurePosixPath(member.name).parts
        if not (member.isfile() or member.isdir()) or ".." in parts or member.name.startswith("/"):
            raise CommandError(f"{source}: unsafe entry {member.name!r}; not a backup of this portal.")


def _extract(archive: tarfile.TarFile, name: str, target: Path, source: Path) -> None:
    try:
        stream = archive.extractfile(name)
    except KeyError:
        raise CommandError(f"{source}: no {name}; not a backup written by `manage.py backup`.") from None
    with stream, open(target, "wb") as output:
        shutil.copyfileobj(stream, output)


def _restore_files(archive: tarfile.TarFile, members: list[tarfile.TarInfo]) -> int:
    """Each storage emptied, then given the archive's files under their own names, in archive order
    (the compressed archive is read forward once)."""
    for alias in FILE_STORAGES.values():
        storage = storages[alias]
        for name in list(stored_files(storage)):
            storage.delete(name)
    count = 0
    for member in members:
        folder, _, name = member.name.partition("/")
        if not member.isfile() or folder not in FILE_STORAGES or not name:
            continue
        storage = storages[FILE_STORAGES[folder]]
        with archive.extractfile(member) as content:
            saved = storage.save(name, File(content, name=name))
        if saved != name:  # the storage emptied above must not rename a file: its rows name it
            raise CommandError(
                f"{member.name}: stored as {saved!r}; the rows that name it would not find it."
            )
        count += 1
    return count


def _manifest(archive: tarfile.TarFile, source: Path) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError):
        raise CommandError(f"{source}: no manifest; not a backup written by `manage.py backup`.") from None
    if manifest.get("format") not in range(1, FORMAT_VERSION + 1):
        raise CommandError(f"{source}: backup format {manifest.get('format')}, expected {FORMAT_VERSION}.")
    return manifest


def _check_counts(manifest: dict, source: Path) -> None:
    """Every table holds as many rows as when the backup was taken, or nothing is restored."""
    expected = manifest.get("counts")
    if expected is None:  # format 1 did not record them
        return
    for model in dumped_models():
        label = model._meta.label
        restored = model._base_manager.count()
        if restored != expected.get(label, 0):
            raise CommandError(
                f"{source}: {label} has {restored} rows after the restore, the backup held "
                f"{expected.get(label, 0)}; nothing was changed."
            )
