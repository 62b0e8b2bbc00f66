"""The document registry: documents by number and symbol, their files and relations; leaders' schedules."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.enums import Status
from portal.models import Publishable, PublishableQuerySet
from portal.storage import private_storage
from portal.text import fold
from portal.uploads import validate_upload
from subsites.routing import unit_reverse

from . import symbols
from .enums import BudgetKind, Category, DocType, RelationKind, Validity


class Field(models.Model):
    """Lĩnh vực: the subject a document belongs to (education, land, finance…), shared by every unit."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class IssuingBody(models.Model):
    """Cơ quan ban hành, with the code it writes in symbols (UBND, BTC, STTTT…), shared by every unit."""

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(
        _("code in symbols"), max_length=32, help_text=_("As written in the symbol: UBND, BTC, STC…")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


def _effective_by(day: date) -> Q:
    """In force by `day` as far as its own dates go: effective (or, lacking that, issued) on or before."""
    return Q(effective_on__lte=day) | Q(effective_on__isnull=True, issued_on__lte=day)


class DocumentQuerySet(PublishableQuerySet):
    def with_validity(self, day: date | None = None, *, at: datetime | None = None) -> DocumentQuerySet:
        """Annotate `validity_state` at a local date: the one definition the finder, pages and counts use.

        A relation counts once its source is public and itself in force: a decision replaced by
        one that takes effect next month is still in force until then.
        """
        now = timezone.now()
        day = day or timezone.localdate(at or now)

        def related(kind: str) -> Exists:
            sources = Document.objects.filter(
                _effective_by(day),
                status=Status.PUBLISHED,
                published_at__lte=now,
                pk=OuterRef("source_id"),
            )
            return Exists(Relation.objects.filter(target=OuterRef("pk"), kind=kind).filter(Exists(sources)))

        state = Case(
            When(related(RelationKind.REPLACES), then=Value(Validity.REPLACED.value)),
            When(expires_on__lte=day, then=Value(Validity.EXPIRED.value)),
            When(~_effective_by(day), then=Value(Validity.NOT_YET.value)),
            When(related(RelationKind.AMENDS), then=Value(Validity.AMENDED.value)),
            default=Value(Validity.IN_FORCE.value),
            output_field=models.CharField(),
        )
        return self.annotate(validity_state=state)

    def of_category(self, category: str) -> DocumentQuerySet:
        return self.filter(category=category) if category else self

    def matching(self, query: str) -> DocumentQuerySet:
        """Words of the abstract (every word, folded) or the number and symbol (folded, whole parts)."""
        every_word = fold(query).split()
        if not every_word:
            return self
        text = Q()
        for word in every_word[:8]:
            text &= Q(search_text__contains=word)
        number = symbols.fold_number(query)
        # The folded number is in the search column too: a query of plain words matches a number only
        # where it matches the text, so the number is looked up only for what the text misses, a
        # query written with separators ("1762-QĐ", "Số: 12/QĐ"). Reading its index for nothing was
        # the slowest of a site search's counts (15 ms at ten years of documents).
        if not number or number.split() == every_word:
            return self.filter(text)
        return self.filter(text | Q(number_folded__contains=number))

    def listing(self) -> DocumentQuerySet:
        return self.select_related("issuing_body", "field", "unit")


def attachment_path(instance: Attachment, filename: str) -> str:
    stem, _dot, extension = os.path.basename(filename).rpartition(".")
    safe = slugify(fold(stem))[:80] or "tep"
    return f"documents/{timezone.localdate():%Y/%m}/{safe}.{extension.lower()}"


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # empty, or a value the choices no longer list
        return value


class Document(Publishable):
    """A document in the registry of one unit's site (văn bản), identified by its number and symbol."""

    number_symbol = models.CharField(
        _("number and symbol"),
        max_length=80,
        help_text=_(
            "As issued: 1762/QĐ-UBND; an official letter 9505/BTC-NSNN; a legal document 42/2022/NĐ-CP."
        ),
    )
    # Parsed from the number and symbol (Decree 30/2020 Điều 15); never typed by hand.
    number = models.PositiveIntegerField(_("number"), editable=False, default=0)
    symbol = models.CharField(_("symbol"), max_length=80, editable=False, default="")
    doc_type = models.CharField(_("type"), max_length=8, choices=DocType.choices, editable=False, default="")
    body_code = models.CharField(_("issuing body code"), max_length=32, editable=False, default="")
    year = models.PositiveSmallIntegerField(_("year"), editable=False, default=0)
    number_folded = models.CharField(max_length=100, editable=False, default="")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("field"),
    )
    issuing_body = models.ForeignKey(
        IssuingBody, on_delete=models.PROTECT, related_name="documents", verbose_name=_("issuing body")
    )
    signer = models.CharField(_("signer"), max_length=200, blank=True, help_text=_("Name and position."))
    issued_on = models.DateField(_("issued on"))
    effective_on = models.DateField(
        _("effective on"), null=True, blank=True, help_text=_("Empty: in force from the issue date.")
    )
    expires_on = models.DateField(
        _("no longer in force from"),
        null=True,
        blank=True,
        help_text=_("The first day it is no longer in force."),
    )
    title = models.TextField(_("abstract"), help_text=_("Trích yếu: what the document is about."))

    # When it went up on the site: equal to the publication moment once published; reports count by it.
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True, editable=False)
    posting_delay_days = models.IntegerField(
        _("posting delay (working days)"), null=True, blank=True, editable=False
    )

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), null=True, blank=True, help_text=_("For budget disclosures.")
    )
    budget_kind = models.CharField(
        _("budget disclosure kind"), max_length=16, choices=BudgetKind.choices, blank=True
    )
    enterprise = models.CharField(
        _("enterprise"), max_length=255, blank=True, help_text=_("For state-owned enterprise disclosures.")
    )

    objects = DocumentQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-number"]
        constraints = [
            # Number and symbol are unique per issuing body and year (Decree 30/2020 Điều 15), within
            # the registry of one site: an agency the document applies to posts it on its own site too.
            models.UniqueConstraint(
                fields=["unit", "issuing_body", "year", "number", "symbol"], name="documents_unique_number"
            ),
        ]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["unit", "category", "status", "issued_on"], name="documents_unit_cat"),
            models.Index(fields=["unit", "issued_on"], name="documents_unit_issued"),
            # The portal-wide finder and search list every unit's documents newest first.
            models.Index(fields=["issued_on", "id"], name="documents_issued"),
            models.Index(fields=["unit", "doc_type"], name="documents_unit_type"),
            models.Index(fields=["unit", "year"], name="documents_unit_year"),
            models.Index(fields=["unit", "number_folded"], name="documents_unit_numfold"),
            models.Index(fields=["category", "posted_at"], name="documents_cat_posted"),
            models.Index(fields=["unit", "posted_at"], name="documents_unit_posted"),
            models.Index(fields=["category", "fiscal_year", "budget_kind"], name="documents_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} — {self.title_vi or self.title}"[:300]

    # Django's get_FOO_display hashes every choice's lazy label (a translation each) on every call: a
    # list of twenty documents paid hundreds. The enum gives the one label asked for.
    def get_doc_type_display(self) -> str:
        return _label(DocType, self.doc_type)

    def get_category_display(self) -> str:
        return _label(Category, self.category)

    def get_budget_kind_display(self) -> str:
        return _label(BudgetKind, self.budget_kind)

    # --- derived ---
    def parse_number(self) -> symbols.ParsedSymbol:
        try:
            return symbols.parse(self.number_symbol)
        except ValidationError as error:
            raise ValidationError({"number_symbol": error.messages}) from None

    def apply_number(self, parsed: symbols.ParsedSymbol) -> None:
        self.number_symbol = parsed.text
        self.number = parsed.number
        self.symbol = parsed.symbol
        self.doc_type = parsed.doc_type.value
        self.body_code = parsed.body
        self.year = parsed.year or (self.issued_on.year if self.issued_on else 0)
        self.number_folded = symbols.fold_number(parsed.text)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        parsed = None
        try:
            parsed = self.parse_number()
        except ValidationError as error:
            errors.update(error.message_dict)
        if parsed is not None:
            self.apply_number(parsed)
            if parsed.year and self.issued_on and parsed.year != self.issued_on.year:
                errors.setdefault("number_symbol", []).append(
                    _(
                        "The year in the symbol (%(symbol_year)s) differs from the issue year "
                        "(%(issue_year)s)."
                    )
                    % {"symbol_year": parsed.year, "issue_year": self.issued_on.year}
                )
        self._clean_dates(errors)
        self._clean_category(errors)
        if not errors and parsed is not None:
            self._clean_unique(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_dates(self, errors: dict) -> None:
        if not self.issued_on:
            return
        if self.issued_on > timezone.localdate():
            errors.setdefault("issued_on", []).append(_("The issue date is in the future."))
        if self.effective_on and self.effective_on < self.issued_on:
            errors.setdefault("effective_on", []).append(
                _("The effective date (%(effective)s) is before the issue date (%(issued)s).")
                % {"effective": f"{self.effective_on:%d/%m/%Y}", "issued": f"{self.issued_on:%d/%m/%Y}"}
            )
        start = self.effective_on or self.issued_on
        if self.expires_on and self.expires_on <= start:
            errors.setdefault("expires_on", []).append(
                _(
                    "The date it is no longer in force (%(expires)s) must come after the issue and "
                    "effective dates (%(start)s)."
                )
                % {"expires": f"{self.expires_on:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"}
            )

    def _clean_category(self, errors: dict) -> None:
        if self.category == Category.BUDGET:
            if not self.fiscal_year:
                errors.setdefault("fiscal_year", []).append(_("A budget disclosure names its fiscal year."))
            elif self.issued_on and not (
                self.issued_on.year - 2 <= self.fiscal_year <= self.issued_on.year + 1
            ):
                errors.setdefault("fiscal_year", []).append(
                    _("Fiscal year %(year)s is far from the issue year %(issued)s.")
                    % {"year": self.fiscal_year, "issued": self.issued_on.year}
                )
            if not self.budget_kind:
                errors.setdefault("budget_kind", []).append(
                    _(
                        "A budget disclosure is an estimate, an execution report or final accounts: "
                        "choose one."
                    )
                )
        else:
            if self.fiscal_year:
                errors.setdefault("fiscal_year", []).append(_("Only budget disclosures have a fiscal year."))
            if self.budget_kind:
                errors.setdefault("budget_kind", []).append(_("Only budget disclosures have this kind."))
        if self.category == Category.SOE_REPORT and not self.enterprise.strip():
            errors.setdefault("enterprise", []).append(_("Name the enterprise this disclosure is about."))
        if self.category != Category.SOE_REPORT and self.enterprise.strip():
            errors.setdefault("enterprise", []).append(
                _("Only state-owned enterprise disclosures name an enterprise.")
            )

    def _clean_unique(self, errors: dict) -> None:
        if not (self.unit_id and self.issuing_body_id):
            return
        existing = (
            Document.objects.filter(
                unit_id=self.unit_id,
                issuing_body_id=self.issuing_body_id,
                year=self.year,
                number=self.number,
                symbol=self.symbol,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if existing is not None:
            errors.setdefault("number_symbol", []).append(
                _(
                    "%(number)s of %(body)s in %(year)s is already in the registry: “%(title)s” "
                    "(issued %(issued)s, %(status)s)."
                )
                % {
                    "number": existing.number_symbol,
                    "body": existing.issuing_body,
                    "year": existing.year,
                    "title": existing.title_vi or existing.title,
                    "issued": f"{existing.issued_on:%d/%m/%Y}",
                    "status": existing.get_status_display(),
                }
            )

    def validate_constraints(self, exclude=None):
        # The number constraint is checked in clean(), with a message naming the existing document.
        super().validate_constraints(exclude={*(exclude or ()), "symbol"})

    def search_parts(self) -> list[str]:

        titles = [getattr(self, f"title_{code}", "") for code, _name in settings.LANGUAGES]
        body = self.issuing_body.name if self.issuing_body_id else ""
        return [self.number_symbol, *titles, body, self.signer, self.enterprise]

    # --- presentation ---
    def search_title(self) -> str:
        return f"{self.number_symbol} — {self.title}"

    def localized_title(self) -> dict:
        """The abstract in the current language, or the Vietnamese original with its language."""
        language = get_language() or "vi"
        own = getattr(self, f"title_{language}", "") or ""
        return {"text": own, "lang": language} if own else {"text": self.title_vi or "", "lang": "vi"}

    @property
    def validity(self) -> str:
        state = getattr(self, "validity_state", None)
        if state is None:
            state = Document.objects.with_validity().values_list("validity_state", flat=True).get(pk=self.pk)
        return state

    def get_validity_display(self) -> str:
        return Validity(self.validity).label

    def get_absolute_url(self) -> str:

        return unit_reverse(self.unit, "documents:detail", pk=self.pk)


class Attachment(models.Model):
    """A file of a document (PDF, DOC/DOCX, XLS/XLSX, ODT/ODS), checked by content when uploaded."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255, storage=private_storage)
    content_type = models.CharField(_("content type"), max_length=120, editable=False, default="")
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False, default=0)
    download_count = models.PositiveIntegerField(_("downloads"), editable=False, default=0)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title or os.path.basename(self.file.name or "")

    def get_absolute_url(self) -> str:

        return unit_reverse(self.document.unit, "documents:attachment_download", pk=self.pk)

    def clean(self) -> None:
        if self.file and not getattr(self.file, "_committed", True):
            try:
                checked = validate_upload(self.file, kinds=("document",))
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None
            self.content_type = checked.content_type
            self.size = checked.size

    @property
    def unit(self):
        return self.document.unit

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name or "")[1].lstrip(".").lower()

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    def download_name(self) -> str:
        base = slugify(fold(self.document.number_symbol)) or "van-ban"
        suffix = f"-{self.order}" if self.order else ""
        return f"{base}{suffix}.{self.extension}"

    def get_view_url(self) -> str:

        return unit_reverse(self.document.unit, "documents:attachment_view", pk=self.pk)


class RelationQuerySet(models.QuerySet):
    def among(self, documents: models.QuerySet) -> RelationQuerySet:
        """Relations whose two documents are both in `documents` (what one viewer may see): a unit's
        unpublished document never shows, even as the other end of a relation, to whoever may not see it."""
        keys = documents.order_by().values("pk")
        return self.filter(source__in=keys, target__in=keys)


class Relation(models.Model):
    """`source` amends, replaces or guides `target`; shown on both documents."""

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("document")
    )
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("related document")
    )

    objects = RelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="documents_relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="documents_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.number_symbol} {self.get_kind_display()} {self.target.number_symbol}"

    @property
    def unit(self):
        return self.source.unit

    def clean(self) -> None:
        if self.source_id and self.target_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("A document cannot amend, replace or guide itself.")})
        if self.kind == RelationKind.REPLACES and self.source_id and self.target_id:
            chain = self._replacement_chain_back_to_source()
            if chain:
                raise ValidationError(
                    {
                        "target": _(
                            "%(target)s already replaces %(source)s (through %(chain)s): replacing it back "
                            "would make a cycle."
                        )
                        % {
                            "target": self.target.number_symbol,
                            "source": self.source.number_symbol,
                            "chain": " → ".join(chain),
                        }
                    }
                )

    def _replacement_chain_back_to_source(self) -> list[str]:
        """The numbers on a path of replacements from the target back to the source, if one exists."""
        parents: dict[int, int | None] = {self.target_id: None}
        frontier = [self.target_id]
        while frontier:
            edges = list(
                Relation.objects.filter(source_id__in=frontier, kind=RelationKind.REPLACES)
                .exclude(pk=self.pk)
                .values_list("source_id", "target_id")
            )
            frontier = []
            for source_id, target_id in edges:
                if target_id in parents:
                    continue
                parents[target_id] = source_id
                if target_id == self.source_id:
                    path, node = [], target_id
                    while node is not None:
                        path.append(node)
                        node = parents[node]
                    numbers = dict(Document.objects.filter(pk__in=path).values_list("pk", "number_symbol"))
                    return [numbers[pk] for pk in reversed(path)]
                frontier.append(target_id)
        return []


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class ScheduleQuerySet(PublishableQuerySet):
    def for_week(self, week_start: date) -> ScheduleQuerySet:
        return self.filter(week_start=week_start)


class LeaderSchedule(Publishable):
    """A week of the unit leaders' working schedule (lịch làm việc), Decree 43/2011 Điều 10 k1."""

    week_start = models.DateField(_("week starting"), help_text=_("The Monday of the week."))
    # When the week went up on the site; the report counts each week posted as one item.
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True, editable=False)

    objects = ScheduleQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("leaders' weekly schedule")
        verbose_name_plural = _("leaders' weekly schedules")
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["unit", "week_start"], name="documents_schedule_week")]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["unit", "posted_at"], name="documents_sched_posted"),
        ]

    def __str__(self) -> str:
        return _("Week %(start)s – %(end)s") % {
            "start": f"{self.week_start:%d/%m}",
            "end": f"{self.week_end:%d/%m/%Y}",
        }

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    def clean(self) -> None:
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError(
                {
                    "week_start": _(
                        "A week starts on a Monday: %(day)s is not one (the Monday is %(monday)s)."
                    )
                    % {
                        "day": f"{self.week_start:%d/%m/%Y}",
                        "monday": f"{monday_of(self.week_start):%d/%m/%Y}",
                    }
                }
            )
        if self.unit_id and self.week_start:
            existing = LeaderSchedule.objects.filter(unit_id=self.unit_id, week_start=self.week_start)
            if existing.exclude(pk=self.pk).exists():
                raise ValidationError({"week_start": _("This unit already has a schedule for that week.")})

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude={*(exclude or ()), "week_start"})

    def search_parts(self) -> list[str]:
        return [str(self)]

    def search_title(self) -> str:
        return _("Leaders' working schedule, %(week)s") % {"week": str(self)}

    def get_absolute_url(self) -> str:

        return unit_reverse(
            self.unit,
            "documents:schedule_week",
            year=self.week_start.year,
            month=self.week_start.month,
            day=self.week_start.day,
        )


class ScheduleEntry(models.Model):
    schedule = models.ForeignKey(
        LeaderSchedule, on_delete=models.CASCADE, related_name="entries", verbose_name=_("schedule")
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    leader = models.CharField(_("leader"), max_length=200)
    content = models.TextField(_("content"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    participants = models.TextField(_("participants"), blank=True)

    class Meta:
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")
        ordering = ["date", "time", "pk"]
        indexes = [models.Index(fields=["schedule", "date"], name="documents_entry_day")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m} {self.time or ''} {self.leader}"

    @property
    def unit(self):
        return self.schedule.unit

    def clean(self) -> None:
        try:
            schedule = self.schedule
        except LeaderSchedule.DoesNotExist:
            return
        if self.date and schedule.week_start and not (schedule.week_start <= self.date <= schedule.week_end):
            raise ValidationError(
                {
                    "date": _("%(day)s is outside the week %(week)s.")
                    % {"day": f"{self.date:%d/%m/%Y}", "week": str(schedule)}
                }
            )

    def localized_content(self) -> dict:
        language = get_language() or "vi"
        own = getattr(self, f"content_{language}", "") or ""
        return {"text": own, "lang": language} if own else {"text": self.content_vi or "", "lang": "vi"}
