"""A backup taken while citizens submit restores: one snapshot for every table, checked, owner-only.

Read table by table, an archive taken during submissions held question events whose question was
missing and `restore` failed. These tests back up while threads submit questions through the service,
restore each archive into the emptied database and compare every table and every reference.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
import threading
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from citizen_qa import services as qa_services
from citizen_qa.models import Question, QuestionEvent
from config.management.commands.backup import EXCLUDED, dumped_models, verify

from ..factories.citizen_qa import FieldFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db(transaction=True)

SUBMITTERS = 4
BACKUPS = 4


@pytest.fixture
def storage_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture
def field(unit_a):
    field = FieldFactory(slug="dat-dai", name_vi="Đất đai")
    RoutingRuleFactory(field=field, unit=unit_a)
    return field


def _submit(unit, field, n: int) -> None:
    qa_services.question_submit(
        unit=unit,
        field=field,
        title=f"Thủ tục chuyển mục đích sử dụng đất số {n}",
        body="Gia đình tôi muốn chuyển đất vườn sang đất ở thì cần hồ sơ gì?",
        asker=qa_services.AskerData(name="Trần Thị Bình", email=f"binh{n}@example.com", phone="", address=""),
        display_mode="initials",
        allow_publication=True,
        language="vi",
        confirm_url="http://testserver/vi/hoi-dap/xac-nhan/{token}/",
    )


class Citizens:
    """Threads submitting questions through the service until stopped, each on its own connection."""

    def __init__(self, unit, field):
        self.stop = threading.Event()
        self.submitted = Counter()
        self.failures: list[BaseException] = []
        self.threads = [
            threading.Thread(target=self._run, args=(i, unit, field), daemon=True) for i in range(SUBMITTERS)
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def _run(self, number: int, unit, field) -> None:
        try:
            n = 0
            while not self.stop.is_set():
                _submit(unit, field, number * 100_000 + n)
                self.submitted[number] += 1
                n += 1
        except BaseException as error:  # reported by the test, not lost in the thread
            self.failures.append(error)
        finally:
            connection.close()


def _archive_rows(path) -> Counter:
    """Rows per table as the archive holds them, read straight from its records."""
    with tarfile.open(path, "r:gz") as archive:
        lines = archive.extractfile("db.jsonl").read().decode().splitlines()
    return Counter(json.loads(line)["model"] for line in lines if line.strip())


def _database_rows() -> Counter:
    counts = Counter()
    for model in dumped_models():
        n = model._base_manager.count()
        if n:
            counts[model._meta.label_lower] = n
    return counts


def _foreign_keys_hold() -> list[str]:
    """Every foreign key of every table points at an existing row."""
    broken = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            targets = field.related_model._base_manager.values(field.target_field.attname)
            dangling = model._base_manager.filter(**{f"{field.attname}__isnull": False}).exclude(
                **{f"{field.attname}__in": targets}
            )
            if dangling.exists():
                broken.append(f"{model._meta.label}.{field.name}")
    return broken


def test_backups_taken_during_submissions_restore_whole(storage_roots, unit_a, field):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (set DATABASE_URL); SQLite locks the whole file")
    for n in range(40):  # enough rows that a table-by-table dump takes long enough to be overtaken
        _submit(unit_a, field, 900_000 + n)
    archives = [storage_roots / f"portal-{i}.tar.gz" for i in range(BACKUPS)]
    with Citizens(unit_a, field) as citizens:
        for archive in archives:
            call_command("backup", str(archive), stdout=io.StringIO())
    assert not citizens.failures, citizens.failures
    assert sum(citizens.submitted.values()) >= BACKUPS, "the backups did not run during submissions"
    close_old_connections()

    for archive in archives:
        held = _archive_rows(archive)
        call_command("restore", str(archive), "--noinput", stdout=io.StringIO())
        assert _database_rows() == held, archive.name
        assert _foreign_keys_hold() == [], archive.name
        # One submission is one transaction: a question comes back with its event, or not at all.
        questions = set(Question.objects.values_list("pk", flat=True))
        assert set(QuestionEvent.objects.values_list("question_id", flat=True)) == questions


def test_the_archive_is_readable_by_its_owner_only(storage_roots, unit_a):
    archive = storage_roots / "portal.tar.gz"
    archive.write_bytes(b"an older archive, world-readable")
    archive.chmod(0o644)
    previous = os.umask(0o022)
    try:
        call_command("backup", str(archive), stdout=io.StringIO())
    finally:
        os.umask(previous)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive, "r:gz") as opened:
        assert {"manifest.json", "db.jsonl"} <= set(opened.getnames())
    assert not list(storage_roots.glob("*.part"))


def test_an_archive_whose_references_break_is_refused(storage_roots, unit_a, field):
    """The check run after writing: a question event without its question does not pass."""
    _submit(unit_a, field, 1)
    good = storage_roots / "good.tar.gz"
    call_command("backup", str(good), stdout=io.StringIO())
    with tarfile.open(good, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        lines = archive.extractfile("db.jsonl").read().decode().splitlines(keepends=True)
    kept = [line for line in lines if json.loads(line)["model"] != "citizen_qa.question"]
    broken = storage_roots / "broken.tar.gz"
    with tarfile.open(broken, "w:gz") as archive:
        data = "".join(kept).encode()
        info = tarfile.TarInfo("db.jsonl")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))

    verify(good, manifest["counts"])
    with pytest.raises(CommandError, match=r"refers to a missing citizen_qa\.Question"):
        verify(broken, manifest["counts"])


def test_an_archive_of_the_previous_format_still_restores(storage_roots, unit_a, field):
    _submit(unit_a, field, 1)
    rows = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, natural_primary=True, stdout=rows)
    old = storage_roots / "old.tar.gz"
    with tarfile.open(old, "w:gz") as archive:
        for name, content in (("manifest.json", json.dumps({"format": 1})), ("db.json", rows.getvalue())):
            data = content.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    Question.objects.all().delete()
    call_command("restore", str(old), "--noinput", stdout=io.StringIO())
    assert Question.objects.get().title == "Thủ tục chuyển mục đích sử dụng đất số 1"
