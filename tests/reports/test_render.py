"""The DOCX, PDF and XLSX opened again and checked: figures, layout of Decree 30/2020, highlights."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from reports.content import ReportMeta, build_document
from reports.figures import build_figures
from reports.models import DailyVisits
from reports.render_docx import render_docx
from reports.render_pdf import render_pdf
from reports.render_xlsx import STALE_FILL, render_xlsx
from tests.factories.subsites import UnitFactory

from .fakes import FakeSources, Item, local

pytestmark = pytest.mark.django_db
START, END = date(2022, 1, 1), date(2022, 6, 30)
MARGINS = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")


@pytest.fixture
def figures(main_portal):
    stp = UnitFactory(key="stp", name_vi="Sở Tư pháp")
    syt = UnitFactory(key="syt", name_vi="Sở Y tế")
    tt = UnitFactory(key="thanhtra", name_vi="Thanh tra tỉnh")
    DailyVisits.objects.create(unit=main_portal, date=date(2022, 3, 1), count=6636328)
    sources = FakeSources(
        articles_=[Item(main_portal.pk, local(2022, 1, 3))] * 453
        + [Item(syt.pk, local(2022, 1, 1 + d)) for d in range(0, 31, 10)]
        + [Item(syt.pk, local(2022, m, 5)) for m in range(2, 7)]
        + [Item(syt.pk, local(2022, m, 25)) for m in range(2, 7)],
        documents_=[Item(stp.pk, local(2022, 1, 10), "direction"), Item(tt.pk, local(2022, 4, 1), "budget")],
        photos_={main_portal.pk: 747},
        translations_={main_portal.pk: {"km": 148}},
        estimates={syt.pk},
    )
    return build_figures(START, END, sources=sources)


def _meta():
    meta = ReportMeta.defaults(START, END)
    meta.number_line = "12/BC-BBT"
    meta.report_date = date(2022, 7, 5)
    meta.signer_name = "Nguyễn Thanh Tâm"
    meta.situation = "Cổng TTĐT tỉnh có 01 Cổng chính.\nវិបផតថលព័ត៌មានអេឡិចត្រូនិកខេត្តត្រាវិញ"
    meta.facebook_followers = 9729
    return meta


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(parts)


def _runs_with(document, text):
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    return [r for r in runs if text in r.text]


def test_docx_figures_and_names(figures):
    document = Document(io.BytesIO(render_docx(build_document(figures, _meta()))))
    text = _text(document)
    assert "6.636.328 lượt người truy cập" in text
    assert "đã đăng tải 453 tin, bài với 747 ảnh" in text
    assert "Biên dịch 148 tin, bài sang tiếng Khmer" in text
    assert "9.729 lượt người theo dõi" in text
    # Stale units by name (Sở Y tế posted every few weeks), units missing their budget estimate by name.
    assert "như: Sở Tư pháp, Thanh tra tỉnh." in text
    assert "Sở Y tế, " not in text.split("như:")[1].split("\n")[0]
    assert "chưa đăng công khai dự toán ngân sách năm 2022: Sở Tư pháp, Thanh tra tỉnh." in text
    assert "Số: 12/BC-BBT" in text
    assert "Trà Vinh, ngày 05 tháng 7 năm 2022" in text
    assert "KT. TRƯỞNG BAN" in text and "Nguyễn Thanh Tâm" in text
    assert len(document.inline_shapes) >= 2


def test_docx_layout_of_decree_30(figures):
    document = Document(io.BytesIO(render_docx(build_document(figures, _meta()))))
    section = document.sections[0]
    mm = {name: round(getattr(section, name).mm, 1) for name in MARGINS}
    assert (mm["page_width"], mm["page_height"]) == (210, 297)
    assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25
    assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20
    assert section.different_first_page_header_footer
    assert "w:instrText" in section.header._element.xml and "PAGE" in section.header._element.xml
    (title,) = _runs_with(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert title.bold and Pt(12) <= title.font.size <= Pt(13)
    (motto,) = _runs_with(document, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline and Pt(13) <= motto.font.size <= Pt(14)
    (date_line,) = _runs_with(document, "Trà Vinh, ngày 05 tháng 7 năm 2022")
    assert date_line.italic
    (issuer,) = _runs_with(document, "BAN BIÊN TẬP CỔNG TTĐT")
    assert issuer.bold
    (recipients,) = _runs_with(document, "Nơi nhận:")
    assert recipients.bold and recipients.italic and recipients.font.size == Pt(12)
    assert all(r.font.size == Pt(11) for r in _runs_with(document, "- Lưu VT, THCB."))
    body = next(p for p in document.paragraphs if "lượt người truy cập" in p.text)
    assert body.alignment == 3  # justified
    assert all(r.font.name == "Times New Roman" and Pt(13) <= r.font.size <= Pt(14) for r in body.runs)
    (khmer,) = _runs_with(document, "វិបផតថល")
    fonts = khmer._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Khmer OS"
    assert khmer._r.rPr.find(qn("w:szCs")).get(qn("w:val")) == "28"


def test_xlsx_appendix(figures):
    sheet = load_workbook(io.BytesIO(render_xlsx(figures)))["Trang thành phần"]
    headings = [c.value for c in sheet[4]]
    assert headings[:3] == ["STT", "Mã đơn vị", "Trang TTĐT thành phần"]
    rows = {sheet.cell(row=r, column=2).value: r for r in range(5, 8)}
    assert set(rows) == {"stp", "syt", "thanhtra"}
    items = headings.index("Tổng số mục") + 1
    assert sheet.cell(row=rows["syt"], column=items).value == 14
    totals = 8
    assert sheet.cell(row=totals, column=3).value == "Tổng cộng"
    assert sheet.cell(row=totals, column=items).value == 16
    assert sheet.cell(row=rows["stp"], column=1).fill.start_color.rgb == STALE_FILL.start_color.rgb
    assert sheet.cell(row=rows["syt"], column=1).fill.fill_type is None
    assert sheet.freeze_panes == "D5"
    assert sheet.column_dimensions["C"].width == 42
    assert (
        sheet.cell(row=rows["stp"], column=headings.index("Đã công khai dự toán ngân sách") + 1).value
        == "Chưa"
    )


def test_pdf_with_vietnamese_text(figures):
    pdf = render_pdf(build_document(figures, _meta()))
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "6.636.328" in text
        assert "Thanh tra tỉnh" in text
