"""Units (the main portal and its component sites), their menus, static pages and editors' roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from .enums import BUDGET_DISCLOSING_TYPES, PageRole, Role, SectionKind, UnitType
from .links import link_in_language, validate_links
from .routing import unit_reverse
from .slugs import SlugQuerySetMixin, slug_constraints, slug_field, validate_slugs


class UnitQuerySet(TreeQuerySet):
    def active(self) -> UnitQuerySet:
        return self.filter(active=True)

    def active_on(self, day) -> UnitQuerySet:
        """Units that existed on `day`: established by then (or always) and not yet ceased."""
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=day)).filter(
            Q(ceased_on__isnull=True) | Q(ceased_on__gt=day)
        )

    def ceased_by(self, day) -> UnitQuerySet:
        return self.filter(ceased_on__lte=day)

    def component_sites(self) -> UnitQuerySet:
        return self.filter(parent__isnull=False)

    def requiring_budget_disclosure(self) -> UnitQuerySet:
        by_type = Q(budget_disclosure__isnull=True, type__in=list(BUDGET_DISCLOSING_TYPES))
        return self.filter(Q(budget_disclosure=True) | by_type)


class Unit(MPTTModel):
    """The main portal (the root) or a component site (trang thông tin điện tử thành phần)."""

    key = models.SlugField(
        _("key"), max_length=64, unique=True, help_text=_("Short name used in addresses: /don-vi/<key>/.")
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    parent = TreeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    type = models.CharField(_("type"), max_length=16, choices=UnitType.choices)
    host = models.CharField(
        _("own host name"),
        max_length=253,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A host name that serves this unit's site, e.g. sotp.travinh.gov.vn. Optional."),
    )
    budget_disclosure = models.BooleanField(
        _("must disclose budget"),
        null=True,
        blank=True,
        help_text=_(
            "Whether the unit must publish budget disclosures (Circular 90/2018/TT-BTC Điều 11). "
            "Empty: yes for departments and districts, no otherwise."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to="units/", blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    responsible_person = models.CharField(
        _("responsible person"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the footer (Circular 32/2017/TT-BTTTT)."),
    )
    active = models.BooleanField(_("active"), default=True)
    # A unit's life (issue 24). `active` is the operator's switch to hide a site (404); a ceased unit
    # still answers, read-only, pointing to its successor.
    established_on = models.DateField(
        _("established on"), null=True, blank=True, help_text=_("Empty: the unit always existed.")
    )
    ceased_on = models.DateField(
        _("ceased on"),
        null=True,
        blank=True,
        help_text=_("The first day on which the unit no longer existed (merged, closed). Empty: active."),
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
        help_text=_("The unit that took over its work."),
    )

    objects = UnitQuerySet.as_manager()

    class MPTTMeta:
        # Sort by the Vietnamese name whatever language is active while saving.
        order_insertion_by = ["name_vi"]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            # Exactly one main portal: at most one unit at the top of the tree.
            models.UniqueConstraint(fields=["level"], condition=Q(level=0), name="subsites_unit_one_root"),
        ]
        permissions = [("view_every_unit", _("Can see every unit and the reports (editorial board)"))]

    def __str__(self) -> str:
        return self.name

    @property
    def is_main_portal(self) -> bool:
        return self.parent_id is None

    def exists_on(self, day) -> bool:
        began = self.established_on is None or self.established_on <= day
        return began and (self.ceased_on is None or self.ceased_on > day)

    @property
    def is_ceased(self) -> bool:
        """Ceased as of today (local time): read-only, its site points to its successor."""

        return self.ceased_on is not None and self.ceased_on <= timezone.localdate()

    @property
    def is_active(self) -> bool:

        return self.exists_on(timezone.localdate())

    @property
    def requires_budget_disclosure(self) -> bool:
        if self.budget_disclosure is not None:
            return self.budget_disclosure
        return self.type in BUDGET_DISCLOSING_TYPES

    def clean(self) -> None:
        if self.parent_id is None:
            other_root = Unit.objects.filter(parent__isnull=True).exclude(pk=self.pk).first()
            if other_root is not None:
                raise ValidationError(
                    {
                        "parent": _("The portal already has a main portal (%(key)s); choose a parent unit.")
                        % {"key": other_root.key}
                    }
                )
            if self.type != UnitType.PORTAL:
                raise ValidationError(
                    {"type": _("The unit without a parent is the main portal: type Portal.")}
                )
        # A portal with a parent is a former province's portal merged into this one (import_portal --under).
        if self.host:
            self.host = self.host.strip().lower()
        self._clean_life()

    def _clean_life(self) -> None:
        if self.ceased_on and self.established_on and self.ceased_on <= self.established_on:
            raise ValidationError({"ceased_on": _("A unit ceases after the day it was established.")})
        if self.successor_id and not self.ceased_on:
            raise ValidationError({"successor": _("Only a unit that ceases has a successor.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})
        if self.ceased_on and self.parent_id is None:
            raise ValidationError({"ceased_on": _("The main portal never ceases.")})

    def get_absolute_url(self) -> str:

        return unit_reverse(self, "home")


class UnitName(models.Model):
    """A name a unit had up to and including `valid_until`: a report of 2022 prints the 2022 name."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="former_names", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    valid_until = models.DateField(_("valid until"), help_text=_("The last day the unit had this name."))

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["valid_until"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_until"], name="subsites_unitname_one_per_day")
        ]

    def __str__(self) -> str:
        return self.name


