"""A journalist on a phone reads a unit's news over several pages and downloads the list (CSV, XLSX)."""

import csv
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from ..factories.news import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

FORMULA = '=HYPERLINK("http://evil.example","Xem")'


@pytest.fixture
def news(main_portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_NEWS_PER_PAGE = 2
    titles = ["Khai mạc Lễ hội Ok Om Bok", FORMULA, "Hội nghị tổng kết năm", "Tin cũ nhất"]
    for hours, title in enumerate(titles, start=1):
        ArticleFactory(
            unit=main_portal,
            published=True,
            published_at=timezone.now() - timedelta(hours=hours),
            title_vi=title,
        )
    ArticleFactory(unit=main_portal, title_vi="Bản nháp chưa đăng")
    return titles


def _cards(page) -> list[str]:
    return page.locator("ul.news-cards .card-title a").all_inner_texts()


def test_journalist_downloads_every_page_of_the_news(news, live_server, browser, phone_context_args):
    context = browser.new_context(**phone_context_args, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/tin-tuc/")
    listed = _cards(page)
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    listed += _cards(page)
    assert listed == news

    page.goto(f"{live_server.url}/vi/tin-tuc/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về CSV").click()
    download = download_info.value
    assert re.fullmatch(r"tin-tuc-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read(), newline="")))
    assert rows[0][:2] == ["Tiêu đề", "Ngày đăng"]
    assert [row[0] for row in rows[1:]] == ["'" + t if t == FORMULA else t for t in listed]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về XLSX").click()
    with open(download_info.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == listed
    assert sheet["A3"].data_type == "s"  # the title typed as a formula stays text
    context.close()
