"""Compliance checks on the content: required sections, late documents, consultations without outcome."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.enums import Category
from portal.enums import Status
from reports import checks
from subsites.enums import SectionKind
from tests.factories.citizen_qa import QuestionFactory
from tests.factories.consultations import DraftFactory
from tests.factories.documents import DocumentFactory, IssuingBodyFactory, LeaderScheduleFactory
from tests.factories.news import ArticleFactory
from tests.factories.subsites import PageFactory, SectionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_source(settings):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "reports.sources_db.DatabaseSources"
    settings.PORTAL_SECTION_STALE_DAYS = 30


def days_ago(days: int, hours: int = 0):
    return timezone.now() - timedelta(days=days, hours=hours)


def titles(problems) -> list[str]:
    return [p.section.title for p in problems]


class TestRequiredSections:
    def test_each_section_against_its_own_threshold(self, unit_a):
        news = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, required=True, stale_after_days=10)
        fresh = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, required=True, stale_after_days=10)
        ArticleFactory(unit=unit_a, status=Status.PUBLISHED, published_at=days_ago(11)).sections.add(news)
        ArticleFactory(unit=unit_a, status=Status.PUBLISHED, published_at=days_ago(10)).sections.add(fresh)
        ArticleFactory(unit=unit_a, scheduled=True).sections.add(news)  # not public yet
        (problem,) = checks.section_problems([unit_a])[unit_a.pk]
        assert problem.section == news and problem.days == 11 and problem.threshold == 10

    def test_items_of_sub_sections_count_for_their_parent(self, unit_a):
        parent = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, required=True)
        child = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, parent=parent)
        ArticleFactory(unit=unit_a, published=True).sections.add(child)
        assert checks.section_problems([unit_a])[unit_a.pk] == []

    def test_empty_sections_and_unpublished_pages(self, unit_a):
        procurement = SectionFactory(
            unit=unit_a, kind=SectionKind.DOCUMENTS, category=Category.PROCUREMENT, required=True
        )
        DocumentFactory(unit=unit_a, published=True, category=Category.DIRECTION)  # another category
        page = PageFactory(unit=unit_a, published=False)
        organisation = SectionFactory(unit=unit_a, kind=SectionKind.PAGE, page=page, required=True)
        SectionFactory(unit=unit_a, kind=SectionKind.DOCUMENTS, category=Category.PLAN)  # not required
        problems = checks.section_problems([unit_a])[unit_a.pk]
        assert titles(problems) == [procurement.title, organisation.title]
        assert all(p.empty for p in problems)

    def test_portal_default_threshold_for_schedules_and_consultations(self, settings, unit_a, unit_b):
        settings.PORTAL_SECTION_STALE_DAYS = 7
        for unit in (unit_a, unit_b):
            SectionFactory(unit=unit, kind=SectionKind.SCHEDULE, required=True)
            SectionFactory(unit=unit, kind=SectionKind.CONSULTATIONS, required=True)
        LeaderScheduleFactory(unit=unit_a, published=True, published_at=days_ago(7))
        DraftFactory(unit=unit_a, scheduled=True, posted_at=days_ago(3))
        LeaderScheduleFactory(unit=unit_b, published=True, published_at=days_ago(8))
        problems = checks.section_problems([unit_a, unit_b])
        assert problems[unit_a.pk] == []
        kinds = [p.section.kind for p in problems[unit_b.pk]]
        assert kinds == [SectionKind.SCHEDULE, SectionKind.CONSULTATIONS]


class TestLateDocuments:
    def test_deadline_by_issuer_applying_agency_and_plans(self, unit_a):
        own = IssuingBodyFactory(name_vi="Sở Tư pháp tỉnh Trà Vinh", code="STP")
        province = IssuingBodyFactory()

        def posted(delay, body, category=Category.DIRECTION):
            return DocumentFactory(
                unit=unit_a, published=True, issuing_body=body, category=category, posting_delay_days=delay
            )

        late_own = posted(3, own)
        posted(2, own)
        posted(10, province)
        late_applying = posted(11, province)
        posted(10, own, Category.PLAN)
        late_plan = posted(11, province, Category.PROCUREMENT)
        DocumentFactory(unit=unit_a, posting_delay_days=40)  # never posted
        start, end = timezone.localdate() - timedelta(days=89), timezone.localdate()
        assert checks.late_documents([unit_a], start, end) == {unit_a.pk: 3}
        listed = checks.late_document_list(unit_a, start, end)
        assert {d.pk for d in listed} == {late_own.pk, late_applying.pk, late_plan.pk}
        assert {d.pk: d.deadline_days for d in listed}[late_own.pk] == 2

    def test_deadlines_are_settings(self, settings, unit_a):
        settings.PORTAL_DEADLINE_DOCUMENT_APPLYING_DAYS = 5
        DocumentFactory(unit=unit_a, published=True, posting_delay_days=6)
        today = timezone.localdate()
        assert checks.late_documents([unit_a], today - timedelta(days=10), today) == {unit_a.pk: 1}


def test_consultations_without_their_outcome(unit_a, unit_b):
    overdue = DraftFactory(unit=unit_a, closed=True, closes_at=days_ago(40))
    DraftFactory(unit=unit_a, closed=True, closes_at=days_ago(5))  # outcome not due yet
    DraftFactory(unit=unit_b, concluded=True, closes_at=days_ago(40))
    assert checks.overdue_drafts([unit_a, unit_b]) == {unit_a.pk: 1}
    assert checks.overdue_draft_list(unit_a) == [overdue]


def test_questions_past_their_deadline_for_the_unit_that_must_answer(main_portal, unit_a, unit_b):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    QuestionFactory(unit=main_portal, due_date=yesterday)  # not forwarded yet: the portal's
    QuestionFactory(unit=main_portal, assigned=True, forwarded_to=unit_a, due_date=yesterday)
    QuestionFactory(unit=main_portal, assigned=True, forwarded_to=unit_a, due_date=today)  # due today
    QuestionFactory(unit=unit_b, published=True, forwarded_to=unit_b, due_date=yesterday)  # answered
    assert checks.overdue_questions([main_portal, unit_a, unit_b]) == {main_portal.pk: 1, unit_a.pk: 1}
    assert [q.forwarded_to for q in checks.overdue_question_list(unit_a)] == [unit_a]


def test_qa_section_is_dated_by_its_latest_public_answer(unit_a, unit_b):
    for unit in (unit_a, unit_b):
        SectionFactory(unit=unit, kind=SectionKind.QA, required=True, stale_after_days=20)
    QuestionFactory(unit=unit_b, published=True, forwarded_to=unit_a, published_at=days_ago(5))
    QuestionFactory(unit=unit_b, published=True, forwarded_to=unit_a, published_at=days_ago(25))
    problems = checks.section_problems([unit_a, unit_b])
    assert problems[unit_a.pk] == [] and problems[unit_b.pk] == []
    assert checks.section_problems([unit_a], now=timezone.now() + timedelta(days=16))[unit_a.pk]


class TestPages:
    def test_unit_page_lists_what_is_wrong(self, client, board, unit_a):
        SectionFactory(unit=unit_a, kind=SectionKind.SCHEDULE, required=True, title_vi="Lịch công tác")
        DocumentFactory(unit=unit_a, published=True, number_symbol="77/QĐ-UBND", posting_delay_days=12)
        DraftFactory(unit=unit_a, closed=True, closes_at=days_ago(40), title_vi="Dự thảo quá hạn")
        QuestionFactory(
            unit=unit_a, title="Câu hỏi chưa trả lời", due_date=timezone.localdate() - timedelta(days=3)
        )
        client.force_login(board)
        response = client.get(reverse("admin:reports_complianceunit_change", args=[unit_a.pk]))
        row = response.context["row"]
        counts = (len(row.section_problems), row.late_documents, row.overdue_drafts, row.overdue_questions)
        assert counts == (1, 1, 1, 1)
        for text in ("Lịch công tác", "77/QĐ-UBND", "Dự thảo quá hạn", "Câu hỏi chưa trả lời"):
            assert text in response.text

    @pytest.mark.parametrize("size", [2, 12])
    def test_board_page_sorted_in_a_fixed_number_of_queries(
        self, client, board, main_portal, size, django_assert_max_num_queries
    ):
        for n in range(size):
            unit = UnitFactory(key=f"dv{n:02d}")
            SectionFactory(unit=unit, kind=SectionKind.ARTICLES, required=True)
            DocumentFactory.create_batch(n % 3, unit=unit, published=True, posting_delay_days=20)
            DraftFactory(unit=unit, closed=True, closes_at=days_ago(40))
            QuestionFactory(unit=unit, due_date=timezone.localdate() - timedelta(days=1))
        client.force_login(board)
        url = reverse("admin:reports_complianceunit_changelist")
        client.get(url)  # the session and the calendar are loaded once
        with django_assert_max_num_queries(23):
            response = client.get(url, {"o": "-late"})
        late = [row.late_documents for row in response.context["rows"]]
        assert late == sorted(late, reverse=True) and len(late) == size + 1
