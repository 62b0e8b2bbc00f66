"""Every write of the news app: the admin, the demo, the importer and the tasks all come here.

Each service checks who may act, validates, saves in one transaction with an audit entry, and bumps
the cache generations of the unit (and of the main portal when the article is shown there).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from portal import audit
from portal.html import sanitize_html
from portal.registry import published
from portal.services import SYSTEM, Actor, changed, diff, record, require, snapshot, user_of
from portal.text import ascii_slug
from portal.uploads import validate_upload
from subsites.enums import SectionKind
from subsites.permissions import require_unit_open, user_can_administer_unit, user_can_edit_in_unit
from subsites.selectors import main_portal

from . import permissions as perms
from .enums import TRANSLATION_LANGUAGES, Status, TranslationState
from .models import Article, ArticleRevision, ArticleTranslationState, Photo

SOURCE_FIELDS = ("title_vi", "summary_vi", "body_vi")
META_FIELDS = ("author", "source", "featured", "main_portal_requested", "cover_id")
SLUG_MAX = 180


# --- helpers -------------------------------------------------------------------------------------


def _bump(article: Article) -> None:
    """The unit's pages and news lists, and the main portal's news when the article is shown there."""
    changed(("unit", article.unit_id), ("news", article.unit_id))
    main = main_portal()
    if main is not None and main.pk != article.unit_id and (article.promoted_to_main or article.featured):
        changed(("news", main.pk))


def _texts(article: Article) -> dict[str, Any]:
    """Every translated text column of the article, e.g. {"title_vi": ..., "body_km": ...}."""
    return {
        f"{field}_{code}": getattr(article, f"{field}_{code}")
        for field in ("title", "summary", "body")
        for code, _n in settings.LANGUAGES
    }


def _revision_snapshot(article: Article) -> dict[str, Any]:
    """What a revision keeps (texts, metadata, sections) to be restored later: not the audit snapshot."""
    data = _texts(article)
    data.update({name: getattr(article, name) for name in META_FIELDS})
    data["section_ids"] = sorted(article.sections.values_list("pk", flat=True)) if article.pk else []
    return audit._jsonable(data)


def _unique_slug(article: Article) -> str:
    base = ascii_slug(article.title_vi, SLUG_MAX) or "bai-viet"
    taken = set(
        Article.objects.filter(unit_id=article.unit_id, slug__startswith=base)
        .exclude(pk=article.pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_sections(article: Article, sections: Iterable | None) -> list:
    if sections is None:
        return []
    sections = list(sections)
    for section in sections:
        if section.unit_id != article.unit_id:
            raise ValidationError(
                {"sections": _("“%(section)s” is a section of another unit.") % {"section": section}}
            )
        if section.kind != SectionKind.ARTICLES:
            raise ValidationError(
                {"sections": _("“%(section)s” does not list news articles.") % {"section": section}}
            )
    return sections


def _record_revision(article: Article, *, acting_user: Actor, action: str) -> ArticleRevision:
    return ArticleRevision.objects.create(
        article=article,
        created_by=user_of(acting_user),
        action=action,
        snapshot=_revision_snapshot(article),
    )


def _flag_outdated_translations(article: Article) -> int:
    return ArticleTranslationState.objects.filter(
        article=article, live=True, source_version__lt=article.source_version
    ).update(outdated=True)


def _save_article(
    article: Article, *, sections: Iterable | None, acting_user: Actor, action: str, before: dict | None
) -> Article:
    for code, _n in settings.LANGUAGES:
        setattr(article, f"body_{code}", sanitize_html(getattr(article, f"body_{code}")))
    source_changed = before is not None and any(before.get(f) != getattr(article, f) for f in SOURCE_FIELDS)
    if source_changed:
        article.source_version += 1
    if before is None or source_changed:
        article.version_author = user_of(acting_user)
    if not article.was_published:
        article.slug = _unique_slug(article)
    user = user_of(acting_user)
    if article.pk is None:
        article.created_by = user
    article.updated_by = user
    article.refresh_search_text()
    article.full_clean()
    article.save()
    checked = _check_sections(article, sections)
    if sections is not None:
        article.sections.set(checked)
    if source_changed:
        _flag_outdated_translations(article)
    _record_revision(article, acting_user=acting_user, action=action)
    after = snapshot(article)
    record(actor=acting_user, action=f"article.{action}", obj=article, changes=diff(before or {}, after))
    _bump(article)
    return article


# --- articles -------------------------------------------------------------------------------------


@transaction.atomic
def article_create(*, article: Article, acting_user: Actor, sections: Iterable | None = None) -> Article:
    """Save a new article (an unsaved instance carrying the editor's values) as a draft."""

    if article.unit_id is not None:
        require_unit_open(acting_user, article.unit)
    require(
        acting_user,
        article.unit_id is not None and user_can_edit_in_unit(acting_user, article.unit),
        _("You may not write articles in this unit."),
    )
    article.status = Status.DRAFT
    article.published_at = None
    return _save_article(article, sections=sections, acting_user=acting_user, action="create", before=None)


@transaction.atomic
def article_update(
    *, article: Article, acting_user: Actor, sections: Iterable | None = None, **fields: Any
) -> Article:
    """Change an article; `article` may already carry the new values (the admin form sets them)."""
    stored = Article.objects.select_for_update().get(pk=article.pk)
    require(
        acting_user, perms.user_can_edit_article(acting_user, stored), _("You may not change this article.")
    )
    if article.unit_id != stored.unit_id:
        raise ValidationError({"unit": _("An article cannot move to another unit.")})
    for name, value in fields.items():
        setattr(article, name, value)
    before = snapshot(stored)
    article.status, article.published_at = stored.status, stored.published_at
    article.source_version, article.slug = stored.source_version, stored.slug
    article.promoted_to_main = stored.promoted_to_main
    return _save_article(article, sections=sections, acting_user=acting_user, action="update", before=before)


def _publication_problems(article: Article) -> list[str]:
    problems = []
    if not (article.body_vi or "").strip():
        problems.append(_("The article has no body text."))
    # Numbered as the gallery shows them, which is how the editor finds them in the form.
    missing_alt = [
        str(n) for n, p in enumerate(article.photos.all(), start=1) if not (p.alt_text_vi or "").strip()
    ]
    if missing_alt:
        problems.append(
            _("Photos without alternative text: %(photos)s. Describe each photo for blind readers.")
            % {"photos": ", ".join(missing_alt)}
        )
    return problems


def _transition(article: Article, *, acting_user: Actor, action: str, changes: dict) -> Article:
    article.updated_by = user_of(acting_user)
    article.save()
    record(actor=acting_user, action=f"article.{action}", obj=article, changes=changes)
    _bump(article)
    return article


@transaction.atomic
def article_submit(*, article: Article, acting_user: Actor) -> Article:
    """Draft → pending review."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(
        acting_user,
        perms.user_can_submit_article(acting_user, article),
        _("You may not submit this article."),
    )
    article.status = Status.PENDING
    return _transition(article, acting_user=acting_user, action="submit", changes={"status": "pending"})


@transaction.atomic
def article_publish(*, article: Article, acting_user: Actor, at: datetime | None = None) -> Article:
    """Publish now (at=None) or at a future moment, when it appears with nobody acting.

    The author of the version cannot approve it; superusers and holders of the logged emergency
    permission can, and the audit entry says so.
    """
    # The unit and the version's author are what the permission asks about: read them with the row.
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("unit", "version_author")
        .get(pk=article.pk)
    )
    require(
        acting_user,
        perms.user_can_publish_article(acting_user, article),
        _("You may not publish this article: it must be pending review and written by someone else."),
    )
    problems = _publication_problems(article)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at is None:
        moment = article.published_at if article.published_at and article.published_at <= now else now
    else:
        moment = at
    skips_review = perms.publishing_skips_review(acting_user, article)
    article.status, article.published_at = Status.PUBLISHED, moment
    action = "publish_without_review" if skips_review else "publish"
    changes = {"status": "published", "published_at": moment, "scheduled": moment > now}
    article = _transition(article, acting_user=acting_user, action=action, changes=changes)
    if moment <= now:
        # Who follows the unit's news (e-mail alerts) hears of it once it is committed; a scheduled
        # article is announced when it goes live (tasks.announce_scheduled_articles).
        pk = article.pk
        transaction.on_commit(lambda: published.send(sender="news", pk=pk))
    return article


@transaction.atomic
def article_unpublish(*, article: Article, acting_user: Actor) -> Article:
    """Published → draft: it leaves the site (its address stays reserved)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(
        acting_user,
        perms.user_can_unpublish_article(acting_user, article),
        _("You may not unpublish this article."),
    )
    article.status = Status.DRAFT
    return _transition(article, acting_user=acting_user, action="unpublish", changes={"status": "draft"})


@transaction.atomic
def article_archive(*, article: Article, acting_user: Actor) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(
        acting_user,
        perms.user_can_archive_article(acting_user, article),
        _("You may not archive this article."),
    )
    article.status = Status.ARCHIVED
    return _transition(article, acting_user=acting_user, action="archive", changes={"status": "archived"})


@transaction.atomic
def article_delete(*, article: Article, acting_user: Actor) -> None:
    """Remove an article for good (unit administrators; archiving is the usual way out)."""

    require(
        acting_user,
        user_can_administer_unit(acting_user, article.unit),
        _("You may not delete this article."),
    )
    record(actor=acting_user, action="article.delete", obj=article, changes=_revision_snapshot(article))
    _bump(article)
    names = [(p.image.storage, p.image.name) for p in article.photos.all()]
    article.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


@transaction.atomic
def article_promote_to_main(*, article: Article, acting_user: Actor, promoted: bool = True) -> Article:
    """An approver of the main portal shows (or stops showing) a unit's article on the main portal."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(
        acting_user,
        perms.user_can_promote_to_main(acting_user, article),
        _("Only main-portal approvers decide this."),
    )
    article.promoted_to_main = promoted
    result = _transition(
        article,
        acting_user=acting_user,
        action="promote" if promoted else "demote",
        changes={"promoted": promoted},
    )
    main = main_portal()
    if main is not None:
        changed(("news", main.pk), ("unit", main.pk))
    return result


@transaction.atomic
def revision_restore(*, revision: ArticleRevision, acting_user: Actor) -> Article:
    """Bring back the Vietnamese text and details of an earlier revision, as a new revision."""
    article = Article.objects.get(pk=revision.article_id)
    require(
        acting_user,
        perms.user_can_restore_revision(acting_user, article),
        _("You may not change this article."),
    )
    data = revision.snapshot
    for name in SOURCE_FIELDS + ("author", "source", "featured", "main_portal_requested"):
        if name in data:
            setattr(article, name, data[name])
    cover_id = data.get("cover_id")
    article.cover_id = cover_id if cover_id and article.photos.filter(pk=cover_id).exists() else None
    sections = article.unit.sections.filter(pk__in=data.get("section_ids", []))
    stored = Article.objects.get(pk=article.pk)
    restored = _save_article(
        article, sections=sections, acting_user=acting_user, action="restore", before=snapshot(stored)
    )
    record(
        actor=acting_user, action="article.revision_restore", obj=article, changes={"revision": revision.pk}
    )
    return restored


# --- photos ---------------------------------------------------------------------------------------


def _clean_image(upload) -> tuple[ContentFile, str]:
    """Validate by content, turn upright by its EXIF orientation, and re-save without any EXIF or GPS."""

    checked = validate_upload(upload, kinds=("image",))
    upload.seek(0)
    with Image.open(upload) as original:
        fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[checked.content_type]
        extension = "jpg" if fmt == "JPEG" else checked.extension
        if _already_clean(original, fmt):
            # Nothing to strip or turn: keep the bytes, so a re-imported export is the same file.
            upload.seek(0)
            return ContentFile(upload.read()), f"{uuid.uuid4().hex}.{extension}"
        image = ImageOps.exif_transpose(original)
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")  # CMYK and others: browsers render RGB reliably
        buffer = io.BytesIO()
        options = {"quality": 88, "optimize": True} if fmt == "JPEG" else {}
        # Saving without `exif=` drops EXIF (and with it GPS); PNG text chunks are not copied either.
        image.save(buffer, fmt, **options)
    return ContentFile(buffer.getvalue()), f"{uuid.uuid4().hex}.{extension}"


# What Pillow reports about an image that is neither personal data nor metadata worth stripping.
_HARMLESS_INFO = {
    "jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression", "icc_profile",
    "adobe", "adobe_transform", "gamma", "srgb", "transparency", "aspect", "loop", "duration", "background",
}  # fmt: skip


def _already_clean(image, fmt: str) -> bool:
    """No EXIF (so no GPS, no orientation to apply), no XMP or comments, and a mode browsers show."""
    if image.getexif() or set(image.info) - _HARMLESS_INFO:
        return False
    return image.mode in ("RGB", "L") if fmt == "JPEG" else image.mode in ("RGB", "RGBA", "L", "LA", "P")


def _require_photo_edit(article: Article, acting_user: Actor) -> None:
    require(
        acting_user, perms.user_can_edit_article(acting_user, article), _("You may not change this article.")
    )


@transaction.atomic
def photo_add(
    *,
    article: Article,
    upload,
    acting_user: Actor,
    caption: str = "",
    alt_text: str = "",
    order: int | None = None,
    photo: Photo | None = None,
) -> Photo:
    """Add a photo to the gallery; `photo` may carry more translated values (from the admin inline)."""
    _require_photo_edit(article, acting_user)
    content, name = _clean_image(upload)
    photo = photo or Photo()
    photo.article = article
    if caption:
        photo.caption_vi = caption
    if alt_text:
        photo.alt_text_vi = alt_text
    if order is None:
        # Not given: after the gallery's last photo (an order entered by the editor is passed as is).
        last = article.photos.aggregate(last=Max("order"))["last"]
        order = 0 if last is None else last + 10
    photo.order = order
    photo.image.save(name, content, save=False)
    photo.full_clean()
    photo.save()
    record(
        actor=acting_user, action="photo.add", obj=photo, unit=article.unit, changes={"article": article.pk}
    )
    _bump(article)
    return photo


@transaction.atomic
def photo_update(*, photo: Photo, acting_user: Actor, upload=None) -> Photo:
    """Save changed caption, alt text or order (and a replaced image, cleaned like a new one)."""
    _require_photo_edit(photo.article, acting_user)
    if upload is not None:
        content, name = _clean_image(upload)
        photo.image.save(name, content, save=False)
    photo.full_clean()
    photo.save()
    record(actor=acting_user, action="photo.update", obj=photo, unit=photo.article.unit)
    _bump(photo.article)
    return photo


@transaction.atomic
def photo_delete(*, photo: Photo, acting_user: Actor) -> None:
    article = photo.article
    _require_photo_edit(article, acting_user)
    record(actor=acting_user, action="photo.delete", obj=photo, unit=article.unit)
    if article.cover_id == photo.pk:
        Article.objects.filter(pk=article.pk).update(cover=None)
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _bump(article)


# --- translations ---------------------------------------------------------------------------------


def _translation_for(article: Article, language: str) -> ArticleTranslationState:
    if language not in TRANSLATION_LANGUAGES:
        raise ValidationError(_("Articles are translated into English and Khmer only."))
    translation, _created = ArticleTranslationState.objects.select_for_update().get_or_create(
        article=article, language=language
    )
    return translation


@transaction.atomic
def translation_save(
    *,
    article: Article,
    language: str,
    acting_user: Actor,
    title: str,
    summary: str = "",
    body: str = "",
    photo_texts: dict[str, dict[str, str]] | None = None,
) -> ArticleTranslationState:
    """Save the translator's working copy; the published version, if any, stays public meanwhile."""
    require(
        acting_user,
        perms.user_can_translate_article(acting_user, article, language),
        _("You may not translate this article into this language."),
    )
    translation = _translation_for(article, language)
    if not (title or "").strip():
        raise ValidationError({"title": _("The translated title is required.")})
    photo_ids = {str(pk) for pk in article.photos.values_list("pk", flat=True)}
    translation.title, translation.summary, translation.body = title.strip(), summary, sanitize_html(body)
    translation.photo_texts = {k: v for k, v in (photo_texts or {}).items() if str(k) in photo_ids}
    translation.state = TranslationState.DRAFT
    translation.source_version = article.source_version
    translation.translated_by = user_of(acting_user)
    translation.full_clean()
    translation.save()
    record(
        actor=acting_user,
        action="translation.save",
        obj=translation,
        unit=article.unit,
        changes={"language": language, "source_version": article.source_version},
    )
    return translation


@transaction.atomic
def translation_submit(
    *, translation: ArticleTranslationState, acting_user: Actor
) -> ArticleTranslationState:
    translation = (
        ArticleTranslationState.objects.select_for_update()
        .select_related("article__unit")
        .get(pk=translation.pk)
    )
    require(
        acting_user,
        perms.user_can_submit_translation(acting_user, translation),
        _("You may not submit this translation."),
    )
    translation.state = TranslationState.PENDING
    translation.save(update_fields=["state", "updated_at"])
    record(
        actor=acting_user,
        action="translation.submit",
        obj=translation,
        unit=translation.article.unit,
        changes={"language": translation.language},
    )
    return translation


@transaction.atomic
def translation_publish(
    *, translation: ArticleTranslationState, acting_user: Actor, at: datetime | None = None
) -> ArticleTranslationState:
    """Make the working copy the article's text in that language; the first time is the counted moment.

    `at`: the moment it went public elsewhere (the importer brings it from the old portal).
    """
    translation = (
        ArticleTranslationState.objects.select_for_update(of=("self", "article"))
        .select_related("article__unit", "translated_by")
        .get(pk=translation.pk)
    )
    require(
        acting_user,
        perms.user_can_publish_translation(acting_user, translation),
        _("You may not publish this translation: it must be pending review and translated by someone else."),
    )
    article, code = translation.article, translation.language
    setattr(article, f"title_{code}", translation.title)
    setattr(article, f"summary_{code}", translation.summary)
    setattr(article, f"body_{code}", sanitize_html(translation.body))
    article.refresh_search_text()
    article.save()
    for photo in article.photos.all():
        texts = translation.photo_texts.get(str(photo.pk), {})
        setattr(photo, f"caption_{code}", texts.get("caption", ""))
        setattr(photo, f"alt_text_{code}", texts.get("alt_text", ""))
        photo.save(update_fields=[f"caption_{code}", f"alt_text_{code}"])
    now = timezone.now()
    own = translation.translated_by_id == getattr(acting_user, "pk", None)
    translation.state, translation.live = TranslationState.PUBLISHED, True
    translation.published_at = at or translation.published_at or now
    translation.last_published_at = at or now
    translation.outdated = translation.source_version < article.source_version
    translation.reviewed_by = user_of(acting_user)
    translation.save()
    record(
        actor=acting_user,
        action="translation.publish_without_review" if own else "translation.publish",
        obj=translation,
        unit=article.unit,
        changes={"language": code, "published_at": translation.published_at},
    )
    _bump(article)
    return translation


@transaction.atomic
def translation_unpublish(
    *, translation: ArticleTranslationState, acting_user: Actor
) -> ArticleTranslationState:
    translation = (
        ArticleTranslationState.objects.select_for_update()
        .select_related("article__unit")
        .get(pk=translation.pk)
    )
    require(
        acting_user,
        perms.user_can_unpublish_translation(acting_user, translation),
        _("You may not unpublish this translation."),
    )
    translation.live = False
    translation.state = TranslationState.DRAFT
    translation.save(update_fields=["live", "state", "updated_at"])
    record(
        actor=acting_user,
        action="translation.unpublish",
        obj=translation,
        unit=translation.article.unit,
        changes={"language": translation.language},
    )
    _bump(translation.article)
    return translation


# --- public counters ------------------------------------------------------------------------------


def article_add_views(*, counts: dict[int, int]) -> None:
    """Write buffered view counts (called by the flush task; no audit: not an editorial change)."""

    for article_id, count in counts.items():
        if count > 0:
            Article.objects.filter(pk=article_id).update(view_count=F("view_count") + count)


def hand_over_open_articles(source, target) -> int:
    """A ceasing unit's articles not yet public (drafts, in review, scheduled) go to its successor with
    their pending translations; published ones stay its own. A taken address gets the source's key."""

    now = timezone.now()
    moving = list(Article.objects.filter(unit=source).exclude(status=Status.PUBLISHED, published_at__lte=now))
    taken = set(Article.objects.filter(unit=target).values_list("slug", flat=True))
    for article in moving:
        before = snapshot(article)
        if article.slug in taken:
            article.slug = f"{article.slug}-{source.key}"[:200]
        taken.add(article.slug)
        article.unit = target
        article.save(update_fields=["unit", "slug"])
        article.sections.clear()  # the source's sections: the successor's editors file it anew
        record(
            article,
            actor=SYSTEM,
            action="article.hand_over",
            unit=target,
            changes=diff(before, snapshot(article)),
        )
    if moving:
        changed("site", ("unit", source.pk), ("unit", target.pk))
    return len(moving)
