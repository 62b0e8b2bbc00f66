from portal.sitemaps import ContentSitemap

from .models import Document, LeaderSchedule


class DocumentSitemap(ContentSitemap):
    model = Document
    changefreq = "monthly"


class ScheduleSitemap(ContentSitemap):
    model = LeaderSchedule
    changefreq = "weekly"
