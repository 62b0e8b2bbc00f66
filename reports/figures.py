"""The figures of the semi-annual report, exactly as contracts/report-json.md defines them.

`build_figures(start, end)` returns the contract's JSON object. Visits and units come from this app
and from subsites; content counts come from a content source (`reports.sources`), aggregated rows
per unit and local date that this module sums, splits by category and turns into gaps. The pure
functions (`longest_gap_days`, `is_stale`, `missing_budget_estimate`, `sorted_keys`) hold the
contract's rules and are tested on their own.

Extra fields (the contract allows them): `period.days`; `subsites.stale_threshold_days`,
`subsites.visits`; per unit `visits`, `requires_budget_disclosure`, `established_on`, `days` (the
unit's days of the period), `successor_name`; `months` (items per local month, portal and component
sites, for the charts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils import timezone, translation

from subsites.models import Unit, UnitName
from subsites.selectors import name_on

from . import conf
from .models import DailyVisits
from .sources import LOCAL_TZ, Activity, ContentSources, default_sources

# The contract's document categories, always present in `documents.by_category` (zero when none).
DOCUMENT_CATEGORIES = (
    "direction",
    "legal",
    "admin_procedure",
    "procurement",
    "leader_schedule",
    "plan",
    "notice",
    "other",
)
# Counted apart from `documents.total`, in `soe_reports` and `budget_disclosures`.
SOE_CATEGORY = "soe_report"
BUDGET_CATEGORY = "budget"
SCHEDULE_CATEGORY = "leader_schedule"


def longest_gap_days(period_start: date, period_end: date, posted_local_dates: set[date]) -> int:
    """The longest run of consecutive days of the period without an item (edges count; none → all)."""
    previous = period_start - timedelta(days=1)
    longest = 0
    for day in sorted(d for d in posted_local_dates if period_start <= d <= period_end):
        longest = max(longest, (day - previous).days - 1)
        previous = day
    return max(longest, (period_end - previous).days)


def is_stale(gap_days: int, threshold: int | None = None) -> bool:
    """Stale when the gap exceeds the threshold: exactly the threshold is still regular."""
    return gap_days > (conf.stale_days() if threshold is None else threshold)


def sorted_keys(keys: Iterable[str]) -> list[str]:
    return sorted(keys)


def missing_budget_estimate(units: Iterable[Unit], posted_unit_ids: set[int]) -> list[str]:
    """Keys of the units that must disclose budgets and have not posted the year's estimate."""
    return sorted_keys(u.key for u in units if u.requires_budget_disclosure and u.pk not in posted_unit_ids)


def unit_days(unit: Unit, start: date, end: date) -> tuple[date, date] | None:
    """The unit's days of the period: from its establishment to the day before it ceased (contract:
    units that ceased or began). None when it did not exist on any day of the period."""
    first = max(start, unit.established_on) if unit.established_on else start
    last = min(end, unit.ceased_on - timedelta(days=1)) if unit.ceased_on else end
    return (first, last) if first <= last else None


def listed_units(units: Iterable[Unit], start: date, end: date) -> list[tuple[Unit, tuple[date, date]]]:
    """The units a report of the period lists, each with its days, sorted by key."""
    spans = ((unit, unit_days(unit, start, end)) for unit in units)
    return sorted(((u, days) for u, days in spans if days), key=lambda pair: pair[0].key)


def local_iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment, LOCAL_TZ).isoformat(timespec="seconds") if moment else None


def visits_by_unit(start: date, end: date) -> dict[int, int]:
    """Page views per unit over the period's local days (DailyVisits rows are local dates)."""
    rows = (
        DailyVisits.objects.filter(date__range=(start, end))
        .values("unit_id")
        .annotate(total=Sum("count"))
        .values_list("unit_id", "total")
    )
    return dict(rows)


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class _Tally:
    """Aggregated rows of every content type, indexed the ways the figures need them.

    Only rows of a unit's own days count (`spans`: unit id → first and last day); a unit without a
    span (not listed: it did not exist in the period) counts nothing.
    """

    def __init__(self, activities: dict[str, Activity], spans: dict[int, tuple[date, date]]):
        self.per_unit: dict[str, dict[int, int]] = {kind: defaultdict(int) for kind in activities}
        self.days: dict[int, set[date]] = defaultdict(set)
        self.months: dict[tuple[int, str], int] = defaultdict(int)
        self.categories: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.last: dict[int, datetime] = {}
        for kind, activity in activities.items():
            for row in activity.rows:
                span = spans.get(row.unit_id)
                if span is None or not span[0] <= row.day <= span[1]:
                    continue
                self.per_unit[kind][row.unit_id] += row.count
                self.months[(row.unit_id, f"{row.day.year:04d}-{row.day.month:02d}")] += row.count
                if row.count:
                    self.days[row.unit_id].add(row.day)
                if kind == "documents":
                    self.categories[row.unit_id][row.category] += row.count
                self._latest(row.unit_id, row.last)
            for unit_id, moment in activity.last_posted.items():
                # Sources without a per-day moment: their latest item, when it is on the unit's days.
                span = spans.get(unit_id)
                if span and span[0] <= timezone.localtime(moment, LOCAL_TZ).date() <= span[1]:
                    self._latest(unit_id, moment)

    def _latest(self, unit_id: int, moment: datetime | None) -> None:
        if moment is not None and (unit_id not in self.last or moment > self.last[unit_id]):
            self.last[unit_id] = moment

    def count(self, kind: str, unit_id: int) -> int:
        return self.per_unit[kind].get(unit_id, 0)


