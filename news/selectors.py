"""Reads that are more than one query-set method: the translation queue and the coverage matrix."""

from __future__ import annotations

import difflib
import hashlib
import re
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from portal.cache import remember
from portal.timeutil import local_day_bounds
from subsites import permissions as unit_perms
from subsites.enums import SectionKind
from subsites.models import Section, Unit
from subsites.slugs import get_by_slug_in_unit

from .enums import TRANSLATION_LANGUAGES, Status, TranslationState
from .models import Article, ArticleTranslationState


def article_scopes(unit) -> tuple:
    """What an article page shows changes with its unit's content or the site's shared parts."""
    return (("unit", unit.pk), "site")


def article_key(unit, slug: str) -> str:
    return f"news:article:{unit.pk}:{hashlib.blake2b(slug.encode(), digest_size=12).hexdigest()}"


def public_articles(unit, language: str | None = None):
    """The articles a unit's site lists: its own, and on the main portal also those promoted to it."""
    qs = Article.objects.visible(language or get_language())
    if unit.is_main_portal:
        return qs.filter(Q(unit=unit) | Q(promoted_to_main=True))
    return qs.in_unit(unit)


def section_articles(section, language: str | None = None):
    """The articles a section lists: those filed under it or its public sub-sections."""
    sections = section.get_descendants(include_self=True).filter(active=True)
    return public_articles(section.unit, language).filter(sections__in=sections).distinct()


def articles_section(unit, slug: str, language: str):
    """The unit's public section of articles answering to `slug` in `language` (None: there is none)."""
    sections = Section.objects.visible().filter(kind=SectionKind.ARTICLES)
    return get_by_slug_in_unit(sections, unit, slug, language)


def fetch_article_in_unit(unit, slug: str) -> Article | None:
    """The public article of `unit` with `slug`, whatever its languages, with its photos, translations
    and sections (None: missing or not public). Read from the database: callers keep it in the cache."""
    article = (
        Article.objects.visible("vi")
        .in_unit(unit)
        .select_related("cover")
        .prefetch_related("photos", "translations", "sections")
        .filter(slug=slug)
        .first()
    )
    if article is not None:
        article.unit = unit  # known already: no join for it
    return article


def article_get_in_unit(unit, slug: str) -> Article | None:
    """`fetch_article_in_unit`, kept in the cache until the unit's content changes."""
    return remember(article_key(unit, slug), article_scopes(unit), lambda: fetch_article_in_unit(unit, slug))


def _translation_needs(language: str) -> tuple[Q, Q]:
    """(needs work, needs it first) in `language`: no public translation; or an outdated or waiting one."""
    mine = ArticleTranslationState.objects.filter(article=OuterRef("pk"), language=language)
    live = mine.filter(live=True)
    outdated = live.filter(Q(outdated=True) | Q(source_version__lt=OuterRef("source_version")))
    waiting = mine.filter(state=TranslationState.PENDING)
    urgent = Q(Exists(outdated)) | Q(Exists(waiting))
    return ~Q(Exists(live)) | urgent, urgent


