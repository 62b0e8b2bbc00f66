from portal.sitemaps import ContentSitemap

from .models import Question


class QuestionSitemap(ContentSitemap):
    """Published questions: answers fall back to Vietnamese, so each exists in every language."""

    model = Question
    changefreq = "monthly"
