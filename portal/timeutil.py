"""Local dates as moments: the portal's days are days in Asia/Ho_Chi_Minh (settings.TIME_ZONE).

A period chosen as dates ("from 1/3 to 31/3") must cover whole local days; midnight UTC falls at 07:00
local time, so bounds made in UTC would drop the first seven hours and take seven of the next day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def local_midnight(day: date) -> datetime:
    """The first moment of a local day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def local_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[local midnight of `start`, local midnight after `end`): the local dates, both inclusive, as a
    half-open range of moments for `__gte` / `__lt` filters."""
    return local_midnight(start), local_midnight(end + timedelta(days=1))


# (time zone, first moment, first moment of the next day, the day): the day's bounds, made once a day.
_today: tuple = (None, None, None, None)


def local_today() -> date:
    """`timezone.localdate()` in the portal's time zone, for the hot paths (every page-cache key, every
    view counted): the local day's bounds are worked out once a day, not the date on every call."""
    global _today
    now, zone = timezone.now(), timezone.get_default_timezone()
    cached_zone, start, end, day = _today
    if cached_zone is zone and start <= now < end:
        return day
    day = timezone.localtime(now, zone).date()
    _today = (zone, local_midnight(day), local_midnight(day + timedelta(days=1)), day)
    return day
