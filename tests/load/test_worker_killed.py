"""A Celery worker process killed (SIGKILL) in the middle of a report: the report completes on retry.

generate_report is acks_late with reject_on_worker_lost: the message goes back to the queue when
the process running it dies, and the worker's next process builds the report from the start.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date

import pytest

from config.celery import app
from reports.enums import ReportStatus
from reports.services import report_create

from .harness import ROOT, require_celery_integration, server_env, spawn, stop, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _content_sources() -> dict[str, str]:
    """The real database source when the reports app ships it; the reports tests' fake until then."""
    import importlib.util

    if importlib.util.find_spec("reports.sources_db") is not None:
        return {}
    return {"PORTAL_REPORT_CONTENT_SOURCES": "tests.reports.fakes.FakeSources"}


@pytest.fixture
def eager_off():
    """The other tests run tasks inline; this one sends its task to a real worker."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def _started(marker, report) -> str:
    """The pid of the process running the task; a report that failed before it stalled fails the test."""
    report.refresh_from_db()
    assert report.status != ReportStatus.FAILED, report.error
    assert report.status != ReportStatus.DONE, "the report was built without the stalling worker"
    return marker.exists() and marker.read_text()


def test_report_completes_after_its_worker_is_killed(tmp_path, main_portal, eager_off):
    redis_url = require_celery_integration()
    marker = tmp_path / "running.pid"
    queue = f"reports-kill-{os.getpid()}"
    env = server_env(
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        PORTAL_TEST_KILL_MARKER=str(marker),
        **_content_sources(),
    )
    worker = spawn(
        [sys.executable, str(ROOT / "tests" / "load" / "slow_worker.py"), "-Q", queue],
        env=env,
        log=tmp_path / "worker.log",
    )
    try:
        report = report_create(period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), acting_user=None)
        from reports.tasks import generate_report

        # Sent by the portal's own app (never run inline), not by whichever app another test made current.
        app.send_task(generate_report.name, (report.pk,), queue=queue)
        pid = int(
            wait_until(lambda: _started(marker, report), timeout=120, what="task start", process=worker)
        )
        os.kill(pid, signal.SIGKILL)

        def done():
            report.refresh_from_db()
            return report.status in (ReportStatus.DONE, ReportStatus.FAILED)

        wait_until(done, timeout=90, what="report after the retry", process=worker)
        assert report.status == ReportStatus.DONE, report.error
        assert report.pdf_file and report.docx_file and report.xlsx_file
        assert pid != os.getpid()
    finally:
        stop(worker)
