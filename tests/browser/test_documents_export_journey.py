"""A journalist on a phone filters the documents by year and downloads what the page lists (CSV, XLSX)."""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.utils import timezone

from documents import services
from documents.enums import Category
from documents.models import Document, IssuingBody
from portal.services import SYSTEM
from subsites.demo import seed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seeded = seed()
    body = services.issuing_body_save(
        body=IssuingBody(name_vi="Ủy ban nhân dân tỉnh Trà Vinh", code="UBND"), acting_user=SYSTEM
    )
    for number, issued_on, title in (
        ("1762/QĐ-UBND", date(2021, 8, 27), "Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh"),
        ("44/KH-UBND", date(2021, 6, 3), '=HYPERLINK("http://evil.example","Kế hoạch")'),
        ("12/QĐ-UBND", date(2019, 1, 2), "Quyết định năm 2019"),
    ):
        document = services.document_create(
            document=Document(
                unit=seeded["main"],
                number_symbol=number,
                category=Category.DIRECTION,
                issuing_body=body,
                issued_on=issued_on,
                title_vi=title,
            ),
            acting_user=SYSTEM,
        )
        published_at = timezone.now() - timedelta(minutes=5)
        services.document_publish(document=document, at=published_at, acting_user=SYSTEM)
    return seeded


def test_journalist_downloads_the_filtered_documents_on_a_phone(
    portal, live_server, browser, phone_context_args, screenshot
):
    context = browser.new_context(**phone_context_args, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/van-ban/")
    page.get_by_label("Năm", exact=True).select_option("2021")
    page.get_by_role("button", name="Tìm văn bản").click()
    page.wait_for_selector("text=2 văn bản")
    listed = page.locator("table.doc-table tbody tr td:first-child a").all_inner_texts()
    assert listed == ["1762/QĐ-UBND", "44/KH-UBND"]
    screenshot(page, "documents-export-phone")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"van-ban-{portal['main'].key}-{timezone.localdate()}.csv"
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:2] == ["Số, ký hiệu", "Trích yếu"]
    assert [row[0] for row in rows[1:]] == listed
    assert rows[2][1] == '\'=HYPERLINK("http://evil.example","Kế hoạch")'

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về XLSX").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == listed
    assert sheet["B3"].data_type == "s"
    context.close()
