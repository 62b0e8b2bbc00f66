from datetime import date

import pytest

from portal.enums import DayKind
from portal.models import CalendarDay
from portal.workdays import add_working_days, forget_calendar, working_days_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def tet_2026():
    # Tết Bính Ngọ: 14–22/02/2026 off (Sat–Sun included), Saturday 28/02 a make-up working day (example).
    for day in range(16, 21):
        CalendarDay.objects.create(date=date(2026, 2, day), kind=DayKind.HOLIDAY, name="Tết Nguyên đán")
    CalendarDay.objects.create(date=date(2026, 2, 28), kind=DayKind.WORKING, name="Làm bù")
    forget_calendar()


def test_plain_week():
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)  # Monday + 5 → next Monday


def test_across_tet_and_a_make_up_saturday(tet_2026):
    # Friday 13/02 + 3 working days: 16–20 off, 23, 24 … but Saturday 28/02 is not in range yet.
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    # From Wednesday 25/02: 26 (1), 27 (2), Saturday 28 make-up (3).
    assert add_working_days(date(2026, 2, 25), 3) == date(2026, 2, 28)


def test_between(tet_2026):
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 25)) == 3
    assert working_days_between(date(2026, 2, 25), date(2026, 2, 13)) == -3


def test_calendar_change_is_seen_after_forgetting(tet_2026):
    CalendarDay.objects.filter(date=date(2026, 2, 20)).delete()
    forget_calendar()
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 20)
