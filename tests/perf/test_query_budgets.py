"""Every public page type has a fixed query budget: the same with 10 and with 100 items on the page.

Each page is measured as it is rendered right after a change: requested once (so the per-image
thumbnail records and the unit index are warm, as on a running site), then every generation bumped,
so that the page's own fragments (menu, home blocks, page boundaries) are rebuilt and counted.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Relation
from portal.cache import bump
from subsites.enums import SectionKind
from subsites.models import Unit

from ..factories.citizen_qa import QuestionFactory
from ..factories.consultations import CommentFactory, DraftFactory
from ..factories.documents import (
    AttachmentFactory,
    DocumentFactory,
    IssuingBodyFactory,
    LeaderScheduleFactory,
    ScheduleEntryFactory,
)
from ..factories.news import ArticleFactory, PhotoFactory, TranslationFactory
from ..factories.subsites import PageFactory, SectionFactory

pytestmark = pytest.mark.django_db
SIZES = (10, 100)


@pytest.fixture(autouse=True)
def _big_pages(settings, tmp_path, monkeypatch):
    """Lists show all 100 items on one page, so that the page size is what varies."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Room for every thumbnail record (the default 300 entries would evict them, unlike Redis).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "perf-budgets",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    cache.clear()  # the in-process cache outlives the test: no entry from another test may expire mid-measure
    settings.PORTAL_NEWS_PER_PAGE = 100
    settings.PORTAL_DOCUMENTS_PER_PAGE = 100
    monkeypatch.setattr("consultations.views.PER_PAGE", 100)


def _changed_everything() -> None:
    bump("site")
    for unit_id in Unit.objects.values_list("pk", flat=True):
        for scope in ("unit", "news", "documents", "consultations"):
            bump(scope, unit_id)


def _queries(client, url: str, prefix: str = "") -> list[str]:
    _changed_everything()  # the factories write without services: nothing bumped
    assert client.get(url).status_code == 200
    _changed_everything()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def _measure(client, make, url, budget: int, prefix: str = "") -> None:
    made = 0
    runs = []
    for size in SIZES:
        make(size - made)
        made = size
        runs.append(_queries(client, url() if callable(url) else url, prefix))
    few, many = runs
    queries = "\n".join(many)
    assert len(few) == len(many), f"{len(few)} queries with 10 items, {len(many)} with 100:\n{queries}"
    assert len(many) <= budget, f"{len(many)} queries, budget {budget}:\n{queries}"


def _articles(unit, n: int, section=None) -> list:
    articles = []
    for _ in range(n):
        article = ArticleFactory(unit=unit, published=True, title_km="ព័ត៌មាន")
        PhotoFactory(article=article)
        TranslationFactory(article=article, language="km")
        if section is not None:
            article.sections.add(section)
        articles.append(article)
    return articles


def _everything(unit, n: int) -> None:
    _articles(unit, n)
    body = IssuingBodyFactory()
    for _ in range(n):
        DocumentFactory(unit=unit, published=True, issuing_body=body)
        DraftFactory(unit=unit, scheduled=True)


# --- home pages: at most 12 queries (issue 10) ---


def test_main_portal_home(client, main_portal, unit_a):
    schedule = LeaderScheduleFactory(unit=main_portal, published=True)

    def make(n):
        _everything(main_portal, n)
        _articles(unit_a, n)  # promoted ones appear on the main portal
        ArticleFactory(unit=main_portal, published=True, featured=True)
        for _ in range(n):
            ScheduleEntryFactory(schedule=schedule)

    _measure(client, make, "/vi/", budget=12)


def test_unit_home(client, unit_a):
    _measure(client, lambda n: _everything(unit_a, n), "/don-vi/sotp/vi/", budget=12, prefix="/don-vi/sotp")


# --- news ---


def test_news_list(client, unit_a):
    _measure(
        client, lambda n: _articles(unit_a, n), "/don-vi/sotp/vi/tin-tuc/", budget=6, prefix="/don-vi/sotp"
    )


