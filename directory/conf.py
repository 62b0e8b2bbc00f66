"""Settings of the directory, read when asked (tests may change them). Their defaults are declared
once, in config/environment.py."""

from django.conf import settings


def public_services_url() -> str:
    """The online public-service portal when no footer names one (Decree 42/2022 Điều 4)."""
    return settings.PORTAL_PUBLIC_SERVICES_URL


def feedback_url() -> str:
    """Where citizens send feedback on regulations when no footer names an address."""
    return settings.PORTAL_FEEDBACK_URL
