"""News articles, their photos, per-language publication and revision history."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Publishable, PublishableQuerySet, recorded_by
from portal.text import strip_tags_for_search
from subsites.models import Section
from subsites.routing import unit_reverse

from .enums import TRANSLATION_LANGUAGES, Status, TranslationState


class ArticleQuerySet(PublishableQuerySet):
    def in_language(self, language: str) -> ArticleQuerySet:
        """Vietnamese is the original; another language exists only once its translation is published."""
        if language not in TRANSLATION_LANGUAGES:
            return self
        live = ArticleTranslationState.objects.filter(article=OuterRef("pk"), language=language, live=True)
        return self.filter(Exists(live))

    def promoted_to_main(self) -> ArticleQuerySet:
        return self.filter(promoted_to_main=True)

    def for_listing(self) -> ArticleQuerySet:
        """What list pages, blocks and feeds show, in a fixed number of queries whatever the page size."""
        return (
            self.select_related("unit", "cover")
            .prefetch_related("photos")
            # Lists never show the body: ten years of bodies in four columns need not travel.
            .defer("body", *(f"body_{code}" for code, _name in settings.LANGUAGES), "search_text")
            .order_by("-published_at", "-pk")
        )

    def for_export(self) -> ArticleQuerySet:
        """The lists' rows for a spreadsheet, in their order: with their public sections and their
        units' former names (the name on the day of publication), in four queries whatever the count."""
        sections = Prefetch("sections", queryset=Section.objects.visible().order_by("tree_id", "lft"))
        return (
            self.select_related("unit")
            .prefetch_related(sections, "unit__former_names")
            .defer("body", *(f"body_{code}" for code, _name in settings.LANGUAGES), "search_text")
            .order_by("-published_at", "-pk")
        )


