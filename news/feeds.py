"""RSS and Atom feeds of a unit's news, of one of its sections, in the page's language."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import get_language, gettext

from portal.feeds import AtomFeed, RssFeed

from . import conf
from .selectors import articles_section, public_articles


class ArticleFeed(Feed):
    feed_type = RssFeed

    def __call__(self, request, section_slug: str | None = None):
        """A section's feed by its address in the feed's language; its Vietnamese one redirects there."""
        unit = getattr(request, "unit", None)
        if unit is None:
            raise Http404("no main portal yet")
        section = None
        if section_slug:
            section = articles_section(unit, section_slug, get_language())
            if section is None:
                raise Http404("no such section")
            if section.slug != section_slug:
                url = reverse(request.resolver_match.view_name, kwargs={"section_slug": section.slug})
                return HttpResponsePermanentRedirect(url)
        return super().__call__(request, unit=unit, section=section)

    def get_object(self, request, unit, section):
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
    feed_type = AtomFeed
