from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from portal.sitemaps import ContentSitemap

from .enums import SectionKind
from .models import Page, Section, Unit


class UnitSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        # A ceased unit's home redirects to its successor: listed at the successor's address only.
        return Unit.objects.active().exclude(ceased_on__lte=timezone.localdate()).order_by("tree_id", "lft")


class SectionSitemap(Sitemap):
    """The menu's own pages (links elsewhere excluded), each language at its own slug."""

    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self):
        return (
            Section.objects.visible()
            .filter(unit__active=True)
            .exclude(unit__ceased_on__lte=timezone.localdate())
            .exclude(kind=SectionKind.LINK)
            .select_related("unit")
            .order_by("unit_id", "tree_id", "lft")
        )


class PageSitemap(ContentSitemap):
    model = Page
    changefreq = "monthly"
