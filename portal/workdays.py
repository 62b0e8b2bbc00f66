"""Working days: Monday to Friday, minus public holidays, plus make-up working days (CalendarDay)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.cache import cache

_CACHE_KEY = "portal:calendar:v1"


def _calendar() -> tuple[frozenset[date], frozenset[date]]:
    cached = cache.get(_CACHE_KEY)
    if cached is None:
        from .models import CalendarDay

        rows = list(CalendarDay.objects.values_list("date", "kind"))
        cached = (
            frozenset(d for d, k in rows if k == "holiday"),
            frozenset(d for d, k in rows if k == "working"),
        )
        cache.set(_CACHE_KEY, cached, 3600)
    return cached


def forget_calendar() -> None:
    cache.delete(_CACHE_KEY)


def is_working_day(day: date) -> bool:
    holidays, makeup = _calendar()
    if day in makeup:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))
