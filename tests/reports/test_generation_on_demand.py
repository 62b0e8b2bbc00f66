"""The half-year report is generated when the board asks, never without a signer, marked out of date
after an edit, shown as stalled when its worker is lost (and restartable), and queued for later when the
task queue (Redis) is down — all read on the admin pages the board uses."""

from __future__ import annotations

import json
import socket
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from reports import services
from reports.enums import ReportStatus
from reports.models import Report

pytestmark = pytest.mark.django_db
SIGNER = "Nguyễn Thanh Tâm"
FORM_FIELDS = (
    "number",
    "symbol",
    "issuer_parent",
    "issuer",
    "place",
    "abstract",
    "situation",
    "advantages",
    "limitations",
    "directions",
    "signer_authority",
    "signer_position",
    "signer_title",
    "signer_name",
    "recipients",
)


@pytest.fixture
def report(main_portal, board):
    return services.report_create(
        period_start=date(2022, 1, 1), period_end=date(2022, 6, 30), acting_user=board
    )


@pytest.fixture
def board_client(client, board, settings):
    """The board reading the admin in English (the assertions quote the English messages)."""
    client.force_login(board)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _post(client, report: Report, *, generate=False, **changes):
    report.refresh_from_db()
    data = {name: getattr(report, name) or "" for name in FORM_FIELDS}
    data.update(
        period_start=report.period_start.isoformat(),
        period_end=report.period_end.isoformat(),
        report_date=report.report_date.isoformat(),
        **changes,
    )
    if generate:
        data["_generate"] = "1"
    response = client.post(reverse("admin:reports_report_change", args=[report.pk]), data, follow=True)
    assert response.status_code == 200
    assert "errornote" not in response.text, response.text
    report.refresh_from_db()
    return response.text


def _page(client, report: Report) -> str:
    return client.get(reverse("admin:reports_report_change", args=[report.pk])).text


def test_generation_refused_without_a_signer_name(board_client, report):
    assert report.signer_name == ""
    text = _post(board_client, report, generate=True)
    assert "enter the signer" in text.lower() or "signer’s name" in text.lower() or "signer's name" in text
    assert report.status == ReportStatus.NEW and not report.docx_file


def test_generated_when_asked_then_marked_out_of_date_by_an_edit(
    board_client, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(board_client, report, generate=True, signer_name=SIGNER, situation="- Hoạt động ổn định.")
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.docx_file and not report.files_stale
    page = _page(board_client, report)
    assert reverse("admin:reports_report_download", args=[report.pk, "docx"]) in page
    assert "changed after its files were generated" not in page

    _post(board_client, report, directions="- Nâng cấp giao diện.")
    assert report.files_stale
    page = _page(board_client, report)
    assert "changed after its files were generated" in page
    assert "Save and generate again" in page

    with django_capture_on_commit_callbacks(execute=True):
        _post(board_client, report, generate=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and not report.files_stale
    assert "changed after its files were generated" not in _page(board_client, report)


def test_progress_is_polled_while_it_runs(board_client, report):
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, progress=40, heartbeat_at=timezone.now(), signer_name=SIGNER
    )
    page = _page(board_client, report)
    assert 'data-running="1"' in page and "reports/admin/progress.js" in page
    assert reverse("admin:reports_jsi18n") in page
    state = board_client.get(reverse("admin:reports_report_progress", args=[report.pk])).json()
    assert (state["status"], state["progress"], state["running"]) == ("running", 40, True)
    # A second generation waits for the first one.
    text = _post(board_client, report, generate=True)
    assert "is being generated (40%)" in text
    assert report.status == ReportStatus.RUNNING


def test_a_lost_worker_shows_as_stalled_and_the_board_restarts_it(
    board_client, report, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_REPORT_STALL_MINUTES = 10
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING,
        progress=40,
        run_id="lost",
        heartbeat_at=timezone.now() - timedelta(minutes=11),
        signer_name=SIGNER,
    )
    page = _page(board_client, report)
    assert "Stalled: no progress since" in page and "Save and restart the generation" in page
    assert board_client.get(reverse("admin:reports_report_progress", args=[report.pk])).json()["stalled"]
    with django_capture_on_commit_callbacks(execute=True):
        _post(board_client, report, generate=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.run_id != "lost"
    # The lost run's message, delivered again after the broker's visibility timeout, does nothing.
    generated_at = report.generated_at
    services.report_build(report_id=report.pk, run_id="lost")
    report.refresh_from_db()
    assert report.generated_at == generated_at


def _settle(report: Report) -> None:
    """Half a minute later: a pending send is no longer on its way."""
    Report.objects.filter(pk=report.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def broker_down():
    """Sending tasks really goes to a Redis on a closed loopback port (nothing listens there)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    saved = app.conf.broker_url
    app.conf.task_always_eager = False
    _use_broker(f"redis://127.0.0.1:{port}/2")
    yield
    _use_broker(saved)
    app.conf.task_always_eager = True


def _use_broker(url: str) -> None:
    """The app's cached connection and producer pools are dropped, so the next send uses `url`."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)  # committed as in production: the send is really tried
def test_redis_down_generation_starts_later_by_itself(board_client, report, broker_down, caplog):
    text = _post(board_client, report, generate=True, signer_name=SIGNER)
    assert "task queue is unavailable" in text and "will start by itself" in text
    assert report.status == ReportStatus.QUEUED and report.enqueue_pending
    assert "Task queue unavailable" in caplog.text  # the send was tried, refused, and logged
    assert "generation will start by itself once it is back" in _page(board_client, report)
    # Still down: the admin's sweep tries again, nothing breaks.
    assert board_client.get(reverse("admin:reports_report_changelist")).status_code == 200

    app.conf.task_always_eager = True  # the queue is back (tasks run inline in tests)
    _settle(report)
    assert board_client.get(reverse("admin:reports_report_changelist")).status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and not report.enqueue_pending


@pytest.mark.django_db(transaction=True)
def test_the_periodic_sweep_sends_what_the_queue_refused(report, broker_down):
    Report.objects.filter(pk=report.pk).update(signer_name=SIGNER)
    services.report_generate(report=report, acting_user=None)
    report.refresh_from_db()
    assert report.enqueue_pending
    from reports.tasks import BEAT_SCHEDULE, requeue_pending_reports

    assert any(e["task"] == requeue_pending_reports.name for e in BEAT_SCHEDULE.values())
    app.conf.task_always_eager = True
    assert requeue_pending_reports() == 0  # just queued: its own send may still be on its way
    _settle(report)
    assert requeue_pending_reports() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_the_progress_script_reads_its_strings_from_the_catalogue(client, board, settings):
    client.force_login(board)
    for language, text in (("vi", "Tự cập nhật trong khi đang tạo."), ("km", "ធ្វើបច្ចុប្បន្នភាព")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        catalogue = client.get(reverse("admin:reports_jsi18n")).content.decode()
        escaped = json.dumps(text)[1:-1]  # the catalogue writes non-ASCII text as \u escapes
        assert text in catalogue or escaped in catalogue, language


def test_redis_down_creating_a_report_works(
    board_client, main_portal, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = board_client.post(
            reverse("admin:reports_report_add"),
            {"preset": "first_half", "year": "2022", "report_date": "2022-07-05"},
        )
    assert response.status_code == 302
    assert Report.objects.get().status == ReportStatus.NEW
