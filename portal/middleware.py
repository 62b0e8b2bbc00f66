from django.conf import settings

from .audit import current_ip


def client_ip(request) -> str | None:
    """The visitor's address; behind the reverse proxy, the first X-Forwarded-For hop it set."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "PORTAL_TRUST_X_FORWARDED_FOR", True):
        return forwarded.split(",")[0].strip() or None
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
