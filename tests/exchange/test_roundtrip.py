from pathlib import Path

import pytest

from consultations.models import Draft
from documents.models import Document, IssuingBody, LeaderSchedule
from exchange.exporter import export_folder
from exchange.importer import import_folder
from exchange.models import ExchangeKey
from news.models import Article
from reports.models import DailyVisits
from subsites.models import Unit

pytestmark = pytest.mark.django_db


def _empty_the_database() -> None:
    for model in (Article, Document, LeaderSchedule, Draft, DailyVisits, IssuingBody, ExchangeKey):
        model.objects.all().delete()
    for unit in Unit.objects.order_by("-level"):
        unit.delete()


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_export_import_export_gives_the_same_lines_and_files(sample, tmp_path):
    import_folder(sample)
    first = tmp_path / "first"
    counts = export_folder(first)
    assert counts == {"unit": 2, "article": 2, "document": 2, "schedule": 1, "draft": 1, "visits": 1}

    _empty_the_database()
    assert not Unit.objects.exists()
    import_folder(first)
    second = tmp_path / "second"
    export_folder(second)

    lines = sorted((first / "content.jsonl").read_text().splitlines())
    assert lines == sorted((second / "content.jsonl").read_text().splitlines())
    assert _files(first) == _files(second)
    assert '"email": "a@example.vn"' in "".join(lines)  # a backup: commenters' addresses included


def test_objects_made_in_the_admin_get_stable_keys(sample, tmp_path):
    """Objects never imported are exported as <kind>-<id>; importing them again maps those keys."""
    import_folder(sample)
    ExchangeKey.objects.filter(kind="article").delete()
    export_folder(tmp_path / "out")
    content = (tmp_path / "out" / "content.jsonl").read_text()
    ids = sorted(Article.objects.values_list("pk", flat=True))
    assert all(f'"key": "article-{pk}"' in content for pk in ids)
