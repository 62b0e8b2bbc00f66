"""Every public filter and sort can be answered from an index, checked with EXPLAIN on PostgreSQL.

The test tables are small, so the planner would rightly read them whole; with sequential scans
switched off it takes an index whenever one can answer the query, and a plan that still reads the
table whole names a filter or sort without a usable index. Where the index to use matters (a unit's
newest articles), the articles table holds 5,000 analysed rows, enough for the
planner to choose it as it does at ten years of content.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from consultations.models import Draft
from documents.models import Document, LeaderSchedule, monday_of
from news.models import Article, Photo
from portal.enums import Status
from portal.text import fold
from reports.models import DailyVisits

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are checked on PostgreSQL"),
]


@pytest.fixture(autouse=True)
def _index_scans_only():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


@pytest.fixture
def many_articles(main_portal, unit_a, unit_b):
    """5,000 public articles over twenty units, so that one unit's articles are a small share, as in life."""
    from tests.factories.subsites import UnitFactory

    units = [main_portal, unit_a, unit_b, *(UnitFactory(key=f"donvi{n}") for n in range(17))]
    now = timezone.now()
    rows = [
        Article(
            unit=units[i % len(units)],
            status=Status.PUBLISHED,
            published_at=now - timedelta(hours=i),
            title_vi=f"Tin {i}",
            slug=f"tin-{i}",
            search_text=fold(f"Tin số {i} về kinh tế xã hội"),
        )
        for i in range(5000)
    ]
    Article.objects.bulk_create(rows, batch_size=2500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")


def _plan(queryset) -> str:
    return queryset.explain()


def assert_indexed(queryset, table: str, index: str | None = None) -> None:
    plan = _plan(queryset)
    assert not re.search(rf"Seq Scan on {table}\b", plan), f"{table} read whole:\n{plan}"
    if index is not None:
        assert index in plan, f"{index} not used:\n{plan}"


def test_at_scale_a_units_newest_articles_come_from_the_unit_index(many_articles, unit_a):
    """One test for the plans that need a large table (filling it is the slow part)."""
    newest = Article.objects.visible("vi").in_unit(unit_a).order_by("-published_at", "-pk")
    assert_indexed(newest[:20], "news_article", "news_article_pub")
    moment = timezone.now()
    deep_page = newest.filter(published_at__lte=moment).exclude(published_at=moment, pk__gt=1000)
    assert_indexed(deep_page[:20], "news_article", "news_article_pub")


def test_news_list_of_the_main_portal_with_promoted_articles(main_portal):
    articles = Article.objects.visible("vi").filter(Q(unit=main_portal) | Q(promoted_to_main=True))
    assert_indexed(articles.order_by("-published_at", "-pk")[:20], "news_article")


def test_news_in_a_translation_language(unit_a):
    articles = Article.objects.visible("km").in_unit(unit_a).order_by("-published_at")[:20]
    assert_indexed(articles, "news_articletranslationstate")


def test_featured_news_on_a_home_page(unit_a):
    featured = Article.objects.visible("vi").in_unit(unit_a).filter(featured=True).order_by("-published_at")
    assert_indexed(featured[:1], "news_article")


def test_photos_of_an_article():
    assert_indexed(Photo.objects.filter(article_id=1).order_by("order", "pk"), "news_photo")


def test_search_conditions_can_use_the_trigram_indexes():
    """Documents match words or the number: both sides of the OR have a trigram index (a BitmapOr).
    Unordered: with an order, walking a date index and filtering is another plan, chosen for small tables."""
    assert_indexed(Article.objects.search("Ok Om Bok").order_by(), "news_article", "_trgm")
    assert_indexed(Document.objects.matching("1762/QĐ-UBND").order_by(), "documents_document", "_trgm")
    assert_indexed(Draft.objects.search("quy chế").order_by(), "consultations_draft", "_trgm")


@pytest.mark.parametrize(
    "filters",
    [
        {"doc_type": "QĐ", "year": 2024},
        {"category": "direction", "year": 2024},
        {"issuing_body_id": 1, "field_id": 1},
        {"category": "budget", "fiscal_year": 2024, "budget_kind": "estimate"},
    ],
    ids=lambda f: "+".join(f),
)
def test_document_finder_filters(unit_a, filters):
    documents = Document.objects.visible().in_unit(unit_a).filter(**filters)
    assert_indexed(documents.order_by("-issued_on", "-number", "-pk")[:20], "documents_document")


def test_documents_on_a_home_page_by_posting_moment(unit_a):
    recent = Document.objects.visible().in_unit(unit_a).order_by("-posted_at", "-pk")[:5]
    assert_indexed(recent, "documents_document")


def test_leaders_week(unit_a):
    week = LeaderSchedule.objects.visible().in_unit(unit_a).for_week(monday_of(timezone.localdate()))
    assert_indexed(week, "documents_leaderschedule")


def test_open_drafts(unit_a):
    drafts = Draft.objects.visible("vi").open().in_unit(unit_a).order_by("closes_at", "pk")
    assert_indexed(drafts[:5], "consultations_draft")


def test_page_views_of_a_period():
    visits = DailyVisits.objects.filter(date__gte=date(2022, 1, 1), date__lte=date(2022, 6, 30))
    assert_indexed(visits, "reports_dailyvisits")


def test_a_common_words_documents_are_walked_in_publication_order(unit_a):
    """A capped group is read walking the (issued_on, id) index newest first, not by sorting every match:
    PostgreSQL misjudges how many documents a common word matches and would read and sort them all."""
    from django.db import transaction

    from search import engine

    _documents_one_a_day(unit_a, 3000, lambda n: n % 3 == 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
    provider = engine.SEARCH_PROVIDERS["documents"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = on")  # as in production: only the walk turns it off
        cursor.execute(engine._WALK.format(budget=0))
        plan = _plan(provider.search("cải cách hành chính", "vi", None)[:3])
    assert "documents_issued" in plan and "Sort" not in plan, plan


def test_a_walk_past_its_budget_gives_way_to_the_plain_query(unit_a, monkeypatch):
    """A word past the cap whose matches are all old would be walked through every newer item: the walk
    is cut short at its budget and the same items are read by the plain query, settings put back."""
    from django.test.utils import CaptureQueriesContext

    from search import engine

    _documents_one_a_day(unit_a, 6000, lambda n: n >= 5996)
    monkeypatch.setattr(engine, "OVERVIEW_COUNT_CAP", 3)
    monkeypatch.setattr(engine, "WALK_BUDGET_MS", 1)
    group = next(
        g for g in engine.search_groups("cải cách hành chính", "vi") if g.provider.key == "documents"
    )
    assert group.capped
    before = _settings()
    with CaptureQueriesContext(connection) as queries:
        found = engine.newest(group, 0, 4)
    assert [d.number for d in found] == [100_000 + n for n in range(5996, 6000)]
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "documents_document"')]
    assert len(reads) == 2  # the walk, cut short, and the plain query
    assert _settings() == before


def test_public_questions_read_their_units_before_the_scan():
    """Joined twice with their units, a count of a search's matches nested loops over every match."""
    from citizen_qa.models import Question

    plan = _plan(Question.objects.visible().search("cải cách").order_by()[:101])
    assert "InitPlan" in plan and not re.search(r"Join|Nested Loop", plan), plan


def test_a_walk_is_not_compiled_by_jit(unit_a):
    """The plans a walk rules out still count, at 10^10 each (the units read for `any_of` have no other
    way in): past any JIT threshold, hundreds of milliseconds compiling a walk that reads a few rows."""
    from django.db import transaction

    from citizen_qa.models import Question
    from search import engine

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit_above_cost = 100000")  # PostgreSQL's default, whatever the server's
        cursor.execute(engine._WALK.format(budget=0))
        plan = Question.objects.visible().search("cải cách").explain(analyze=True)
    assert "JIT" not in plan, plan


def _settings() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setting FROM pg_settings WHERE name IN "
            "('enable_bitmapscan', 'enable_seqscan', 'enable_sort', 'jit', 'statement_timeout') ORDER BY name"
        )
        return [row[0] for row in cursor.fetchall()]


def _documents_one_a_day(unit, count: int, on_reform) -> None:
    """`count` documents numbered 100,000 up, issued one a day back from today; those whose index
    `on_reform(n)` picks are about administrative reform, the others about urban planning."""
    from tests.factories.documents import DocumentFactory

    model = DocumentFactory(unit=unit, published=True)
    today = timezone.localdate()
    copies = []
    for n in range(count):
        copy = Document(**{f.attname: getattr(model, f.attname) for f in Document._meta.concrete_fields})
        copy.pk, copy.number, copy.issued_on = None, 100_000 + n, today - timedelta(days=n)
        topic = "cải cách hành chính" if on_reform(n) else "quy hoạch đô thị"
        copy.search_text = fold(f"Quyết định số {n} về {topic} và phát triển kinh tế")
        copies.append(copy)
    Document.objects.bulk_create(copies, batch_size=2000)
