"""The report's content source on the content apps' own tables (news, documents, consultations, citizen_qa).

Each method is one aggregate query grouped by unit[, category], local date (see reports.sources).
"Published" is the status `published` with the moment already past: an item scheduled for later is not
counted until its moment has come, and archived or unpublished items are not counted at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from citizen_qa.enums import QuestionState, Visibility
from citizen_qa.models import Question
from consultations.models import Draft
from documents.enums import BudgetKind, Category
from documents.models import Document, LeaderSchedule
from news.models import Article, ArticleTranslationState, Photo
from portal.enums import Status
from portal.timeutil import local_day_bounds

from .sources import Activity, DayCount, QuestionCounts, local_date


def _in_period(moment: str, start: date, end: date, *, now: datetime) -> Q:
    """Published, with `moment` on a local date of the period and not in the future."""
    low, high = local_day_bounds(start, end)
    return Q(
        status=Status.PUBLISHED,
        **{f"{moment}__gte": low, f"{moment}__lt": high, f"{moment}__lte": now},
    )


def _activity(queryset: QuerySet, moment: str, *, by_category: bool = False) -> Activity:
    groups = ["unit_id", "day", "category"] if by_category else ["unit_id", "day"]
    rows = (
        queryset.order_by()
        .annotate(day=local_date(moment))
        .values(*groups)
        .annotate(n=Count("pk"), last=Max(moment))
        .values_list(*groups, "n", "last")
    )
    return _collect(rows, by_category)


def _collect(rows: Iterable[tuple], by_category: bool) -> Activity:
    counts, last_posted = [], {}
    for row in rows:
        unit_id, day, *category, n, last = row
        counts.append(
            DayCount(unit_id=unit_id, day=day, count=n, category=category[0] if category else "", last=last)
        )
        if unit_id not in last_posted or last > last_posted[unit_id]:
            last_posted[unit_id] = last
    return Activity(rows=counts, last_posted=last_posted)


class DatabaseSources:
    """The default PORTAL_REPORT_CONTENT_SOURCES: reads the content tables with aggregate SQL."""

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()

    def articles(self, start: date, end: date) -> Activity:
        published = Article.objects.filter(_in_period("published_at", start, end, now=self.now))
        return _activity(published, "published_at")

    def documents(self, start: date, end: date) -> Activity:
        posted = Document.objects.filter(_in_period("posted_at", start, end, now=self.now))
        return _activity(posted, "posted_at", by_category=True)

    def schedules(self, start: date, end: date) -> Activity:
        posted = LeaderSchedule.objects.filter(_in_period("posted_at", start, end, now=self.now))
        return _activity(posted, "posted_at")

    def drafts(self, start: date, end: date) -> Activity:
        posted = Draft.objects.filter(_in_period("posted_at", start, end, now=self.now))
        return _activity(posted, "posted_at")

    def photos(self, unit_id: int, start: date, end: date) -> int:
        low, high = local_day_bounds(start, end)
        return Photo.objects.filter(
            article__unit_id=unit_id,
            article__status=Status.PUBLISHED,
            article__published_at__gte=low,
            article__published_at__lt=high,
            article__published_at__lte=self.now,
        ).count()

    def translations(self, unit_id: int, start: date, end: date) -> dict[str, int]:
        """Live translations first published in the period, of articles that are public now."""
        low, high = local_day_bounds(start, end)
        rows = (
            ArticleTranslationState.objects.filter(
                article__unit_id=unit_id,
                article__status=Status.PUBLISHED,
                article__published_at__lte=self.now,
                live=True,
                published_at__gte=low,
                published_at__lt=high,
                published_at__lte=self.now,
            )
            .exclude(language=settings.LANGUAGE_CODE)
            .order_by()
            .values("language")
            .annotate(n=Count("pk"))
            .values_list("language", "n")
        )
        return dict(rows)

    def questions(self, unit_id: int, start: date, end: date) -> QuestionCounts:
        """Confirmed questions the unit's site received in the period; of those, where they stand now."""
        low, high = local_day_bounds(start, end)
        now = self.now
        counts = (
            Question.objects.filter(
                unit_id=unit_id, submitted_at__gte=low, submitted_at__lt=high, submitted_at__lte=now
            )
            .exclude(state=QuestionState.UNCONFIRMED)
            .aggregate(
                received=Count("pk"),
                forwarded=Count("pk", filter=Q(forwarded_to__isnull=False, forwarded_at__lte=now)),
                answered=Count("pk", filter=Q(answered_at__lte=now)),
                published=Count(
                    "pk",
                    filter=Q(
                        state=QuestionState.PUBLISHED, visibility=Visibility.PUBLIC, published_at__lte=now
                    ),
                ),
            )
        )
        return QuestionCounts(**counts)

    def budget_estimate_units(self, fiscal_year: int, posted_by: date) -> set[int]:
        _low, high = local_day_bounds(posted_by, posted_by)
        rows = (
            Document.objects.filter(
                status=Status.PUBLISHED,
                category=Category.BUDGET,
                budget_kind=BudgetKind.ESTIMATE,
                fiscal_year=fiscal_year,
                posted_at__lt=high,
                posted_at__lte=self.now,
            )
            .order_by()
            .values_list("unit_id", flat=True)
            .distinct()
        )
        return set(rows)
