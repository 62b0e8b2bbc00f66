"""What the news app plugs into the shared pages: home blocks, a section kind, search, the sitemap."""

from django.utils.translation import gettext_lazy as _

from portal.registry import alert_source, home_block, search_provider, section_handler, sitemap


def register() -> None:
    from . import alerts, home, sitemaps, views

    home_block(10)(views.home_block)
    home_block(15)(home.channels_block)
    section_handler("articles")(views.section_articles)
    search_provider("news", _("News"), 10)(views.search)
    sitemap("news")(sitemaps.ArticleSitemap)
    alert_source("news", _("News"), normalise=alerts.normalise, describe=alerts.describe)(alerts.item)
    from subsites.reorganisation import open_work

    from .services import hand_over_open_articles

    open_work("articles")(hand_over_open_articles)
