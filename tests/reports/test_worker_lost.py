"""The whole Celery worker killed (SIGKILL of its main process and its pool) in the middle of a report:
the report does not stay "running" for Redis's default hour. The unacknowledged message comes back after
the broker's visibility timeout (CELERY_BROKER_TRANSPORT_OPTIONS, set small here through the
environment) and the next worker builds the report; meanwhile the board sees it stalled.

Runs with the production stack (PostgreSQL, Redis, PORTAL_CELERY_INTEGRATION), as CI does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date

import pytest

from config.celery import app
from reports import services
from reports.enums import ReportStatus
from reports.models import Report
from tests.load.harness import ROOT, require_celery_integration, server_env, stop, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _route(routes) -> None:
    """Celery's router keeps the table it was first built with: setting task_routes alone would leave
    the task going where an earlier test of this process sent one (a queue no worker listens to)."""
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


@pytest.fixture
def queue():
    """Tasks go to a real worker on a queue of this test's own."""
    name = f"reports-lost-{os.getpid()}"
    routes = app.conf.task_routes
    app.conf.task_always_eager = False
    _route({"reports.tasks.generate_report": {"queue": name}})
    yield name
    _route(routes)
    app.conf.task_always_eager = True


def _worker(queue: str, env: dict, log) -> subprocess.Popen:
    """A worker in a session of its own: killing its group kills the main process and the pool at once."""
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "load" / "slow_worker.py"), "-Q", queue],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process.log = log
    return process


def test_report_finishes_soon_after_the_whole_worker_is_killed(tmp_path, main_portal, queue):
    redis_url = require_celery_integration()
    marker = tmp_path / "running.pid"
    env = server_env(
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        PORTAL_PRIVATE_ROOT=str(tmp_path / "private"),
        PORTAL_TEST_KILL_MARKER=str(marker),
        PORTAL_CELERY_VISIBILITY_TIMEOUT="4",
        PORTAL_CELERY_RESTORE_SECONDS="1",
    )
    report = services.report_create(
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        signer_name="Nguyễn Thanh Tâm",
        acting_user=None,
    )
    worker = _worker(queue, env, tmp_path / "worker.log")
    try:
        report = services.report_generate(report=report, acting_user=None)
        assert not report.enqueue_pending
        # A worker on a loaded CI machine (two test processes, Chromium, LibreOffice) has been seen to print
        # its banner two minutes after it was started: the bound is for a lost task, not a slow start.
        wait_until(marker.exists, timeout=300, what="the task to start", process=worker)
        report.refresh_from_db()
        assert report.status == ReportStatus.RUNNING
        os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool: nothing acknowledges
        worker.wait(timeout=10)

        worker = _worker(queue, env, tmp_path / "worker.log")

        def finished():
            report.refresh_from_db()
            return report.status in (ReportStatus.DONE, ReportStatus.FAILED)

        # Redis's default visibility timeout would keep it "running" for an hour.
        wait_until(finished, timeout=90, what="the report after the worker was lost", process=worker)
        assert report.status == ReportStatus.DONE, report.error
        assert report.docx_file and report.pdf_file and report.xlsx_file
        assert Report.objects.get(pk=report.pk).progress == 100
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
        stop(worker)
