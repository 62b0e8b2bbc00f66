"""The report's figures from the real content tables (reports.sources_db), on PostgreSQL and SQLite alike."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from citizen_qa.enums import QuestionState, Visibility
from consultations.enums import DraftState
from documents.enums import BudgetKind, Category
from portal.enums import Status
from reports.figures import build_figures
from reports.sources_db import DatabaseSources
from tests.factories.citizen_qa import QuestionFactory
from tests.factories.consultations import DraftFactory
from tests.factories.documents import DocumentFactory, LeaderScheduleFactory, a_monday
from tests.factories.news import ArticleFactory, PhotoFactory, TranslationFactory
from tests.factories.subsites import UnitFactory

from .fakes import local

pytestmark = pytest.mark.django_db

H1 = (date(2022, 1, 1), date(2022, 6, 30))


@pytest.fixture(autouse=True)
def _real_source(settings, tmp_path):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "reports.sources_db.DatabaseSources"
    settings.MEDIA_ROOT = tmp_path / "media"


def article(unit, at, **kwargs):
    return ArticleFactory(unit=unit, status=Status.PUBLISHED, published_at=at, **kwargs)


def document(unit, at, category=Category.DIRECTION, **kwargs):
    return DocumentFactory(unit=unit, published=True, published_at=at, category=category, **kwargs)


def schedule(unit, at, weeks_ago=0):
    return LeaderScheduleFactory(unit=unit, published=True, published_at=at, week_start=a_monday(weeks_ago))


def draft(unit, at):
    return DraftFactory(unit=unit, scheduled=True, published_at=at, posted_at=at)


def by_key(figures, key):
    return next(u for u in figures["subsites"]["units"] if u["unit"] == key)


class TestPeriodBoundaries:
    def test_local_midnight_at_both_ends(self, main_portal, unit_a):
        article(unit_a, local(2021, 12, 31, 23, 59))  # the day before
        article(unit_a, local(2022, 1, 1, 0, 0))  # first moment of the period
        article(unit_a, datetime(2022, 6, 30, 23, 59, 59, tzinfo=local(2022, 1, 1).tzinfo))  # last second
        article(unit_a, local(2022, 7, 1, 0, 0))  # the day after
        assert by_key(build_figures(*H1), "sotp")["articles"] == 2

    def test_moments_written_in_utc_fall_on_their_local_day(self, main_portal, unit_a):
        # 17:00 UTC is midnight in Asia/Ho_Chi_Minh (UTC+7): the next local day.
        article(unit_a, datetime(2021, 12, 31, 17, 0, tzinfo=UTC))  # 1 Jan 00:00 local: in
        article(unit_a, datetime(2021, 12, 31, 16, 59, tzinfo=UTC))  # 31 Dec 23:59 local: out
        document(unit_a, datetime(2022, 6, 30, 17, 0, tzinfo=UTC))  # 1 Jul 00:00 local: out
        document(unit_a, datetime(2022, 6, 30, 16, 59, tzinfo=UTC))  # 30 Jun 23:59 local: in
        row = by_key(build_figures(*H1), "sotp")
        assert (row["articles"], row["documents"]) == (1, 1)
        assert row["last_posted_at"] == "2022-06-30T23:59:00+07:00"

    def test_rows_are_grouped_by_local_date(self, main_portal, unit_a):
        article(unit_a, datetime(2022, 3, 1, 18, 0, tzinfo=UTC))  # 2 March 01:00 local
        article(unit_a, datetime(2022, 3, 2, 2, 0, tzinfo=UTC))  # 2 March 09:00 local
        activity = DatabaseSources().articles(*H1)
        assert [(r.day, r.count) for r in activity.rows] == [(date(2022, 3, 2), 2)]


class TestOnlyPublishedItems:
    def test_drafts_pending_archived_and_scheduled_items_do_not_count(self, main_portal, unit_a):
        today = timezone.localdate()
        period = (today - timedelta(days=10), today + timedelta(days=10))
        ArticleFactory(unit=unit_a)
        ArticleFactory(unit=unit_a, pending=True)
        ArticleFactory(unit=unit_a, archived=True, published_at=timezone.now() - timedelta(days=2))
        ArticleFactory(unit=unit_a, scheduled=True)  # published tomorrow
        article(unit_a, timezone.now() - timedelta(days=1))
        DocumentFactory(unit=unit_a)
        document(unit_a, timezone.now() + timedelta(days=1))
        document(unit_a, timezone.now() - timedelta(hours=2))
        LeaderScheduleFactory(unit=unit_a)
        schedule(unit_a, timezone.now() + timedelta(hours=3), weeks_ago=1)
        DraftFactory(unit=unit_a)
        draft(unit_a, timezone.now() + timedelta(days=2))
        row = by_key(build_figures(*period), "sotp")
        assert (row["articles"], row["documents"], row["schedules"], row["drafts"]) == (1, 1, 0, 0)

    def test_unpublished_content_gives_no_photos_or_translations(self, main_portal):
        hidden = ArticleFactory(unit=main_portal, scheduled=True)
        PhotoFactory(article=hidden)
        TranslationFactory(article=hidden, published_at=timezone.now() - timedelta(hours=1))
        today = timezone.localdate()
        portal = build_figures(today - timedelta(days=3), today + timedelta(days=3))["portal"]
        assert (portal["articles"], portal["photos"], portal["translations"]["km"]) == (0, 0, 0)


class TestDefinitions:
    def test_portal_block(self, main_portal, unit_a):
        a1 = article(main_portal, local(2022, 2, 1))
        a2 = article(main_portal, local(2022, 3, 1))
        PhotoFactory.create_batch(2, article=a1)
        PhotoFactory(article=a2)
        PhotoFactory(article=article(main_portal, local(2021, 12, 1)))  # photo of an article outside
        PhotoFactory(article=article(unit_a, local(2022, 2, 1)))  # photo of another unit
        document(main_portal, local(2022, 1, 5), Category.DIRECTION)
        document(main_portal, local(2022, 1, 6), Category.LEGAL)
        document(main_portal, local(2022, 1, 7), Category.SOE_REPORT, enterprise="Công ty Xổ số")
        document(
            main_portal,
            local(2022, 1, 8),
            Category.BUDGET,
            fiscal_year=2022,
            budget_kind=BudgetKind.EXECUTION,
        )
        schedule(main_portal, local(2022, 1, 3), weeks_ago=1)
        schedule(main_portal, local(2022, 1, 10), weeks_ago=2)
        draft(main_portal, local(2022, 4, 1))
        portal = build_figures(*H1)["portal"]
        assert (portal["articles"], portal["photos"]) == (2, 3)
        by_category = portal["documents"]["by_category"]
        assert (by_category["direction"], by_category["legal"], by_category["leader_schedule"]) == (1, 1, 2)
        assert portal["documents"]["total"] == 4
        assert (portal["soe_reports"], portal["budget_disclosures"]) == (1, 1)
        assert portal["consultation_drafts"] == 1

    def test_unit_row_counts_every_kind_and_sums_them(self, main_portal, unit_a):
        article(unit_a, local(2022, 1, 3))
        document(unit_a, local(2022, 1, 4), Category.SOE_REPORT, enterprise="Công ty Cấp nước")
        document(unit_a, local(2022, 1, 4), Category.NOTICE)
        schedule(unit_a, local(2022, 5, 9, 8, 30))
        draft(unit_a, local(2022, 2, 1))
        subsites = build_figures(*H1)["subsites"]
        row = by_key({"subsites": subsites}, "sotp")
        assert (row["articles"], row["documents"], row["schedules"], row["drafts"]) == (1, 2, 1, 1)
        assert row["items"] == 5 and subsites["items"] == 5
        assert row["last_posted_at"] == "2022-05-09T08:30:00+07:00"

    def test_translations_count_by_their_own_moment(self, main_portal):
        december = article(main_portal, local(2021, 12, 20))
        TranslationFactory(article=december, language="km", published_at=local(2022, 1, 5))
        TranslationFactory(article=december, language="en", published_at=local(2021, 12, 28))
        january = article(main_portal, local(2022, 1, 10))
        TranslationFactory(article=january, language="en", published_at=local(2022, 2, 1))
        TranslationFactory(article=article(main_portal, local(2022, 1, 11)), language="km", live=False)
        TranslationFactory(
            article=article(main_portal, local(2022, 1, 12)), language="km", published_at=local(2022, 7, 1)
        )
        assert build_figures(*H1)["portal"]["translations"] == {"en": 1, "km": 1}


def test_questions_received_and_where_they_stand_now(main_portal, unit_a):
    def asked(at, **kwargs):
        return QuestionFactory(unit=main_portal, submitted_at=at, **kwargs)

    asked(datetime(2021, 12, 31, 17, 0, tzinfo=UTC))  # 1 Jan 00:00 local, being screened
    asked(local(2022, 2, 1), assigned=True)
    asked(local(2022, 3, 1), published=True)
    asked(local(2022, 3, 2), published=True, visibility=Visibility.ASKER)  # answered, not public
    asked(local(2022, 3, 3), state=QuestionState.UNCONFIRMED)  # e-mail never confirmed: not received
    asked(local(2021, 12, 31, 23, 59), published=True)  # before the period
    QuestionFactory(unit=unit_a, submitted_at=local(2022, 3, 1), published=True)  # another site
    questions = build_figures(*H1)["portal"]["questions"]
    assert questions == {"received": 4, "forwarded": 3, "answered": 2, "published": 1}


class TestGapRule:
    def test_exactly_the_threshold_is_regular_one_more_is_stale(self, main_portal):
        regular = UnitFactory(key="deu")
        late = UnitFactory(key="tre")
        period = (date(2022, 1, 1), date(2022, 3, 31))
        # Jan 1, then Feb 1 at 23:30 local written in UTC: Jan 2..31 is 30 days without an item.
        article(regular, local(2022, 1, 1))
        document(regular, datetime(2022, 2, 1, 16, 30, tzinfo=UTC))
        schedule(regular, local(2022, 3, 2))
        draft(regular, local(2022, 3, 31))
        # The same, one day later: Jan 2..Feb 1 is 31 days.
        article(late, local(2022, 1, 1))
        document(late, datetime(2022, 2, 2, 16, 30, tzinfo=UTC))
        schedule(late, local(2022, 3, 2))
        draft(late, local(2022, 3, 31))
        figures = build_figures(*period)
        assert (by_key(figures, "deu")["longest_gap_days"], by_key(figures, "deu")["stale"]) == (30, False)
        assert (by_key(figures, "tre")["longest_gap_days"], by_key(figures, "tre")["stale"]) == (31, True)
        assert "tre" in figures["subsites"]["stale_units"]
        assert "deu" not in figures["subsites"]["stale_units"]

    def test_nothing_posted_is_the_whole_period(self, main_portal, unit_a):
        row = by_key(build_figures(*H1), "sotp")
        assert (row["longest_gap_days"], row["stale"], row["last_posted_at"]) == (181, True, None)


class TestBudgetEstimate:
    def test_wrong_year_wrong_kind_or_posted_after_the_period(self, main_portal):
        units = {key: UnitFactory(key=key) for key in ("dung", "namsai", "loai", "muon", "sat")}

        def budget(key, at, year=2022, kind=BudgetKind.ESTIMATE):
            return document(units[key], at, Category.BUDGET, fiscal_year=year, budget_kind=kind)

        budget("dung", local(2021, 12, 20))  # posted before the period: still posted by its end
        budget("namsai", local(2022, 1, 20), year=2021)
        budget("loai", local(2022, 1, 20), kind=BudgetKind.FINAL)
        budget("muon", local(2022, 7, 1, 0, 0))
        budget("sat", datetime(2022, 6, 30, 16, 59, tzinfo=UTC))  # 23:59 local on the last day
        DocumentFactory(
            unit=units["namsai"], category=Category.BUDGET, fiscal_year=2022, budget_kind=BudgetKind.ESTIMATE
        )  # a draft: not posted
        figures = build_figures(*H1)
        assert figures["subsites"]["missing_budget_estimate"] == ["loai", "muon", "namsai"]
        assert by_key(figures, "sat")["budget_estimate_posted"] is True
        assert by_key(figures, "dung")["budget_estimate_posted"] is True


class TestQueryCount:
    @pytest.mark.parametrize("size", [1, 10])
    def test_build_figures_does_not_grow_with_units_or_items(
        self, main_portal, size, django_assert_max_num_queries
    ):
        for n in range(size):
            unit = UnitFactory(key=f"dv{n}")
            for day in range(1, 11):
                article(unit, local(2022, 1, day))
                document(unit, local(2022, 2, day))
            schedule(unit, local(2022, 3, 1))
            draft(unit, local(2022, 4, 1))
        PhotoFactory(article=article(main_portal, local(2022, 1, 1)))
        with django_assert_max_num_queries(12):
            figures = build_figures(*H1)
        assert figures["subsites"]["items"] == size * 22


def test_suspended_and_withdrawn_drafts_were_posted(main_portal, unit_a):
    for state in (DraftState.SUSPENDED, DraftState.WITHDRAWN, DraftState.CONCLUDED):
        DraftFactory(
            unit=unit_a,
            state=state,
            status=Status.PUBLISHED,
            published_at=local(2022, 3, 1),
            posted_at=local(2022, 3, 1),
        )
    assert by_key(build_figures(*H1), "sotp")["drafts"] == 3
