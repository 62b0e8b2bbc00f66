"""A report over a period that spans a merger (report-json.md, "Units that ceased or began").

The province of the test, first half of 2025 (181 days), real content in the database:
- `stttt` (information and communications) ceased on 1 March, merged into `skhcn`;
- `skhcn` (science and technology) was renamed on 1 March: the report prints its new name;
- `sgtvt` (transport) ceased on 1 April into `sxd`; `sxd` (construction) was established on 1 April;
- `huyenx` (a district) ceased on 1 January, the period's first day: it is not listed;
- `phuongmoi` is established on 1 July, after the period: it is not listed.
The figures below are counted by hand from these dates.
"""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument
from openpyxl import load_workbook

from documents.enums import BudgetKind, Category
from portal.enums import Status
from reports.content import ReportMeta, build_document
from reports.figures import build_figures
from reports.render_docx import render_docx
from reports.render_xlsx import COLUMNS, HEADER_ROW, render_xlsx
from reports.sources import LOCAL_TZ
from subsites.enums import UnitType
from subsites.models import UnitName
from tests.factories.documents import DocumentFactory
from tests.factories.news import ArticleFactory
from tests.factories.subsites import UnitFactory

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _real_source(settings):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "reports.sources_db.DatabaseSources"


def at(day: date, hour: int = 9):
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)


def article(unit, day: date, hour: int = 9):
    return ArticleFactory(unit=unit, status=Status.PUBLISHED, published_at=at(day, hour))


def document(unit, day: date, **extra):
    return DocumentFactory(unit=unit, status=Status.PUBLISHED, published_at=at(day), **extra)


@pytest.fixture
def province(main_portal):
    skhcn = UnitFactory(key="skhcn", name_vi="Sở Khoa học, Công nghệ và Truyền thông")
    UnitName.objects.create(unit=skhcn, name="Sở Khoa học và Công nghệ", valid_until=date(2025, 2, 28))
    stttt = UnitFactory(
        key="stttt", name_vi="Sở Thông tin và Truyền thông", ceased_on=date(2025, 3, 1), successor=skhcn
    )
    UnitName.objects.create(unit=stttt, name="Sở Bưu chính, Viễn thông", valid_until=date(2008, 3, 31))
    sxd = UnitFactory(key="sxd", name_vi="Sở Xây dựng", established_on=date(2025, 4, 1))
    sgtvt = UnitFactory(
        key="sgtvt", name_vi="Sở Giao thông vận tải", ceased_on=date(2025, 4, 1), successor=sxd
    )
    huyenx = UnitFactory(key="huyenx", name_vi="Huyện X", type=UnitType.DISTRICT, ceased_on=START)
    UnitFactory(key="phuongmoi", name_vi="Phường Mới", established_on=date(2025, 7, 1))
    # stttt: its last day is 28 February; what was posted under it afterwards is not its work in the period.
    article(stttt, date(2025, 1, 10))
    document(stttt, date(2025, 2, 28))
    article(stttt, date(2025, 2, 28), hour=16)
    article(stttt, date(2025, 3, 5))
    # skhcn: 15 January, 10 March, 20 June; and the year's budget estimate.
    article(skhcn, date(2025, 1, 15))
    document(skhcn, date(2025, 3, 10))
    document(
        skhcn, date(2025, 6, 20), category=Category.BUDGET, budget_kind=BudgetKind.ESTIMATE, fiscal_year=2025
    )
    # sxd: 20 April and 25 June, no budget estimate.
    article(sxd, date(2025, 4, 20))
    article(sxd, date(2025, 6, 25))
    # huyenx ceased before the period: its late posting counts nowhere.
    article(huyenx, date(2025, 2, 1))
    return {"skhcn": skhcn, "stttt": stttt, "sxd": sxd, "sgtvt": sgtvt}


def test_json_figures_across_the_merger(province):
    figures = build_figures(START, END)
    rows = {row["unit"]: row for row in figures["subsites"]["units"]}
    assert sorted(rows) == ["sgtvt", "skhcn", "stttt", "sxd"]
    assert figures["subsites"]["count"] == 4
    # stttt: days 1 Jan – 28 Feb (59); items 10 Jan, 28 Feb (x2); runs 9, 48, 0.
    stttt = rows["stttt"]
    assert (stttt["articles"], stttt["documents"], stttt["items"]) == (2, 1, 3)
    assert stttt["last_posted_at"] == "2025-02-28T16:00:00+07:00"
    assert (stttt["days"], stttt["longest_gap_days"], stttt["stale"]) == (59, 48, False)
    assert (stttt["ceased_on"], stttt["successor"]) == ("2025-03-01", "skhcn")
    assert stttt["name"] == "Sở Thông tin và Truyền thông"  # its last name, not the one of 2008
    assert stttt["successor_name"] == "Sở Khoa học, Công nghệ và Truyền thông"
    # skhcn: whole period; runs 14, 53, 101, 10.
    skhcn = rows["skhcn"]
    assert (skhcn["items"], skhcn["longest_gap_days"], skhcn["stale"]) == (3, 101, True)
    assert (skhcn["ceased_on"], skhcn["successor"]) == (None, None)
    assert skhcn["name"] == "Sở Khoa học, Công nghệ và Truyền thông"
    # sxd: days 1 April – 30 June (91); items 20 April, 25 June; runs 19, 65, 5.
    sxd = rows["sxd"]
    assert (sxd["days"], sxd["items"], sxd["longest_gap_days"], sxd["stale"]) == (91, 2, 65, True)
    # sgtvt: days 1 January – 31 March (90), nothing posted: a gap of its 90 days, never stale.
    sgtvt = rows["sgtvt"]
    assert (sgtvt["days"], sgtvt["items"], sgtvt["longest_gap_days"], sgtvt["stale"]) == (90, 0, 90, False)
    assert figures["subsites"]["items"] == 3 + 3 + 2
    assert figures["subsites"]["stale_units"] == ["skhcn", "sxd"]
    # Every department must disclose budgets; only those alive on 30 June owe the estimate.
    assert figures["subsites"]["missing_budget_estimate"] == ["sxd"]
    assert sum(month["subsites"] for month in figures["months"]) == 8


