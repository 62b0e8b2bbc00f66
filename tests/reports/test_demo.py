"""The demo report: generated through the services from the demo content, once per period."""

from datetime import date

import pytest
from django.utils import timezone

from portal.enums import Status
from reports import demo
from reports.enums import ReportStatus
from reports.models import Report
from tests.factories.news import ArticleFactory

from .fakes import local

pytestmark = pytest.mark.django_db


def test_previous_half_year():
    assert demo.previous_half_year(date(2024, 3, 5)) == (date(2023, 7, 1), date(2023, 12, 31))
    assert demo.previous_half_year(date(2024, 7, 1)) == (date(2024, 1, 1), date(2024, 6, 30))


def test_demo_report_from_the_demo_content_is_idempotent(settings, main_portal, unit_a, superuser):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "reports.sources_db.DatabaseSources"
    start, end = demo.previous_half_year(timezone.localdate())
    ArticleFactory(unit=main_portal, status=Status.PUBLISHED, published_at=local(end.year, end.month, 1))
    seeded = {"main": main_portal, "units": {"sotp": unit_a}, "users": []}
    demo.seed(seeded)
    demo.seed(seeded)
    report = Report.objects.get()
    assert (report.period_start, report.period_end, report.status) == (start, end, ReportStatus.DONE)
    assert report.created_by == superuser and report.situation.startswith("Cổng thông tin điện tử")
    assert report.figures["portal"]["articles"] == 1
    assert report.docx_file and report.pdf_file and report.xlsx_file
