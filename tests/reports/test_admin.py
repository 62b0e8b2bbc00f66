"""The reports admin for the board only; the compliance page for the board (all units) and each unit."""

from datetime import date

import pytest
from django.urls import reverse

from portal.services import SYSTEM
from reports.enums import ReportStatus
from reports.models import Report
from subsites import services as subsite_services
from subsites.enums import PageRole
from tests.factories.subsites import PageFactory

pytestmark = pytest.mark.django_db


def test_board_creates_a_report_from_a_preset(client, board, main_portal, django_capture_on_commit_callbacks):
    client.force_login(board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:reports_report_add"),
            {"preset": "second_half", "year": "2022", "number": "3", "report_date": "2023-01-05"},
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    report = Report.objects.get()
    assert (report.period_start, report.period_end) == (date(2022, 7, 1), date(2022, 12, 31))
    # Not generated before the board has read the narrative and the signer: it asks for it on the page.
    assert report.status == ReportStatus.NEW and not report.docx_file
    assert response["Location"] == reverse("admin:reports_report_change", args=[report.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="_generate"' in page.text


def test_any_two_dates_need_both_and_in_order(client, board, main_portal):
    client.force_login(board)
    response = client.post(
        reverse("admin:reports_report_add"),
        {
            "preset": "custom",
            "period_start": "2022-06-30",
            "period_end": "2022-01-01",
            "report_date": "2022-07-05",
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["period_end"]
    assert not Report.objects.exists()


def test_editors_see_no_reports(client, editor_a):
    client.force_login(editor_a)
    assert client.get(reverse("admin:reports_report_changelist")).status_code == 403
    assert "reports/report/" not in client.get(reverse("admin:index")).text


def test_board_sees_every_unit_sorted(client, board, unit_a, unit_b):
    client.force_login(board)
    url = reverse("admin:reports_complianceunit_changelist")
    response = client.get(url, {"o": "-key"})
    assert response.status_code == 200
    keys = [row.unit.key for row in response.context["rows"]]
    assert keys == sorted(keys, reverse=True) and {"sotp", "soyt", "tinh"} <= set(keys)


def test_english_pages_older_than_vietnamese_are_flagged(client, board, unit_a):
    page = PageFactory(unit=unit_a, role=PageRole.ORGANIZATION)
    subsite_services.page_save(page=page, acting_user=SYSTEM, changed_languages={"vi", "en"})
    PageFactory(unit=unit_a, role=PageRole.CONTACT)  # saved without the service: no English date
    client.force_login(board)
    response = client.get(reverse("admin:reports_complianceunit_change", args=[unit_a.pk]))
    assert response.context["row"].english_problems == [PageRole.CONTACT]
    subsite_services.page_save(page=page, acting_user=SYSTEM, changed_languages={"vi"})
    response = client.get(reverse("admin:reports_complianceunit_change", args=[unit_a.pk]))
    assert set(response.context["row"].english_problems) == {PageRole.CONTACT, PageRole.ORGANIZATION}


def test_unit_editors_see_their_own_unit_only(client, editor_a, unit_a, unit_b):
    client.force_login(editor_a)
    response = client.get(reverse("admin:reports_complianceunit_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:reports_complianceunit_change", args=[unit_a.pk])
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("admin:reports_complianceunit_change", args=[unit_b.pk])).status_code == 404
    assert client.get(reverse("admin:reports_complianceunit_change", args=[999999])).status_code == 404


def test_stale_from_the_figures(client, board, unit_a, django_capture_on_commit_callbacks):
    client.force_login(board)
    response = client.get(reverse("admin:reports_complianceunit_change", args=[unit_a.pk]))
    row = response.context["row"]
    assert response.context["source"].live
    assert row.stale is True and row.gap == 90
