"""The board's download of a generated report; served only through this view, never by MEDIA_URL."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

from subsites.permissions import user_is_board

from .enums import CONTENT_TYPES, FileFormat
from .models import Report


def report_download(request, pk: int, file_format: str) -> FileResponse:
    if not user_is_board(request.user):
        raise PermissionDenied
    if file_format not in FileFormat.values:
        raise Http404
    report = Report.objects.filter(pk=pk).first()
    stored = report.file_for(file_format) if report else None
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{file_format}",
        content_type=CONTENT_TYPES[FileFormat(file_format)],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
