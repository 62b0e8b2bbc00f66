"""Reads of the reports app that are more than one query-set method: where a report's generation stands."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import conf
from .enums import IN_PROGRESS_STATUSES, ReportStatus
from .models import Report


def generation_state(report: Report) -> dict:
    """What the board reads about a report's generation, as the admin page and its progress poll show it."""
    notes = []
    if report.enqueue_pending:
        notes.append(_("The task queue is unavailable: generation will start by itself once it is back."))
    elif report.stalled:
        notes.append(
            _(
                "Stalled: no progress since %(moment)s (more than %(minutes)s minutes). The worker was "
                "probably lost; press “Generate” to restart it."
            )
            % {
                "moment": formats.date_format(timezone.localtime(report.heartbeat_at), "d/m/Y H:i"),
                "minutes": conf.stall_minutes(),
            }
        )
    if report.files_stale and report.status != ReportStatus.RUNNING:
        notes.append(_("The report was changed after its files were generated: generate them again."))
    if report.status == ReportStatus.FAILED:
        notes.append(_("Generation failed: see the error below, correct it and generate again."))
    return {
        "status": report.status,
        "label": str(report.get_status_display()),
        "progress": report.progress,
        "running": report.status in IN_PROGRESS_STATUSES and not report.stalled,
        "stalled": report.stalled,
        "files_stale": report.files_stale,
        "notes": notes,
    }
