from django.contrib.sitemaps import Sitemap

from portal.registry import sitemap

from .models import Page, Unit


@sitemap("units")
class UnitSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return Unit.objects.active().order_by("tree_id", "lft")


@sitemap("pages")
class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return Page.objects.visible().select_related("unit").order_by("pk")

    def lastmod(self, page):
        return page.updated_at
