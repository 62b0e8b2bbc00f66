"""Questions of citizens and businesses, their routing to a competent unit, answers and history."""

from __future__ import annotations

import os
import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import PublishableQuerySet, recorded_by
from portal.storage import private_storage
from portal.text import fold_many, strip_tags_for_search
from subsites.routing import unit_reverse

from .deadlines import cutoffs, deadline_status
from .enums import (
    CLOCK_RUNNING_STATES,
    DisplayMode,
    QuestionState,
    ReminderKind,
    Visibility,
)


class FieldQuerySet(models.QuerySet):
    def active(self) -> FieldQuerySet:
        return self.filter(active=True)


class Field(models.Model):
    """A field of state management (lĩnh vực): land, health, business registration…"""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = FieldQuerySet.as_manager()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """Questions of a field go to this competent unit unless an editor routes them by hand."""

    field = models.OneToOneField(
        Field, on_delete=models.CASCADE, related_name="routing_rule", verbose_name=_("field")
    )
    unit = models.ForeignKey(
        "subsites.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("competent unit")
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.field} → {self.unit}"


class QuestionQuerySet(PublishableQuerySet):
    def visible(self, language: str | None = None, *, at: datetime | None = None) -> QuestionQuerySet:
        """THE definition of public: published, public, answered by and received at active units.

        The units are read before the scan (`any_of`), not joined: joined twice, PostgreSQL nests loops
        over every match of a search where it could stop after a hundred."""
        return self.filter(
            state=QuestionState.PUBLISHED,
            visibility=Visibility.PUBLIC,
            published_at__lte=at or timezone.now(),
            unit__any_of=self.active_units(),
            forwarded_to__any_of=self.active_units("forwarded_to"),
        )

    def in_unit(self, unit) -> QuestionQuerySet:
        """On a unit's site: questions it received and questions it answered."""
        if unit is None or unit.is_main_portal:
            return self
        return self.filter(Q(unit=unit) | Q(forwarded_to=unit))

    def in_units(self, units) -> QuestionQuerySet:
        return self.filter(Q(unit__in=units) | Q(forwarded_to__in=units))

    def clock_running(self) -> QuestionQuerySet:
        return self.filter(state__in=list(CLOCK_RUNNING_STATES))

    def due_soon(self, today=None) -> QuestionQuerySet:

        c = cutoffs(today)
        return self.clock_running().filter(due_date__gte=c.today, due_date__lt=c.soon_before)

    def overdue(self, today=None) -> QuestionQuerySet:
        """Past the due date (very overdue ones included)."""

        return self.clock_running().filter(due_date__lt=cutoffs(today).today)

    def very_overdue(self, today=None) -> QuestionQuerySet:

        return self.clock_running().filter(due_date__lte=cutoffs(today).very_on_or_before)

    def on_time(self, today=None) -> QuestionQuerySet:

        return self.clock_running().filter(due_date__gte=cutoffs(today).soon_before)


def _tracking_code() -> str:
    # No 0/O, 1/I/L: codes are read aloud and typed from paper.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    raw = uuid.uuid4().int
    chars = []
    for _i in range(8):
        raw, index = divmod(raw, len(alphabet))
        chars.append(alphabet[index])
    return "HD-" + "".join(chars)


