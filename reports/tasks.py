from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import visits

BEAT_SCHEDULE = {
    "reports-flush-visits": {"task": "reports.tasks.flush_visits", "schedule": 120.0},
}


@shared_task(acks_late=True)
def flush_visits() -> int:
    """Move page-view counters from Redis into DailyVisits (every two minutes)."""
    return visits.flush()


@shared_task(
    acks_late=True,
    # A worker that dies mid-report puts the message back on the queue: another worker starts again.
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def generate_report(report_id: int) -> str:
    """Build a report's figures and its DOCX, PDF and XLSX, recording progress on the report."""
    from .services import report_build

    return report_build(report_id=report_id).status
