"""`manage.py backup PATH`: the database as Django's JSON lines plus every stored file, in one .tar.gz.

One format for SQLite and PostgreSQL (it restores across engines too); natural keys for content
types and permissions, so the archive loads into any freshly migrated database. The files are read
through Django's storage API — storages["default"] under media/, storages["private"] (generated
reports, private files) under private/ — so a backup reads object storage as well as a local disk.

Nothing is held in memory whole: the rows are written one a line to an unlinked temporary file and
copied into the archive, each file is copied from its storage in chunks.

Every table is read in one snapshot (a REPEATABLE READ, READ ONLY transaction on PostgreSQL, one read
transaction on SQLite): read table by table while citizens submit, an archive held question events
whose question was missing and could not be restored. The archive holds personal data, password
hashes and TOTP secrets, so it is created readable by its owner only, and it is read back and checked
(every record parsed, every reference found, every table's count) before it takes PATH's name.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, router, transaction
from django.db.migrations.recorder import MigrationRecorder

# Rebuilt by `migrate` (contenttypes, permissions) or worthless after a restore (sessions, lockouts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "captcha"]
FORMAT_VERSION = 2  # 1: db.json (one JSON array); 2: db.jsonl (one record a line) and table counts
ROWS = "db.jsonl"


# Archive folder → the storage (an alias of STORAGES) whose files it holds.
FILE_STORAGES = {"media": "default", "private": "private"}


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage` under `folder`, folder by folder (listdir; no whole listing
    built), in a stable order. A storage whose root does not exist yet holds nothing."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for name in sorted(folders):
        yield from stored_files(storage, prefix + name)


def dumped_models() -> list:
    """The models whose rows the archive holds: what dumpdata writes with EXCLUDED left out."""
    chosen = []
    for model in apps.get_models():
        if model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED:
            continue
        if not model._meta.proxy and router.allow_migrate_model(connection.alias, model):
            chosen.append(model)
    return chosen


class Command(BaseCommand):
    help = "Write the database (JSON lines) and the stored files (media, private) to PATH (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive to write, e.g. /var/backups/portal-2026-07-01.tar.gz")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        if target.is_dir():
            raise CommandError(f"{target} is a folder: give the name of the archive to write.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.unlink(missing_ok=True)
        try:
            size, files, manifest = self._write(partial, target.parent)
            verify(partial, manifest["counts"])
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        # Written under another name first: a failed backup never leaves a truncated archive at PATH.
        partial.replace(target)
        self.stdout.write(
            f"backup written to {target}: {sum(manifest['counts'].values())} rows ({size} bytes), "
            f"{files} files; checked, readable by its owner only"
        )

    def _write(self, partial: Path, scratch_dir: Path) -> tuple[int, int, dict]:
        # Created 0600 from the first byte (a chmod afterwards would leave a window).
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz") as archive,
            tempfile.TemporaryFile(dir=scratch_dir) as rows,  # 0600 and already unlinked
        ):
            manifest = _dump(rows)
            size = rows.tell()
            rows.seek(0)
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            info = tarfile.TarInfo(ROWS)
            info.size, info.mtime, info.mode = size, int(time.time()), 0o600
            archive.addfile(info, rows)
            # Files after the rows: a row's file was stored before its row committed, so it is here.
            files = _add_files(archive)
        return size, files, manifest


@contextmanager
def snapshot():
    """Every read inside sees the database as of one instant, and writes nothing."""
    if connection.in_atomic_block:
        raise CommandError("backup must run outside a transaction: it takes a snapshot of its own.")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # SQLite: the transaction's first read fixes what every later read in it sees.
        yield


def _dump(stream) -> dict:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    with snapshot():
        call_command(
            "dumpdata",
            format="jsonl",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            use_base_manager=True,  # every row, whatever a default manager hides
            stdout=text,
        )
        counts = {m._meta.label: m._base_manager.count() for m in dumped_models()}
        migrations = sorted(
            f"{app}.{name}" for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
        )
    text.flush()
    text.detach()
    return {
        "format": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "engine": connection.vendor,
        "migrations": migrations,
        "counts": counts,
    }


def _add_files(archive: tarfile.TarFile) -> int:
    files = 0
    for folder, alias in FILE_STORAGES.items():
        storage = storages[alias]
        for name in stored_files(storage):
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size, info.mtime, info.mode = storage.size(name), int(time.time()), 0o600
            with storage.open(name, "rb") as content:
                archive.addfile(info, content)  # copied in chunks of tarfile's buffer size
            files += 1
    return files


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


def verify(path: Path, counts: dict[str, int]) -> None:
    """Read the archive back: every member to its end (the gzip checksum), every record parsed, every
    reference to a backed-up table found in the archive, and each table's count as in the snapshot."""
    check = _References()
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            stream = archive.extractfile(member) if member.isfile() else None
            if stream is None:
                continue
            if member.name == ROWS:
                for number, line in enumerate(stream, start=1):
                    check.add(number, line)
            else:
                while stream.read(1 << 20):
                    pass
    problems = check.problems()
    found = {label: n for label, n in check.counts.items() if n}
    expected = {label: n for label, n in counts.items() if n}
    if found != expected:
        differ = sorted(k for k in found.keys() | expected.keys() if found.get(k) != expected.get(k))
        problems.append(
            "rows per table differ from the snapshot: "
            + ", ".join(f"{k} {found.get(k, 0)}/{expected.get(k, 0)}" for k in differ[:5])
        )
    if problems:
        raise CommandError(f"{path}: the backup does not load, so it was not kept: " + "; ".join(problems))


