"""Compliance of each unit with the rules of REGULATIONS.md, for the board (all units) and each unit.

The checks read the report figures (stale sites, missing budget estimate) — computed now when the
content source is available, else taken from the latest generated report —, the content tables
(`reports.checks`: required sections, late documents, overdue questions and consultations) and the units'
static pages (English organisation and contact pages missing or older than their Vietnamese source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from portal.text import fold
from subsites.enums import ENGLISH_REQUIRED_PAGE_ROLES, PageRole
from subsites.models import Page, Unit

from . import checks, conf
from .enums import ReportStatus
from .figures import build_figures, unit_days
from .models import Report

SORT_KEYS = {
    "key": lambda r: r.unit.key,
    "name": lambda r: r.name.lower(),
    "gap": lambda r: -1 if r.gap is None else r.gap,
    "last": lambda r: r.last_posted_at or "",
    "stale": lambda r: (r.stale is True, r.gap or 0),
    "budget": lambda r: r.budget_missing is True,
    "english": lambda r: len(r.english_problems),
    "sections": lambda r: len(r.section_problems),
    "late": lambda r: r.late_documents or 0,
    "questions": lambda r: r.overdue_questions,
    "consultations": lambda r: r.overdue_drafts or 0,
    "problems": lambda r: r.problem_count,
}


@dataclass
class FiguresSource:
    figures: dict | None
    start: date | None = None
    end: date | None = None
    live: bool = False


@dataclass
class UnitCompliance:
    unit: Unit
    name: str = ""  # the name valid on the figures' last day for the unit (report rules)
    gap: int | None = None
    last_posted_at: str | None = None
    stale: bool | None = None
    budget_missing: bool | None = None
    english_problems: list[str] = field(default_factory=list)  # page roles
    section_problems: list[checks.SectionProblem] = field(default_factory=list)
    late_documents: int = 0  # posted in the compliance window later than their deadline
    overdue_questions: int = 0
    overdue_drafts: int = 0

    @property
    def english_problem_labels(self) -> list[str]:
        return [str(PageRole(role).label) for role in self.english_problems]

    @property
    def last_posted(self) -> datetime | None:
        return datetime.fromisoformat(self.last_posted_at) if self.last_posted_at else None

    @property
    def problem_count(self) -> int:
        return (
            int(bool(self.stale))
            + int(bool(self.budget_missing))
            + len(self.english_problems)
            + len(self.section_problems)
            + self.late_documents
            + self.overdue_questions
            + self.overdue_drafts
        )


def current_figures(today: date | None = None) -> FiguresSource:
    """The figures of the last N days (N = PORTAL_COMPLIANCE_WINDOW_DAYS), else the latest report's."""
    start, today = window(today)
    try:
        return FiguresSource(build_figures(start, today), start, today, live=True)
    except (ImproperlyConfigured, ValueError):
        latest = Report.objects.filter(status=ReportStatus.DONE, figures__isnull=False).first()
        if latest is None:
            return FiguresSource(None)
        return FiguresSource(latest.figures, latest.period_start, latest.period_end)


def _english_problems(units: list[Unit]) -> dict[int, list[str]]:
    grace = timedelta(days=conf.check("english_pages").value)
    labels = {str(role) for role in ENGLISH_REQUIRED_PAGE_ROLES}
    problems: dict[int, list[str]] = {u.pk: [] for u in units}
    seen: dict[int, set[str]] = {u.pk: set() for u in units}
    pages = Page.objects.filter(unit__in=units, published=True, role__in=list(labels)).only(
        "unit_id", "role", "title", "language_updated_at"
    )
    for page in pages:
        seen[page.unit_id].add(page.role)
        stamps = page.language_updated_at or {}
        english, vietnamese = stamps.get("en"), stamps.get("vi")
        if not english or (
            vietnamese and datetime.fromisoformat(english) + grace < datetime.fromisoformat(vietnamese)
        ):
            problems[page.unit_id].append(page.role)
    for unit in units:
        for role in sorted(set(labels) - seen[unit.pk]):
            problems[unit.pk].append(role)
    return problems


def window(today: date | None = None) -> tuple[date, date]:
    """The compliance window: the last N local days up to today (PORTAL_COMPLIANCE_WINDOW_DAYS)."""
    today = today or timezone.localdate()
    return today - timedelta(days=conf.compliance_window_days() - 1), today


def period_of(source: FiguresSource) -> tuple[date, date]:
    return (source.start, source.end) if source.start and source.end else window()


def units_of_period(units: list[Unit], source: FiguresSource) -> list[Unit]:
    """The units the board sees: those that existed on a day of the figures' period, as in the report."""
    start, end = period_of(source)
    return [unit for unit in units if unit_days(unit, start, end)]


def unit_compliance(units: list[Unit], source: FiguresSource) -> list[UnitCompliance]:
    """Every check for every unit, in a fixed number of queries whatever the number of units."""
    by_key = {u["unit"]: u for u in (source.figures or {}).get("subsites", {}).get("units", [])}
    missing = set((source.figures or {}).get("subsites", {}).get("missing_budget_estimate", []))
    budget_on = bool(conf.check("budget_estimate").value)
    english = _english_problems(units)
    sections = checks.section_problems(units)
    late = checks.late_documents(units, *window())
    questions = checks.overdue_questions(units)
    drafts = checks.overdue_drafts(units)
    rows = []
    end = period_of(source)[1]
    for unit in units:
        figures = by_key.get(unit.key)
        # A unit gone by the period's end keeps its counts but owes no pages: it is read-only.
        gone = not unit.exists_on(end)
        rows.append(
            UnitCompliance(
                unit=unit,
                name=figures["name"] if figures else unit.name,
                gap=figures["longest_gap_days"] if figures else None,
                last_posted_at=figures["last_posted_at"] if figures else None,
                stale=figures["stale"] if figures else None,
                budget_missing=(unit.key in missing) if figures and budget_on else None,
                english_problems=[] if gone else english[unit.pk],
                section_problems=[] if gone else sections[unit.pk],
                late_documents=late.get(unit.pk, 0),
                overdue_questions=questions.get(unit.pk, 0),
                overdue_drafts=drafts.get(unit.pk, 0),
            )
        )
    return rows


def unit_details(unit: Unit) -> dict:
    """The items behind a unit's counts, for its own compliance page."""
    return {
        "late_documents": checks.late_document_list(unit, *window()),
        "overdue_questions": checks.overdue_question_list(unit),
        "overdue_drafts": checks.overdue_draft_list(unit),
    }


SHOW_CHOICES = ("all", "problems", "stale")


def filter_rows(rows: list[UnitCompliance], *, show: str = "all", query: str = "") -> list[UnitCompliance]:
    """The units the board asked to see: by name or key (accents ignored), with problems, or stale."""
    folded = fold(query).strip()
    if folded:
        rows = [r for r in rows if folded in fold(r.unit.key) or folded in fold(r.name)]
    if show == "problems":
        rows = [r for r in rows if r.problem_count]
    elif show == "stale":
        rows = [r for r in rows if r.stale]
    return rows


def sort_rows(rows: list[UnitCompliance], order: str) -> list[UnitCompliance]:
    key = order.lstrip("-")
    if key not in SORT_KEYS:
        key, order = "key", "key"
    return sorted(rows, key=SORT_KEYS[key], reverse=order.startswith("-"))
