"""Cached pages turn over exactly when what they show changes, through the services and the clock.

Each test fills the page cache, makes one kind of change the way the site makes it (a service, or the
clock passing a moment followed by the beat task), and checks that the affected pages are rendered
afresh with the change, while another unit's pages are still served from the cache.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from consultations import services as consultation_services
from consultations import tasks as consultation_tasks
from consultations.models import Draft
from documents import tasks as document_tasks
from documents.models import Document
from news import services as news_services
from news import tasks as news_tasks
from news.models import Article
from portal.services import SYSTEM
from subsites import services as unit_services

from ..factories.consultations import DraftFactory
from ..factories.documents import DocumentFactory
from ..factories.news import ArticleFactory
from ..factories.subsites import SectionFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

PHASES = "consultations:phases:last-run"
A_HOME, A_NEWS, B_HOME = "/don-vi/sotp/vi/", "/don-vi/sotp/vi/tin-tuc/", "/don-vi/soyt/vi/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _cached(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def _fresh(client, url: str):
    response = client.get(url)
    assert "X-Page-Cache" not in response, f"{url} was served from the page cache after the change"
    return response.text


def _last_beat_a_minute_ago(key: str) -> None:
    cache.set(key, timezone.now() - timedelta(minutes=1), None)


def _published(unit, editor, approver, title: str, **fields) -> Article:
    article = Article(unit=unit, title_vi=title, summary_vi="Tóm tắt.", body_vi="<p>Nội dung.</p>", **fields)
    news_services.article_create(article=article, acting_user=editor)
    news_services.article_submit(article=article, acting_user=editor)
    return news_services.article_publish(article=article, acting_user=approver)


def test_publish_refreshes_the_units_pages_and_no_other_units(client, unit_a, unit_b, editor_a, approver_a):
    _cached(client, A_HOME, A_NEWS, B_HOME)
    _published(unit_a, editor_a, approver_a, "Hội nghị chuyển đổi số")
    assert "Hội nghị chuyển đổi số" in _fresh(client, A_HOME)
    assert "Hội nghị chuyển đổi số" in _fresh(client, A_NEWS)
    assert client.get(B_HOME)["X-Page-Cache"] == "hit"


def test_unpublish_removes_the_article_from_cached_pages(client, unit_a, unit_b, editor_a, approver_a):
    article = _published(unit_a, editor_a, approver_a, "Tin sẽ gỡ xuống")
    _cached(client, A_NEWS, article.get_absolute_url(), B_HOME)
    news_services.article_unpublish(article=article, acting_user=approver_a)
    assert "Tin sẽ gỡ xuống" not in _fresh(client, A_NEWS)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(B_HOME)["X-Page-Cache"] == "hit"


def test_edit_shows_the_new_text(client, unit_a, editor_a, approver_a):
    article = _published(unit_a, editor_a, approver_a, "Tiêu đề cũ")
    _cached(client, A_NEWS, article.get_absolute_url())
    news_services.article_update(article=article, acting_user=approver_a, title_vi="Tiêu đề mới")
    assert "Tiêu đề mới" in _fresh(client, A_NEWS)
    assert "Tiêu đề mới" in _fresh(client, article.get_absolute_url())


def test_edit_reaches_the_kept_cards_and_blocks_of_other_pages(client, unit_a, editor_a, approver_a):
    """The home block's markup and another article's related cards are kept below the page cache."""
    edited = _published(unit_a, editor_a, approver_a, "Tin sẽ đổi tên")
    other = _published(unit_a, editor_a, approver_a, "Tin bên cạnh")
    _cached(client, A_HOME, other.get_absolute_url())
    assert "Tin sẽ đổi tên" in client.get(other.get_absolute_url()).text  # among its related articles
    news_services.article_update(article=edited, acting_user=approver_a, title_vi="Tin đã đổi tên")
    for url in (A_HOME, other.get_absolute_url()):
        page = _fresh(client, url)
        assert "Tin đã đổi tên" in page and "Tin sẽ đổi tên" not in page, url


def test_translation_published_appears_in_that_language(
    client, unit_a, editor_a, approver_a, translator_a_km
):
    article = _published(unit_a, editor_a, approver_a, "Tin cần dịch")
    khmer_list = "/don-vi/sotp/km/tin-tuc/"
    _cached(client, khmer_list)
    translation = news_services.translation_save(
        article=article, language="km", acting_user=translator_a_km, title="ព័ត៌មានបកប្រែ", summary="សង្ខេប"
    )
    news_services.translation_submit(translation=translation, acting_user=translator_a_km)
    news_services.translation_publish(translation=translation, acting_user=approver_a)
    assert "ព័ត៌មានបកប្រែ" in _fresh(client, khmer_list)


def test_scheduled_article_appears_once_its_moment_passes(client, unit_a, unit_b):
    article = ArticleFactory(unit=unit_a, scheduled=True, title_vi="Tin hẹn giờ")
    _cached(client, A_NEWS, B_HOME)
    # The moment arrives (no write happens at that moment; the clock is all that changes) …
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(A_NEWS)["X-Page-Cache"] == "hit"
    # … and the beat task, whose last run was a minute ago, turns the unit's pages over.
    _last_beat_a_minute_ago("news:scheduled:last-run")
    news_tasks.announce_scheduled_articles()
    assert "Tin hẹn giờ" in _fresh(client, A_NEWS)
    assert client.get(B_HOME)["X-Page-Cache"] == "hit"


def test_scheduled_document_appears_in_the_finder_and_its_counts(client, unit_a, unit_b):
    finder = "/don-vi/sotp/vi/van-ban/"
    document = DocumentFactory(unit=unit_a, published=True, title_vi="Quyết định hẹn giờ")
    Document.objects.filter(pk=document.pk).update(published_at=timezone.now() + timedelta(hours=1))
    _cached(client, finder, B_HOME)
    assert "Quyết định hẹn giờ" not in client.get(finder).text
    Document.objects.filter(pk=document.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    _last_beat_a_minute_ago("documents:scheduled:last-run")
    document_tasks.announce_scheduled_documents()
    page = _fresh(client, finder)
    assert "Quyết định hẹn giờ" in page and "(1)" in page  # the facet counts moved on too
    assert client.get(B_HOME)["X-Page-Cache"] == "hit"


def test_consultation_opening_and_closing_by_the_clock(client, main_portal, unit_a, unit_b):
    draft = DraftFactory(unit=unit_a, upcoming=True, title_vi="Dự thảo quy chế mới")
    _cached(client, A_HOME, "/vi/", B_HOME)
    assert "Dự thảo quy chế mới" not in client.get(A_HOME).text
    now = timezone.now()
    Draft.objects.filter(pk=draft.pk).update(opens_at=now - timedelta(seconds=1))
    _last_beat_a_minute_ago(PHASES)
    consultation_tasks.announce_phase_changes()
    assert "Dự thảo quy chế mới" in _fresh(client, A_HOME)
    assert "Dự thảo quy chế mới" in _fresh(client, "/vi/")  # the main portal lists every unit's drafts
    assert client.get(B_HOME)["X-Page-Cache"] == "hit"

    _cached(client, A_HOME)
    Draft.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    _last_beat_a_minute_ago(PHASES)
    consultation_tasks.announce_phase_changes()
    assert "Dự thảo quy chế mới" not in _fresh(client, A_HOME)


def test_consultation_change_refreshes_the_main_portal_too(client, main_portal, unit_a):
    approver = member(unit_a, "approver", username="duyet_a")
    draft = DraftFactory(unit=unit_a, scheduled=True, title_vi="Dự thảo đang lấy ý kiến")
    _cached(client, "/vi/lay-y-kien/")
    consultation_services.draft_suspend(draft=draft, reason="Chờ ý kiến thẩm định", acting_user=approver)
    assert "Dự thảo đang lấy ý kiến" not in _fresh(client, "/vi/lay-y-kien/")


def test_unit_name_and_menu_changes(client, unit_a, unit_b):
    _cached(client, A_HOME, A_NEWS, B_HOME)
    unit_a.name_vi = "Sở Tư pháp tỉnh Trà Vinh"
    unit_services.unit_save(unit=unit_a, acting_user=SYSTEM)
    assert "Sở Tư pháp tỉnh Trà Vinh" in _fresh(client, A_NEWS)
    _cached(client, A_HOME)
    section = SectionFactory.build(unit=unit_a, slug="thu-tuc", title_vi="Thủ tục hành chính", kind="group")
    unit_services.section_save(section=section, acting_user=SYSTEM)
    assert "Thủ tục hành chính" in _fresh(client, A_HOME)


def test_signed_in_editors_see_uncached_pages(client, unit_a, editor_a):
    _cached(client, A_NEWS)
    client.force_login(editor_a)
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(A_NEWS)
