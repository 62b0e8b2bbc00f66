"""The one interface between the report figures and the content apps' tables.

`reports.figures.build_figures` never reads a content app's table: it asks a content source (the class
named by PORTAL_REPORT_CONTENT_SOURCES) for aggregated rows, so the figures stay testable on plain data
and every count is one GROUP BY query, never a loop per item. Periods are local dates, both ends
included; group with `local_date` and filter with `portal.timeutil.local_day_bounds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.db.models.functions import TruncDate
from django.utils.module_loading import import_string

from . import conf

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class DayCount:
    unit_id: int
    day: date
    count: int
    category: str = ""
    # The latest moment of these items: lets the report find a unit's last item within its own days.
    last: datetime | None = None


@dataclass(frozen=True)
class Activity:
    rows: list[DayCount] = field(default_factory=list)
    last_posted: dict[int, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionCounts:
    received: int = 0
    forwarded: int = 0
    answered: int = 0
    published: int = 0


class ContentSources(Protocol):
    def articles(self, start: date, end: date) -> Activity:
        """Published articles by `published_at`: a DayCount per (unit, local date) with its latest moment
        (`last`), and `last_posted` per unit."""

    def documents(self, start: date, end: date) -> Activity:
        """Published documents by `posted_at`, with the category key (`soe_report` and `budget` included)."""

    def schedules(self, start: date, end: date) -> Activity:
        """Leaders' schedule weeks by their posting moment."""

    def drafts(self, start: date, end: date) -> Activity:
        """Drafts for comment by their posting moment."""

    def photos(self, unit_id: int, start: date, end: date) -> int:
        """Photos of the unit's articles published in the period."""

    def translations(self, unit_id: int, start: date, end: date) -> dict[str, int]:
        """{language: count} of translations published in the period, whatever the article's own date."""

    def questions(self, unit_id: int, start: date, end: date) -> QuestionCounts:
        """Questions the unit's site received in the period; of those, forwarded, answered, published now."""

    def budget_estimate_units(self, fiscal_year: int, posted_by: date) -> set[int]:
        """Units with a published budget estimate for `fiscal_year` posted on or before `posted_by`."""


def local_date(field_name: str) -> TruncDate:
    """The local date of a moment column, computed by the database (PostgreSQL and SQLite)."""
    return TruncDate(field_name, tzinfo=LOCAL_TZ)


def default_sources() -> ContentSources:
    path = conf.content_sources_path()
    try:
        return import_string(path)()
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"The report's content source {path!r} cannot be imported ({exc}); "
            "set PORTAL_REPORT_CONTENT_SOURCES to a class implementing reports.sources.ContentSources."
        ) from exc
