"""Working-day deadlines of questions (Decree 43/2011 Điều 17 k1 đ), on the portal's holiday calendar.

The due date is stored so that queues, reminders and statistics can filter in SQL; it is recomputed
from receipt, the extension and the clarification pauses whenever one of them or the calendar
changes. The deadline status (on time, due soon, overdue, very overdue) is always computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from portal.workdays import add_working_days, is_working_day, working_days_between

from . import conf
from .enums import CLOCK_RUNNING_STATES, DeadlineStatus, QuestionState


def local_date(moment) -> date:
    return timezone.localtime(moment).date()


def working_days_before(end: date, days: int) -> date:
    """The latest date from which `end` is `days` working days away (inverse of add_working_days)."""
    current, remaining = end, days
    while remaining > 0:
        if is_working_day(current):
            remaining -= 1
        current -= timedelta(days=1)
    return current


def due_date_for(received: date, *, extension_days: int = 0, pauses: list[tuple[date, date]] = ()) -> date:
    """Receipt + the legal working days + the extension, pushed back by each finished pause."""
    due = add_working_days(received, conf.answer_working_days() + extension_days)
    for start, end in pauses:
        due = add_working_days(due, max(working_days_between(start, end), 0))
    return due


def pauses_of(question) -> list[tuple[date, date]]:
    """Finished clarification pauses, from the question's history (an open pause is not counted yet)."""
    pauses, started = [], None
    for event in question.events.order_by("at", "id"):
        if event.to_state == QuestionState.CLARIFICATION:
            started = local_date(event.at)
        elif event.from_state == QuestionState.CLARIFICATION and started is not None:
            pauses.append((started, local_date(event.at)))
            started = None
    return pauses


def compute_due_date(question) -> date:
    return due_date_for(
        local_date(question.submitted_at),
        extension_days=question.extension_days,
        pauses=pauses_of(question) if question.pk else [],
    )


@dataclass(frozen=True)
class Cutoffs:
    """Dates that split due dates into statuses for one day; the same for Python and SQL."""

    today: date
    soon_before: date  # due before this (and not past): due soon
    very_on_or_before: date  # due on or before this: very overdue


def cutoffs(today: date | None = None) -> Cutoffs:
    today = today or timezone.localdate()
    return Cutoffs(
        today=today,
        soon_before=add_working_days(today, conf.due_soon_working_days() + 1),
        very_on_or_before=working_days_before(today, conf.very_overdue_working_days() + 1),
    )


def status_for(due: date | None, state: str, today: date | None = None) -> DeadlineStatus | None:
    if state == QuestionState.CLARIFICATION:
        return DeadlineStatus.PAUSED
    if state not in CLOCK_RUNNING_STATES or due is None:
        return None
    c = cutoffs(today)
    if due <= c.very_on_or_before:
        return DeadlineStatus.VERY_OVERDUE
    if due < c.today:
        return DeadlineStatus.OVERDUE
    if due < c.soon_before:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME


def deadline_status(question, today: date | None = None) -> DeadlineStatus | None:
    return status_for(question.due_date, question.state, today)
