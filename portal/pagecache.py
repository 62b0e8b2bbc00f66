"""Whole-page cache for anonymous visitors, invalidated exactly by generation counters.

A page's key names the host, the full path (with the unit's prefix), the query string, the language
and the local date (campaign banners, this week's schedule and a draft's days left change at midnight
with nobody acting); its stored copy names the generations of what every public page may show (the
current unit's content and the site's shared parts: unit names, the directory), read with it in one
round trip, and serves only while they are still current. Any change bumps the generation of the unit
it belongs to (see portal.cache.bump), so the next request renders afresh; nothing else is flushed. Pages that
depend on more than their unit (search) name the global "content" generation through
`request.page_cache_scopes`. Views opt out with `request.page_cache = False`; signed-in users,
non-GET requests, responses with cookies and pages carrying a CSRF token are never cached.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .cache import generation_keys, stamp

log = logging.getLogger(__name__)
_HEADERS_KEPT = ("Content-Type", "Content-Language", "Last-Modified", "Link")


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "PORTAL_PAGE_CACHE", True):
        return False
    if request.path_info.startswith(("/admin/", "/static/", "/media/", "/i18n/", "/captcha/")):
        return False
    # A visitor with a session or pending messages ("your comment was received") sees a personal page.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _key(request) -> tuple[str, list[str]]:
    """The page's key, and the keys of the generations its stored copy must match."""
    unit = getattr(request, "unit", None)
    scopes: list = [("unit", unit.pk if unit else 0), "site"]
    scopes.extend(getattr(request, "page_cache_scopes", ()))
    raw = "|".join(
        [
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            getattr(request, "LANGUAGE_CODE", ""),
            timezone.localdate().isoformat(),
        ]
    )
    return f"page:{hashlib.sha256(raw.encode()).hexdigest()[:40]}", generation_keys(*scopes)


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and getattr(request, "page_cache", True)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(response, "streaming", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def cache_scopes(*scopes):
    """Decorate a view whose page shows more than its unit's content, e.g. `@cache_scopes("content")`."""

    def decorator(view):
        view.page_cache_scopes = scopes
        return view

    return decorator


def no_page_cache(view):
    """Decorate a view that must never be served from the page cache (a form with a CSRF token, say)."""
    view.page_cache_disabled = True
    return view


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache_key = None
        response = self.get_response(request)
        key = request._page_cache_key
        if (
            key is not None
            and getattr(response, "page_cache_hit", False) is False
            and _storable(request, response)
        ):
            self._store(key, response)
        if _cacheable_request(request):
            patch_vary_headers(response, ("Cookie",))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "page_cache_disabled", False) or not _cacheable_request(request):
            return None
        request.page_cache_scopes = getattr(view_func, "page_cache_scopes", ())
        key, generation_keys = _key(request)
        try:
            found = cache.get_many([key, *generation_keys])  # the page and its generations: one round trip
        except Exception:
            log.warning("cache unavailable: serving uncached", exc_info=True)
            return None
        current = stamp(found, generation_keys)
        hit = found.get(key)
        if hit is not None and hit["generations"] == current:
            return self._rebuild(hit)
        request._page_cache_key = (key, current)
        return None

    def _store(self, key_and_generations: tuple[str, str], response) -> None:
        key, current = key_and_generations
        etag = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
        response["ETag"] = etag
        payload = {
            # Read before the page was rendered: a change meanwhile makes this copy stale at once.
            "generations": current,
            "content": response.content,
            "headers": {h: response[h] for h in _HEADERS_KEPT if h in response} | {"ETag": etag},
        }
        try:
            cache.set(key, payload, getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 3600))
        except Exception:
            log.warning("cache unavailable: page not stored", exc_info=True)

    def _rebuild(self, payload):
        from django.http import HttpResponse

        response = HttpResponse(payload["content"])
        for name, value in payload["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        response.page_cache_hit = True
        return response
