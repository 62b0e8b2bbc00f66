"""Public pages of the news: lists per unit and section, the article with its gallery, its PDF."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, override
from django.views.decorators.http import require_GET

from portal import exports
from portal.cache import remember, remember_many
from portal.paging import KeysetPaginator
from subsites.routing import reached_as

from . import conf, selectors, viewcounts
from . import exports as news_exports
from .models import Article
from .templatetags.news_tags import news_card

HOME_BLOCK_TTL = 600


def _unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no main portal yet")
    return request.unit


def _paginator(request, articles, unit, key: str) -> KeysetPaginator:
    """Page 500 costs what page 1 costs: boundaries and each page's cards kept until the unit's news
    (or the site) change. The cards' addresses depend on how the site is reached: host and prefix."""
    return KeysetPaginator(
        articles.for_listing(),
        conf.per_page(),
        field="published_at",
        # "h2": the cards' titles became h2 (under the list's h1); pages kept with h3 are not reused.
        cache_key=f"news:pages:h2:{unit.pk}:{key}:{get_language()}:{reached_as(request)}",
        scopes=(("news", unit.pk), ("unit", unit.pk), "site"),
        present=lambda rows: mark_safe("".join(news_card(a, unit.is_main_portal, level=2) for a in rows)),
    )


def _render_list(request, articles, *, title: str, unit, key: str, section=None, feed_kwargs=None):
    page = _paginator(request, articles, unit, key).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "cards": page.object_list,
        "list_title": title,
        "section": section,
        "feed_kwargs": feed_kwargs or {},
        "export": _export_links(feed_kwargs or {}, page.paginator.count),
    }
    return render(request, "news/article_list.html", context)


def _export_links(feed_kwargs: dict, matched: int) -> dict:
    """The list's downloads: a section's own (its slug, as its feeds) or the unit's."""
    prefix = "news:section_export" if feed_kwargs else "news:export"
    return {
        "csv": reverse(f"{prefix}_csv", kwargs=feed_kwargs),
        "xlsx": reverse(f"{prefix}_xlsx", kwargs=feed_kwargs),
        "max_rows": exports.max_rows(),
        "allowed": matched <= exports.max_rows(),
        "matched": matched,
    }


@require_GET
def article_list(request):
    unit = _unit(request)
    return _render_list(request, selectors.public_articles(unit), title=gettext("News"), unit=unit, key="all")


def section_articles(request, section):
    """A menu section of kind "articles": the articles filed under it or its sub-sections."""
    return _render_list(
        request,
        selectors.section_articles(section),
        title=section.title,
        unit=section.unit,
        key=f"section-{section.pk}",
        section=section,
        feed_kwargs={"section_slug": section.slug},
    )


# --- exports of a list (docs/exports.md) ---


def _export(request, extension: str, section_slug: str | None = None):
    """Every article the list (the unit's, or a section's) shows over all its pages, newest first, or a
    page saying why it cannot be downloaded. The list has no filter but its section: any other
    parameter (the page's number) is ignored, as the list ignores it for its rows."""
    unit = _unit(request)
    section = None
    if section_slug is not None:
        section = selectors.articles_section(unit, section_slug, get_language())
        if section is None:
            raise Http404("no such section")

    def articles():
        listed = selectors.section_articles(section) if section else selectors.public_articles(unit)
        return listed.for_export()

    def url(article) -> str:
        return request.build_absolute_uri(article.get_absolute_url())

    export = exports.ListExport(
        scope="news-export",
        rows=articles,
        columns=news_exports.columns(url),
        sheet_title=section.title if section else gettext("News"),
        name=exports.filename("tin-tuc", unit, extension),
        title=gettext("Download the news"),
        back_url=section.get_absolute_url() if section else reverse("news:list"),
        back_label=gettext("Back to the list of news"),
        busy=gettext("Too many downloads from your address: try again in a minute."),
        too_many=gettext(
            "This list holds %(matched)s articles; a download holds at most %(limit)s. Download the "
            "list of one of its sections instead."
        ),
    )
    return exports.serve(request, extension, export)


export_csv, export_xlsx = exports.views(_export)
section_export_csv, section_export_xlsx = exports.views(_export)


def _language_links(article) -> list[dict]:
    links = []
    for code in article.live_languages():
        with override(code):
            links.append(
                {
                    "code": code,
                    "name": settings.PORTAL_LANGUAGE_NAMES[code],
                    "url": article.get_absolute_url(),
                }
            )
    return links


def _public_article(request, article: Article | None) -> Article:
    """The article in the page's language; in a language it does not exist in, a 404 naming those it does."""
    if article is None:
        raise Http404("no such article")
    request.page_languages = set(article.live_languages())
    if get_language() not in request.page_languages:
        raise _MissingLanguage(article)
    return article


class _MissingLanguage(Exception):
    def __init__(self, article):
        self.article = article


def _missing_language_response(request, article):
    return render(request, "404.html", {"available_languages": _language_links(article)}, status=404)


