"""Daily reminders and escalation, deletion of unconfirmed questions (tasks run inline here)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from citizen_qa import services, tasks
from citizen_qa.enums import QuestionState as S
from citizen_qa.enums import ReminderKind
from citizen_qa.models import Question, QuestionReminder
from config.celery import app
from tests.factories.citizen_qa import QuestionFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 9)  # a Monday


@pytest.fixture
def inbox(main_portal, unit_a, unit_b, editor_a, portal_editor):
    def make(due: date, state=S.IN_PROGRESS):
        return QuestionFactory(unit=unit_b, forwarded_to=unit_a, state=state, due_date=due)

    return {
        "on_time": make(date(2026, 3, 30)),
        "due_soon": make(date(2026, 3, 11)),
        "overdue": make(date(2026, 3, 5)),
        "very_overdue": make(date(2026, 2, 20)),
        "paused": make(date(2026, 2, 20), state=S.CLARIFICATION),
        "answered": make(date(2026, 2, 20), state=S.ANSWERED),
    }


def test_reminders_to_the_unit_and_escalation_to_the_portal(
    inbox, unit_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=TODAY) == 2
    reminder, escalation = mail.outbox
    assert "editor_a@example.gov.vn" in reminder.to and unit_a.email in reminder.to
    for key in ("due_soon", "overdue", "very_overdue"):
        assert inbox[key].tracking_code in reminder.body
    for key in ("on_time", "paused", "answered"):
        assert inbox[key].tracking_code not in reminder.body
    assert "portal_editor@example.gov.vn" in escalation.to
    assert inbox["very_overdue"].tracking_code in escalation.body
    assert inbox["overdue"].tracking_code not in escalation.body
    assert set(QuestionReminder.objects.values_list("question_id", "kind")) == {
        (inbox["due_soon"].pk, ReminderKind.DUE_SOON),
        (inbox["overdue"].pk, ReminderKind.OVERDUE),
        (inbox["very_overdue"].pk, ReminderKind.OVERDUE),
        (inbox["very_overdue"].pk, ReminderKind.ESCALATION),
    }


def test_reminders_are_sent_once_a_day(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=TODAY)
        assert services.reminders_send(today=TODAY) == 0
        assert services.reminders_send(today=TODAY + timedelta(days=1)) == 2
    assert len(mail.outbox) == 4


def test_a_unit_without_any_address_gets_no_reminder_row(main_portal, unit_b):
    from tests.factories.subsites import UnitFactory

    silent = UnitFactory(key="silent", email="")
    QuestionFactory(unit=unit_b, forwarded_to=silent, state=S.IN_PROGRESS, due_date=date(2026, 3, 5))
    services.reminders_send(today=TODAY)
    assert not QuestionReminder.objects.exists()


def test_unconfirmed_questions_deleted_after_seven_days(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # their confirmation mails leave
        old, recent = submit(), submit()
    Question.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=8))
    confirmed = submit()
    Question.objects.filter(pk=confirmed.pk).update(submitted_at=timezone.now() - timedelta(days=30))
    services.question_confirm(token=services.confirmation_token(confirmed))
    assert tasks.delete_unconfirmed_questions.delay().get() == 1
    assert set(Question.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}


def test_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    for entry in tasks.BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_reminder_task_recomputes_due_dates_then_reminds(main_portal, unit_a, unit_b, editor_a):
    late = QuestionFactory(
        unit=unit_b,
        forwarded_to=unit_a,
        state=S.IN_PROGRESS,
        submitted_at=timezone.now() - timedelta(days=40),
        due_date=None,
    )
    assert tasks.send_deadline_reminders.delay().get() == 2  # the unit, and the portal (very overdue)
    late.refresh_from_db()
    assert late.due_date < timezone.localdate()
    assert set(QuestionReminder.objects.filter(question=late).values_list("kind", flat=True)) == {
        ReminderKind.OVERDUE,
        ReminderKind.ESCALATION,
    }