class Question(models.Model):
    """A question received on the site of `unit`, answered by `forwarded_to`.

    The asker's contact data is private: it is never rendered on a public page, feed, sitemap or
    search result (public pages show `public_asker` only).
    """

    key = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Stable identifier in the exchange format."),
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=_tracking_code, editable=False
    )
    unit = models.ForeignKey(
        "subsites.Unit",
        on_delete=models.PROTECT,
        related_name="questions_received",
        verbose_name=_("received on the site of"),
    )
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("field"),
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("question"))
    language = models.CharField(_("language of the question"), max_length=8, default="vi")

    # Blank once erased, the retention period after the question closed (services.questions_erase_asker_data).
    asker_name = models.CharField(_("asker's name"), max_length=200, blank=True)
    asker_email = models.EmailField(_("asker's e-mail"), blank=True)
    asker_phone = models.CharField(_("asker's phone"), max_length=32, blank=True)
    asker_address = models.CharField(_("asker's address"), max_length=300, blank=True)
    asker_organization = models.CharField(_("asker's organisation"), max_length=200, blank=True)
    asker_data_erased_at = models.DateTimeField(
        _("asker's contact data erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The retention period named in the consent had passed since the question closed."),
    )
    display_mode = models.CharField(
        _("shown publicly as"), max_length=16, choices=DisplayMode.choices, default=DisplayMode.INITIALS
    )
    display_name = models.CharField(_("chosen display name"), max_length=100, blank=True)
    allow_publication = models.BooleanField(
        _("asker agrees to publication"),
        default=True,
        help_text=_("The asker agreed that the question and answer may be published without personal data."),
    )

    state = models.CharField(
        _("state"), max_length=32, choices=QuestionState.choices, default=QuestionState.UNCONFIRMED
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    submitted_at = models.DateTimeField(_("received at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        "subsites.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions_forwarded",
        verbose_name=_("competent unit"),
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Working days from receipt (Decree 43/2011 Điều 17 k1 đ), plus the extension and pauses."
        ),
    )
    extension_days = models.PositiveSmallIntegerField(
        _("extension (working days)"), default=0, editable=False
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded title, question and answer: never the asker's data.
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["state", "visibility", "published_at"], name="citizen_qa_q_public"),
            models.Index(fields=["unit", "state", "published_at"], name="citizen_qa_q_unit"),
            models.Index(fields=["forwarded_to", "state", "due_date"], name="citizen_qa_q_inbox"),
            models.Index(fields=["field", "state", "published_at"], name="citizen_qa_q_field"),
            models.Index(fields=["state", "due_date"], name="citizen_qa_q_due"),
            models.Index(fields=["submitted_at"], name="citizen_qa_q_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    def get_absolute_url(self) -> str:

        return unit_reverse(self.unit, "citizen_qa:detail", pk=self.pk)

    def clean(self) -> None:
        if self.visibility == Visibility.PUBLIC and not self.allow_publication:
            raise ValidationError(
                {"visibility": _("The asker did not agree to publication: the question cannot be public.")}
            )
        if self.display_mode == DisplayMode.CHOSEN and not self.display_name.strip():
            raise ValidationError({"display_name": _("Type the name to show, or choose initials.")})

    def search_title(self) -> str:
        return self.title

    @property
    def public_asker(self) -> str:
        """How the asker appears publicly: the chosen name or initials, never the contact data."""
        if self.display_mode == DisplayMode.CHOSEN and self.display_name.strip():
            return self.display_name.strip()
        return initials(self.asker_name)

    @property
    def deadline_status(self):

        return deadline_status(self)

    def search_parts(self) -> list[str]:
        parts = [self.title, self.body]
        answer = getattr(self, "answer", None) if self.pk else None
        if answer is not None:
            for code, _name in settings.LANGUAGES:
                parts.append(strip_tags_for_search(getattr(answer, f"body_{code}", "")))
        return parts

    def refresh_search_text(self) -> None:
        self.search_text = fold_many(*self.search_parts())


def initials(name: str) -> str:
    """ "Nguyễn Văn An" → "N.V.A."."""
    letters = [word[0].upper() for word in name.split() if word[:1].isalpha()]
    return ".".join(letters) + "." if letters else "?"


class Answer(models.Model):
    """The competent unit's answer; published with the question once approved."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="answer", verbose_name=_("question")
    )
    body = models.TextField(_("answer"))
    answered_by = models.CharField(
        _("answered by"), max_length=200, blank=True, help_text=_("The unit or official signing the answer.")
    )
    author = recorded_by(_("written by"), editable=False)
    approved_by = recorded_by(_("approved by"), editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return str(_("Answer to %(code)s") % {"code": self.question.tracking_code})

    @property
    def version(self) -> str:
        """Names the saved text an approver read: approval is refused once it changes."""
        return self.updated_at.isoformat() if self.updated_at else ""


def _attachment_path(instance, filename: str) -> str:
    # A random name: the asker's file name may carry personal data and must not be guessable.
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"citizen_qa/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A file the asker sent with the question: private, served to staff only."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("question")
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, storage=private_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class QuestionEvent(models.Model):
    """Append-only history of a question: who, when, from which state to which, and why."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="events", verbose_name=_("question")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = recorded_by(_("who"))
    actor_repr = models.CharField(_("who (as recorded)"), max_length=200)
    # Not a bare "from"/"to": the news app's date filter translates those as "từ ngày"/"đến ngày" first.
    from_state = models.CharField(_("from state"), max_length=32, choices=QuestionState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=32, choices=QuestionState.choices)
    reason = models.TextField(_("why"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["question", "at"], name="citizen_qa_event_q")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The history of a question is append-only.")
        super().save(*args, **kwargs)


class QuestionReminder(models.Model):
    """One reminder sent about a question on one day: the daily task never sends the same one twice."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("question")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    sent_on = models.DateField(_("sent on"))
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["question", "kind", "sent_on"], name="citizen_qa_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.kind} {self.question_id}"


class QueuedQuestion(Question):
    """The portal editors' queue in the admin: questions to screen and to route."""

    class Meta:
        proxy = True
        verbose_name = _("question to screen or route")
        verbose_name_plural = _("questions to screen and route")


class InboxQuestion(Question):
    """A unit's inbox in the admin: questions forwarded to it."""

    class Meta:
        proxy = True
        verbose_name = _("question forwarded to my unit")
        verbose_name_plural = _("inbox: questions forwarded to my units")
