"""What the units app plugs into the kernel: the banners block, the menu's cache reads, the signals
that keep the unit index fresh, the sitemaps of units, sections and pages."""

from portal.registry import hit_unit, home_block, page_reads, sitemap


def register() -> None:
    from . import home, menus, middleware, signals, sitemaps

    signals.connect()
    page_reads(menus.menu_reads)
    hit_unit(middleware.unit_for_hit)
    home_block(5)(home.banners_block)
    sitemap("units")(sitemaps.UnitSitemap)
    sitemap("sections")(sitemaps.SectionSitemap)
    sitemap("pages")(sitemaps.PageSitemap)
