"""Queued and periodic work of alerts: matching a publication, sending what is owed, digests, purging."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from . import conf, services
from .enums import Frequency


@shared_task(name="alerts.tasks.match_publication")
def match_publication(kind: str, pk: int | str) -> int:
    """Owe the item to who follows it, then send the immediate ones."""
    owed = services.match_publication(kind=kind, pk=pk)
    if owed:
        services.send_immediate()
    return owed


@shared_task(name="alerts.tasks.send_immediate")
def send_immediate() -> int:
    """What the hourly limit held back leaves with a later run."""
    return services.send_immediate()


@shared_task(name="alerts.tasks.send_digests")
def send_digests() -> int:
    sent = services.send_digests(Frequency.DAILY)
    if timezone.localdate().weekday() == 0:
        sent += services.send_digests(Frequency.WEEKLY)
    return sent


@shared_task(name="alerts.tasks.purge_unconfirmed")
def purge_unconfirmed() -> int:
    return services.purge_unconfirmed()


BEAT_SCHEDULE = {
    "alerts-send-immediate": {"task": "alerts.tasks.send_immediate", "schedule": 300.0},
    # Celery's crontab reads the local hour (CELERY_TIMEZONE, Asia/Ho_Chi_Minh).
    "alerts-send-digests": {
        "task": "alerts.tasks.send_digests",
        "schedule": crontab(hour=conf.digest_hour(), minute=0),
    },
    "alerts-purge-unconfirmed": {
        "task": "alerts.tasks.purge_unconfirmed",
        "schedule": crontab(hour=3, minute=30),
    },
}
