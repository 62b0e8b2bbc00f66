"""Working-day deadlines: across Tết and a make-up Saturday, pauses while the asker clarifies, statuses."""

from datetime import date, datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from citizen_qa import deadlines, services
from citizen_qa.enums import DeadlineStatus
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import Question, QuestionEvent
from portal.enums import DayKind
from portal.models import CalendarDay
from portal.workdays import forget_calendar
from tests.factories.citizen_qa import QuestionFactory

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour), timezone.get_current_timezone())


@pytest.fixture
def tet_2026():
    # Tết Bính Ngọ: Monday 16 – Friday 20/02/2026 off; Saturday 28/02 is a make-up working day.
    for day in range(16, 21):
        CalendarDay.objects.create(date=date(2026, 2, day), kind=DayKind.HOLIDAY, name="Tết Nguyên đán")
    CalendarDay.objects.create(date=date(2026, 2, 28), kind=DayKind.WORKING, name="Làm bù")
    forget_calendar()


def test_fifteen_working_days_in_a_plain_month():
    # Monday 2/3/2026 + 15 working days: three whole weeks → Monday 23/3.
    assert deadlines.due_date_for(date(2026, 3, 2)) == date(2026, 3, 23)


def test_across_tet_and_a_make_up_saturday(tet_2026):
    # Received Wednesday 11/02: 12, 13 (2); Tết 16–20 off; 23–27 (7); Saturday 28 make-up (8);
    # 2–6/3 (13); 9, 10/3 (15).
    assert deadlines.due_date_for(date(2026, 2, 11)) == date(2026, 3, 10)


def test_without_the_make_up_saturday_the_deadline_is_a_day_later(tet_2026):
    CalendarDay.objects.filter(date=date(2026, 2, 28)).delete()
    forget_calendar()
    assert deadlines.due_date_for(date(2026, 2, 11)) == date(2026, 3, 11)


@override_settings(PORTAL_QA_ANSWER_WORKING_DAYS=10)
def test_the_legal_period_is_a_setting():
    assert deadlines.due_date_for(date(2026, 3, 2)) == date(2026, 3, 16)


def test_extension_adds_working_days(tet_2026):
    assert deadlines.due_date_for(date(2026, 2, 11), extension_days=5) == date(2026, 3, 17)


def test_clarification_pauses_the_clock(tet_2026):
    # Paused from Monday 23/02 to Thursday 26/02: 24, 25, 26 = 3 working days added.
    due = deadlines.due_date_for(date(2026, 2, 11), pauses=[(date(2026, 2, 23), date(2026, 2, 26))])
    assert due == date(2026, 3, 13)


def test_pause_recorded_in_the_history_moves_the_due_date(unit_a, unit_b, field_land, editor_a):
    question = QuestionFactory(
        unit=unit_b,
        field=field_land,
        state=S.IN_PROGRESS,
        forwarded_to=unit_a,
        submitted_at=_at(date(2026, 3, 2)),
    )
    QuestionEvent.objects.create(
        question=question,
        at=_at(date(2026, 3, 4)),
        actor_repr="x",
        from_state=S.IN_PROGRESS,
        to_state=S.CLARIFICATION,
    )
    QuestionEvent.objects.create(
        question=question,
        at=_at(date(2026, 3, 9)),
        actor_repr="x",
        from_state=S.CLARIFICATION,
        to_state=S.IN_PROGRESS,
    )
    # 5, 6, 9/3 are three working days of pause: Monday 23/3 → Thursday 26/3.
    assert deadlines.compute_due_date(question) == date(2026, 3, 26)


def test_status_is_paused_while_waiting_for_the_asker_and_resumes_later(advance, editor_a):
    question = advance(S.CLARIFICATION)
    due_while_paused = question.due_date
    assert question.deadline_status == DeadlineStatus.PAUSED
    # Going back three local days makes the pause cover working days when today is a working day.
    event = question.events.get(to_state=S.CLARIFICATION)
    QuestionEvent.objects.filter(pk=event.pk).update(at=event.at - timezone.timedelta(days=7))
    question = services.question_transition(question=question, to_state=S.IN_PROGRESS, acting_user=editor_a)
    assert question.due_date > due_while_paused
    assert question.deadline_status in {DeadlineStatus.ON_TIME, DeadlineStatus.DUE_SOON}


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 3, 20), DeadlineStatus.ON_TIME),  # 9 working days left
        (date(2026, 3, 12), DeadlineStatus.DUE_SOON),  # 3 working days left (default threshold)
        (date(2026, 3, 9), DeadlineStatus.DUE_SOON),  # due today
        (date(2026, 3, 6), DeadlineStatus.OVERDUE),  # 1 working day late
        (date(2026, 3, 2), DeadlineStatus.OVERDUE),  # 5 working days late: not yet "very"
        (date(2026, 2, 27), DeadlineStatus.VERY_OVERDUE),  # 6 working days late
    ],
)
def test_status_python_and_sql_agree(due, expected, unit_a, unit_b):
    today = date(2026, 3, 9)  # a Monday
    question = QuestionFactory(unit=unit_b, state=S.IN_PROGRESS, forwarded_to=unit_a, due_date=due)
    assert deadlines.deadline_status(question, today) == expected
    by_sql = {
        DeadlineStatus.ON_TIME: Question.objects.on_time(today),
        DeadlineStatus.DUE_SOON: Question.objects.due_soon(today),
        DeadlineStatus.OVERDUE: Question.objects.overdue(today).exclude(
            pk__in=Question.objects.very_overdue(today)
        ),
        DeadlineStatus.VERY_OVERDUE: Question.objects.very_overdue(today),
    }
    assert [status for status, qs in by_sql.items() if qs.filter(pk=question.pk).exists()] == [expected]


def test_answered_questions_have_no_deadline_status(unit_a, unit_b):
    question = QuestionFactory(unit=unit_b, published=True, forwarded_to=unit_a, due_date=date(2020, 1, 1))
    assert question.deadline_status is None
    assert not Question.objects.overdue().filter(pk=question.pk).exists()


def test_calendar_change_recomputes_open_due_dates(unit_a, unit_b, django_capture_on_commit_callbacks):
    question = QuestionFactory(
        unit=unit_b, state=S.IN_PROGRESS, forwarded_to=unit_a, submitted_at=_at(date(2026, 3, 2))
    )
    Question.objects.filter(pk=question.pk).update(due_date=deadlines.compute_due_date(question))
    assert Question.objects.get(pk=question.pk).due_date == date(2026, 3, 23)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=date(2026, 3, 10), kind=DayKind.HOLIDAY, name="Nghỉ bù")
    assert Question.objects.get(pk=question.pk).due_date == date(2026, 3, 24)
