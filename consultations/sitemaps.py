from portal.sitemaps import ContentSitemap

from .models import Draft


class DraftSitemap(ContentSitemap):
    """Drafts exist in every language (falling back to the Vietnamese original)."""

    model = Draft
    changefreq = "daily"
