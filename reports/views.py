"""The board's download of a generated report (only through this view, never by MEDIA_URL) and the progress
of its generation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse

from portal.storage import storage_errors
from portal.uploads import storage_unavailable
from subsites.permissions import user_is_board

from .enums import CONTENT_TYPES, FileFormat
from .models import Report
from .selectors import generation_state


def report_download(request, pk: int, file_format: str) -> FileResponse:
    if not user_is_board(request.user):
        raise PermissionDenied
    if file_format not in FileFormat.values:
        raise Http404
    report = Report.objects.filter(pk=pk).first()
    stored = report.file_for(file_format) if report else None
    if not stored:
        raise Http404
    try:
        opened = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    except storage_errors() as error:
        return storage_unavailable(error)
    response = FileResponse(
        opened,
        as_attachment=True,
        filename=f"bao-cao-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{file_format}",
        content_type=CONTENT_TYPES[FileFormat(file_format)],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def report_progress(request, pk: int) -> JsonResponse:
    """Where the generation stands, polled by the report's admin page while it runs."""
    if not user_is_board(request.user):
        raise PermissionDenied
    report = Report.objects.filter(pk=pk).first()
    if report is None:
        raise Http404
    response = JsonResponse(generation_state(report))
    response["Cache-Control"] = "private, no-store"
    return response