class UnitFormerHost(models.Model):
    """A host name that once served a unit's site: it redirects to the unit's current address."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="former_hosts", verbose_name=_("unit")
    )
    host = models.CharField(_("host name"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("former host name")
        verbose_name_plural = _("former host names")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host

    def clean(self) -> None:
        self.host = self.host.strip().lower()
        if Unit.objects.filter(host=self.host).exists():
            raise ValidationError({"host": _("This host name serves a unit today.")})


class SectionQuerySet(SlugQuerySetMixin, TreeQuerySet):
    def visible(self) -> SectionQuerySet:
        return self.filter(active=True)


class Section(MPTTModel):
    """An entry of a unit's menu (chuyên mục): what it lists, and whether the law requires it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="sections", verbose_name=_("unit"))
    parent = TreeForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = slug_field()
    kind = models.CharField(_("kind"), max_length=16, choices=SectionKind.choices)
    category = models.CharField(
        _("category"),
        max_length=32,
        blank=True,
        help_text=_("For lists of articles or documents: the category they show."),
    )
    page = models.ForeignKey(
        "Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("page")
    )
    url = models.URLField(_("external address"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    required = models.BooleanField(
        _("required by law"),
        default=False,
        help_text=_("A section every site must keep (Decree 43/2011 Điều 10; Decree 42/2022 Điều 4)."),
    )
    stale_after_days = models.PositiveIntegerField(
        _("stale after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days without a new item after which the section counts as not updated. Empty: the portal's."
        ),
    )
    in_menu = models.BooleanField(_("shown in the menu"), default=True)
    active = models.BooleanField(_("active"), default=True)

    objects = SectionQuerySet.as_manager()

    class MPTTMeta:
        order_insertion_by = ["order"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = slug_constraints("subsites_section")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        validate_slugs(self)
        if self.parent_id and self.parent.unit_id != self.unit_id:
            raise ValidationError({"parent": _("The parent section belongs to another unit.")})
        if self.kind == SectionKind.LINK and not self.url:
            raise ValidationError({"url": _("An external link needs its address.")})
        if self.kind == SectionKind.PAGE and not self.page_id:
            raise ValidationError({"page": _("Choose the page this section shows.")})
        if self.page_id and self.page.unit_id != self.unit_id:
            raise ValidationError({"page": _("The page belongs to another unit.")})

    def get_absolute_url(self) -> str:
        if self.kind == SectionKind.LINK:
            return self.url

        return unit_reverse(self.unit, "subsites:section", slug=self.slug)


class PageQuerySet(SlugQuerySetMixin, models.QuerySet):
    def visible(self) -> PageQuerySet:
        return self.filter(published=True, unit__active=True)


class Page(models.Model):
    """A static page of a unit: introduction, organisation, leaders, contacts."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="pages", verbose_name=_("unit"))
    slug = slug_field()
    role = models.CharField(_("role"), max_length=16, choices=PageRole.choices, default=PageRole.OTHER)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When each language's text last changed, e.g. {"vi": "2026-01-02T03:04:05+00:00"}, so that an
    # English page older than its Vietnamese source can be flagged.
    language_updated_at = models.JSONField(
        _("updated per language"), default=dict, blank=True, editable=False
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = slug_constraints("subsites_page")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:

        return unit_reverse(self.unit, "subsites:page", slug=self.slug)

    def clean(self) -> None:
        validate_slugs(self)


class Membership(models.Model):
    """A user's role in a unit: editor, approver, translator (for one language) or unit administrator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[(c, n) for c, n in settings.LANGUAGES if c != settings.LANGUAGE_CODE],
        help_text=_("For translators: the language they translate into."),
    )
    # Explicit, never implied: the main portal's editor must not reach every department's drafts
    # and citizens' personal data by sitting at the root of the tree.
    covers_subunits = models.BooleanField(
        _("also covers the units below"),
        default=False,
        help_text=_("Off: the role applies to this unit only. On: also to every unit below it."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role", "language"], name="subsites_membership_unique"
            )
        ]

    def __str__(self) -> str:
        suffix = f" ({self.language})" if self.language else ""
        scope = " +" if self.covers_subunits else ""
        return f"{self.user} — {self.get_role_display()}{suffix} — {self.unit}{scope}"

    def clean(self) -> None:
        if self.role == Role.TRANSLATOR and not self.language:
            raise ValidationError({"language": _("A translator translates into one language: choose it.")})
        if self.role != Role.TRANSLATOR and self.language:
            raise ValidationError({"language": _("Only translators have a language.")})


class MembershipOffer(models.Model):
    """A role in a unit offered (not granted) to a user, e.g. to the editors of a unit merged into it:
    it becomes a membership only when the user or an administrator accepts it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_offers",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="membership_offers", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    origin = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered because of"),
        help_text=_("The unit whose role this replaces (merged into this one)."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership offer")
        verbose_name_plural = _("membership offers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role", "language"], name="subsites_membershipoffer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit} ({self.get_status_display()})"


class BannerQuerySet(models.QuerySet):
    def running(self, on=None):
        """Banners whose campaign includes the local date `on` (today by default)."""

        day = on or timezone.localdate()
        return self.filter(active=True, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class Banner(models.Model):
    """A campaign banner on a unit's home (chuyên trang: e.g. 30 years since the province was re-founded)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="banners", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    image = models.ImageField(_("image"), upload_to="banners/", blank=True)
    alt = models.CharField(_("image description"), max_length=200, blank=True)
    link = models.CharField(
        _("link"),
        max_length=500,
        help_text=_(
            "An address on this portal (/vi/...) or another site (https://...). Empty in English or "
            "Khmer: the Vietnamese address, in the visitor's language where it is a section or page of "
            "this portal."
        ),
    )
    starts_on = models.DateField(_("shown from"))
    ends_on = models.DateField(_("shown until"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign banner")
        verbose_name_plural = _("campaign banners")
        ordering = ["order", "-starts_on"]
        indexes = [models.Index(fields=["unit", "active", "starts_on"], name="subsites_banner_running")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        if self.image and not self.alt:
            raise ValidationError({"alt": _("Describe the image for people who cannot see it.")})
        validate_links(self, "link")

    def link_in(self, language: str) -> str:
        return link_in_language(self, "link", language)
