from django.contrib.sitemaps import Sitemap

from portal.registry import sitemap

from .models import Document, LeaderSchedule


@sitemap("documents")
class DocumentSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return Document.objects.visible().select_related("unit").order_by("pk")

    def lastmod(self, document):
        return document.updated_at


@sitemap("schedules")
class ScheduleSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        return LeaderSchedule.objects.visible().select_related("unit").order_by("pk")

    def lastmod(self, schedule):
        return schedule.updated_at
