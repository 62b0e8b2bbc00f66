"""Compliance checks that read the content tables: required sections, late documents, overdue questions and
consultations without their outcome. Each function answers for many units in a fixed number of aggregate
queries (never one per unit or per item), so the board's page costs the same for 5 or 40 units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, F, IntegerField, Max, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from citizen_qa.models import Question
from consultations.models import Draft
from documents.enums import Category
from documents.models import Document, LeaderSchedule
from news.models import Article
from portal.enums import Status
from portal.timeutil import local_day_bounds
from subsites.enums import SectionKind
from subsites.models import Section, Unit

from . import conf

# Plans, projects and bidding notices have their own deadline after approval (Decree 43/2011 Điều 17 k1 d).
PLAN_CATEGORIES = (Category.PLAN, Category.PROCUREMENT)
DETAIL_LIMIT = 50


@dataclass(frozen=True)
class SectionProblem:
    section: Section
    last: datetime | None  # None: nothing in it (or its page is not published)
    threshold: int

    @property
    def empty(self) -> bool:
        return self.last is None

    @property
    def days(self) -> int | None:
        return None if self.last is None else (timezone.localdate() - timezone.localdate(self.last)).days


def _published(queryset, moment: str, now: datetime):
    return queryset.filter(status=Status.PUBLISHED, **{f"{moment}__lte": now})


def _last_by_unit(queryset, moment: str, now: datetime, units) -> dict[int, datetime]:
    rows = _published(queryset, moment, now).filter(unit__in=units).order_by().values("unit_id")
    return dict(rows.annotate(last=Max(moment)).values_list("unit_id", "last"))


def _last_article_by_section(sections: list[Section], now: datetime) -> dict[int, datetime]:
    through = Article.sections.through
    rows = (
        through.objects.filter(
            section__in=[s.pk for s in sections],
            article__status=Status.PUBLISHED,
            article__published_at__lte=now,
        )
        .order_by()
        .values("section_id")
        .annotate(last=Max("article__published_at"))
        .values_list("section_id", "last")
    )
    return dict(rows)


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


class _Latest:
    """The latest published moment of each kind of item, per unit (or per section for articles)."""

    def __init__(self, units: list[Unit], sections: list[Section], kinds: set[str], now: datetime):
        self.sections = sections
        self.articles = _last_article_by_section(sections, now) if SectionKind.ARTICLES in kinds else {}
        self.documents: dict[tuple[int, str], datetime] = {}
        if SectionKind.DOCUMENTS in kinds:
            rows = _published(Document.objects, "posted_at", now).filter(unit__in=units).order_by()
            grouped = rows.values("unit_id", "category").annotate(last=Max("posted_at"))
            self.documents = {
                (u, c): last for u, c, last in grouped.values_list("unit_id", "category", "last")
            }
        by_unit = {
            SectionKind.SCHEDULE: lambda: _last_by_unit(LeaderSchedule.objects, "posted_at", now, units),
            SectionKind.CONSULTATIONS: lambda: _last_by_unit(Draft.objects, "posted_at", now, units),
            SectionKind.QA: lambda: _last_questions(units, now),
        }
        self.by_unit = {kind: query() for kind, query in by_unit.items() if kind in kinds}

    def of(self, section: Section) -> datetime | None:
        if section.kind == SectionKind.ARTICLES:
            subtree = (
                s.pk
                for s in self.sections
                if s.tree_id == section.tree_id and section.lft <= s.lft and s.rght <= section.rght
            )
            return _latest(*(self.articles.get(pk) for pk in subtree))
        if section.kind == SectionKind.DOCUMENTS:
            if section.category:
                return self.documents.get((section.unit_id, section.category))
            return _latest(*(last for (u, _c), last in self.documents.items() if u == section.unit_id))
        return self.by_unit[section.kind].get(section.unit_id)


# Sections whose items the checks can date; a page section is checked for its page being published.
DATED_KINDS = frozenset(
    {
        SectionKind.ARTICLES,
        SectionKind.DOCUMENTS,
        SectionKind.SCHEDULE,
        SectionKind.CONSULTATIONS,
        SectionKind.QA,
    }
)


def section_problems(units: list[Unit], now: datetime | None = None) -> dict[int, list[SectionProblem]]:
    """Required sections with nothing in them, or nothing new for longer than their own threshold."""
    now = now or timezone.now()
    default = conf.check("required_sections").value
    sections = list(
        Section.objects.filter(unit__in=units, active=True).select_related("page").order_by("tree_id", "lft")
    )
    required = [s for s in sections if s.required]
    problems: dict[int, list[SectionProblem]] = {u.pk: [] for u in units}
    if not required:
        return problems
    latest = _Latest(units, sections, {s.kind for s in required}, now)
    today = timezone.localdate(now)
    for section in required:
        threshold = section.stale_after_days or default
        if section.kind == SectionKind.PAGE:
            if section.page is None or not section.page.published:
                problems[section.unit_id].append(SectionProblem(section, None, threshold))
        elif section.kind in DATED_KINDS:
            last = latest.of(section)
            if last is None or (today - timezone.localdate(last)).days > threshold:
                problems[section.unit_id].append(SectionProblem(section, last, threshold))
    return problems


def _last_questions(units, now: datetime) -> dict[int, datetime]:
    """The latest public answer on each unit's Q&A section: questions it received or answered."""
    public = Question.objects.visible(at=now).order_by()
    last: dict[int, datetime] = {}
    for column in ("unit_id", "forwarded_to_id"):
        rows = public.filter(**{f"{column}__in": [u.pk for u in units]}).values(column)
        for unit_id, moment in rows.annotate(last=Max("published_at")).values_list(column, "last"):
            last[unit_id] = _latest(last.get(unit_id), moment)
    return last


