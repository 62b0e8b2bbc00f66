from celery import shared_task

from . import visits

BEAT_SCHEDULE = {
    "reports-flush-visits": {"task": "reports.tasks.flush_visits", "schedule": 120.0},
}


@shared_task(acks_late=True)
def flush_visits() -> int:
    """Move page-view counters from Redis into DailyVisits (every two minutes)."""
    return visits.flush()
