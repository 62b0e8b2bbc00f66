from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """The life of a report's generation: new → queued → running → done, or failed (and queued again).

    A new report is not generated until the board asks: its narrative and signer come first."""

    NEW = "new", _("Not generated yet")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


IN_PROGRESS_STATUSES = frozenset({ReportStatus.QUEUED, ReportStatus.RUNNING})


class PeriodPreset(models.TextChoices):
    FIRST_HALF = "first_half", _("First half of the year")
    SECOND_HALF = "second_half", _("Second half of the year")
    YEAR = "year", _("Whole year")
    CUSTOM = "custom", _("Any two dates")


class FileFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


CONTENT_TYPES = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.PDF: "application/pdf",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
