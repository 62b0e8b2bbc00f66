"""CSV and XLSX downloads of a public list (a finder's result), for a journalist's spreadsheet.

An app names its columns and hands over the rows its own list shows (docs/exports.md); this module
writes them safely. Every text cell goes through one test for a formula start
(`portal.text.starts_like_formula`) whatever the format, loses its control characters, and is cut to
what a spreadsheet cell holds. Nothing here is translated: the app passes its strings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from . import ratelimit
from .pagecache import no_page_cache
from .proxy import client_ip
from .templatetags.portal_tags import vn_number
from .text import clean_text, spreadsheet_text

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
# Excel's limit for one cell; a longer text would make it "repair" the whole file.
CELL_MAX = 32767
_CUT = "…"
WINDOW = 60  # seconds: the anonymous rate limit counts downloads per minute


def max_rows() -> int:
    """Most rows of an export; a list matching more is refused with a message (docs/exports.md)."""
    return settings.PORTAL_EXPORT_MAX_ROWS


def per_minute() -> int:
    """Exports an anonymous address may download per minute."""
    return settings.PORTAL_EXPORTS_PER_MINUTE


@dataclass(frozen=True)
class Column:
    title: Any  # a lazy translation: read in the export's language
    width: int
    value: Callable[[Any], Any]


def local_date(value) -> date | None:
    """A moment as the local date (Asia/Ho_Chi_Minh) a person reads."""
    return timezone.localdate(value) if value else None


def _fit(value: str) -> str:
    return value if len(value) <= CELL_MAX else value[: CELL_MAX - len(_CUT)] + _CUT


def headers(columns: list[Column]) -> list[str]:
    return [str(column.title) for column in columns]


def rows(objects: Iterable[Any], columns: list[Column]) -> Iterator[list[Any]]:
    """Each object's cells: text (control characters dropped, cut to a cell's size), dates, numbers."""
    for obj in objects:
        cells = []
        for column in columns:
            value = column.value(obj)
            if isinstance(value, Promise):  # a choice's label, translated late
                value = str(value)
            cells.append(_fit(clean_text(value)) if isinstance(value, str) else value)
        yield cells


class _Line:
    """What csv.writer writes to: each row comes back as the line it made."""

    def write(self, line: str) -> str:
        return line


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_text(str(value))


def csv_lines(header: list[str], body: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so that Excel reads Vietnamese and Khmer as such."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow([_csv_cell(v) for v in header]).encode()
    for row in body:
        yield writer.writerow([_csv_cell(v) for v in row]).encode()


def xlsx_bytes(title: str, columns: list[Column], header: list[str], body: Iterable[list[Any]]) -> bytes:
    # openpyxl is heavy and only exports need it (CONTRIBUTING: imports inside a function).
    from openpyxl import Workbook
    from openpyxl.cell.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    from . import xlsx

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([xlsx.set_value(WriteOnlyCell(sheet), title) for title in header])
    for row in body:
        cells = []
        for value in row:
            cell = xlsx.set_value(WriteOnlyCell(sheet), value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """A sheet's name: at most 31 characters, none of those Excel refuses in it."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"


def filename(stem: str, unit, extension: str) -> str:
    """`<stem>-<unit key>-<local date>.<extension>`: the stem and a unit's key are ASCII slugs."""
    return f"{stem}-{unit.key}-{timezone.localdate():%Y-%m-%d}.{extension}"


def download(
    extension: str, *, columns: list[Column], objects: Iterable[Any], sheet_title: str, name: str
) -> HttpResponse:
    """The file. Its rows are read now, in the request's language; a CSV's encoding is streamed.

    Views serving it carry `portal.pagecache.no_page_cache`: a stored copy would skip the rate limit,
    and a file is no page to invalidate; `private` keeps shared caches out as well."""
    body = rows(objects, columns)
    if extension == "csv":
        response = StreamingHttpResponse(csv_lines(headers(columns), list(body)), content_type=CSV_TYPE)
    else:
        content = xlsx_bytes(sheet_title, columns, headers(columns), body)
        response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    patch_cache_control(response, private=True)
    return response


def rate_limited(request, scope: str, per_minute: int) -> bool:
    """Count one download of an anonymous address; True when it has reached `per_minute`."""
    if request.user.is_authenticated:
        return False
    limit = ratelimit.Limit(f"{scope}:ip", client_ip(request) or "unknown", WINDOW, per_minute)
    return ratelimit.take(limit) is not None


def refused(request, *, status: int, title, message: str, back_url: str, back_label) -> HttpResponse:
    """A page saying why there is no file (the row limit, the rate limit) and linking back to the list."""
    context = {"title": title, "message": message, "back_url": back_url, "back_label": back_label}
    response = render(request, "portal/export_refused.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(WINDOW)
    return response


@dataclass(frozen=True)
class ListExport:
    """A public list's download, in its app's words: the rows its page lists and what a refusal says."""

    scope: str  # the rate limit's counter: `<scope>:ip`
    rows: Callable[[], Any]  # the page's own query set, in its order: built after the rate limit
    columns: list[Column]
    sheet_title: str
    name: str  # the file's name (`filename`)
    title: Any  # a refusal page's heading
    back_url: str  # the list with the same filters
    back_label: Any
    busy: Any  # the rate limit's message
    too_many: Any  # the row limit's message, with %(matched)s and %(limit)s
    # The filter values the list could not use ("Label: why"), and the refusal saying so, with %(errors)s:
    # the page leaves them out and says so, a file would silently hold the wider list.
    not_understood: tuple = ()
    cannot_use: Any = ""


def serve(request, extension: str, export: ListExport) -> HttpResponse:
    """Every matching row, or none and a page saying why: a filter it could not use, the rate limit,
    then the row limit (a file is never cut or widened silently)."""
    back = {"title": export.title, "back_url": export.back_url, "back_label": export.back_label}
    if export.not_understood:
        message = export.cannot_use % {"errors": " ".join(export.not_understood)}
        return refused(request, status=400, message=message, **back)
    if rate_limited(request, export.scope, per_minute()):
        return refused(request, status=429, message=export.busy, **back)
    objects = export.rows()
    matched, limit = objects.count(), max_rows()
    if matched > limit:
        message = export.too_many % {"matched": vn_number(matched), "limit": vn_number(limit)}
        return refused(request, status=422, message=message, **back)
    return download(
        extension, columns=export.columns, objects=objects, sheet_title=export.sheet_title, name=export.name
    )


def views(export: Callable[..., HttpResponse]) -> tuple[Callable, Callable]:
    """The CSV and the XLSX views of `export(request, extension, **the address's arguments)`: read
    only, and never from the page cache (a stored copy would skip the rate limit)."""

    def as_csv(request, **kwargs):
        return export(request, "csv", **kwargs)

    def as_xlsx(request, **kwargs):
        return export(request, "xlsx", **kwargs)

    return no_page_cache(require_GET(as_csv)), no_page_cache(require_GET(as_xlsx))
