"""Writing cells of every XLSX the portal produces: a string is always text, never a formula.

A commenter named `=HYPERLINK("http://evil.example", "…")` was written as a live formula into a sheet
that also lists every commenter's e-mail and phone. Text cells here are typed as strings, whatever they
start with, and those that start like a formula carry Excel's quote prefix, so that editing the cell
in a spreadsheet keeps it text as well. Characters XML cannot carry (rows stored before input was
cleaned) are dropped rather than making the whole file fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

from .text import starts_like_formula, xml_safe


def set_value(cell: Cell, value: Any) -> Cell:
    """Put `value` in `cell`; a string goes in as text."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = xml_safe(value)
    cell.value = text
    cell.data_type = "s"
    if starts_like_formula(text):
        cell.quotePrefix = True
    return cell


def write(sheet, row: int, column: int, value: Any) -> Cell:
    return set_value(sheet.cell(row=row, column=column), value)


def append(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, with every string written as text."""
    from openpyxl.cell.cell import Cell  # openpyxl loads where a workbook is written, not at start

    sheet.append([set_value(Cell(sheet), value) for value in values])
