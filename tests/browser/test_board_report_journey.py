"""The editorial board in Chromium: a half-year report created, refused without a signer, generated when
asked, marked out of date after an edit, its progress followed on the page without reloading; and the
compliance page of forty units read as a compact table, one line per unit, details on demand."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from reports import services
from reports.enums import ReportStatus
from reports.models import Report
from subsites.enums import SectionKind

from ..factories.subsites import PASSWORD, SectionFactory, UnitFactory, board_member
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board(main_portal, settings, tmp_path):
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"
    settings.PORTAL_REPORT_CONTENT_SOURCES = "tests.reports.fakes.FakeSources"
    return board_member("bbt")


def _signed_in(browser, live_server, **options):
    context = browser.new_context(locale="en-US", **options)
    page = context.new_page()
    login(page, live_server, "bbt", PASSWORD)
    return context, page


def _generation(page) -> str:
    return page.locator(".report-generation").first.inner_text()


def test_board_generates_the_report_when_ready_and_follows_it(board, browser, live_server, screenshot):
    context, page = _signed_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/reports/report/add/")
    page.select_option("#id_preset", "first_half")
    page.fill("#id_year", "2022")
    page.click("input[name=_save]")
    # Created, not generated: the board reads the narrative and the signer first.
    assert "Check the narrative and the signer" in page.locator(".messagelist").inner_text()
    assert "Not generated yet" in _generation(page)
    report = Report.objects.get()
    assert report.status == ReportStatus.NEW and not report.docx_file

    page.fill("#id_signer_name", "")
    page.click("input[name=_generate]")
    assert "enter the signer's name" in page.locator(".messagelist").inner_text()
    assert Report.objects.get().status == ReportStatus.NEW

    page.fill("#id_signer_name", "Nguyễn Thanh Tâm")
    page.fill("#id_situation", "Cổng TTĐT tỉnh hoạt động ổn định, thông suốt.")
    page.click("input[name=_generate]")
    assert "Done" in _generation(page)
    assert page.locator("a[download]", has_text="DOCX").count() == 1

    page.fill("#id_directions", "Nâng cấp giao diện cho thiết bị di động.")
    page.click("input[name=_continue]")
    assert "changed after its files were generated" in _generation(page)
    assert page.locator("input[name=_generate]").get_attribute("value") == "Save and generate again"

    # A worker is half-way through: the page follows it and shows the files without a reload by hand.
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, progress=40, heartbeat_at=timezone.now(), run_id="r1"
    )
    page.reload()
    assert "40%" in _generation(page) and "Updated automatically" in _generation(page)
    assert page.locator("input[name=_generate]").is_disabled()

    def worker():
        try:
            services.report_build(report_id=report.pk, run_id="r1")
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    # The page reloads by itself once the generation has finished (no reload by the test).
    with page.expect_navigation(timeout=60000):
        thread.start()
        thread.join(timeout=120)
    assert "Done" in _generation(page)
    assert page.locator("a[download]", has_text="PDF").count() == 1
    assert "changed after its files" not in _generation(page)
    assert not page.locator("input[name=_generate]").is_disabled()
    screenshot(page, "board-report-generated")
    context.close()


def test_board_sees_a_stalled_generation_and_restarts_it(board, browser, live_server, settings):
    settings.PORTAL_REPORT_STALL_MINUTES = 10
    report = services.report_create(
        period_start=timezone.localdate().replace(month=1, day=1),
        period_end=timezone.localdate().replace(month=6, day=30),
        signer_name="Nguyễn Thanh Tâm",
        acting_user=board,
    )
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING,
        progress=40,
        run_id="lost",
        heartbeat_at=timezone.now() - timedelta(minutes=11),  # the worker was lost 11 minutes ago
    )
    context, page = _signed_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/reports/report/")
    assert "Stalled" in page.locator("#result_list").inner_text()
    page.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")
    button = page.locator("input[name=_generate]")
    assert button.get_attribute("value") == "Save and restart the generation" and button.is_enabled()
    button.click()
    assert "Done" in _generation(page)
    context.close()


@pytest.fixture
def forty_units(main_portal):
    units = [
        UnitFactory(key=f"so{n:02d}", name_vi=f"Sở Ban ngành số {n:02d} tỉnh Trà Vinh") for n in range(40)
    ]
    for unit in units:
        for title in ("Tin tức hoạt động", "Văn bản chỉ đạo điều hành", "Lịch làm việc của lãnh đạo"):
            SectionFactory(unit=unit, title_vi=title, kind=SectionKind.ARTICLES, required=True)
    return units


def test_compliance_page_is_a_compact_table(board, forty_units, browser, live_server, screenshot):
    context, page = _signed_in(browser, live_server, viewport={"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/admin/reports/complianceunit/")
    rows = page.locator("#compliance tbody tr")
    assert rows.count() == 41  # the forty units and the main portal
    heights = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert max(heights) < 48, f"one line per unit, not {max(heights)} px"
    height = page.evaluate("() => document.documentElement.scrollHeight")
    screenshot(page, "board-compliance")
    assert height < 3000, f"the page is {height} px tall for 40 units"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1366, f"the table is wider than the screen: {width} px"

    # Details on demand: a unit's required sections open in place.
    first = rows.nth(1)
    assert not first.locator("details li").first.is_visible()
    first.locator("summary").click()
    assert first.locator("details li", has_text="Section: Tin tức hoạt động").is_visible()

    # Filters: by name or key, and units with problems only.
    page.fill("input[name=q]", "so07")
    page.click("#compliance-filters button")
    # The click only starts the navigation: wait for the filtered page rather than count a half-parsed one.
    page.wait_for_url("**q=so07**")
    expect(page.locator("#compliance tbody tr")).to_have_count(1)
    assert re.search(r"so07", page.locator("#compliance tbody").inner_text())
    page.fill("input[name=q]", "")
    page.select_option("select[name=show]", "stale")
    page.click("#compliance-filters button")
    page.wait_for_url("**show=stale**")
    expect(page.locator("#compliance tbody tr")).to_have_count(40)  # the main portal is not among them
    assert "so07" in page.locator("#compliance tbody").inner_text()
    context.close()
