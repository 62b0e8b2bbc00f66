"""Working days: Monday to Friday, minus public holidays, plus make-up working days (CalendarDay).

The calendar's rows come from the maintained `holidays` package (Vietnam: Tết and the other public
holidays by the lunar calendar, the days off and make-up Saturdays decreed so far) and are edited in
the admin when the government decrees another swap. Every range question reads the calendar once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.core.cache import cache
from django.dispatch import Signal

from .enums import DayKind
from .models import CalendarDay

_CACHE_KEY = "portal:calendar:v1"
HOLIDAY, WORKING = DayKind.HOLIDAY.value, DayKind.WORKING.value

# Sent after days were added in bulk (no post_save per row): deadlines computed from the calendar
# must be computed again.
calendar_changed = Signal()


def _calendar() -> tuple[frozenset[date], frozenset[date]]:
    cached = cache.get(_CACHE_KEY)
    if cached is None:
        rows = list(CalendarDay.objects.values_list("date", "kind"))
        cached = (
            frozenset(d for d, k in rows if k == HOLIDAY),
            frozenset(d for d, k in rows if k == WORKING),
        )
        cache.set(_CACHE_KEY, cached, 3600)
    return cached


def forget_calendar() -> None:
    cache.delete(_CACHE_KEY)


def _working_day_rule() -> Callable[[date], bool]:
    """One read of the calendar, for every day a range asks about."""
    holidays, makeup = _calendar()
    return lambda day: day in makeup or (day.weekday() < 5 and day not in holidays)


def is_working_day(day: date) -> bool:
    return _working_day_rule()(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    working = _working_day_rule()
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if working(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    working = _working_day_rule()
    return sum(1 for n in range(1, (end - start).days + 1) if working(start + timedelta(days=n)))


def official_days(years: Iterable[int]) -> dict[date, tuple[str, str]]:
    """date → (kind, Vietnamese name) of Vietnam's public holidays and make-up working days."""
    import holidays as holiday_package  # only where the calendar is seeded: it is 5 MiB in a web worker

    calendar = holiday_package.country_holidays("VN", years=list(years), language="vi")
    days = {day: (HOLIDAY, name) for day, name in calendar.items()}
    for day in calendar.weekend_workdays:
        if day.year in calendar.years:
            days[day] = (WORKING, "Ngày làm việc bù")
    return days


def seed_calendar(years: Iterable[int]) -> int:
    """Add the official days of these years to the calendar; days already there (edited by hand) are
    kept as they are. Returns the number of days added."""

    days = official_days(years)
    known = set(CalendarDay.objects.filter(date__in=list(days)).values_list("date", flat=True))
    added = [
        CalendarDay(date=day, kind=kind, name=name[:200])
        for day, (kind, name) in sorted(days.items())
        if day not in known
    ]
    CalendarDay.objects.bulk_create(added, ignore_conflicts=True)
    forget_calendar()
    if added:
        calendar_changed.send(sender=CalendarDay)
    return len(added)
