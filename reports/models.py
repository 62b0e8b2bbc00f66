"""Page views per unit and local day, and the flushed batches (a retried flush never counts twice)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
