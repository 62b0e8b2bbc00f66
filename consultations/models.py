"""Drafts open for public comment, their text split into articles, comments, dispositions, the outcome.

Whether a consultation is open is decided by the clock at query time (`Draft.phase`, the query-set
methods `open`, `upcoming`, `closed`), never stored by a job that might not run.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.enums import Status
from portal.models import Publishable, PublishableQuerySet, recorded_by
from portal.storage import private_storage
from portal.text import strip_tags_for_search
from portal.timeutil import local_midnight
from subsites.routing import unit_reverse

from . import conf
from .enums import (
    PUBLIC_STATES,
    VERDICTS_NEEDING_REASON,
    ArticleKind,
    CommenterKind,
    DraftState,
    DraftType,
    Moderation,
    Phase,
    Verdict,
)


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


class DraftQuerySet(PublishableQuerySet):
    def visible(self, language: str | None = None, *, at: datetime | None = None) -> DraftQuerySet:
        return super().visible(language, at=at).filter(state__in=list(PUBLIC_STATES))

    def upcoming(self, at: datetime | None = None) -> DraftQuerySet:
        return self.filter(state=DraftState.SCHEDULED, opens_at__gt=_now(at))

    def open(self, at: datetime | None = None) -> DraftQuerySet:
        now = _now(at)
        return self.filter(state=DraftState.SCHEDULED, opens_at__lte=now, closes_at__gt=now)

    def closed(self, at: datetime | None = None) -> DraftQuerySet:
        """Closed and waiting for the agency's outcome."""
        return self.filter(state=DraftState.SCHEDULED, closes_at__lte=_now(at))

    def concluded(self) -> DraftQuerySet:
        return self.filter(state=DraftState.CONCLUDED)

    def in_phase(self, phase: str, at: datetime | None = None) -> DraftQuerySet:
        by_clock = {Phase.UPCOMING: self.upcoming, Phase.OPEN: self.open, Phase.CLOSED: self.closed}
        if phase in by_clock:
            return by_clock[phase](at)
        return self.filter(state=phase)

    def overdue(self, at: datetime | None = None) -> DraftQuerySet:
        """Closed consultations whose outcome is past its due date (local dates), for the dashboards."""
        today = timezone.localdate(_now(at))
        # Due on local(closes_at) + N days: overdue from the next local day on.
        return self.closed(at).filter(
            closes_at__lt=local_midnight(today - timedelta(days=conf.outcome_due_days()))
        )


