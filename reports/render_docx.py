"""The report as a DOCX in the layout of Decree 30/2020/NĐ-CP (Appendix I), built with python-docx.

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; body 14 pt justified; the
national title 13 pt bold capitals, the motto 14 pt bold underlined; the issuing body bold capitals;
place and date italic; "Nơi nhận:" 12 pt bold italic and its list 11 pt; page numbers centred at the
top from page 2. Every run names its complex-script font and size (w:cs, w:szCs) so Khmer renders.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from . import conf
from .content import HEADING, MOTTO, NATIONAL_TITLE, SUBHEADING, Chart, ReportDocument

FONT = "Times New Roman"
BODY_PT = 14
_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")


def _fonts(element, text: str, size: float) -> None:
    """Name the font for every script of a run (ascii, hAnsi, eastAsia, cs) and both sizes."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    fonts.set(qn("w:cs"), conf.khmer_font() if _KHMER.search(text) else FONT)
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        r_pr.append(size_cs)
    size_cs.set(qn("w:val"), str(int(size * 2)))


def _run(paragraph, text: str, size: float = BODY_PT, *, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = FONT
    run.bold, run.italic, run.underline = bold, italic, underline
    if bold:
        run._r.get_or_add_rPr().append(OxmlElement("w:bCs"))
    _fonts(run._r, text, size)
    return run


def _paragraph(container, text: str = "", size: float = BODY_PT, *, align=None, space_after=0, **style):
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if text:
        _run(paragraph, text, size, **style)
    return paragraph


def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.start_type = WD_SECTION.NEW_PAGE
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element, "", BODY_PT)
    # Page numbers from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)


def _page_field(paragraph) -> None:
    run = _run(paragraph, "", 13)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _borderless_table(document, widths: list[float]):
    table = document.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice and other readers the grid's: both must say the same,
    # or the national title wraps in a column narrower than the cell it was measured for.
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(Cm(width).twips))
    _table_width(table, sum(widths))
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table


def _table_width(table, width_cm: float) -> None:
    width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one ("auto"), in schema order
    width.set(qn("w:w"), str(Cm(width_cm).twips))
    width.set(qn("w:type"), "dxa")


def _cell_line(cell, text: str, size: float = 13, *, first=False, align=WD_ALIGN_PARAGRAPH.CENTER, **style):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, size, **style)
    return paragraph


def _heading(document, doc: ReportDocument) -> None:
    meta = doc.meta
    table = _borderless_table(document, [6.0, 10.5])
    left, right = table.rows[0].cells
    if meta.issuer_parent:
        _cell_line(left, meta.issuer_parent.upper(), 13, first=True)
        _cell_line(left, meta.issuer.upper(), 13, bold=True)
    else:
        _cell_line(left, meta.issuer.upper(), 13, first=True, bold=True)
    _cell_line(left, "")
    _cell_line(left, f"Số: {meta.number_line}", 13)
    _cell_line(right, NATIONAL_TITLE, 12, first=True, bold=True)
    _cell_line(right, MOTTO, 14, bold=True, underline=True)
    _cell_line(right, "")
    _cell_line(right, doc.date_line, 14, italic=True)
    _paragraph(document, "")
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "BÁO CÁO", 14, align=center, bold=True)
    _paragraph(document, doc.abstract, 14, align=center, bold=True, space_after=12)


def _blocks(document, doc: ReportDocument) -> None:
    for block in doc.blocks:
        if isinstance(block, Chart):
            picture = document.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            # The chart stays on the page of its caption ("Biểu đồ 1" under it, never alone overleaf).
            picture.paragraph_format.keep_with_next = True
            picture.add_run().add_picture(io.BytesIO(block.png), width=Cm(15.5))
            _paragraph(document, block.title, 13, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, space_after=6)
            continue
        paragraph = _paragraph(
            document,
            block.text,
            BODY_PT,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            space_after=6,
            bold=block.kind in {HEADING, SUBHEADING},
        )
        paragraph.paragraph_format.first_line_indent = Cm(1)


def _closing(document, doc: ReportDocument) -> None:
    meta = doc.meta
    table = _borderless_table(document, [7.5, 9.0])
    left, right = table.rows[0].cells
    _cell_line(left, "Nơi nhận:", 12, first=True, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True)
    for recipient in meta.recipients:
        _cell_line(left, f"- {recipient}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = [line for line in (meta.signer_authority, meta.signer_position) if line]
    for index, line in enumerate(lines):
        _cell_line(right, line.upper(), 14, first=index == 0, bold=True)
    for _blank in range(4):
        _cell_line(right, "")
    if meta.signer_title:
        _cell_line(right, meta.signer_title.upper(), 14, bold=True)
    if meta.signer_name:
        _cell_line(right, meta.signer_name, 14, bold=True)


def render_docx(doc: ReportDocument) -> bytes:
    document = Document()
    _page_setup(document)
    _heading(document, doc)
    _blocks(document, doc)
    _closing(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