def test_news_list_in_khmer(client, unit_a):
    _measure(
        client, lambda n: _articles(unit_a, n), "/don-vi/sotp/km/tin-tuc/", budget=6, prefix="/don-vi/sotp"
    )


def test_news_section(client, unit_a):
    section = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc")
    _measure(
        client,
        lambda n: _articles(unit_a, n, section),
        "/don-vi/sotp/vi/muc/tin-tuc/",
        budget=7,
        prefix="/don-vi/sotp",
    )


def test_news_section_at_its_khmer_address_costs_the_same(client, unit_a):
    khmer = "ព័ត៌មាន"
    section = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc", slug_km=khmer)
    _measure(
        client,
        lambda n: _articles(unit_a, n, section),
        f"/don-vi/sotp/km/muc/{quote(khmer)}/",
        budget=7,
        prefix="/don-vi/sotp",
    )


def test_article_detail_at_most_eight_queries(client, unit_a):
    section = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc")
    article = _articles(unit_a, 5, section)[0]  # four related articles in its section from the start

    def make(n):
        for _ in range(n):
            PhotoFactory(article=article)
        _articles(unit_a, 2, section)

    _measure(client, make, lambda: article.get_absolute_url(), budget=8, prefix="/don-vi/sotp")


def test_article_topped_up_with_the_units_newest_stays_within_budget(client, unit_a):
    section = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc")
    article = _articles(unit_a, 1, section)[0]
    _articles(unit_a, 6)  # none in its section: the related block is filled from the unit's newest
    assert len(_queries(client, article.get_absolute_url(), "/don-vi/sotp")) <= 8


def test_news_feed(client, unit_a):
    _measure(
        client,
        lambda n: _articles(unit_a, n),
        "/don-vi/sotp/vi/tin-tuc/rss/",
        budget=5,
        prefix="/don-vi/sotp",
    )


def test_deep_news_page_costs_what_page_one_costs(client, settings, unit_a):
    settings.PORTAL_NEWS_PER_PAGE = 2
    _articles(unit_a, 12)
    first = _queries(client, "/don-vi/sotp/vi/tin-tuc/", "/don-vi/sotp")
    deep = _queries(client, "/don-vi/sotp/vi/tin-tuc/?page=5", "/don-vi/sotp")
    assert len(first) == len(deep)


def test_deep_news_page_shows_the_right_articles(client, settings, unit_a):
    settings.PORTAL_NEWS_PER_PAGE = 2
    articles = _articles(unit_a, 5)
    now = timezone.now()
    for age, article in enumerate(articles):
        article.published_at = now - timedelta(hours=age + 1)
        article.save(update_fields=["published_at"])
    text = client.get("/don-vi/sotp/vi/tin-tuc/?page=2").text
    assert articles[2].title_vi in text and articles[3].title_vi in text
    assert articles[1].title_vi not in text and articles[4].title_vi not in text
    last = client.get("/don-vi/sotp/vi/tin-tuc/?page=3").text
    assert articles[4].title_vi in last and 'rel="next"' not in last


# --- documents ---


def test_document_finder_with_filters(client, unit_a):
    body = IssuingBodyFactory()

    def make(n):
        for _ in range(n):
            DocumentFactory(unit=unit_a, published=True, issuing_body=body)

    _measure(
        client,
        make,
        "/don-vi/sotp/vi/van-ban/?doc_type=QĐ&year=" + str(timezone.localdate().year),
        budget=12,
        prefix="/don-vi/sotp",
    )


def test_deep_finder_page_costs_what_page_one_costs(client, settings, unit_a):
    settings.PORTAL_DOCUMENTS_PER_PAGE = 2
    body = IssuingBodyFactory()
    for _ in range(12):
        DocumentFactory(unit=unit_a, published=True, issuing_body=body)
    first = _queries(client, "/don-vi/sotp/vi/van-ban/", "/don-vi/sotp")
    assert len(_queries(client, "/don-vi/sotp/vi/van-ban/?page=5", "/don-vi/sotp")) == len(first)


