"""Which object of the database each key of the exchange format names, so that imports are repeatable."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExchangeKey(models.Model):
    """(kind, key) of the exchange format → the object it was imported into (or exported from).

    A mapping table rather than a `key` column on every content model: the content apps stay unaware
    of the format. `digest` fingerprints the imported line and its files: an unchanged line is skipped.
    """

    kind = models.CharField(_("kind"), max_length=16)
    key = models.CharField(_("key"), max_length=255)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    digest = models.CharField(_("fingerprint"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("exchange key")
        verbose_name_plural = _("exchange keys")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="exchange_key_unique")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="exchange_key_object")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
