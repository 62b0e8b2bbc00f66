"""A citizen on a phone types a decision's number in lower case without accents and downloads its PDF."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from documents import services
from documents.enums import Category
from documents.models import Document, IssuingBody
from portal.services import SYSTEM
from subsites.demo import seed

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def portal(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seeded = seed()
    body = services.issuing_body_save(
        body=IssuingBody(name_vi="Ủy ban nhân dân tỉnh Trà Vinh", code="UBND"), acting_user=SYSTEM
    )
    document = services.document_create(
        document=Document(
            unit=seeded["main"],
            number_symbol="1762/QĐ-UBND",
            category=Category.DIRECTION,
            issuing_body=body,
            issued_on=date(2021, 8, 27),
            title_vi="Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh",
            signer="Lê Văn Hẳn, Phó Chủ tịch",
        ),
        acting_user=SYSTEM,
    )
    services.attachment_add(
        document=document, file=SimpleUploadedFile("1762.pdf", PDF), title="Toàn văn", acting_user=SYSTEM
    )
    services.document_publish(document=document, at=timezone.now() - timedelta(minutes=5), acting_user=SYSTEM)
    return seeded


def test_citizen_finds_a_document_by_number_and_downloads_its_pdf(
    portal, live_server, browser, phone_context_args, screenshot
):
    context = browser.new_context(**phone_context_args, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/van-ban/")
    page.get_by_label("Số, ký hiệu hoặc từ trong trích yếu").fill("1762/qd-ubnd")
    page.get_by_role("button", name="Tìm văn bản").click()
    page.get_by_role("link", name="1762/QĐ-UBND").click()
    # The finder has a heading too: wait for the document's own before reading it.
    expect(page.locator("h1")).to_have_text(re.compile(r"1762/QĐ-UBND$"))
    screenshot(page, "documents-detail-phone")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về Toàn văn").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert open(download.path(), "rb").read() == PDF
    assert Document.objects.get().attachments.get().download_count == 1
    context.close()
