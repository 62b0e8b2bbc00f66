"""What the directory plugs into the kernel: the footer's cache keys read with every page's first
read, its pages in the sitemap, and the home pages' online public services entry."""

from portal.registry import home_block, page_reads, sitemap


def register() -> None:
    from . import footer, home, sitemaps

    home_block(6)(home.services_block)
    page_reads(footer.footer_reads)
    sitemap("directory")(sitemaps.DirectorySitemap)
