from django.contrib.sitemaps import Sitemap

from subsites.routing import unit_reverse

from .models import Introduction


class DirectorySitemap(Sitemap):
    """Each active unit's introduction page, in every language (texts fall back to Vietnamese)."""

    i18n = True
    alternates = True
    changefreq = "yearly"

    def items(self):
        return Introduction.objects.filter(unit__active=True).select_related("unit").order_by("pk")

    def location(self, item):
        return unit_reverse(item.unit, "directory:introduction")
