"""What the reverse proxies in front of the portal say about a request, believed only from them.

`X-Forwarded-For` and `X-Forwarded-Proto` are ordinary request headers: anyone can send them. They
mean something only when the configured number of our own proxies (PORTAL_TRUSTED_PROXIES, 0 = none)
stands between the visitor and gunicorn; with 0, the portal reads the connection itself.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings

log = logging.getLogger(__name__)
_warned_unconfigured = False


def trusted_proxies() -> int:
    return max(int(settings.PORTAL_TRUSTED_PROXIES or 0), 0)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The visitor's address, for rate limits, the captcha, the sign-in lockout and the audit trail.

    Each of our N proxies appends the address it was connected from to X-Forwarded-For, so the Nth
    hop from the right is the one the outermost proxy saw; everything further left is whatever the
    client sent and is ignored (reading it would let a visitor pick a new address per request).
    """
    proxies = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return _valid(hops[-min(proxies, len(hops))]) or request.META.get("REMOTE_ADDR") or None
    if forwarded and not proxies:
        _warn_unconfigured()
    return request.META.get("REMOTE_ADDR") or None


def _warn_unconfigured() -> None:
    # Behind nginx with the default of 0, every visitor shares the proxy's address: worth one line.
    global _warned_unconfigured
    if not _warned_unconfigured and not settings.DEBUG:
        _warned_unconfigured = True
        log.warning(
            "X-Forwarded-For received but PORTAL_TRUSTED_PROXIES is 0: the header is ignored; set it "
            "to the number of reverse proxies in front of the portal"
        )


class TrustedProxyMiddleware:
    """Believe X-Forwarded-Proto (the scheme the visitor used) only behind the configured proxies.

    Django's SECURE_PROXY_SSL_HEADER would believe it from anyone: one request claiming https stored
    https:// canonical and og:url links in the page cache for every later visitor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        believe_forwarded_scheme(request)
        return self.get_response(request)


def believe_forwarded_scheme(request) -> None:
    """The request's scheme from X-Forwarded-Proto behind the configured proxies; the header is dropped
    either way, so no later layer reads it."""
    proto = request.META.pop("HTTP_X_FORWARDED_PROTO", "")
    if trusted_proxies():
        scheme = proto.split(",", 1)[0].strip().lower()
        if scheme in ("http", "https"):
            request._get_scheme = lambda: scheme
