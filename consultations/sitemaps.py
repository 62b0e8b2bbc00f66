from django.contrib.sitemaps import Sitemap

from portal.registry import sitemap

from .models import Draft


@sitemap("consultations")
class DraftSitemap(Sitemap):
    """Drafts exist in every language (falling back to the Vietnamese original)."""

    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self):
        return Draft.objects.visible().select_related("unit").order_by("pk")

    def lastmod(self, draft):
        return draft.updated_at
