from portal.sitemaps import ContentSitemap

from .models import Procedure


class ProcedureSitemap(ContentSitemap):
    model = Procedure
    changefreq = "monthly"
