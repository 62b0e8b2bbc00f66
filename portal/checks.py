"""System checks of the portal's own settings: run by `check`, `migrate` and `runserver`."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def base_url_is_set(app_configs=None, **kwargs) -> list[Error]:
    """Links in e-mails sent without a request are built on PORTAL_BASE_URL: without it, a loopback
    default went into citizens' confirmation e-mails. Required whenever DEBUG is off."""
    if settings.DEBUG:
        return []
    value = settings.PORTAL_BASE_URL or ""
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return []
    return [
        Error(
            f"PORTAL_BASE_URL is {value!r}: with DEBUG off it must be the portal's public address, "
            "e.g. PORTAL_BASE_URL=https://travinh.gov.vn (the links in e-mails are built on it).",
            hint="Set the environment variable PORTAL_BASE_URL (see the README's configuration table).",
            id="portal.E001",
        )
    ]
