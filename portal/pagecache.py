"""Whole-page cache for anonymous visitors, invalidated exactly by generation counters.

A page's key names the host, the full path (with the unit's prefix), the query string, the language
and the local date (campaign banners, this week's schedule and a draft's days left change at midnight
with nobody acting); its stored copy names the generations of what it shows (the current unit's
content, the site's shared parts such as unit names and the directory, and whatever its view adds
with `cache_scopes`), read with it in one round trip, and serves only while they are still current.
Any change bumps the generation of the unit it belongs to (see portal.cache.bump), so the next request
renders afresh; nothing else is flushed.

The middleware sits just inside the unit and visit-counting middleware: a hit is answered before
sessions, authentication, CSRF, URL resolving and the view, so a cached page costs little more than
the cheapest request Django can serve. What the layers further in add to a response (Vary,
X-Frame-Options, Content-Language, ETag) is stored with the page, and a conditional request is
answered 304 here. The layers further in cannot have made a page personal: only a request without a
session or messages cookie is looked up, and a page is stored only when its visitor was anonymous, no
cookie was set, no CSRF token was used, and the language matches the one the key was made with.
Views opt out with `no_page_cache` (or `request.page_cache = False`); non-GET requests are never cached.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from .cache import generation_keys, get_many, stamp

log = logging.getLogger(__name__)
_EXCLUDED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/captcha/")
# Scopes some view's pages name besides their unit's (see cache_scopes): read along with every lookup.
_VIEW_SCOPES: set = set()


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "PORTAL_PAGE_CACHE", True):
        return False
    if request.path_info.startswith(_EXCLUDED_PREFIXES):
        return False
    # A visitor with a session or pending messages ("your comment was received") sees a personal page.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def request_language(request) -> str:
    """The language LocaleMiddleware will choose for this request, read the same way before it runs."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=patterns_used)
    if patterns_used and not prefixed_default and not translation.get_language_from_path(request.path_info):
        language = settings.LANGUAGE_CODE
    return language


def _key(request, language: str) -> str:
    raw = "|".join(
        [
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            language,
            timezone.localdate().isoformat(),
        ]
    )
    return f"page:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def _base_scopes(unit) -> list:
    return [("unit", unit.pk if unit else 0), "site"]


def _lookup_keys(request, unit, language: str) -> list[str]:
    """The page's key and every generation it may name."""
    return [_key(request, language), *generation_keys(*_base_scopes(unit), *_VIEW_SCOPES)]


def page_reads(request, unit, language: str) -> list[str]:
    """What the lookup will read, for the unit middleware to read along with the unit index's version:
    a hit then costs one round trip to the cache, as the minimal view does."""
    return _lookup_keys(request, unit, language) if _cacheable_request(request) else []


def _storable(request, response, lookup: _Lookup) -> bool:
    user = getattr(request, "user", None)
    return (
        lookup.generation_keys is not None  # the view was resolved and allows caching
        and response.status_code == 200
        and getattr(request, "page_cache", True)
        and not (user is not None and user.is_authenticated)
        and getattr(request, "LANGUAGE_CODE", None) == lookup.language
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(response, "streaming", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def cache_scopes(*scopes):
    """Decorate a view whose page shows more than its unit's content, e.g. `@cache_scopes("content")`."""
    _VIEW_SCOPES.update(scopes)

    def decorator(view):
        view.page_cache_scopes = scopes
        return view

    return decorator


def no_page_cache(view):
    """Decorate a view that must never be served from the page cache (a form with a CSRF token, say)."""
    view.page_cache_disabled = True
    return view


class _Lookup:
    """One request's way through the cache: its key, what was read with it, what its view depends on."""

    def __init__(self, key: str, language: str, found: dict):
        self.key, self.language, self.found = key, language, found
        self.generation_keys: list[str] | None = None
        self.generations = ""


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache = None
        if not _cacheable_request(request):
            return self.get_response(request)
        lookup = self._look_up(request)
        if lookup is not None:
            hit = lookup.found.get(lookup.key)
            if hit is not None and self._current(hit, lookup):
                return self._serve(request, hit)
            request._page_cache = lookup
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if lookup is not None and _storable(request, response, lookup):
            self._store(lookup, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        lookup = request._page_cache
        if lookup is None or getattr(view_func, "page_cache_disabled", False):
            return None
        scopes = [*_base_scopes(getattr(request, "unit", None)), *getattr(view_func, "page_cache_scopes", ())]
        keys = generation_keys(*scopes)
        # Read before the page is rendered: a change meanwhile makes the stored copy stale at once. A
        # scope the lookup did not read (named first after this process's first lookup) is read by stamp.
        lookup.generation_keys, lookup.generations = keys, stamp(lookup.found, keys)
        return None

    def _look_up(self, request) -> _Lookup | None:
        language = request_language(request)
        keys = _lookup_keys(request, getattr(request, "unit", None), language)
        try:
            found = get_many(keys)  # read along with the unit index's version where it could be
        except Exception:
            log.warning("cache unavailable: serving uncached", exc_info=True)
            return None
        return _Lookup(keys[0], language, found)

    @staticmethod
    def _current(hit: dict, lookup: _Lookup) -> bool:
        return hit["generations"] == stamp(lookup.found, hit["generation_keys"])

    def _store(self, lookup: _Lookup, response) -> None:
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
        payload = {
            "generation_keys": lookup.generation_keys,
            "generations": lookup.generations,
            "content": response.content,
            "headers": list(response.items()),
        }
        try:
            cache.set(lookup.key, payload, getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 3600))
        except Exception:
            log.warning("cache unavailable: page not stored", exc_info=True)

    @staticmethod
    def _serve(request, payload) -> HttpResponse:
        response = HttpResponse(payload["content"])
        for name, value in payload["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        if request.method != "GET":
            return response
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
