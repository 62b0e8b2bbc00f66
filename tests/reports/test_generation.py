"""Reports created, prefilled, generated in the background with progress, and downloaded by the board only."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import AuditEntry
from reports import services
from reports.enums import ReportStatus
from reports.models import Report
from reports.tasks import generate_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def created(main_portal, unit_a, board):
    return services.report_create(
        period_start=date(2022, 1, 1),
        period_end=date(2022, 6, 30),
        number=12,
        signer_name="Nguyễn Thanh Tâm",
        acting_user=board,
    )


@pytest.fixture
def report(created, board, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(report=created, acting_user=board)
    created.refresh_from_db()
    return created


def test_generation_records_progress_files_and_audit(report, settings):
    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.figures["portal"]["unit"] == "tinh"
    for field in (report.docx_file, report.pdf_file, report.xlsx_file):
        assert field.name and field.storage.exists(field.name)
        assert str(settings.PORTAL_PRIVATE_ROOT) in field.path
    actions = list(AuditEntry.objects.filter(object_id=str(report.pk)).values_list("action", flat=True))
    assert {"report.create", "report.generate", "report.generated"} <= set(actions)


def test_failure_is_recorded_on_the_report(created, settings):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "reports.no_such_module.Sources"
    with pytest.raises(Exception, match="cannot be imported"):
        generate_report.delay(created.pk)
    report = Report.objects.get(pk=created.pk)
    assert report.status == ReportStatus.FAILED
    assert "PORTAL_REPORT_CONTENT_SOURCES" in report.error
    assert report.progress == 5


def test_task_survives_a_dead_worker():
    assert generate_report.acks_late and generate_report.reject_on_worker_lost


def test_narrative_prefilled_from_the_previous_report(created, board):
    services.report_update(
        report=created,
        acting_user=board,
        changes={"limitations": "- Đội ngũ phóng viên còn mỏng.", "signer_name": "Nguyễn Thanh Tâm"},
    )
    following = services.report_create(
        period_start=date(2022, 7, 1), period_end=date(2022, 12, 31), acting_user=board
    )
    assert following.limitations == "- Đội ngũ phóng viên còn mỏng."
    assert following.signer_name == "Nguyễn Thanh Tâm"
    assert following.issuer == "BAN BIÊN TẬP CỔNG TTĐT"


def test_report_number_unique_per_year(created, board):
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError, match="already used"):
        services.report_create(
            period_start=date(2022, 7, 1),
            period_end=date(2022, 12, 31),
            number=12,
            report_date=created.report_date,
            acting_user=board,
        )


def test_board_downloads_as_attachment(client, report, board):
    client.force_login(board)
    for file_format, magic in (("docx", b"PK"), ("pdf", b"%P"), ("xlsx", b"PK")):
        response = client.get(reverse("admin:reports_report_download", args=[report.pk, file_format]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content)[:2] == magic


def test_others_cannot_download(client, report, editor_a, unit_admin_a):
    url = reverse("admin:reports_report_download", args=[report.pk, "docx"])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in (editor_a, unit_admin_a):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert not response.has_header("Content-Disposition")


def test_files_are_not_under_media(report, settings):
    from pathlib import Path

    assert not Path(report.docx_file.path).is_relative_to(Path(settings.MEDIA_ROOT))
