"""What the procedures plug into the shared pages: a home block, a section kind, search, the sitemap."""

from django.utils.translation import gettext_lazy as _

from portal.registry import home_block, search_provider, section_handler, sitemap


def register() -> None:
    from . import home, selectors, sitemaps, views

    home_block(7)(home.procedures_block)
    section_handler("procedures")(views.section_procedures)
    search_provider("procedures", _("Administrative procedures"), 25)(selectors.procedures_matching)
    sitemap("procedures")(sitemaps.ProcedureSitemap)
