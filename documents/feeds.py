"""RSS of the unit's documents, all of them or one category's."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.feeds import RssFeed
from subsites.routing import unit_reverse

from . import conf, selectors
from .enums import Category
from .models import Document


class DocumentFeed(Feed):
    feed_type = RssFeed

    def get_object(self, request, category: str = ""):
        if getattr(request, "unit", None) is None:
            raise Http404("no unit")
        if category and category not in Category.values:
            raise Http404("no such category")
        return request.unit, category

    def title(self, obj) -> str:
        unit, category = obj
        name = Category(category).label if category else _("Documents")
        return f"{name} – {unit.name}"

    def link(self, obj) -> str:
        return unit_reverse(obj[0], "documents:finder")

    def description(self, obj) -> str:
        return _("Documents newly posted on %(unit)s") % {"unit": obj[0].name}

    def items(self, obj):
        unit, category = obj
        return selectors.recent_documents(unit, category, limit=conf.feed_items())

    def item_title(self, item: Document) -> str:
        return item.search_title()

    def item_description(self, item: Document) -> str:
        return _("%(type)s issued by %(body)s on %(date)s") % {
            "type": item.get_doc_type_display(),
            "body": item.issuing_body.name,
            "date": f"{item.issued_on:%d/%m/%Y}",
        }

    def item_pubdate(self, item: Document):
        return timezone.localtime(item.posted_at) if item.posted_at else None

    def item_link(self, item: Document) -> str:
        return item.get_absolute_url()
