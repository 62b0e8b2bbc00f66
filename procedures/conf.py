"""Settings of the procedures, read when asked (tests may change them). Their defaults are declared
once, in config/environment.py."""

from django.conf import settings


def per_page() -> int:
    """Procedures per page of the public list; the page costs the same number of queries at any size."""
    return settings.PORTAL_PROCEDURES_PER_PAGE
