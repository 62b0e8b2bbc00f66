from django.contrib.sitemaps import Sitemap

from portal.registry import sitemap

from .enums import SectionKind
from .models import Page, Section, Unit


@sitemap("units")
class UnitSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return Unit.objects.active().order_by("tree_id", "lft")


@sitemap("sections")
class SectionSitemap(Sitemap):
    """The menu's own pages (links elsewhere excluded), each language at its own slug."""

    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self):
        return (
            Section.objects.visible()
            .filter(unit__active=True)
            .exclude(kind=SectionKind.LINK)
            .select_related("unit")
            .order_by("unit_id", "tree_id", "lft")
        )


@sitemap("pages")
class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return Page.objects.visible().select_related("unit").order_by("pk")

    def lastmod(self, page):
        return page.updated_at