def _deadline() -> Case:
    """Working days allowed between issue and posting (REGULATIONS.md §2), per document.

    Whether the unit is the issuing agency is read from the names: the issuing body's name starts with the
    unit's (Sở Tài chính / Sở Tài chính tỉnh Trà Vinh). Elsewhere the unit is an agency the document
    applies to, with the longer deadline.
    """
    return Case(
        When(category__in=PLAN_CATEGORIES, then=Value(conf.check("plans").value)),
        When(
            issuing_body__name_vi__istartswith=F("unit__name_vi"),
            then=Value(conf.check("document_by_issuer").value),
        ),
        default=Value(conf.check("document_applying").value),
        output_field=IntegerField(),
    )


def late_documents_query(units, start: date, end: date, now: datetime | None = None):
    low, high = local_day_bounds(start, end)
    return (
        _published(Document.objects, "posted_at", now or timezone.now())
        .filter(unit__in=units, posted_at__gte=low, posted_at__lt=high)
        .alias(deadline=_deadline())
        .filter(posting_delay_days__gt=F("deadline"))
    )


def late_documents(units: list[Unit], start: date, end: date) -> dict[int, int]:
    """Documents posted in the window later than their deadline, per unit."""
    rows = late_documents_query(units, start, end).order_by().values("unit_id").annotate(n=Count("pk"))
    return dict(rows.values_list("unit_id", "n"))


def late_document_list(unit: Unit, start: date, end: date) -> list[Document]:
    return list(
        late_documents_query([unit], start, end)
        .annotate(deadline_days=_deadline())
        .order_by("-posted_at")[:DETAIL_LIMIT]
    )


def overdue_drafts(units: list[Unit]) -> dict[int, int]:
    """Closed consultations whose outcome is past due (consultations' own definition), per unit."""
    rows = Draft.objects.overdue().filter(unit__in=units).order_by().values("unit_id").annotate(n=Count("pk"))
    return dict(rows.values_list("unit_id", "n"))


def overdue_draft_list(unit: Unit) -> list[Draft]:
    return list(Draft.objects.overdue().filter(unit=unit).order_by("closes_at")[:DETAIL_LIMIT])


def overdue_questions_query(units, today: date | None = None):
    """Questions past their answer deadline (citizen_qa's own due date and definition), for the unit that
    must answer: the competent unit once forwarded, else the unit whose site received it."""
    return (
        Question.objects.overdue(today)
        .annotate(responsible_id=Coalesce("forwarded_to_id", "unit_id"))
        .filter(responsible_id__in=[u.pk for u in units])
    )


def overdue_questions(units: list[Unit]) -> dict[int, int]:
    rows = overdue_questions_query(units).order_by().values("responsible_id").annotate(n=Count("pk"))
    return dict(rows.values_list("responsible_id", "n"))


def overdue_question_list(unit: Unit) -> list[Question]:
    return list(overdue_questions_query([unit]).order_by("due_date", "submitted_at")[:DETAIL_LIMIT])
