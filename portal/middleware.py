from django.conf import settings

from .audit import current_ip


def client_ip(request) -> str | None:
    """The visitor's address; behind the reverse proxy, the X-Forwarded-For hop that proxy appended.

    The hops on the left are whatever the client sent (anyone can send X-Forwarded-For): reading the
    first one would let a visitor pick a new address per request and walk past the rate limits and
    forge the audit trail. Our own proxies (PORTAL_TRUSTED_PROXIES of them) append on the right.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXIES", 1)
    if forwarded and proxies > 0 and getattr(settings, "PORTAL_TRUST_X_FORWARDED_FOR", True):
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client address available to the audit trail and adds headers Django does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            current_ip.reset(token)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
