"""Page views per unit and local day, the flushed batches (never counted twice), and the reports."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import recorded_by
from subsites.models import Unit

from . import conf
from .enums import IN_PROGRESS_STATUSES, ReportStatus
from .storage import private_storage


class DailyVisits(models.Model):
    unit = models.ForeignKey(
        "subsites.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    date = models.DateField(_("local date"))
    count = models.BigIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("daily page views")
        verbose_name_plural = _("daily page views")
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="reports_visits_unit_date")]
        indexes = [models.Index(fields=["date", "unit"], name="reports_visits_date_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.date}: {self.count}"


class VisitFlush(models.Model):
    """One flushed batch of counters; its id is the batch's name in Redis, written in the same transaction."""

    batch = models.CharField(max_length=64, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.batch


def _today():
    return timezone.localdate()


class Report(models.Model):
    """One semi-annual (or any-period) report of the editorial board, its narrative and generated files."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    number = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("The document number; numbers restart each 1 January (Decree 30/2020/NĐ-CP Điều 15)."),
    )
    symbol = models.CharField(_("symbol"), max_length=40, default="BC-BBT")
    issuer_parent = models.CharField(_("parent body"), max_length=200, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200)
    place = models.CharField(_("place"), max_length=100)
    report_date = models.DateField(_("report date"), default=_today)
    abstract = models.CharField(
        _("abstract"),
        max_length=300,
        blank=True,
        help_text=_("Under the word BÁO CÁO. Empty: written from the period."),
    )
    situation = models.TextField(_("situation"), blank=True)
    advantages = models.TextField(_("advantages"), blank=True)
    limitations = models.TextField(_("limitations"), blank=True)
    directions = models.TextField(_("directions for the next period"), blank=True)
    facebook_followers = models.PositiveIntegerField(_("Facebook followers"), null=True, blank=True)
    facebook_reach = models.PositiveIntegerField(_("Facebook reach"), null=True, blank=True)
    facebook_visits = models.PositiveIntegerField(_("Facebook visits"), null=True, blank=True)
    zalo_followers = models.PositiveIntegerField(_("Zalo followers"), null=True, blank=True)
    zalo_monthly_views = models.PositiveIntegerField(_("Zalo views per month"), null=True, blank=True)
    signer_authority = models.CharField(
        _("signing authority"), max_length=100, blank=True, help_text=_("For example KT. TRƯỞNG BAN.")
    )
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One recipient per line."))
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Written with every step of a generation: a running report without one for long is stalled.
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True, editable=False)
    # The generation that may write the files: a message of an earlier run (redelivered after a lost
    # worker, or restarted by the board meanwhile) finds another id here and does nothing.
    run_id = models.CharField(max_length=32, blank=True, editable=False)
    # The task queue (Redis) refused the message: sent again by the periodic sweep or the next admin visit.
    enqueue_pending = models.BooleanField(_("waiting for the task queue"), default=False, editable=False)
    files_stale = models.BooleanField(
        _("files out of date"),
        default=False,
        editable=False,
        help_text=_("The report was changed after its files were generated."),
    )
    error = models.TextField(_("error"), blank=True)
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    docx_file = models.FileField(_("DOCX"), upload_to="reports/", storage=private_storage, blank=True)
    pdf_file = models.FileField(_("PDF"), upload_to="reports/", storage=private_storage, blank=True)
    xlsx_file = models.FileField(_("XLSX"), upload_to="reports/", storage=private_storage, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = recorded_by(_("created by"), editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_end", "-created_at"]
        indexes = [models.Index(fields=["period_end"], name="reports_report_period_end")]

    def __str__(self) -> str:
        return f"{self.number_line} ({self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y})"

    @property
    def number_line(self) -> str:
        return f"{self.number or '   '}/{self.symbol}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if self.number and self.report_date:
            clash = Report.objects.filter(
                number=self.number, symbol=self.symbol, report_date__year=self.report_date.year
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {
                        "number": _("Number %(number)s/%(symbol)s is already used in %(year)s.")
                        % {"number": self.number, "symbol": self.symbol, "year": self.report_date.year}
                    }
                )

    def file_for(self, file_format: str):
        return getattr(self, f"{file_format}_file")

    @property
    def stalled(self) -> bool:
        """Queued or running without a sign of progress for PORTAL_REPORT_STALL_MINUTES (a lost worker)."""
        if self.status not in IN_PROGRESS_STATUSES or self.enqueue_pending or self.heartbeat_at is None:
            return False
        return timezone.now() - self.heartbeat_at > timedelta(minutes=conf.stall_minutes())

    @property
    def generating(self) -> bool:
        """A generation is under way and alive: another one must wait for it."""
        return self.status in IN_PROGRESS_STATUSES and not self.enqueue_pending and not self.stalled


class ComplianceUnit(Unit):
    """The units seen through their compliance checks: the admin's compliance page lists these."""

    class Meta:
        proxy = True
        verbose_name = _("compliance of a site")
        verbose_name_plural = _("compliance of the sites")
