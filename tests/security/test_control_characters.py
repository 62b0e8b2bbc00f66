"""Control characters: kept out of every text at the request boundary and the exchange import, and
never fatal to a feed or an export when an older row holds them.

A published question titled with \\x01\\x1b made every RSS feed answer 500; one comment with them made the
draft's comment export (required by law) answer 500.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from citizen_qa.models import Question
from consultations.models import Comment
from news.models import Article

from ..factories.citizen_qa import FieldFactory, QuestionFactory
from ..factories.consultations import CommentFactory, DraftFactory
from ..factories.news import ArticleFactory
from ..news.conftest import publish

pytestmark = pytest.mark.django_db

HOSTILE = "Thủ tục\x01\x1b hộ tịch\x00 \x7f\x85\ufffe\r\nlần hai"
CLEAN = "Thủ tục hộ tịch \nlần hai"


@pytest.fixture(autouse=True)
def _errors_answer_500(settings):
    """A fault is a 500 page, as in production, not an exception raised into the test."""
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def _feeds(unit) -> list[str]:
    prefix = f"/don-vi/{unit.key}" if unit.parent_id else ""
    return [
        f"{prefix}/{lang}/{feed}"
        for lang in ("vi", "en", "km")
        for feed in ("hoi-dap/rss/", "tin-tuc/rss/", "tin-tuc/atom/", "van-ban/rss/")
    ]


def _assert_feeds_read(client, units, **texts):
    """Every feed answers well-formed XML; `texts` names a text each kind of feed shows in Vietnamese."""
    for unit in units:
        for url in _feeds(unit):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            ET.fromstring(response.content)  # noqa: S314 (the portal's own output)
            kind = {"hoi-dap": "questions", "tin-tuc": "news", "van-ban": "documents"}[url.split("/")[-3]]
            if kind in texts and "/vi/" in url:
                assert texts[kind] in response.content.decode(), (url, texts[kind])


def test_question_from_the_public_form_is_stored_clean_and_feeds_read(anonymous, unit_a, settings):
    settings.PORTAL_FORM_MIN_SECONDS = 0
    url = "/vi/hoi-dap/dat-cau-hoi/"
    started = anonymous.get(url).context["form"]["started"].value()
    data = {
        "field": FieldFactory().pk, "title": HOSTILE, "body": f"Nội dung\x1b[31m {HOSTILE}",
        "name": "Kim\x08 Sô Phia", "email": "sophia@mail.example", "phone": "", "address": "",
        "organization": "", "display_mode": "initials", "display_name": "", "allow_publication": "on",
        "consent": "on", "website": "", "started": started,
    }  # fmt: skip
    response = anonymous.post(url, data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.title, question.asker_name) == (CLEAN, "Kim Sô Phia")
    assert question.body == f"Nội dung[31m {CLEAN}"
    # Published as the workflow would, then read through every feed of both sites.
    published = QuestionFactory.build(published=True, unit=unit_a, forwarded_to=unit_a)
    Question.objects.filter(pk=question.pk).update(
        **{f: getattr(published, f) for f in ("state", "forwarded_at", "answered_at", "published_at")},
        unit=unit_a,
        forwarded_to=unit_a,
    )
    _assert_feeds_read(anonymous, [unit_a.parent, unit_a], questions="Thủ tục hộ tịch")


def test_article_from_the_admin_is_stored_clean_and_feeds_read(
    anonymous, client, editor_a, approver_a, unit_a
):
    client.force_login(editor_a)
    data = {
        "unit": unit_a.pk, "title_vi": HOSTILE, "summary_vi": "Tóm\x1b tắt\x00",
        "body_vi": "<p>Nội dung</p>", "author": "Phóng\x01 viên", "source": "", "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.content[:2000]
    article = Article.objects.get()
    assert (article.title_vi, article.summary_vi, article.author) == (CLEAN, "Tóm tắt", "Phóng viên")
    publish(article, editor_a, approver_a)
    _assert_feeds_read(anonymous, [unit_a], news="Thủ tục hộ tịch")


def test_query_values_are_cleaned_and_addresses_with_control_characters_are_not_found(anonymous, main_portal):
    response = anonymous.get("/vi/tim-kiem/", {"q": "tư\x00 pháp\x1b"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "tư pháp"
    for path in ("/vi/tin-tuc/a%00b/", "/vi/hoi-dap/xac-nhan/ab%01cd/", "/vi/trang/%0A/"):
        assert anonymous.get(path).status_code == 404, path


def test_rows_stored_before_the_fix_do_not_break_feeds(anonymous, unit_a):
    """Older rows may still hold control characters: the feeds drop them on the way out."""
    from documents.models import Document as LegalDocument

    from ..factories.documents import DocumentFactory

    QuestionFactory(published=True, unit=unit_a, forwarded_to=unit_a, title="Hỏi\x01\x1b đáp")
    for lang in ("vi", "en", "km"):
        texts = {f"title_{lang}": "Tin\x01\x1b tức", f"summary_{lang}": "\x0c"}
        ArticleFactory(unit=unit_a, published=True, **texts)
    DocumentFactory(unit=unit_a, published=True, title_vi="Văn\x01\x1b bản")
    assert LegalDocument.objects.exists()
    _assert_feeds_read(anonymous, [unit_a.parent, unit_a], questions="Hỏi đáp")
    _assert_feeds_read(anonymous, [unit_a], news="Tin tức", documents="Văn bản")


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_comment_export_opens_with_a_comment_stored_before_the_fix(client, editor_a, unit_a, fmt):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True)
    CommentFactory(draft=draft, name="Trần\x01\x1b Văn Bình", text="Ý kiến\x02 về\x0b Điều 3\r\nhết")
    client.force_login(editor_a)
    response = client.get(reverse("admin:consultations_draft_export", args=[draft.pk, fmt]))
    assert response.status_code == 200
    if fmt == "xlsx":
        values = [c for row in load_workbook(io.BytesIO(response.content)).active.values for c in row]
    else:
        values = [c.text for row in Document(io.BytesIO(response.content)).tables[0].rows for c in row.cells]
    assert "Trần Văn Bình" in values
    assert any(isinstance(v, str) and v.startswith("Ý kiến về Điều 3") for v in values)
    assert Comment.objects.get().confirmed_at is None


def test_exchange_import_stores_text_clean(settings, tmp_path):
    from exchange.importer import import_folder

    from ..exchange.conftest import SAMPLE_FILES, sample_lines, write_folder

    settings.MEDIA_ROOT = tmp_path / "media"
    lines = sample_lines()
    article = next(line for line in lines if line.get("key") == "a-1")
    article["title"]["vi"] = "Hội nghị\x01\x1b chuyển đổi số\x00"
    article["author"] = "Minh\r\nAnh\x7f"
    unit = next(line for line in lines if line.get("key") == "sotp")
    unit["name"]["vi"] = "Sở\x0b Tư pháp"
    import_folder(write_folder(tmp_path / "in", lines, SAMPLE_FILES))
    stored = Article.objects.get(author__startswith="Minh")
    assert (stored.title_vi, stored.author) == ("Hội nghị chuyển đổi số", "Minh\nAnh")
    assert stored.unit.name_vi == "Sở Tư pháp"
