from django.contrib.sitemaps import Sitemap

from .registry import SITEMAPS


class ContentSitemap(Sitemap):
    """A unit's published items of one model, in every language, naming the others with hreflang.

    Subclasses name the `model` (whose manager has `visible()`) and its `changefreq`."""

    model = None
    i18n = True
    alternates = True

    def items(self):
        return self.model.objects.visible().select_related("unit").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


def all_sitemaps() -> dict[str, type]:
    """Every app's sitemaps, registered by its hooks.register() when the apps were ready."""
    return dict(SITEMAPS)
