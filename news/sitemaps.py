from portal.sitemaps import ContentSitemap

from .models import Article


class ArticleSitemap(ContentSitemap):
    """Each article once per language it exists in (not every language), naming the others."""

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
