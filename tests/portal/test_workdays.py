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


def test_the_official_calendar_knows_tet_and_the_make_up_saturdays():
    from portal.workdays import seed_calendar

    assert seed_calendar([2025, 2026]) > 20
    days = dict(CalendarDay.objects.values_list("date", "kind"))
    assert all(days[date(2026, 2, d)] == DayKind.HOLIDAY for d in range(16, 21))  # Tết Bính Ngọ
    assert days[date(2025, 4, 26)] == DayKind.WORKING  # Saturday worked for the 30/4–1/5 bridge
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert CalendarDay.objects.get(date=date(2026, 2, 17)).name == "Tết Nguyên Đán"


def test_seeding_again_keeps_what_the_admin_changed():
    from portal.workdays import seed_calendar

    seed_calendar([2026])
    CalendarDay.objects.filter(date=date(2026, 9, 1)).update(name="Quốc khánh (sửa tay)")
    CalendarDay.objects.filter(date=date(2026, 8, 31)).delete()
    CalendarDay.objects.create(date=date(2026, 8, 31), kind=DayKind.WORKING, name="Quyết định riêng")
    assert seed_calendar([2026]) == 0
    assert CalendarDay.objects.get(date=date(2026, 9, 1)).name == "Quốc khánh (sửa tay)"
    assert CalendarDay.objects.get(date=date(2026, 8, 31)).kind == DayKind.WORKING


def test_a_year_of_working_days_reads_the_calendar_once(tet_2026, cache_calls):
    forget_calendar()
    cache_calls.clear()
    assert working_days_between(date(2026, 1, 1), date(2026, 12, 31)) > 240
    assert add_working_days(date(2026, 1, 1), 200) > date(2026, 10, 1)
    assert len(cache_calls) == 2  # one read for each question, not one per day


def test_the_command_refuses_a_year_out_of_range():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="out of range"):
        call_command("seed_calendar", "20266")
    assert not CalendarDay.objects.exists()


def test_the_board_reads_the_seeded_calendar_in_the_admin(client, board):
    from django.urls import reverse

    from portal.workdays import seed_calendar

    seed_calendar([2026])
    client.force_login(board)
    page = client.get(reverse("admin:portal_calendarday_changelist") + "?date__year=2026&date__month=2")
    assert page.status_code == 200
    assert "Tết Nguyên Đán" in page.text
