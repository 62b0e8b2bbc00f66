from celery import shared_task
from django.db import InterfaceError, OperationalError

# The module, not its names: services imports this module to queue the generation.
from . import services, visits

BEAT_SCHEDULE = {
    "reports-flush-visits": {"task": "reports.tasks.flush_visits", "schedule": 120.0},
    "reports-requeue-pending": {"task": "reports.tasks.requeue_pending_reports", "schedule": 60.0},
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
def generate_report(report_id: int, run_id: str = "") -> str:
    """Build a report's figures and its DOCX, PDF and XLSX, recording progress on the report. Safe to run
    twice (acks_late): a run replaced meanwhile does nothing, a repeated one rewrites the same files."""

    return services.report_build(report_id=report_id, run_id=run_id).status


@shared_task(acks_late=True)
def requeue_pending_reports() -> int:
    """Send the generations that the task queue refused while it was down (every minute)."""

    return services.report_requeue_pending()
