"""Administrative procedures (thủ tục hành chính) of each unit, as the public-service portals list them
(Decree 42/2022 Điều 4): the national code, field, level, fees, processing time and the link to the
procedure on the national or provincial public-service portal. The link is entered by an editor and
never fetched: the portal makes no call to another portal at run time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Publishable
from subsites.routing import unit_reverse

from .enums import Level, OnlineLevel
from .validators import web_address


class Field(models.Model):
    """Lĩnh vực: the subject of a procedure (civil status, construction, land…), shared by every unit."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field of procedures")
        verbose_name_plural = _("fields of procedures")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class Procedure(Publishable):
    code = models.CharField(
        _("procedure code"),
        max_length=32,
        help_text=_("The code of the national database of procedures, e.g. 1.001234."),
    )
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    fees = models.CharField(_("fees"), max_length=500, blank=True, help_text=_("e.g. 200.000 đồng/lần"))
    processing_time = models.CharField(
        _("processing time"), max_length=200, blank=True, help_text=_("e.g. 05 ngày làm việc")
    )
    url = models.URLField(
        _("address on the public-service portal"),
        max_length=500,
        validators=[web_address],
        help_text=_("The procedure's page on the national or provincial public-service portal (https://…)."),
    )
    online_level = models.CharField(
        _("online service"), max_length=16, choices=OnlineLevel.choices, blank=True
    )

    class Meta(Publishable.Meta):
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ["code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def search_parts(self) -> list[str]:
        names = [getattr(self, f"name_{code}", "") for code, _name in settings.LANGUAGES]
        return [self.code, *names]

    def search_title(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return unit_reverse(self.unit, "procedures:detail", pk=self.pk)
