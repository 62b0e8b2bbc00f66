"""Periodic work of the Q&A app; each task calls a service."""

from celery import shared_task
from celery.schedules import crontab

from portal.services import SYSTEM
from portal.workdays import forget_calendar

from . import services


@shared_task(name="citizen_qa.tasks.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Units hear about questions due soon or overdue; very overdue ones go to the portal's editors."""
    services.questions_recompute_due_dates(acting_user=SYSTEM)
    return services.reminders_send()


@shared_task(name="citizen_qa.tasks.delete_unconfirmed_questions")
def delete_unconfirmed_questions() -> int:
    return services.questions_delete_unconfirmed()


@shared_task(name="citizen_qa.tasks.erase_asker_data")
def erase_asker_data() -> int:
    return services.questions_erase_asker_data()


@shared_task(name="citizen_qa.tasks.recompute_due_dates")
def recompute_due_dates() -> int:
    """After the holiday calendar changed (see apps.py); this process may hold the old calendar."""
    forget_calendar()
    return services.questions_recompute_due_dates(acting_user=SYSTEM)


BEAT_SCHEDULE = {
    "citizen-qa-deadline-reminders": {
        "task": "citizen_qa.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),  # local time (CELERY_TIMEZONE), before office hours
    },
    "citizen-qa-delete-unconfirmed": {
        "task": "citizen_qa.tasks.delete_unconfirmed_questions",
        "schedule": crontab(hour=2, minute=30),
    },
    "citizen-qa-erase-asker-data": {
        "task": "citizen_qa.tasks.erase_asker_data",
        "schedule": crontab(hour=2, minute=40),
    },
}
