from django.contrib.sitemaps import Sitemap

from portal.registry import sitemap

from .models import Article


@sitemap("news")
class ArticleSitemap(Sitemap):
    """Each article once per language it exists in, naming the others with hreflang."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    limit = 10000

    def items(self):
        return (
            Article.objects.visible("vi")
            .select_related("unit")
            .prefetch_related("translations")
            .order_by("pk")
        )

    def get_languages_for_item(self, article):
        return article.live_languages()

    def lastmod(self, article):
        return article.updated_at
