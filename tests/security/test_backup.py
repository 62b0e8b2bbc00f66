"""`manage.py backup` then `manage.py restore` gives back every row and every file (SQLite, PostgreSQL)."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.management import CommandError, call_command

from documents.models import Document
from news.models import Article, Photo
from portal import audit
from portal.models import AuditEntry
from subsites.models import Unit

from ..factories.documents import AttachmentFactory, DocumentFactory
from ..factories.news import ArticleFactory, PhotoFactory
from ..factories.subsites import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def storage_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"
    (tmp_path / "private" / "reports").mkdir(parents=True)
    (tmp_path / "private" / "reports" / "bao-cao-2026-h1.pdf").write_bytes(b"%PDF-1.4 bao cao")
    return tmp_path


def _dump() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=["contenttypes", "auth.permission", "sessions", "axes"],
        natural_foreign=True,
        natural_primary=True,
        stdout=out,
    )
    return out.getvalue()


def _files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_round_trip(storage_roots, unit_a, board):
    editor = member(unit_a, "editor", username="bien_tap_vien")
    article = ArticleFactory(
        unit=unit_a, published=True, title_vi="Khai mạc lễ hội Ok Om Bok", title_km="ពិធីបុណ្យអកអំបុក"
    )
    PhotoFactory(article=article)
    AttachmentFactory(document=DocumentFactory(unit=unit_a, published=True))
    audit.record(
        actor=editor, action="news.article.publish", obj=article, changes={"status": ["draft", "published"]}
    )
    before_rows, before_files = _dump(), _files(storage_roots)
    archive = storage_roots / "backups" / "portal.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())

    # Damage everything the backup holds: rows, a unit, files.
    Article.objects.all().delete()
    Document.objects.all().delete()
    Unit.objects.filter(pk=unit_a.pk).update(name_vi="Đã bị sửa")
    AuditEntry.objects.all().delete()
    for path in (storage_roots / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    (storage_roots / "media" / "rac.txt").write_text("not in the backup")

    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    assert _dump() == before_rows
    assert _files(storage_roots / "media") == {
        k.removeprefix("media/"): v for k, v in before_files.items() if k.startswith("media/")
    }
    assert (storage_roots / "private" / "reports" / "bao-cao-2026-h1.pdf").read_bytes() == b"%PDF-1.4 bao cao"
    restored = Article.objects.get(pk=article.pk)
    assert restored.title_km == "ពិធីបុណ្យអកអំបុក"
    assert Photo.objects.filter(article=restored).get().image.read()[:2] == b"\xff\xd8"
    assert AuditEntry.objects.get().actor.username == "bien_tap_vien"


def test_restore_refuses_an_archive_that_is_not_a_backup(storage_roots, tmp_path, main_portal):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        info = tarfile.TarInfo("../../etc/passwd-portal")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="unsafe entry"):
        call_command("restore", str(evil), "--noinput")
    assert Unit.objects.filter(pk=main_portal.pk).exists(), "nothing may be flushed before the check"
    with pytest.raises(CommandError, match="no such backup"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--noinput")