def related_articles(article, language: str, limit: int = 4) -> list[Article]:
    """The newest articles sharing a section, topped up with the unit's newest: at most three queries.

    EXISTS (not a join with DISTINCT) lets the database walk the unit's publication index newest
    first and stop after `limit` rows, however many articles the section holds.
    """
    qs = (
        Article.objects.visible(language)
        .in_unit(article.unit)
        .exclude(pk=article.pk)
        .select_related("cover")
        .order_by("-published_at", "-pk")
    )
    section_ids = [s.pk for s in article.sections.all()]
    related = []
    if section_ids:
        filed = Article.sections.through.objects.filter(article=OuterRef("pk"), section_id__in=section_ids)
        related = list(qs.filter(Exists(filed))[:limit])
    if len(related) < limit:
        related += list(qs.exclude(pk__in=[a.pk for a in related])[: limit - len(related)])
    prefetch_related_objects(related, "photos")  # the cards show a cover photo, nothing else related
    for other in related:
        other.unit = article.unit  # all of the same unit: no join for it
    return related


def _article_with_related(request, unit, slug: str, language: str) -> tuple[Article | None, str]:
    """The article and the markup of its related articles' cards, kept until the unit's content changes:
    both read with their generations in one round trip. The cards' addresses depend on how the site is
    reached (host and prefix)."""
    key = selectors.article_key(unit, slug)
    related_key = f"{key}:related:{language}:{reached_as(request)}"

    def related_cards(found):
        if found[key] is None:
            return None
        return "".join(news_card(other) for other in related_articles(found[key], language))

    values = remember_many(
        selectors.article_scopes(unit),
        {key: lambda _found: selectors.fetch_article_in_unit(unit, slug), related_key: related_cards},
    )
    return values[key], mark_safe(values[related_key] or "")


@require_GET
def article_detail(request, slug: str):
    article, related = _article_with_related(request, _unit(request), slug, get_language())
    try:
        article = _public_article(request, article)
    except _MissingLanguage as missing:
        return _missing_language_response(request, missing.article)
    viewcounts.record_view(article.pk)
    context = {
        "article": article,
        "photos": list(article.photos.all()),
        "cover": article.cover_photo(),
        "related": related,
        # The switcher's links (portal.i18n.language_links) name the languages the article exists in.
        "also_in": len(request.page_languages) > 1,
        "description": Truncator(article.summary or article.title).words(40, truncate=" …"),
        # A translation without its own summary shows the Vietnamese one, marked as such.
        "summary_fallback": get_language() != settings.LANGUAGE_CODE
        and not getattr(article, f"summary_{get_language()}", ""),
    }
    return render(request, "news/article_detail.html", context)


def _pdf_fetcher():
    """WeasyPrint may read only our stored photos (`media:<name>`, through the storage, which may be an
    S3 bucket) and our own static files: never the network."""

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static = Path(settings.BASE_DIR, "static").resolve()

    class StoredFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("media:"):
                with default_storage.open(unquote(url.removeprefix("media:")), "rb") as stored:
                    return URLFetcherResponse(url, stored.read())
            target = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
            if not url.startswith("file://") or not target.is_relative_to(static):
                raise ValueError(f"refused to fetch {url}")
            return super().fetch(url, headers)

    return StoredFiles(allowed_protocols=("file",))


@require_GET
def article_pdf(request, slug: str):
    """Save the article as PDF (print and save for every article: Decree 43/2011 Điều 15 k1)."""
    try:
        article = _public_article(request, selectors.article_get_in_unit(_unit(request), slug))
    except _MissingLanguage as missing:
        return _missing_language_response(request, missing.article)
    language = get_language()

    def render_pdf() -> bytes:
        from weasyprint import HTML

        html = render_to_string(
            "news/article_pdf.html",
            {
                "article": article,
                "photos": list(article.photos.all()),
                "static_root": settings.BASE_DIR / "static",
                "url": request.build_absolute_uri(article.get_absolute_url()),
            },
            request=request,
        )
        return HTML(string=html, url_fetcher=_pdf_fetcher()).write_pdf()

    pdf = remember(f"news:pdf:{article.pk}:{language}", (("news", article.unit_id),), render_pdf)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{article.slug}.pdf"'
    return response


def home_block(request, unit):
    """Featured and latest news on a unit's home page; cached until the unit's news change."""
    language = get_language()

    def latest() -> dict:
        # Photos fetched once for both lists: three queries, featured article or not.
        articles = (
            selectors.public_articles(unit, language)
            .select_related("unit", "cover")
            .order_by("-published_at", "-pk")
        )
        featured = list(articles.filter(featured=True)[:1])
        latest = list(articles.exclude(pk__in=[a.pk for a in featured])[:6])
        prefetch_related_objects(featured + latest, "photos")
        return {"featured": featured, "latest": latest}

    context = remember(f"news:home:{unit.pk}:{language}", (("news", unit.pk),), latest, HOME_BLOCK_TTL)
    if not context["featured"] and not context["latest"]:
        return None
    return "news/blocks/home.html", {**context, "list_url": reverse("news:list")}


def search(query: str, language: str, unit):
    qs = Article.objects.visible(language).search(query).order_by("-published_at")
    return qs.in_unit(unit) if unit is not None else qs
