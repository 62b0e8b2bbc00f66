"""Every grouped count of the project with several rows per group.

A query set of a model registered with modeltranslation carries the model's ordering as an explicit
ORDER BY, and Django puts explicit ordering columns into the GROUP BY: `.values(x).annotate(Count)`
without `.order_by()` then counts one row per ordering value (every unit showed 1 article).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from citizen_qa.enums import QuestionState
from citizen_qa.selectors import unit_statistics
from documents.enums import Category
from portal.enums import Status
from reports.figures import build_figures, visits_by_unit
from reports.models import DailyVisits
from tests.factories.citizen_qa import QuestionFactory
from tests.factories.consultations import CommentFactory, DraftFactory, article
from tests.factories.documents import DocumentFactory
from tests.factories.news import ArticleFactory, TranslationFactory

from .fakes import local

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _row(html: str, name: str) -> str:
    """The text of the table row whose header cell is `name`."""
    for row in re.findall(r"<tr.*?</tr>", html, flags=re.S):
        if name in row:
            return _text(row)
    raise AssertionError(f"no row for {name}")


def test_translation_coverage_counts_every_article_of_a_unit(client, board, unit_a, unit_b):
    yesterday = timezone.now() - timedelta(days=1)
    articles = [
        ArticleFactory(unit=unit_a, status=Status.PUBLISHED, published_at=yesterday - timedelta(hours=n))
        for n in range(5)
    ]
    for a in articles[:3]:
        TranslationFactory(article=a, language="en")
    for a in articles[:4]:
        TranslationFactory(article=a, language="km")
    for n in range(2):
        ArticleFactory(unit=unit_b, status=Status.PUBLISHED, published_at=yesterday - timedelta(hours=n))
    client.force_login(board)
    today = timezone.localdate()
    html = client.get(
        reverse("admin:news_coverage"), {"start": today - timedelta(days=7), "end": today}
    ).content.decode()
    row_a = _row(html, unit_a.name)
    assert " 5 " in row_a and "3 (60%)" in row_a and "4 (80%)" in row_a, row_a
    assert " 2 " in _row(html, unit_b.name)


def test_finder_facets_count_every_document_of_an_option(client, main_portal):
    for _ in range(3):
        DocumentFactory(unit=main_portal, published=True, category=Category.DIRECTION)
    for _ in range(2):
        DocumentFactory(unit=main_portal, published=True, category=Category.NOTICE)
    with translation.override("vi"):
        html = client.get(reverse("documents:finder")).content.decode()
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>[^<]*?\((\d+)\)', html))
    assert options.get(Category.DIRECTION) == "3" and options.get(Category.NOTICE) == "2", options


def test_draft_page_counts_every_comment_of_an_article(client, unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True, show_comments=True)
    first, second = article(draft, "Điều 1"), article(draft, "Điều 2")
    for target, n in ((first, 3), (second, 2)):
        for _ in range(n):
            CommentFactory(draft=draft, article=target, published=True)
    with translation.override("vi"):
        html = _text(client.get(draft.get_absolute_url()).content.decode())
    assert "3 ý kiến" in html and "2 ý kiến" in html, html[:3000]


def test_question_statistics_count_every_question_of_a_unit(unit_a, unit_b):
    at = local(2022, 2, 1)
    for _ in range(4):
        QuestionFactory(unit=unit_b, forwarded_to=unit_a, state=QuestionState.ASSIGNED, submitted_at=at)
    for _ in range(3):
        QuestionFactory(unit=unit_a, state=QuestionState.SCREENING, submitted_at=at)
    stats = unit_statistics(date(2022, 1, 1), date(2022, 6, 30), today=date(2022, 1, 2))
    assert (stats[unit_b.pk]["received"], stats[unit_a.pk]["received"]) == (4, 3)
    assert stats[unit_a.pk]["forwarded"] == 4


def test_report_sources_count_every_item_of_a_unit_day_and_category(settings, main_portal, unit_a):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "reports.sources_db.DatabaseSources"
    for hour in (8, 9, 10):
        ArticleFactory(unit=unit_a, status=Status.PUBLISHED, published_at=local(2022, 1, 3, hour))
        DocumentFactory(
            unit=unit_a, published=True, published_at=local(2022, 1, 4, hour), category=Category.NOTICE
        )
        DocumentFactory(
            unit=main_portal, published=True, published_at=local(2022, 1, 4, hour), category=Category.NOTICE
        )
    for day in (1, 2):
        DailyVisits.objects.create(unit=unit_a, date=date(2022, 1, day), count=10)
    figures = build_figures(date(2022, 1, 1), date(2022, 6, 30))
    row = next(u for u in figures["subsites"]["units"] if u["unit"] == unit_a.key)
    assert (row["articles"], row["documents"], row["visits"]) == (3, 3, 20)
    assert figures["portal"]["documents"]["by_category"][Category.NOTICE] == 3
    assert visits_by_unit(date(2022, 1, 1), date(2022, 1, 31)) == {unit_a.pk: 20}


def test_compliance_page_counts_every_late_document_question_and_consultation(client, board, unit_a, unit_b):
    for _ in range(3):
        DocumentFactory(unit=unit_a, published=True, posting_delay_days=40)
    for _ in range(2):
        QuestionFactory(
            unit=unit_a,
            state=QuestionState.ASSIGNED,
            forwarded_to=unit_a,
            due_date=timezone.localdate() - timedelta(days=20),
        )
    for _ in range(2):
        DraftFactory(
            unit=unit_a,
            closed=True,
            opens_at=timezone.now() - timedelta(days=120),
            closes_at=timezone.now() - timedelta(days=90),
        )
    client.force_login(board)
    response = client.get(reverse("admin:reports_complianceunit_changelist"))
    (row,) = [r for r in response.context["rows"] if r.unit == unit_a]
    assert (row.late_documents, row.overdue_questions, row.overdue_drafts) == (3, 2, 2)
    text = _row(response.text, unit_a.name)
    assert " 3 2 2 " in text, text
