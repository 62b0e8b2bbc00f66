"""Comments with their article, disposition and timestamps, as XLSX (openpyxl) and DOCX (python-docx).

The internal export, for the drafting agency, includes e-mail and phone. The public export, offered on
the draft's page once the outcome is published, never does (Decree 13/2023/NĐ-CP).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import xlsx
from portal.text import xml_safe

from .models import Comment, Draft

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    internal_only: bool = False


def _local(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _columns(internal: bool) -> list[Column]:
    columns = [
        Column(_("Reference"), 16),
        Column(_("Submitted at"), 17),
        Column(_("E-mail confirmed at"), 17, True),
        Column(_("Article"), 28),
        Column(_("Name"), 24),
        Column(_("Organisation"), 24),
        Column(_("Commenting as"), 14),
        Column(_("E-mail"), 28, True),
        Column(_("Phone"), 16, True),
        Column(_("Comment"), 60),
        Column(_("Moderation"), 14, True),
        Column(_("Withdrawn at"), 17, True),
        Column(_("Disposition"), 16),
        Column(_("Explanation"), 50),
        Column(_("Disposition recorded at"), 17),
    ]
    return [c for c in columns if internal or not c.internal_only]


def _comments(draft: Draft, internal: bool):
    qs = Comment.objects.filter(draft=draft) if internal else draft.comments.counted()
    return qs.select_related("article", "disposition").order_by("submitted_at", "pk")


def _row(comment: Comment, internal: bool, show_authors: bool) -> list[str]:
    disposition = comment.disposition
    author = internal or show_authors
    values = [
        comment.reference,
        _local(comment.submitted_at),
        (_local(comment.confirmed_at), True),
        str(comment.article) if comment.article else _("The whole draft"),
        comment.name if author else "",
        comment.organization if author else "",
        comment.get_kind_display(),
        (comment.email, True),
        (comment.phone, True),
        comment.text
        if internal or comment.moderation != "hidden"
        else _("Hidden: %(reason)s") % {"reason": comment.moderation_reason},
        (comment.get_moderation_display(), True),
        (_local(comment.withdrawn_at), True),
        disposition.get_verdict_display() if disposition else "",
        disposition.explanation if disposition else "",
        _local(disposition.decided_at) if disposition else "",
    ]
    return [v[0] if isinstance(v, tuple) else v for v in values if internal or not isinstance(v, tuple)]


def table(draft: Draft, *, internal: bool) -> tuple[list[Column], list[list[str]]]:
    comments = _comments(draft, internal)
    # Rows stored before input was cleaned may hold control characters, which neither format can carry.
    rows = [[xml_safe(v) for v in _row(c, internal, draft.show_comments)] for c in comments]
    return _columns(internal), rows


def comments_xlsx(draft: Draft, *, internal: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns, rows = table(draft, internal=internal)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comments")[:31]
    # Every cell as text: names and comments starting with "=" are people's words, not formulas.
    xlsx.append(sheet, [draft.title])
    sheet["A1"].font = Font(bold=True, size=13)
    xlsx.append(sheet, [_("Drafting agency: %(agency)s") % {"agency": draft.drafting_agency}])
    sheet.append([])
    xlsx.append(sheet, [c.title for c in columns])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx.append(sheet, row)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def comments_docx(draft: Draft, *, internal: bool) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    columns, rows = table(draft, internal=internal)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    # Khmer and other complex scripts take their own font and size (w:cs, w:szCs).
    fonts.set(qn("w:cs"), "Khmer OS")
    size_cs = normal.element.get_or_add_rPr().makeelement(qn("w:szCs"), {qn("w:val"): "22"})
    normal.element.get_or_add_rPr().append(size_cs)
    document.add_heading(_("Comments received on the draft"), level=1)
    document.add_paragraph(xml_safe(draft.title)).runs[0].bold = True
    agency = xml_safe(draft.drafting_agency)
    document.add_paragraph(_("Drafting agency: %(agency)s") % {"agency": agency})
    grid = document.add_table(rows=1, cols=len(columns) + 1)
    grid.style = "Table Grid"
    header = grid.rows[0].cells
    header[0].text = _("No.")
    for cell, column in zip(header[1:], columns, strict=True):
        cell.text = column.title
    for cell in header:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for number, row in enumerate(rows, start=1):
        cells = grid.add_row().cells
        cells[0].text = str(number)
        for cell, value in zip(cells[1:], row, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(draft: Draft, *, fmt: str, internal: bool) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return comments_xlsx(draft, internal=internal), XLSX
    if fmt == "docx":
        return comments_docx(draft, internal=internal), DOCX
    raise Http404("unknown export format")
