"""What every app shares: the publishable base, the audit trail and the working-day calendar."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import db  # noqa: F401 - registers the any_of lookup
from .enums import DayKind, Status
from .text import fold, fold_many


def recorded_by(verbose_name=None, *, related_name: str = "+", editable: bool = True) -> models.ForeignKey:
    """The user who did something to a row ("created by", "published by"). Kept when the account is
    deleted (set to NULL: the audit trail still names them) and empty when the portal itself acted
    (portal.services.SYSTEM); no reverse accessor by default, a user has too many of these."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        editable=editable,
        verbose_name=verbose_name,
    )


class PublishableQuerySet(models.QuerySet):
    """The one definition of "public" for every content type (views, feeds, sitemaps, search)."""

    def visible(self, language: str | None = None, *, at: datetime | None = None) -> PublishableQuerySet:
        """Published, not in the future, of an active unit, and existing in `language`."""
        qs = self.filter(status=Status.PUBLISHED, published_at__lte=at or timezone.now(), unit__active=True)
        return qs.in_language(language or get_language() or settings.LANGUAGE_CODE)

    def active_units(self, field: str = "unit") -> models.QuerySet:
        """The keys of the active units, for `<field>__any_of` (see portal.db.AnyOf)."""
        units = self.model._meta.get_field(field).related_model
        return units.objects.filter(active=True).order_by().values("pk")

    def in_language(self, language: str) -> PublishableQuerySet:
        """Content that falls back to the Vietnamese original exists in every language."""
        return self

    def in_unit(self, unit) -> PublishableQuerySet:
        return self.filter(unit=unit)

    def in_units(self, units) -> PublishableQuerySet:
        return self.filter(unit__in=units)

    def search(self, query: str) -> PublishableQuerySet:
        """Every word of the folded query is a substring of the folded search column."""
        qs = self
        for term in fold(query).split()[:8]:
            qs = qs.filter(search_text__contains=term)
        return qs


class Publishable(models.Model):
    """Abstract base of every content type: a unit, a state, a publication moment, who and when."""

    unit = models.ForeignKey(
        "subsites.Unit",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("unit"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication moment"),
        null=True,
        blank=True,
        help_text=_("A future moment schedules publication: the item appears then, with nobody acting."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = recorded_by(_("created by"), editable=False)
    updated_by = recorded_by(_("updated by"), editable=False)
    # Folded text of every searchable field (see portal.text.fold); a trigram GIN index on PostgreSQL.
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [
            models.Index(fields=["unit", "status", "published_at"], name="%(app_label)s_%(class)s_pub"),
            models.Index(fields=["status", "published_at"], name="%(app_label)s_%(class)s_st"),
        ]

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def search_parts(self) -> list[str]:
        """The texts that the search column folds; each content type names its own."""
        return []

    def refresh_search_text(self) -> None:

        self.search_text = fold_many(*self.search_parts())


class AuditEntry(models.Model):
    """Append-only record of every change made through a service (nhật ký thao tác)."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = recorded_by(_("who"))
    actor_repr = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("content type")
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "subsites.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="portal_audit_obj")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"


class CalendarDay(models.Model):
    """An exception to the Monday–Friday working week: a public holiday or a make-up working day.

    Deadlines in working days (Decree 43/2011 Điều 17) are computed from this calendar; editing it
    changes every deadline computed afterwards.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} {self.name}".strip()


class OutgoingMail(models.Model):
    """One e-mail the portal owes someone, written in the transaction of the change that caused it.

    The row is the promise; a Celery task keeps it (portal.mail). A mail server that is down or slow
    leaves the row unsent with its next attempt, so nothing the site said it would send is lost; sent
    rows are deleted after a while (they hold addresses and texts, personal data).
    Nobody reads these rows on a page (only the log and the database), hence no translated names.
    """

    created_at = models.DateTimeField(default=timezone.now)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    from_email = models.CharField(max_length=254, blank=True)
    recipients = models.JSONField(default=list)
    # What the mail is about, e.g. "citizen_qa.question:42:confirm": lets a service ask whether it left.
    topic = models.CharField(max_length=100, blank=True, db_index=True)
    # Extra header lines, e.g. an alert's List-Unsubscribe (RFC 8058).
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="portal_mail_due", condition=models.Q(sent_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {', '.join(self.recipients)} {self.subject}"


class RateCounter(models.Model):
    """A fixed-window counter of a rate limit, kept here when Redis is not configured or not answering.

    Limits must hold while Redis is down (they failed open: 14 of 14 submissions from one address were
    taken); portal.ratelimit checks and counts here in one conditional UPDATE, atomic across processes.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} {self.count}"