class _References:
    """What each record is (its pk or natural key) and what it points to, checked once all are read."""

    def __init__(self):
        self.included = {m._meta.label for m in dumped_models()}
        self.counts: dict[str, int] = {}
        self.keys: dict[str, set] = {}
        self.pointers: list[tuple[str, object, str, int]] = []  # target, key, from, line
        self.errors: list[str] = []

    def add(self, number: int, line: bytes) -> None:
        try:
            record = json.loads(line)
            model = apps.get_model(record["model"])
            fields = record["fields"]
        except (ValueError, KeyError, LookupError, TypeError) as error:
            self.errors.append(f"{ROWS}:{number}: not a record of this portal ({error})")
            return
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + 1
        self.keys.setdefault(label, set()).add(_identity(model, record))
        for field in model._meta.get_fields():
            self._pointers(field, fields, label, number)

    def _pointers(self, field, fields: dict, label: str, number: int) -> None:
        if not field.concrete or not field.is_relation or field.name not in fields:
            return
        target = field.related_model._meta.label
        if target not in self.included or fields[field.name] is None:
            return
        if field.many_to_many:
            if field.remote_field.through._meta.auto_created:
                self.pointers.extend((target, _key(v), label, number) for v in fields[field.name])
        elif field.target_field.primary_key or hasattr(field.related_model, "natural_key"):
            self.pointers.append((target, _key(fields[field.name]), label, number))

    def problems(self) -> list[str]:
        missing = [p for p in self.pointers if p[1] not in self.keys.get(p[0], set())]
        described = [
            f"{ROWS}:{line}: a {source} refers to a missing {target} {key!r}"
            for target, key, source, line in missing[:5]
        ]
        if len(missing) > 5:
            described.append(f"… {len(missing) - 5} more")
        return self.errors[:5] + described


def _identity(model, record: dict):
    """How references name this record: by natural key when the model has one, else by pk."""
    if hasattr(model, "natural_key"):
        plain = {
            f.name: record["fields"][f.name]
            for f in model._meta.concrete_fields
            if not f.is_relation and f.name in record["fields"]
        }
        return tuple(model(**plain).natural_key())
    return _key(record.get("pk"))


def _key(value):
    return tuple(value) if isinstance(value, list) else value
