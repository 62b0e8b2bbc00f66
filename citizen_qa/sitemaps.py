from django.contrib.sitemaps import Sitemap

from portal.registry import sitemap

from .models import Question


@sitemap("qa")
class QuestionSitemap(Sitemap):
    """Published questions: answers fall back to Vietnamese, so each exists in every language."""

    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return Question.objects.visible().select_related("unit").order_by("pk")

    def lastmod(self, question):
        return question.updated_at
