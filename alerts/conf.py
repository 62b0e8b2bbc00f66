"""Settings of e-mail alerts, read when asked (tests may change them); declared in config/environment.py."""

from __future__ import annotations

from django.conf import settings


def base_url() -> str:
    return (settings.PORTAL_BASE_URL or "").rstrip("/")


def confirm_days() -> int:
    """How long a confirmation link works; unconfirmed subscriptions are erased after it."""
    return int(settings.PORTAL_ALERTS_CONFIRM_DAYS)


def sends_per_hour() -> int:
    """Alert e-mails the portal sends in an hour at most; the rest wait for the next hour."""
    return int(settings.PORTAL_ALERTS_SENDS_PER_HOUR)


def confirmations_per_hour() -> int:
    """Confirmation e-mails to one mailbox in an hour: one, so the form cannot flood someone's inbox."""
    return 1


def digest_hour() -> int:
    """The local hour daily and weekly digests leave (weekly ones on Mondays)."""
    return int(settings.PORTAL_ALERTS_DIGEST_HOUR)
