"""Settings the news app reads, each with its default."""

from django.conf import settings


def per_page() -> int:
    # Articles per list page and per feed.
    return getattr(settings, "PORTAL_NEWS_PER_PAGE", 20)


def feed_items() -> int:
    return getattr(settings, "PORTAL_NEWS_FEED_ITEMS", 30)


def view_flush_seconds() -> int:
    # How often buffered view counts are written to the database.
    return getattr(settings, "PORTAL_NEWS_VIEW_FLUSH_SECONDS", 300)