def _portal_block(main: Unit, tally: _Tally, sources: ContentSources, start, end, visits) -> dict:
    categories = dict(tally.categories.get(main.pk, {}))
    soe = categories.pop(SOE_CATEGORY, 0)
    budget = categories.pop(BUDGET_CATEGORY, 0)
    by_category = {key: categories.pop(key, 0) for key in DOCUMENT_CATEGORIES}
    by_category.update(sorted(categories.items()))
    by_category[SCHEDULE_CATEGORY] += tally.count("schedules", main.pk)
    languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    translated = sources.translations(main.pk, start, end)
    questions = sources.questions(main.pk, start, end)
    return {
        "unit": main.key,
        "articles": tally.count("articles", main.pk),
        "photos": sources.photos(main.pk, start, end),
        "translations": {code: translated.get(code, 0) for code in languages},
        "documents": {"total": sum(by_category.values()), "by_category": by_category},
        "soe_reports": soe,
        "budget_disclosures": budget,
        "consultation_drafts": tally.count("drafts", main.pk),
        "questions": {
            "received": questions.received,
            "forwarded": questions.forwarded,
            "answered": questions.answered,
            "published": questions.published,
        },
        "visits": visits.get(main.pk, 0),
    }


def _unit_row(
    unit: Unit,
    days: tuple[date, date],
    units: dict[int, Unit],
    tally: _Tally,
    end,
    visits,
    estimates,
    threshold,
) -> dict:
    first, last = days
    counts = {
        "articles": tally.count("articles", unit.pk),
        "documents": tally.count("documents", unit.pk),
        "schedules": tally.count("schedules", unit.pk),
        "drafts": tally.count("drafts", unit.pk),
    }
    gap = longest_gap_days(first, last, tally.days.get(unit.pk, set()))
    with translation.override(settings.LANGUAGE_CODE):
        name = name_on(unit, last)
    return {
        "unit": unit.key,
        "name": name,
        **counts,
        "items": sum(counts.values()),
        "last_posted_at": local_iso(tally.last.get(unit.pk)),
        "longest_gap_days": gap,
        # Judged only for a unit that still existed on the period's last day.
        "stale": last == end and is_stale(gap, threshold),
        "budget_estimate_posted": unit.pk in estimates,
        "requires_budget_disclosure": unit.requires_budget_disclosure,
        "visits": visits.get(unit.pk, 0),
        "established_on": unit.established_on.isoformat() if unit.established_on else None,
        "ceased_on": unit.ceased_on.isoformat() if unit.ceased_on else None,
        "successor": units[unit.successor_id].key if unit.successor_id else None,
        "successor_name": _successor_name(unit, units),
        "days": (last - first).days + 1,
    }


def _successor_name(unit: Unit, units: dict[int, Unit]) -> str | None:
    """The successor's name on the day it took over."""
    if not unit.successor_id:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        return name_on(units[unit.successor_id], unit.ceased_on)


def _units() -> dict[int, Unit]:
    """Every unit with its former names, by id, in two queries whatever their number."""
    former_names = Prefetch("former_names", queryset=UnitName.objects.order_by("valid_until"))
    return {unit.pk: unit for unit in Unit.objects.prefetch_related(former_names)}


def build_figures(start: date, end: date, *, sources: ContentSources | None = None) -> dict:
    """The report's figures for the local dates start..end (inclusive), as the contract's JSON object."""
    if end < start:
        raise ValueError(f"The period ends ({end.isoformat()}) before it starts ({start.isoformat()}).")
    units = _units()
    main = next((unit for unit in units.values() if unit.parent_id is None), None)
    if main is None:
        raise ValueError("There is no main portal unit yet: create the root unit first.")
    sources = sources or default_sources()
    listed = listed_units([u for u in units.values() if u.parent_id is not None], start, end)
    spans = {main.pk: (start, end), **{unit.pk: days for unit, days in listed}}
    tally = _Tally(
        {
            "articles": sources.articles(start, end),
            "documents": sources.documents(start, end),
            "schedules": sources.schedules(start, end),
            "drafts": sources.drafts(start, end),
        },
        spans,
    )
    visits = visits_by_unit(start, end)
    estimates = sources.budget_estimate_units(end.year, end)
    threshold = conf.stale_days()
    rows = [_unit_row(u, days, units, tally, end, visits, estimates, threshold) for u, days in listed]
    sub_ids = {u.pk for u, _days in listed}
    # Budget estimates are owed by the units that exist on the period's last day.
    owing = [u for u, (_first, last) in listed if last == end]
    return {
        "period": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "timezone": "Asia/Ho_Chi_Minh",
            "days": (end - start).days + 1,
        },
        "portal": _portal_block(main, tally, sources, start, end, visits),
        "subsites": {
            "count": len(rows),
            "items": sum(r["items"] for r in rows),
            "visits": sum(r["visits"] for r in rows),
            "units": rows,
            "stale_units": sorted_keys(r["unit"] for r in rows if r["stale"]),
            "missing_budget_estimate": missing_budget_estimate(owing, estimates),
            "stale_threshold_days": threshold,
        },
        "months": [
            {
                "month": month,
                "portal": tally.months.get((main.pk, month), 0),
                "subsites": sum(tally.months.get((uid, month), 0) for uid in sub_ids),
            }
            for month in _months(start, end)
        ],
    }
