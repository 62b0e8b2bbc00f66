"""Settings of the document registry, read when asked (tests may change them). Their defaults and the
articles behind them are declared once, in config/environment.py."""

from django.conf import settings


def posting_working_days() -> int:
    """A document is posted within this many working days of its issue by the issuing agency
    (Decree 43/2011/NĐ-CP Điều 17 k1 c; Decree 42/2022 keeps the duty without a day count)."""
    return settings.PORTAL_DOCUMENT_POSTING_WORKING_DAYS


def per_page() -> int:
    """Documents per page of the public finder; the page costs the same number of queries at any size."""
    return settings.PORTAL_DOCUMENTS_PER_PAGE


def feed_items() -> int:
    """Items in each RSS feed of documents."""
    return settings.PORTAL_DOCUMENT_FEED_ITEMS


def home_items() -> int:
    """Items in each home-page block of documents."""
    return settings.PORTAL_DOCUMENT_HOME_ITEMS
