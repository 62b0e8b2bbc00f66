"""Reads that are more than one query-set method: the translation queue and the coverage matrix."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from portal.cache import remember
from subsites import permissions as unit_perms
from subsites.models import Unit

from .enums import TRANSLATION_LANGUAGES, Status
from .models import Article, ArticleTranslationState


def local_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in the portal's local time: the period's local dates, inclusive."""
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def article_scopes(unit) -> tuple:
    """What an article page shows changes with its unit's content or the site's shared parts."""
    return (("unit", unit.pk), "site")


def article_key(unit, slug: str) -> str:
    return f"news:article:{unit.pk}:{hashlib.blake2b(slug.encode(), digest_size=12).hexdigest()}"


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


def translation_queue(user, *, language: str | None = None, unit_id: int | None = None):
    """Published articles lacking a published translation, newest first, in the user's units."""
    languages = [language] if language in TRANSLATION_LANGUAGES else list(TRANSLATION_LANGUAGES)
    units = [
        u
        for u in unit_perms.units_user_can_see(user)
        if any(unit_perms.user_can_translate_in_unit(user, u, lang) for lang in languages)
    ]
    if unit_id:
        units = [u for u in units if u.pk == unit_id]
    qs = Article.objects.filter(status=Status.PUBLISHED, unit__in=units)
    missing = Q()
    for lang in languages:
        live = ArticleTranslationState.objects.filter(article=OuterRef("pk"), language=lang, live=True)
        missing |= ~Exists(live)
    return (
        qs.filter(missing)
        .select_related("unit")
        .prefetch_related("translations")
        .order_by("-published_at", "-pk"),
        units,
    )


def coverage_matrix(start: date, end: date) -> list[dict]:
    """Per unit: articles published in the period and how many of them exist in each translation language."""
    since, until = local_day_bounds(start, end)
    articles = Article.objects.filter(
        status=Status.PUBLISHED, published_at__gte=since, published_at__lt=until
    )
    totals = dict(articles.values_list("unit").annotate(n=Count("pk")).values_list("unit", "n"))
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
