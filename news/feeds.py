"""RSS and Atom feeds of a unit's news, of one of its sections, in the page's language."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from subsites.enums import SectionKind
from subsites.models import Section

from . import conf
from .views import public_articles


class ArticleFeed(Feed):
    def get_object(self, request, section_slug: str | None = None):
        unit = getattr(request, "unit", None)
        if unit is None:
            raise Http404("no main portal yet")
        section = None
        if section_slug:
            section = get_object_or_404(
                Section.objects.visible(), unit=unit, slug=section_slug, kind=SectionKind.ARTICLES
            )
        return {"unit": unit, "section": section, "language": get_language()}

    def title(self, obj):
        parts = [obj["unit"].name, obj["section"].title if obj["section"] else gettext("News")]
        return " – ".join(parts)

    def link(self, obj):
        return obj["section"].get_absolute_url() if obj["section"] else reverse("news:list")

    def description(self, obj):
        return gettext("Latest news of %(unit)s") % {"unit": obj["unit"].name}

    subtitle = description

    def items(self, obj):
        qs = public_articles(obj["unit"], obj["language"])
        if obj["section"] is not None:
            qs = qs.filter(sections__in=obj["section"].get_descendants(include_self=True)).distinct()
        return qs.select_related("unit").order_by("-published_at", "-pk")[: conf.feed_items()]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author or article.unit.name


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
