"""What every API response shares: the anonymous rate limit, ETags with 304, and CORS open for GET.

It wraps each URL's view rather than sitting in the middleware list, so nothing outside /api/v1/ pays
for it. The page cache is off for the API (`no_page_cache`): a cache hit would be answered before the
rate limit is counted (docs/api.md).
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext

from portal import ratelimit
from portal.pagecache import no_page_cache
from portal.proxy import client_ip

RATE_WINDOW = 60  # seconds: the limit is PORTAL_API_REQUESTS_PER_MINUTE per address


def _rate_limited(request) -> HttpResponse | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None  # staff trying the API in their browser
    limit = ratelimit.Limit(
        "api", client_ip(request) or "unknown", RATE_WINDOW, settings.PORTAL_API_REQUESTS_PER_MINUTE
    )
    if ratelimit.take(limit) is None:
        return None
    response = JsonResponse({"detail": gettext("Too many requests: try again in a minute.")}, status=429)
    response["Retry-After"] = str(RATE_WINDOW)
    return response


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match, Accept, Accept-Language"
    response["Access-Control-Max-Age"] = "86400"
    return response


def _with_etag(request, response: HttpResponse) -> HttpResponse:
    etag = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


def api_view(view):
    """The API's behaviour around one of django-ninja's views."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = _preflight()
        else:
            response = _rate_limited(request) or view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code == 200:
                response = _with_etag(request, response)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        patch_vary_headers(response, ("Accept-Language",))
        return response

    # django-ninja exempts its views from CSRF for its own cookie-auth check; this API is read only and
    # has no such auth, so Django's check stays on (a POST here is refused like anywhere on the site).
    wrapped.csrf_exempt = False
    return no_page_cache(wrapped)


def error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/ (`/documents/abc`, a typo) answers in JSON like the API."""
    response = error(404, gettext("Not found."))
    response["Access-Control-Allow-Origin"] = "*"
    return response
