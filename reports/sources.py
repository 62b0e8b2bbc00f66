"""The interface between the report figures and the content apps' tables.

`reports.figures.build_figures` never reads news, documents, consultations or citizen_qa tables
itself: it asks a *content source*, an object with the methods of `ContentSources` below, and does
everything else (sums, categories, gaps, stale, sorting, budget lists) on the aggregated rows.
The real source is the class named by the setting PORTAL_REPORT_CONTENT_SOURCES (default
`reports.sources_db.DatabaseSources`). What each method must return:

- `articles(start, end)`, `documents(start, end)`, `schedules(start, end)`, `drafts(start, end)`:
  an `Activity` of the *published* items of that type whose moment falls on a local date in
  [start, end] (both inclusive): articles by `published_at`, documents by `posted_at`, leaders'
  schedule weeks and drafts by their posting moment. `Activity.rows` holds one `DayCount` per
  (unit, local date[, category]) with the number of items; documents fill `category` with the
  document category key (`soe_report` and `budget` included, as they are). `Activity.last_posted`
  maps unit id → the latest such moment (an aware datetime).
- `photos(unit_id, start, end)`: photos of that unit's articles published in the period.
- `translations(unit_id, start, end)`: {language: count} of translations of that unit's articles into
  each non-default language whose own publication moment is in the period, whatever the article's date.
- `questions(unit_id, start, end)`: `QuestionCounts` of the questions that unit's site received in the
  period, and of those how many are forwarded, answered, published now.
- `budget_estimate_units(fiscal_year, posted_by)`: ids of units that have a published `budget`
  document of `budget_kind` `estimate` for `fiscal_year`, posted on or before the local date
  `posted_by`.

Every method is one aggregate query (GROUP BY unit[, category], local date), never a loop per item.
Local dates: group by the database's date of the moment in Asia/Ho_Chi_Minh, i.e. on PostgreSQL
`(published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`; in Django, on PostgreSQL and SQLite alike,
`TruncDate("published_at", tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))` (`local_date` below) and filter
with `aware_bounds(start, end)` (local midnight of `start` ≤ moment < local midnight after `end`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
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
    def articles(self, start: date, end: date) -> Activity: ...

    def documents(self, start: date, end: date) -> Activity: ...

    def schedules(self, start: date, end: date) -> Activity: ...

    def drafts(self, start: date, end: date) -> Activity: ...

    def photos(self, unit_id: int, start: date, end: date) -> int: ...

    def translations(self, unit_id: int, start: date, end: date) -> dict[str, int]: ...

    def questions(self, unit_id: int, start: date, end: date) -> QuestionCounts: ...

    def budget_estimate_units(self, fiscal_year: int, posted_by: date) -> set[int]: ...


def aware_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[local midnight of start, local midnight of the day after end): the period as moments."""
    return (
        datetime.combine(start, time.min, tzinfo=LOCAL_TZ),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LOCAL_TZ),
    )


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
