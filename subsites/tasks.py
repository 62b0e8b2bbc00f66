"""Periodic work of the units app."""

from celery import shared_task
from celery.schedules import crontab

from portal.services import SYSTEM

from . import reorganisation


@shared_task(name="subsites.tasks.cease_units_due_today")
def cease_units_due_today() -> int:
    """Units merged or closed ahead of their date cease at local midnight: their cached pages go and
    the work opened since the operation follows to the successor."""

    return reorganisation.units_ceasing_today(acting_user=SYSTEM)


BEAT_SCHEDULE = {
    "subsites-cease-units-due-today": {
        "task": "subsites.tasks.cease_units_due_today",
        "schedule": crontab(hour=0, minute=5),  # local time (CELERY_TIMEZONE)
    },
}