def test_document_detail(client, unit_a):
    body = IssuingBodyFactory()
    document = DocumentFactory(unit=unit_a, published=True, issuing_body=body)

    def make(n):
        for _ in range(n):
            AttachmentFactory(document=document)
            other = DocumentFactory(unit=unit_a, published=True, issuing_body=body)
            Relation.objects.create(source=other, target=document, kind="guides")

    _measure(client, make, lambda: document.get_absolute_url(), budget=8, prefix="/don-vi/sotp")


def test_leaders_schedule(client, unit_a):
    schedule = LeaderScheduleFactory(unit=unit_a, published=True)

    def make(n):
        for i in range(n):
            ScheduleEntryFactory(schedule=schedule, date=schedule.week_start + timedelta(days=i % 7))

    _measure(client, make, "/don-vi/sotp/vi/van-ban/lich-lam-viec/", budget=5, prefix="/don-vi/sotp")


# --- consultations ---


def test_consultation_list(client, unit_a):
    def make(n):
        for _ in range(n):
            DraftFactory(unit=unit_a, scheduled=True)

    _measure(client, make, "/don-vi/sotp/vi/lay-y-kien/", budget=5, prefix="/don-vi/sotp")


def test_consultation_detail(client, unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True)

    def make(n):
        for _ in range(n):
            CommentFactory(draft=draft, published=True)

    _measure(client, make, lambda: draft.get_absolute_url(), budget=9, prefix="/don-vi/sotp")


# --- search, sitemaps, pages ---


def test_search(client, main_portal):
    _measure(client, lambda n: _everything(main_portal, n), "/vi/tim-kiem/?q=tra+vinh", budget=8)


def test_xml_sitemap(client, main_portal, unit_a):
    def make(n):
        _everything(main_portal, n)
        _articles(unit_a, n)

    _measure(client, make, "/sitemap-news.xml", budget=6)


def test_static_page(client, unit_a):
    page = PageFactory(unit=unit_a, slug="gioi-thieu")

    def make(n):
        for i in range(n):
            SectionFactory(unit=unit_a, slug=f"muc-{page.pk}-{i}-{n}")

    _measure(client, make, "/don-vi/sotp/vi/trang/gioi-thieu/", budget=4, prefix="/don-vi/sotp")


def test_static_page_at_its_english_address(client, unit_a):
    PageFactory(unit=unit_a, slug="gioi-thieu", slug_en="about")

    def make(n):
        for i in range(n):
            SectionFactory(unit=unit_a, slug=f"muc-{i}-{n}", slug_en=f"section-{i}-{n}")

    _measure(client, make, "/don-vi/sotp/en/trang/about/", budget=4, prefix="/don-vi/sotp")


# --- questions and answers ---


def _questions(unit, n: int) -> list:
    return [QuestionFactory(unit=unit, published=True, forwarded_to=unit) for _ in range(n)]


def test_questions_list(client, unit_a):
    _measure(
        client, lambda n: _questions(unit_a, n), "/don-vi/sotp/vi/hoi-dap/", budget=7, prefix="/don-vi/sotp"
    )


def test_question_detail(client, unit_a):
    question = _questions(unit_a, 1)[0]
    _measure(
        client,
        lambda n: _questions(unit_a, n),
        lambda: f"/don-vi/sotp/vi/hoi-dap/cau-hoi/{question.pk}/",
        budget=7,
        prefix="/don-vi/sotp",
    )


def test_questions_feed(client, unit_a):
    _measure(
        client,
        lambda n: _questions(unit_a, n),
        "/don-vi/sotp/vi/hoi-dap/rss/",
        budget=5,
        prefix="/don-vi/sotp",
    )