class Article(Publishable):
    """A news article (tin, bài): Vietnamese original, translations published language by language."""

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    slug = models.SlugField(
        _("address (slug)"),
        max_length=200,
        editable=False,
        help_text=_("Made from the Vietnamese title; it no longer changes once the article is published."),
    )
    sections = models.ManyToManyField(
        "subsites.Section",
        blank=True,
        related_name="articles",
        verbose_name=_("sections"),
        help_text=_("Sections of the same unit that list this article."),
    )
    cover = models.ForeignKey(
        "Photo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover photo"),
        help_text=_("One of the article's photos; empty: the first photo."),
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    featured = models.BooleanField(_("featured"), default=False, db_index=True)
    main_portal_requested = models.BooleanField(
        _("proposed for the main portal"),
        default=False,
        help_text=_("The unit proposes this article for the main portal's home page."),
    )
    promoted_to_main = models.BooleanField(
        _("also on the main portal"),
        default=False,
        editable=False,
        help_text=_("Approved by an approver of the main portal."),
    )
    # Who wrote the current version: the two-person rule refuses their own approval.
    version_author = recorded_by(_("author of this version"), editable=False)
    # Incremented whenever the Vietnamese text changes; translations record the version they translate.
    source_version = models.PositiveIntegerField(_("source version"), default=1, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["promoted_to_main", "status", "published_at"], name="news_article_promoted"),
            models.Index(fields=["unit", "featured", "status", "published_at"], name="news_article_featured"),
        ]
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="news_article_slug_per_unit")]
        permissions = [
            (
                "publish_without_review",
                _("Can publish own article without a second person's review (emergencies; logged)"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:

        return unit_reverse(self.unit, "news:detail", slug=self.slug)

    def search_title(self) -> str:
        return self.title

    def search_parts(self) -> list[str]:
        parts = []
        for code, _name in settings.LANGUAGES:
            parts += [
                getattr(self, f"title_{code}", ""),
                getattr(self, f"summary_{code}", ""),
                strip_tags_for_search(getattr(self, f"body_{code}", "")),
            ]
        return [p for p in parts if p]

    @property
    def is_scheduled(self) -> bool:
        """Approved for a moment still ahead: not public yet, whatever its status says."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at > timezone.now())
        )

    def state_label(self) -> str:
        """The state an editor reads: a scheduled article says when it will appear (local time)."""
        if self.is_scheduled:
            at = timezone.localtime(self.published_at).strftime("%d/%m/%Y %H:%M")
            return gettext("Scheduled for %(at)s.") % {"at": at}
        return self.get_status_display()

    @property
    def was_published(self) -> bool:
        """The address is public (or promised): the slug must not change any more."""
        return self.published_at is not None

    def cover_photo(self) -> Photo | None:
        """The chosen cover, else the first photo (uses the prefetched photos when there are some)."""
        if self.cover_id:
            return self.cover
        photos = list(self.photos.all())
        return photos[0] if photos else None

    def live_languages(self) -> list[str]:
        """The languages this article exists in (uses prefetched translations)."""
        live = {t.language for t in self.translations.all() if t.live}
        return [code for code, _n in settings.LANGUAGES if code == settings.LANGUAGE_CODE or code in live]

    def clean(self) -> None:
        if self.cover_id and self.pk and self.cover.article_id != self.pk:
            raise ValidationError({"cover": _("The cover must be one of this article's photos.")})


def _photo_path(photo: Photo, filename: str) -> str:
    now = timezone.now()
    return f"news/{now:%Y/%m}/{filename}"


class Photo(models.Model):
    """A photo of an article's gallery, stored already turned upright and without EXIF (GPS) data."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photos", verbose_name=_("article")
    )
    image = models.ImageField(
        _("image"), upload_to=_photo_path, width_field="width", height_field="height", max_length=255
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for blind readers. Required before the article is published."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["article", "order"], name="news_photo_order")]

    def __str__(self) -> str:
        return self.caption or self.alt_text or self.image.name


class ArticleTranslationState(models.Model):
    """One language's translation of an article: the translator's working copy and its publication.

    The published text lives in the article's own language columns (modeltranslation); the working copy
    here lets a translator prepare a new version while the published one stays public.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="translations", verbose_name=_("article")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[(c, n) for c, n in settings.LANGUAGES if c in TRANSLATION_LANGUAGES],
    )
    state = models.CharField(
        _("state"), max_length=16, choices=TranslationState.choices, default=TranslationState.DRAFT
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    # {photo id: {"caption": ..., "alt_text": ...}} in this language, copied to the photos on publication.
    photo_texts = models.JSONField(_("photo texts"), default=dict, blank=True)
    live = models.BooleanField(_("public"), default=False)
    published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, help_text=_("Counted by the report.")
    )
    last_published_at = models.DateTimeField(_("last published at"), null=True, blank=True)
    source_version = models.PositiveIntegerField(_("source version translated"), default=0)
    outdated = models.BooleanField(
        _("outdated"),
        default=False,
        help_text=_("The Vietnamese text changed after this translation was published."),
    )
    translated_by = recorded_by(_("translated by"))
    reviewed_by = recorded_by(_("published by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="news_translation_one_per_language")
        ]
        indexes = [
            models.Index(fields=["language", "live", "published_at"], name="news_translation_pub"),
            models.Index(fields=["article", "language", "live"], name="news_translation_live"),
        ]

    def __str__(self) -> str:
        return f"{self.article} [{self.language}]"


class ArticleRevision(models.Model):
    """A snapshot of an article after each change: who, when, what; any one can be restored."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    created_by = recorded_by(_("who"))
    action = models.CharField(_("action"), max_length=64)
    snapshot = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "-created_at"], name="news_revision_article")]

    def __str__(self) -> str:
        return f"{self.article} · {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    def action_label(self) -> str:
        """What happened, in the reader's language (the stored code is what the services wrote)."""
        labels = {
            "create": _("Created"),
            "update": _("Changed"),
            "restore": _("Earlier version restored"),
        }
        return str(labels.get(self.action, self.action))
