"""A content source built from hand-written items, standing in for the content apps' tables in tests.

It aggregates exactly as the real source must: published items only, by local date in
Asia/Ho_Chi_Minh, inclusive at both ends of the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from reports.sources import LOCAL_TZ, Activity, DayCount, QuestionCounts


@dataclass
class Item:
    unit_id: int
    at: datetime
    category: str = ""
    published: bool = True


@dataclass
class FakeSources:
    articles_: list[Item] = field(default_factory=list)
    documents_: list[Item] = field(default_factory=list)
    schedules_: list[Item] = field(default_factory=list)
    drafts_: list[Item] = field(default_factory=list)
    photos_: dict[int, int] = field(default_factory=dict)
    translations_: dict[int, dict[str, int]] = field(default_factory=dict)
    questions_: dict[int, QuestionCounts] = field(default_factory=dict)
    estimates: set[int] = field(default_factory=set)
    calls: list[tuple] = field(default_factory=list)

    def _activity(self, items: list[Item], start: date, end: date) -> Activity:
        inside = [
            i for i in items if i.published and start <= timezone.localtime(i.at, LOCAL_TZ).date() <= end
        ]
        counts = Counter((i.unit_id, timezone.localtime(i.at, LOCAL_TZ).date(), i.category) for i in inside)
        last: dict[int, datetime] = {}
        for i in inside:
            last[i.unit_id] = max(last.get(i.unit_id, i.at), i.at)
        rows = [DayCount(unit_id=u, day=d, count=n, category=c) for (u, d, c), n in counts.items()]
        return Activity(rows=rows, last_posted=last)

    def articles(self, start, end):
        return self._activity(self.articles_, start, end)

    def documents(self, start, end):
        return self._activity(self.documents_, start, end)

    def schedules(self, start, end):
        return self._activity(self.schedules_, start, end)

    def drafts(self, start, end):
        return self._activity(self.drafts_, start, end)

    def photos(self, unit_id, start, end):
        return self.photos_.get(unit_id, 0)

    def translations(self, unit_id, start, end):
        return self.translations_.get(unit_id, {})

    def questions(self, unit_id, start, end):
        return self.questions_.get(unit_id, QuestionCounts())

    def budget_estimate_units(self, fiscal_year, posted_by):
        self.calls.append(("budget_estimate_units", fiscal_year, posted_by))
        return set(self.estimates)


def local(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)