def test_a_report_of_before_the_merger_prints_the_names_of_then(province):
    figures = build_figures(date(2025, 1, 1), date(2025, 2, 28))
    rows = {row["unit"]: row for row in figures["subsites"]["units"]}
    assert rows["skhcn"]["name"] == "Sở Khoa học và Công nghệ"
    assert rows["stttt"]["ceased_on"] == "2025-03-01" and rows["stttt"]["days"] == 59
    # Ceasing the day after the period ends, stttt existed on its last day: judged as any unit.
    assert rows["stttt"]["stale"] is True and "stttt" in figures["subsites"]["missing_budget_estimate"]
    assert "sxd" not in rows


def test_the_board_sees_the_same_in_the_docx_and_xlsx(province):
    figures = build_figures(START, END)
    meta = ReportMeta.defaults(START, END)
    text = "\n".join(
        p.text for p in DocxDocument(io.BytesIO(render_docx(build_document(figures, meta)))).paragraphs
    )
    assert "có 04 trang TTĐT thành phần" in text
    assert (
        "Sở Giao thông vận tải (từ ngày 01/04/2025, chuyển giao cho Sở Xây dựng); Sở Thông tin và Truyền "
        "thông (từ ngày 01/03/2025, chuyển giao cho Sở Khoa học, Công nghệ và Truyền thông)."
    ) in text
    assert "như: Sở Khoa học, Công nghệ và Truyền thông, Sở Xây dựng." in text
    assert "ngân sách năm 2025: Sở Xây dựng." in text
    assert "Huyện X" not in text
    sheet = load_workbook(io.BytesIO(render_xlsx(figures))).active
    headings = [heading for heading, *_rest in COLUMNS]
    cells = {
        row[1]: dict(zip(headings, row, strict=False))
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if row[1]
    }
    assert sorted(cells) == ["sgtvt", "skhcn", "stttt", "sxd"]
    stttt = cells["stttt"]
    assert stttt["Tổng số mục"] == 3 and stttt["Số ngày liên tục không đăng (dài nhất)"] == 48
    assert stttt["Chưa cập nhật thường xuyên"] is None  # an empty cell
    assert stttt["Ngừng hoạt động từ ngày"] == "01/03/2025"
    assert stttt["Đơn vị kế thừa"] == "Sở Khoa học, Công nghệ và Truyền thông"
    assert (
        cells["skhcn"]["Ngừng hoạt động từ ngày"] is None
        and cells["skhcn"]["Chưa cập nhật thường xuyên"] == "Có"
    )


def test_the_compliance_page_follows_the_same_rules(client, board, main_portal, settings):
    """Window of the last 60 days: a unit gone before it is not shown; one gone within it is, marked."""
    settings.PORTAL_COMPLIANCE_WINDOW_DAYS = 60
    today = timezone.localdate()
    successor = UnitFactory(key="sapnhap", name_vi="Sở Hợp Nhất")
    gone = UnitFactory(
        key="dadong", name_vi="Sở Đã Đóng", ceased_on=today - timedelta(days=100), successor=successor
    )
    ceased = UnitFactory(
        key="vuadong", name_vi="Sở Vừa Đóng", ceased_on=today - timedelta(days=9), successor=successor
    )
    UnitName.objects.create(unit=ceased, name="Sở Tên Cũ", valid_until=today - timedelta(days=200))
    article(ceased, today - timedelta(days=10))
    article(gone, today - timedelta(days=5))
    client.force_login(board)
    response = client.get(reverse("admin:reports_complianceunit_changelist"))
    keys = [row.unit.key for row in response.context["rows"]]
    assert "dadong" not in keys and "Sở Đã Đóng" not in response.text
    (row,) = [row for row in response.context["rows"] if row.unit.key == "vuadong"]
    # Its days: the window's first 50; posted on the last of them: a gap of 49, and never stale.
    assert (row.gap, row.stale, row.budget_missing) == (49, False, False)
    assert row.english_problems == [] and row.section_problems == []
    day = (today - timedelta(days=9)).strftime("%d/%m/%Y")
    # The admin speaks Vietnamese.
    assert f"chấm dứt hoạt động từ {day}, đơn vị kế thừa: Sở Hợp Nhất" in response.text
    assert "Sở Vừa Đóng" in response.text
