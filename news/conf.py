"""Settings the news app reads, when asked (tests may change them); defaults in config/environment.py."""

from django.conf import settings


def per_page() -> int:
    """Articles per list page and per feed."""
    return settings.PORTAL_NEWS_PER_PAGE


def feed_items() -> int:
    return settings.PORTAL_NEWS_FEED_ITEMS


def view_flush_seconds() -> int:
    """How often buffered view counts are written to the database."""
    return settings.PORTAL_NEWS_VIEW_FLUSH_SECONDS