def translation_queue(user, *, language: str | None = None, unit_id: int | None = None):
    """Published articles whose translation is missing, outdated or awaiting review, in the user's units.

    Outdated and awaiting-review translations come first (a reader sees a wrong or stale text, or a
    translator waits): then new work; newest first within each.
    """
    languages = [language] if language in TRANSLATION_LANGUAGES else list(TRANSLATION_LANGUAGES)
    units = [
        u
        for u in unit_perms.units_user_can_see(user)
        if any(unit_perms.user_can_translate_in_unit(user, u, lang) for lang in languages)
    ]
    if unit_id:
        units = [u for u in units if u.pk == unit_id]
    needs, urgent = Q(), Q()
    for lang in languages:
        lang_needs, lang_urgent = _translation_needs(lang)
        needs |= lang_needs
        urgent |= lang_urgent
    rank = Case(When(urgent, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        Article.objects.filter(status=Status.PUBLISHED, unit__in=units)
        .filter(needs)
        .annotate(queue_rank=rank)
        .select_related("unit")
        .prefetch_related("translations")
        .order_by("queue_rank", "-published_at", "-pk"),
        units,
    )


def translation_queue_state(article: Article, language: str) -> str:
    """What the queue says of one language of an article (uses the prefetched translations)."""
    translation = next((t for t in article.translations.all() if t.language == language), None)
    if translation is None:
        return "missing"
    if translation.state == TranslationState.PENDING:
        return "pending"
    if translation.live and (translation.outdated or translation.source_version < article.source_version):
        return "outdated"
    return "published" if translation.live else "draft"


def coverage_matrix(start: date, end: date) -> list[dict]:
    """Per unit: articles published in the period and how many of them exist in each translation language."""
    since, until = local_day_bounds(start, end)
    articles = Article.objects.filter(
        status=Status.PUBLISHED, published_at__gte=since, published_at__lt=until
    )
    totals = dict(articles.order_by().values_list("unit").annotate(n=Count("pk")).values_list("unit", "n"))
    translated = (
        ArticleTranslationState.objects.filter(live=True, article__in=articles)
        .values_list("article__unit", "language")
        .annotate(n=Count("pk"))
    )
    by_unit: dict[int, dict[str, int]] = {}
    for unit_id, language, n in translated:
        by_unit.setdefault(unit_id, {})[language] = n
    rows = []
    for unit in Unit.objects.filter(active=True).order_by("tree_id", "lft"):
        total = totals.get(unit.pk, 0)
        cells = []
        for lang in TRANSLATION_LANGUAGES:
            done = by_unit.get(unit.pk, {}).get(lang, 0)
            cells.append(
                {"language": lang, "done": done, "share": round(100 * done / total) if total else None}
            )
        rows.append({"unit": unit, "total": total, "cells": cells})
    return rows


# --- revision history -------------------------------------------------------------------------------

# The fields a revision's difference shows, in the order of the form; the snapshot's keys.
_REVISION_FIELDS = (
    "title_vi",
    "summary_vi",
    "body_vi",
    "author",
    "source",
    "featured",
    "main_portal_requested",
)
_WORD = re.compile(r"\s+|\w+|[^\w\s]+")


def _readable(name: str, value) -> str:
    if name == "body_vi":
        # Paragraphs on their own lines, tags out: editors compare what readers read.
        return strip_tags(re.sub(r"</(p|h[1-6]|li|blockquote|tr)>|<br\s*/?>", "\n", value or "")).strip()
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return "" if value is None else str(value)


def word_diff(old: str, new: str) -> str:
    """`new` against `old` word by word as escaped HTML: removed words in <del>, added ones in <ins>."""
    before, after = _WORD.findall(old), _WORD.findall(new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(after[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every part is escaped above


def _field_label(name: str) -> str:
    base = name.removesuffix("_vi")
    return capfirst(Article._meta.get_field(base).verbose_name)


def _cover_label(photo_id, photos: dict) -> str:
    photo = photos.get(photo_id)
    return "" if photo_id is None else (str(photo) if photo else f"#{photo_id}")


def revision_history(article: Article) -> list[dict]:
    """The revisions, newest first, each with its action named and what changed since the one before."""
    revisions = list(article.revisions.select_related("created_by").order_by("created_at", "pk"))
    photos = {p.pk: p for p in article.photos.all()}
    sections = dict(article.unit.sections.values_list("pk", "title_vi"))
    history, previous = [], {}
    for revision in revisions:
        data = revision.snapshot
        changes = []
        for name in _REVISION_FIELDS:
            old, new = _readable(name, previous.get(name)), _readable(name, data.get(name))
            if old != new:
                changes.append({"field": _field_label(name), "diff": word_diff(old, new)})
        covers = [_cover_label(d.get("cover_id"), photos) for d in (previous, data)]
        if covers[0] != covers[1]:
            changes.append({"field": _field_label("cover"), "diff": word_diff(*covers)})
        names = [
            ", ".join(sections.get(pk, f"#{pk}") for pk in d.get("section_ids", [])) for d in (previous, data)
        ]
        if names[0] != names[1]:
            changes.append({"field": _field_label("sections"), "diff": word_diff(*names)})
        history.append({"revision": revision, "action": revision.action_label(), "changes": changes})
        previous = data
    return history[::-1]
