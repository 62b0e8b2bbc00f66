"""portal.timeutil: local dates (Asia/Ho_Chi_Minh, UTC+7) as moments."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal.timeutil import local_day_bounds, local_midnight


def test_local_midnight_is_17_00_utc_the_day_before():
    assert local_midnight(date(2024, 3, 1)) == datetime(2024, 2, 29, 17, 0, tzinfo=UTC)


def test_bounds_cover_whole_local_days_end_exclusive():
    since, until = local_day_bounds(date(2024, 3, 1), date(2024, 3, 31))
    assert since == datetime(2024, 2, 29, 17, 0, tzinfo=UTC)
    assert until == datetime(2024, 3, 31, 17, 0, tzinfo=UTC)


def test_a_moment_across_midnight_utc_belongs_to_the_local_day():
    """23:30 UTC on 31/3 is 06:30 on 1/4 in Vietnam: in April's bounds, not March's."""
    moment = datetime(2024, 3, 31, 23, 30, tzinfo=UTC)
    march = local_day_bounds(date(2024, 3, 1), date(2024, 3, 31))
    april = local_day_bounds(date(2024, 4, 1), date(2024, 4, 30))
    assert not (march[0] <= moment < march[1])
    assert april[0] <= moment < april[1]
    # 16:59 UTC on 31/3 is still 23:59 on 31/3 locally.
    assert march[0] <= datetime(2024, 3, 31, 16, 59, tzinfo=UTC) < march[1]


def test_one_day():
    since, until = local_day_bounds(date(2024, 3, 5), date(2024, 3, 5))
    assert (until - since).total_seconds() == 24 * 3600
