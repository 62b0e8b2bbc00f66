"""Writes of the reports app: create a report, change its narrative, generate its files in the background."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal import audit

from . import conf
from .content import ReportMeta, build_document
from .enums import FileFormat, ReportStatus
from .figures import build_figures
from .models import DailyVisits, Report
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_xlsx import render_xlsx
from .sources import ContentSources

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
    report.save()
    audit.record(
        actor=acting_user,
        action="report.change",
        obj=report,
        changes=audit.diff(before, audit.snapshot(report)),
    )
    return report


@transaction.atomic
def report_generate(*, report: Report, acting_user) -> Report:
    """Queue the generation of the figures and the DOCX, PDF and XLSX; the task starts after commit."""
    from .tasks import generate_report

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0, error="")
    report.refresh_from_db()
    audit.record(actor=acting_user, action="report.generate", obj=report)
    transaction.on_commit(lambda: generate_report.delay(report.pk))
    return report


def _progress(report: Report, percent: int, **fields: Any) -> None:
    """Written at once (outside any transaction) so the admin sees the progress while the task runs."""
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


def report_build(*, report_id: int, sources: ContentSources | None = None) -> Report:
    """The background work: figures, then each file, recording progress; a failure is recorded and raised."""
    report = Report.objects.get(pk=report_id)
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
            _progress(report, 100, status=ReportStatus.DONE, generated_at=timezone.now())
            audit.record(actor=None, action="report.generated", obj=report)
    except Exception as exc:
        with transaction.atomic():
            _progress(report, report.progress, status=ReportStatus.FAILED, error=str(exc)[:2000])
            audit.record(actor=None, action="report.failed", obj=report, changes={"error": str(exc)[:500]})
        raise
    return report


@transaction.atomic
def daily_visits_set_many(
    *, rows: Sequence[tuple[Any, date, int]], acting_user=None
) -> list[tuple[DailyVisits, bool]]:
    """History from an old system (the importer): (unit, local day, page views) rows, created or
    updated in a few queries with one audit entry for the batch. Returns (row, created) in order."""
    from django.core.cache import cache

    from .visits import _TOTAL_KEY

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
