"""Alerts: a canonical filter shared by its subscribers, a subscriber (an e-mail address only), their
subscriptions with the consent given, and one delivery per subscriber and item (sent at most once)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Frequency


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Filter(models.Model):
    """What a list shows (its kind, unit and parameters), in a canonical form: equal filters are one row."""

    kind = models.CharField(_("kind"), max_length=40)
    unit = models.ForeignKey(
        "subsites.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    params = models.JSONField(_("parameters"), default=dict)
    # sha256 of kind, unit and the sorted parameters: the one identity of a filter.
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("alert filter")
        verbose_name_plural = _("alert filters")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Subscriber(models.Model):
    """A person who follows filters: only the address, a language and a secret (Decree 13/2023)."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=8, default="vi")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        # Never the address: this text reaches the audit trail and logs.
        return f"subscriber #{self.pk}"


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    filter = models.ForeignKey(Filter, on_delete=models.PROTECT, related_name="subscriptions")
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField(_("consented at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["subscriber", "filter"], name="alerts_one_per_filter")]

    def __str__(self) -> str:
        return f"subscription #{self.pk}"


class Delivery(models.Model):
    """An item owed to a subscriber: written once per subscriber and item, so it is sent at most once."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.SET_NULL, null=True, related_name="+")
    item_key = models.CharField(max_length=80)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "item_key"], name="alerts_item_once_per_subscriber")
        ]
        indexes = [
            models.Index(
                fields=["frequency"], name="alerts_delivery_due", condition=models.Q(sent_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_key} → subscriber #{self.subscriber_id}"
