"""The report's files as a reader sees them: the DOCX rendered by LibreOffice (headless) to PDF and read
back with poppler (pdftotext, pdfimages, pdftoppm), the PDF's own layout read the same way.

LibreOffice and poppler are part of the test environment (.ci/run installs them): never skipped.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.content import CATEGORY_WORDS, ReportMeta, build_document
from reports.figures import build_figures
from reports.render_docx import render_docx
from reports.render_pdf import render_pdf
from reports.render_xlsx import render_xlsx
from tests.factories.subsites import UnitFactory

from .fakes import FakeSources, Item, local

pytestmark = pytest.mark.django_db
START, END = date(2022, 1, 1), date(2022, 6, 30)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, (
        f"{name} is needed to read the rendered report (Debian: libreoffice-writer-nogui, poppler-utils)"
    )
    return path


@pytest.fixture
def figures(main_portal):
    units = [UnitFactory(key=f"u{n:02d}", name_vi=f"Sở số {n}") for n in range(6)]
    sources = FakeSources(
        articles_=[Item(main_portal.pk, local(2022, m, 3)) for m in range(1, 7)] * 4
        + [Item(u.pk, local(2022, 2, 1 + n)) for n, u in enumerate(units)],
        documents_=[
            Item(main_portal.pk, local(2022, 1, 10), "direction"),
            Item(main_portal.pk, local(2022, 2, 10), "legal"),
            Item(main_portal.pk, local(2022, 3, 10), "admin_procedure"),
        ],
    )
    return build_figures(START, END, sources=sources)


def _meta(extra_lines: int = 0) -> ReportMeta:
    meta = ReportMeta.defaults(START, END)
    meta.number_line = "12/BC-BBT"
    meta.report_date = date(2022, 7, 5)
    meta.signer_name = "Nguyễn Thanh Tâm"
    meta.situation = "\n".join(
        f"Nội dung tình hình số {n}: cổng thông tin hoạt động ổn định, thông suốt."
        for n in range(extra_lines)
    )
    return meta


def _office_pdfs(documents: list[bytes], folder: Path) -> list[Path]:
    """Every DOCX converted by one LibreOffice run, with a profile of its own (no shared lock)."""
    names = []
    for index, content in enumerate(documents):
        path = folder / f"bao-cao-{index:02d}.docx"
        path.write_bytes(content)
        names.append(str(path))
    subprocess.run(
        [
            _tool("soffice"),
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *names,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [Path(name).with_suffix(".pdf") for name in names]


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode()
    return text.split("\f")


def _image_pages(pdf: Path) -> list[int]:
    listing = subprocess.run(
        [_tool("pdfimages"), "-list", str(pdf)], check=True, capture_output=True
    ).stdout.decode()
    return [int(line.split()[0]) for line in listing.splitlines()[2:] if line.split()[2] == "image"]


def test_docx_in_libreoffice_national_title_on_one_line_and_captions_with_their_charts(figures, tmp_path):
    # Narratives of growing length move the charts down the pages: one of them lands a chart at the foot
    # of a page, where a caption not kept with its chart is pushed onto the next page.
    documents = [render_docx(build_document(figures, _meta(lines))) for lines in range(0, 26, 2)]
    for pdf in _office_pdfs(documents, tmp_path):
        pages = _pages(pdf)
        lines = [line.strip() for line in pages[0].splitlines()]
        assert any(NATIONAL_TITLE in line for line in lines), (
            f"{pdf.name}: the title wraps:\n{pages[0][:800]}"
        )
        charts = _image_pages(pdf)
        assert len(charts) == 2, charts
        for number, page in zip((1, 2), charts, strict=True):
            caption_page = next(i for i, text in enumerate(pages, start=1) if f"Biểu đồ {number}." in text)
            assert caption_page == page, (
                f"{pdf.name}: chart {number} on page {page}, caption on {caption_page}"
            )
    # And it looks like a page: the first page rasterised is an A4 page with ink on it.
    png = subprocess.run(
        [_tool("pdftoppm"), "-png", "-r", "30", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    assert png.returncode == 0 and list(tmp_path.glob("page*.png"))


def _word_x(pdf: bytes, word: str, tmp_path: Path) -> float:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(path), "-"], check=True, capture_output=True
    ).stdout.decode()
    match = re.search(rf'<word xMin="([\d.]+)"[^>]*>{word}</word>', html)
    assert match, f"{word} not in the PDF"
    return float(match.group(1))


def test_pdf_recipients_are_left_aligned(figures, tmp_path):
    pdf = render_pdf(build_document(figures, _meta()))
    left_margin = 30 / 25.4 * 72  # 30 mm in points
    assert _word_x(pdf, "Nơi", tmp_path) < left_margin + 10  # centred: about 168 pt


def test_xlsx_portal_sheet_names_the_document_categories(figures):
    sheet = load_workbook(io.BytesIO(render_xlsx(figures)))["Cổng chính"]
    labels = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    counts = {label: sheet.cell(row=r, column=2).value for r, label in enumerate(labels, start=2)}
    for code in ("direction", "legal", "admin_procedure"):
        assert not any(label.endswith(code) for label in labels), labels
    assert counts[f"Văn bản: {CATEGORY_WORDS['direction']}"] == 1
    assert counts[f"Văn bản: {CATEGORY_WORDS['admin_procedure']}"] == 1
    assert "Bản dịch tiếng Anh" in counts and "Bản dịch tiếng Khmer" in counts
