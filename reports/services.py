"""Writes of the reports app: create a report, change its narrative, generate its files in the background."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as QueueOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from portal import audit
from portal.services import SYSTEM, Actor

from . import conf, tasks
from .content import ReportMeta, build_document
from .enums import FileFormat, ReportStatus
from .figures import build_figures
from .models import DailyVisits, Report
from .sources import ContentSources
from .visits import _TOTAL_KEY

log = logging.getLogger(__name__)
# What sending a task raises when the broker (Redis) is down or does not answer.
QUEUE_ERRORS = (QueueOperationalError, RedisConnectionError, RedisTimeoutError)
REQUEUE_AFTER_SECONDS = 30
NARRATIVE_FIELDS = ("situation", "advantages", "limitations", "directions")
# Carried over from the previous report: the narrative and who signs and receives it.
CARRIED_FIELDS = (
    *NARRATIVE_FIELDS,
    "issuer_parent",
    "issuer",
    "symbol",
    "place",
    "signer_authority",
    "signer_position",
    "signer_title",
    "signer_name",
    "recipients",
)


def _previous(period_start: date) -> Report | None:
    earlier = Report.objects.filter(period_end__lt=period_start).order_by("-period_end", "-created_at")
    return earlier.first() or Report.objects.order_by("-period_end", "-created_at").first()


@transaction.atomic
def report_create(*, period_start: date, period_end: date, acting_user, **fields: Any) -> Report:
    """A new report: narrative and signer prefilled from the previous report, else from the settings."""
    previous = _previous(period_start)
    defaults = conf.issuer()
    values: dict[str, Any] = {}
    for name in CARRIED_FIELDS:
        carried = getattr(previous, name, "") if previous else ""
        values[name] = fields.pop(name, None) or carried or defaults.get(name, "")
    report = Report(
        period_start=period_start, period_end=period_end, created_by=acting_user, **values, **fields
    )
    report.full_clean()
    report.save()
    audit.record(
        actor=acting_user,
        action="report.create",
        obj=report,
        changes={"period": [str(period_start), str(period_end)], "from": previous.pk if previous else None},
    )
    return report


@transaction.atomic
def report_update(*, report: Report, acting_user, changes: dict[str, Any]) -> Report:
    """Change the narrative, the hand-entered social figures, the heading or the signer."""
    before = audit.snapshot(Report.objects.get(pk=report.pk))
    for name, value in changes.items():
        setattr(report, name, value)
    report.full_clean()
    if changes and report.generated_at is not None:
        report.files_stale = True  # the files say what the report said before: shown until regenerated
    report.save()
    audit.record(
        actor=acting_user,
        action="report.change",
        obj=report,
        changes=audit.diff(before, audit.snapshot(report)),
    )
    return report


def _check_can_generate(report: Report) -> None:
    if not report.signer_name.strip():
        raise ValidationError(
            {
                "signer_name": _(
                    "Not generated: enter the signer's name (Signature and recipients) first; the report "
                    "is signed by a named person."
                )
            }
        )
    if report.generating:
        raise ValidationError(
            _(
                "Not generated again: this report is being generated (%(progress)s%%). Wait for it to "
                "finish, or restart it once it shows as stalled."
            )
            % {"progress": report.progress}
        )


def report_generate(*, report: Report, acting_user) -> Report:
    """Queue the generation of the figures and the DOCX, PDF and XLSX when the board asks for it.

    Refused without a signer's name and while another generation is alive; a stalled one is replaced (its
    messages then find another run id and do nothing). The task is sent after commit; if the queue is
    down the report stays queued with `enqueue_pending` and is sent by the sweep (`report_requeue_pending`).
    """
    report.refresh_from_db()
    _check_can_generate(report)
    run_id = uuid.uuid4().hex
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.QUEUED,
            progress=0,
            error="",
            run_id=run_id,
            heartbeat_at=timezone.now(),
            enqueue_pending=True,
        )
        audit.record(actor=acting_user, action="report.generate", obj=report, changes={"run": run_id})
        transaction.on_commit(lambda: _enqueue(report_id=report.pk, run_id=run_id))
    report.refresh_from_db()
    return report


def _enqueue(*, report_id: int, run_id: str) -> bool:
    """Send the generation task; False (logged, the report left pending) when the task queue is down."""

    try:
        tasks.generate_report.delay(report_id, run_id)
    except QUEUE_ERRORS:
        log.warning("Task queue unavailable: report %s will be generated when it is back", report_id)
        return False
    Report.objects.filter(pk=report_id, run_id=run_id).update(enqueue_pending=False)
    return True


def report_requeue_pending() -> int:
    """Send again the generations the task queue refused (beat, and each visit of the reports admin)."""
    # Not the ones queued a moment ago: their own send (after their commit) may still be on its way.
    settled = timezone.now() - timedelta(seconds=REQUEUE_AFTER_SECONDS)
    pending = Report.objects.filter(
        status=ReportStatus.QUEUED, enqueue_pending=True, heartbeat_at__lt=settled
    )
    sent = 0
    for report in pending:
        if not _enqueue(report_id=report.pk, run_id=report.run_id):
            break  # still down: the next sweep tries again
        audit.record(actor=SYSTEM, action="report.requeued", obj=report, changes={"run": report.run_id})
        sent += 1
    return sent


def _progress(report: Report, percent: int, **fields: Any) -> None:
    """Written at once (outside any transaction) so the admin sees the progress while the task runs; each
    write is also the heartbeat that tells a live generation from one whose worker was lost."""
    fields["heartbeat_at"] = timezone.now()
    Report.objects.filter(pk=report.pk).update(progress=percent, **fields)
    report.progress = percent
    for name, value in fields.items():
        setattr(report, name, value)


def _store(report: Report, file_format: FileFormat, content: bytes) -> None:
    field = report.file_for(file_format)
    if field:
        field.delete(save=False)
    name = f"bao-cao-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}-{report.pk}.{file_format}"
    field.save(name, ContentFile(content), save=False)
    Report.objects.filter(pk=report.pk).update(**{f"{file_format}_file": field.name})


def report_build(*, report_id: int, run_id: str = "", sources: ContentSources | None = None) -> Report:
    """The background work: figures, then each file, recording progress; a failure is recorded and raised.

    A message of a replaced run (`run_id` no longer the report's) does nothing: safe to deliver twice."""
    report = Report.objects.get(pk=report_id)
    if run_id and report.run_id != run_id:
        log.info("Report %s: run %s was replaced by %s, skipped", report_id, run_id, report.run_id)
        return report
    # The renderers (python-docx, the PDF engine, openpyxl, matplotlib) load where reports are built,
    # in the Celery worker, not in every web worker that imports this module for the admin.
    from .render_docx import render_docx
    from .render_pdf import render_pdf
    from .render_xlsx import render_xlsx

    started = report.updated_at
    _progress(report, 5, status=ReportStatus.RUNNING, error="")
    try:
        figures = build_figures(report.period_start, report.period_end, sources=sources)
        _progress(report, 40, figures=figures)
        document = build_document(figures, ReportMeta.from_report(report))
        _store(report, FileFormat.DOCX, render_docx(document))
        _progress(report, 65)
        _store(report, FileFormat.PDF, render_pdf(document))
        _progress(report, 90)
        _store(report, FileFormat.XLSX, render_xlsx(figures))
        with transaction.atomic():
            # Changed while it was generated: these files hold the text read at the start.
            stale = Report.objects.filter(pk=report.pk, updated_at__gt=started).exists()
            _progress(report, 100, status=ReportStatus.DONE, generated_at=timezone.now(), files_stale=stale)
            audit.record(actor=SYSTEM, action="report.generated", obj=report)
    except Exception as exc:
        with transaction.atomic():
            _progress(report, report.progress, status=ReportStatus.FAILED, error=str(exc)[:2000])
            audit.record(actor=SYSTEM, action="report.failed", obj=report, changes={"error": str(exc)[:500]})
        raise
    return report


@transaction.atomic
def daily_visits_set_many(
    *, rows: Sequence[tuple[Any, date, int]], acting_user: Actor
) -> list[tuple[DailyVisits, bool]]:
    """History from an old system (the importer): (unit, local day, page views) rows, created or
    updated in a few queries with one audit entry for the batch. Returns (row, created) in order."""

    if not rows:
        return []
    units = {unit.pk: unit for unit, _day, _count in rows}
    days = {day for _unit, day, _count in rows}
    stored = {
        (v.unit_id, v.date): v
        for v in DailyVisits.objects.filter(unit_id__in=list(units), date__in=list(days))
    }
    result, new, changed = [], [], []
    for unit, day, count in rows:
        visits = stored.get((unit.pk, day))
        if visits is None:
            visits = stored[(unit.pk, day)] = DailyVisits(unit=unit, date=day, count=count)
            new.append(visits)
        elif visits.count != count:
            visits.count = count
            if visits.pk is not None and visits not in changed:
                changed.append(visits)
        # The unit is a saved instance and the day's row was looked up above: no per-row queries.
        visits.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
        result.append((visits, visits.pk is None))
    DailyVisits.objects.bulk_create(new)
    DailyVisits.objects.bulk_update(changed, ["count"])
    audit.record(
        actor=acting_user,
        action="visits.set_many",
        changes={
            "created": len(new),
            "updated": len(changed),
            "units": sorted(unit.key for unit in units.values()),
            "from": min(days).isoformat(),
            "to": max(days).isoformat(),
        },
    )
    transaction.on_commit(lambda: cache.delete(_TOTAL_KEY))
    return result
