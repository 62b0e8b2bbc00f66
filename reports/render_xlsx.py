"""The report's appendix as XLSX (openpyxl): one row per component site, a totals row, stale sites
highlighted, the header frozen, columns sized. A second sheet holds the main portal's figures.

Like the DOCX it is part of a Vietnamese administrative document, so its headings are Vietnamese.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from documents.enums import Category
from portal import xlsx

from .content import CATEGORY_WORDS, LANGUAGE_WORDS
from .formatting import period_label

STALE_FILL = PatternFill("solid", start_color="FFF4CCCC", end_color="FFF4CCCC")
HEADER_FILL = PatternFill("solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_THIN = Side(style="thin", color="FF999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
NUMBER_FORMAT = "#,##0"
# (heading, key in the unit's figures (None: the row number), width, summed in the totals row)
COLUMNS = [
    ("STT", None, 6, False),
    ("Mã đơn vị", "unit", 12, False),
    ("Trang TTĐT thành phần", "name", 42, False),
    ("Tin, bài", "articles", 10, True),
    ("Văn bản", "documents", 10, True),
    ("Lịch làm việc", "schedules", 12, True),
    ("Dự thảo", "drafts", 10, True),
    ("Tổng số mục", "items", 12, True),
    ("Lượt truy cập", "visits", 14, True),
    ("Đăng gần nhất", "last_posted_at", 18, False),
    ("Số ngày liên tục không đăng (dài nhất)", "longest_gap_days", 16, False),
    ("Chưa cập nhật thường xuyên", "stale", 14, False),
    ("Đã công khai dự toán ngân sách", "budget_estimate_posted", 16, False),
    ("Ngừng hoạt động từ ngày", "ceased_on", 14, False),
    ("Đơn vị kế thừa", "successor_name", 32, False),
]
HEADER_ROW = 4


def _value(unit: dict, key: str):
    value = unit.get(key)
    if key == "last_posted_at":
        return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M") if value else ""
    if key == "ceased_on":
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""
    if key == "successor_name":
        return value or ""
    if key == "stale":
        return "Có" if value else ""
    if key == "budget_estimate_posted":
        if not unit.get("requires_budget_disclosure", True):
            return "—"
        return "Có" if value else "Chưa"
    return value


def _write_header(sheet, figures: dict) -> None:
    start = datetime.fromisoformat(figures["period"]["start"]).date()
    end = datetime.fromisoformat(figures["period"]["end"]).date()
    sheet["A1"] = "PHỤ LỤC THỐNG KÊ HOẠT ĐỘNG THÔNG TIN CỦA CÁC TRANG TTĐT THÀNH PHẦN"
    sheet["A1"].font = Font(name="Times New Roman", size=13, bold=True)
    sheet["A2"] = f"Kỳ báo cáo: {period_label(start, end)} ({start:%d/%m/%Y} – {end:%d/%m/%Y})"
    sheet["A2"].font = Font(name="Times New Roman", size=12, italic=True)
    for index, (heading, _key, width, _sum) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=heading)
        cell.font = Font(name="Times New Roman", size=12, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 48
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)


def _units_sheet(sheet, figures: dict) -> None:
    sheet.title = "Trang thành phần"
    _write_header(sheet, figures)
    units = figures["subsites"]["units"]
    body_font = Font(name="Times New Roman", size=12)
    for offset, unit in enumerate(units, start=1):
        row = HEADER_ROW + offset
        for index, (_heading, key, _width, summed) in enumerate(COLUMNS, start=1):
            # A unit's name is typed by a person: text, never a formula (portal.xlsx).
            cell = xlsx.write(sheet, row, index, offset if key is None else _value(unit, key))
            cell.font = body_font
            cell.border = BORDER
            if summed:
                cell.number_format = NUMBER_FORMAT
            if unit["stale"]:
                cell.fill = STALE_FILL
    totals = HEADER_ROW + len(units) + 1
    sheet.cell(row=totals, column=3, value="Tổng cộng")
    for index, (_heading, _key, _width, summed) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=totals, column=index)
        if summed:
            cell.value = sum(u[COLUMNS[index - 1][1]] for u in units)
            cell.number_format = NUMBER_FORMAT
        cell.font = Font(name="Times New Roman", size=12, bold=True)
        cell.border = BORDER
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{totals - 1}"


def _category(key: str) -> str:
    """The category's Vietnamese name, as the DOCX writes it; a category added later by its own label."""
    if key in CATEGORY_WORDS:
        return CATEGORY_WORDS[key]
    with translation.override("vi"):
        return str(Category(key).label) if key in Category.values else key


def _portal_sheet(sheet, figures: dict) -> None:
    portal = figures["portal"]
    rows = [
        ("Tin, bài", portal["articles"]),
        ("Ảnh", portal["photos"]),
        *((f"Bản dịch {LANGUAGE_WORDS.get(code, code)}", n) for code, n in portal["translations"].items()),
        ("Văn bản (tổng)", portal["documents"]["total"]),
        *((f"Văn bản: {_category(key)}", n) for key, n in portal["documents"]["by_category"].items()),
        ("Báo cáo doanh nghiệp nhà nước", portal["soe_reports"]),
        ("Công khai ngân sách", portal["budget_disclosures"]),
        ("Dự thảo lấy ý kiến", portal["consultation_drafts"]),
        ("Câu hỏi tiếp nhận", portal["questions"]["received"]),
        ("Câu hỏi đã chuyển", portal["questions"]["forwarded"]),
        ("Câu hỏi đã trả lời", portal["questions"]["answered"]),
        ("Câu trả lời đã công khai", portal["questions"]["published"]),
        ("Lượt truy cập", portal["visits"]),
    ]
    sheet["A1"], sheet["B1"] = "Cổng chính", "Số lượng"
    for cell in (sheet["A1"], sheet["B1"]):
        cell.font = Font(name="Times New Roman", size=12, bold=True)
        cell.fill = HEADER_FILL
    for row, (label, value) in enumerate(rows, start=2):
        xlsx.write(sheet, row, 1, label)
        sheet.cell(row=row, column=2, value=value).number_format = NUMBER_FORMAT
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 16
    sheet.freeze_panes = "A2"


def render_xlsx(figures: dict) -> bytes:
    workbook = Workbook()
    _units_sheet(workbook.active, figures)
    _portal_sheet(workbook.create_sheet("Cổng chính"), figures)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
