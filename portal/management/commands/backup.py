"""`manage.py backup PATH`: the database as Django's JSON fixtures plus every stored file, in one .tar.gz.

One format for SQLite and PostgreSQL (it restores across engines too); natural keys for content
types and permissions, so the archive loads into any freshly migrated database. Generated reports
(a private folder outside MEDIA_ROOT) are included under private/.
"""

from __future__ import annotations

import io
import json
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

# Rebuilt by `migrate` (contenttypes, permissions) or worthless after a restore (sessions, lockouts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "captcha"]
FORMAT_VERSION = 1


def file_roots() -> dict[str, Path]:
    """Archive folder → directory on disk, for every place the project stores files."""
    from reports import conf as report_conf

    return {"media": Path(settings.MEDIA_ROOT), "private": Path(report_conf.private_root())}


class Command(BaseCommand):
    help = "Write the database (JSON) and the stored files (media, private reports) to PATH (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive to write, e.g. /var/backups/portal-2026-07-01.tar.gz")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        if target.is_dir():
            raise CommandError(f"{target} is a folder: give the name of the archive to write.")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = io.StringIO()
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            indent=None,
            stdout=data,
        )
        payload = data.getvalue().encode()
        manifest = {
            "format": FORMAT_VERSION,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "engine": connection.vendor,
            "migrations": sorted(
                f"{app}.{name}"
                for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
            ),
        }
        partial = target.with_name(target.name + ".part")
        files = 0
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            _add_bytes(archive, "db.json", payload)
            for folder, root in file_roots().items():
                if root.is_dir():
                    for file in sorted(p for p in root.rglob("*") if p.is_file()):
                        archive.add(file, arcname=f"{folder}/{file.relative_to(root).as_posix()}")
                        files += 1
        # Written under another name first: a failed backup never leaves a truncated archive at PATH.
        partial.replace(target)
        self.stdout.write(f"backup written to {target}: {len(payload)} bytes of data, {files} files")


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(content))