class Draft(Publishable):
    """A draft document put up for public comment (dự thảo lấy ý kiến)."""

    key = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier used by imports and exports. Optional."),
    )
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    explanatory_note = models.TextField(
        _("explanatory note"), blank=True, help_text=_("The submission (tờ trình) explaining the draft.")
    )
    draft_type = models.CharField(_("type of document"), max_length=32, choices=DraftType.choices)
    drafting_agency = models.CharField(_("drafting agency"), max_length=255)
    receiving_address = models.CharField(
        _("address receiving comments"),
        max_length=255,
        blank=True,
        help_text=_("Shown with the draft (Decree 43/2011/NĐ-CP Điều 10 k1 i)."),
    )
    receiving_email = models.EmailField(
        _("e-mail receiving comments"),
        blank=True,
        help_text=_("Shown with the draft; receives the notice when the consultation closes."),
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True, editable=False, db_index=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=DraftState.choices, default=DraftState.DRAFT, editable=False
    )
    short_window_reason = models.TextField(
        _("reason for a shorter period"),
        blank=True,
        editable=False,
        help_text=_("Recorded by the approver when the period is shorter than the minimum; shown publicly."),
    )
    original_closes_at = models.DateTimeField(
        _("first closing moment"), null=True, blank=True, editable=False
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True, editable=False)
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True, editable=False)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    show_comments = models.BooleanField(
        _("show comments publicly"),
        default=True,
        help_text=_("Published comments are shown on the draft's page, without any personal contact data."),
    )
    premoderated = models.BooleanField(
        _("moderate comments before they appear"), default=conf.premoderation_default
    )
    # When the beat tasks sent what is due at each moment (so that nothing is sent twice).
    opening_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    closing_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DraftQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("draft for comment")
        verbose_name_plural = _("drafts for comment")
        ordering = ["-opens_at", "-pk"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["unit", "state", "opens_at"], name="consult_draft_unit_open"),
            models.Index(fields=["state", "closes_at"], name="consult_draft_close"),
            models.Index(fields=["state", "opens_at"], name="consult_draft_opens"),
        ]

    def __str__(self) -> str:
        return self.title

    # --- the clock ---
    def phase(self, at: datetime | None = None) -> str:
        if self.state != DraftState.SCHEDULED:
            return Phase(self.state)
        now = _now(at)
        if self.opens_at and now < self.opens_at:
            return Phase.UPCOMING
        if self.closes_at and now >= self.closes_at:
            return Phase.CLOSED
        return Phase.OPEN

    @property
    def current_phase(self) -> str:
        return self.phase()

    def get_phase_display(self) -> str:
        return Phase(self.current_phase).label

    @property
    def days_left(self) -> int | None:
        """Local days until closing (0 on the closing day)."""
        if not self.closes_at:
            return None
        return max((timezone.localdate(self.closes_at) - timezone.localdate()).days, 0)

    @property
    def outcome_due_on(self) -> date | None:
        if not self.closes_at:
            return None
        return timezone.localdate(self.closes_at) + timedelta(days=conf.outcome_due_days())

    def is_overdue(self, at: datetime | None = None) -> bool:
        due = self.outcome_due_on
        return self.phase(at) == Phase.CLOSED and due is not None and timezone.localdate(_now(at)) > due

    @property
    def open_days(self) -> int | None:
        if not (self.opens_at and self.closes_at):
            return None
        return (self.closes_at - self.opens_at).days

    @property
    def dispositions_public(self) -> bool:
        """Dispositions become public with the outcome, together."""
        return self.state == DraftState.CONCLUDED

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing moment must come after the opening moment.")})

    def sync_status(self) -> None:
        """The base model's status follows the workflow: public from scheduling on."""
        self.status = Status.DRAFT if self.state == DraftState.DRAFT else Status.PUBLISHED

    # --- search and addresses ---
    def search_parts(self) -> list[str]:
        fields = ("title", "summary")
        texts = [getattr(self, f"{f}_{code}", "") for f in fields for code, _n in settings.LANGUAGES]
        return [*texts, strip_tags_for_search(self.explanatory_note_vi), self.drafting_agency]

    def search_title(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:

        return unit_reverse(self.unit, "consultations:detail", pk=self.pk)


class DraftArticle(models.Model):
    """A chapter, article or clause of the draft's text, as recognised from its headings."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="articles", verbose_name=_("draft")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ArticleKind.choices)
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("As written: “Điều 3”."))
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("part of the text")
        verbose_name_plural = _("text by chapter and article")
        ordering = ["draft", "position"]
        indexes = [models.Index(fields=["draft", "position"], name="consult_article_pos")]

    def __str__(self) -> str:
        return f"{self.label}. {self.heading}".strip(". ") if self.heading else self.label or self.body[:60]

    @property
    def unit(self):
        return self.draft.unit

    def anchor(self) -> str:
        return f"p{self.pk}"


class DraftFile(models.Model):
    """A file attached to the draft (the full text, the explanatory note, an impact assessment)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files", verbose_name=_("draft"))
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="consultations/%Y/%m/", storage=private_storage)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["draft", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def unit(self):
        return self.draft.unit

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""


class CommentQuerySet(models.QuerySet):
    def in_unit(self, unit) -> CommentQuerySet:
        return self.filter(draft__unit=unit)

    def counted(self) -> CommentQuerySet:
        """Comments the agency must answer: e-mail confirmed, not withdrawn, not spam."""
        return self.filter(confirmed_at__isnull=False, withdrawn_at__isnull=True).exclude(
            moderation=Moderation.SPAM
        )

    def public(self) -> CommentQuerySet:
        """Comments shown on the draft's page: counted and published (or not held for moderation)."""
        shown = Q(moderation=Moderation.PUBLISHED) | Q(
            moderation=Moderation.PENDING, draft__premoderated=False, held_for_personal_data=False
        )
        return self.counted().filter(shown, draft__show_comments=True)

    def without_disposition(self) -> CommentQuerySet:
        return self.counted().filter(disposition__isnull=True)


def new_reference() -> str:
    return f"YK-{timezone.localdate():%Y}-{secrets.token_hex(4).upper()}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Comment(models.Model):
    """A citizen's or business's comment on the whole draft or on one article.

    E-mail and phone are personal data (Decree 13/2023/NĐ-CP): never shown on a public page or in a
    public export; erased after the retention period.
    """

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="comments", verbose_name=_("draft")
    )
    article = models.ForeignKey(
        DraftArticle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("article"),
        help_text=_("Empty: a comment on the whole draft."),
    )
    name = models.CharField(_("name"), max_length=200)
    organization = models.CharField(_("organisation"), max_length=255, blank=True)
    kind = models.CharField(_("commenting as"), max_length=16, choices=CommenterKind.choices)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    text = models.TextField(_("comment"))
    language = models.CharField(_("language"), max_length=8, default="vi", editable=False)
    reference = models.CharField(
        _("reference"), max_length=32, unique=True, default=new_reference, editable=False
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True, editable=False)
    moderation = models.CharField(
        _("moderation"), max_length=16, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderation_reason = models.CharField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_("Required to hide a comment; shown in its place."),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    moderated_by = recorded_by(_("moderated by"), editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    disposition = models.ForeignKey(
        "Disposition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        editable=False,
        verbose_name=_("disposition"),
    )
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Personal data found in the text when it was sent: shown only once a moderator publishes it.
    held_for_personal_data = models.BooleanField(
        _("held: personal data found"), default=False, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["draft", "moderation", "submitted_at"], name="consult_comment_mod"),
            models.Index(fields=["draft", "confirmed_at"], name="consult_comment_conf"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def unit(self):
        return self.draft.unit

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def public_author(self) -> str:
        """Name and organisation only: never e-mail, phone or address."""
        return f"{self.name} ({self.organization})" if self.organization else self.name


class Disposition(models.Model):
    """How the agency took one comment, or a group of identical comments, into account."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="dispositions", verbose_name=_("draft")
    )
    verdict = models.CharField(_("disposition"), max_length=16, choices=Verdict.choices)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Required when the comment is not, or only partly, accepted."),
    )
    decided_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    decided_by = recorded_by(editable=False)

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")
        ordering = ["draft", "pk"]

    def __str__(self) -> str:
        return self.get_verdict_display()

    @property
    def unit(self):
        return self.draft.unit

    def clean(self) -> None:
        if self.verdict in VERDICTS_NEEDING_REASON and not self.explanation.strip():
            raise ValidationError(
                {"explanation": _("Say why the comment is not, or only partly, accepted (giải trình).")}
            )


class Outcome(models.Model):
    """The agency's report on the comments (báo cáo tổng hợp, tiếp thu, giải trình),
    Access to Information Law 2016 Điều 17 k1 c."""

    draft = models.OneToOneField(
        Draft, on_delete=models.CASCADE, related_name="outcome", verbose_name=_("draft")
    )
    report = models.TextField(_("report"), help_text=_("How the comments were taken into account."))
    file = models.FileField(
        _("signed report"), upload_to="consultations/outcomes/%Y/", storage=private_storage, blank=True
    )
    file_content_type = models.CharField(max_length=120, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), default=timezone.now, editable=False)
    published_by = recorded_by(editable=False)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return str(self.draft)

    @property
    def unit(self):
        return self.draft.unit
