"""Whole-page cache for anonymous visitors, invalidated exactly by generation counters (docs/caching.md).

Hits are answered by `PageCacheHitMiddleware`, right after the probes and the proxy's scheme, before
every layer a hit does not need; `PageCacheMiddleware`, inside the unit and visit layers, stores pages
and answers the hits the outer one cannot (no copy of the unit index yet in this process).

Only pages that cannot be personal are stored (no session or messages cookie, no cookie set, no CSRF
token used), and only under query parameters a view asked for by name, so `?cb=N` loops
cannot fill the cache. A hit still counts the views the page counted.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe, urlencode

from . import counters, metrics
from .cache import generation_keys, get_many, stamp
from .health import PROBES
from .inputs import control_in_path, holds_control, kept_for_short_queries
from .logs import HEADER, ID_GIVEN, log_response, request_logged
from .middleware import drop_tracking_parameters
from .nearcache import near_cache
from .proxy import believe_forwarded_scheme
from .registry import HIT_COUNTERS, HIT_UNITS
from .replicas import read_primary_from_now
from .timeutil import local_today

log = logging.getLogger(__name__)
_EXCLUDED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/captcha/")
# Scopes some view's pages name besides their unit's (see cache_scopes): read along with every lookup.
_VIEW_SCOPES: set = set()
# Page numbers of the lists (news, Q&A, documents, search; consultations' comments): one spelling each.
_PAGE_NUMBERS = ("page", "trang")
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,4}")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Text worth compressing: pages, feeds, sitemaps. Smaller bodies gain nothing from gzip's 20-byte frame.
_COMPRESSIBLE = re.compile(r"^(text/|application/(xml|json|[a-z+.-]*\+xml))")
_MIN_COMPRESSED_LENGTH = 200


class _ReadNoting(QueryDict):
    """The query parameters, noting the names a view asks for (by key, `get`, `getlist`, `in`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    @classmethod
    def of(cls, query: QueryDict) -> _ReadNoting:
        noting = cls(mutable=True, encoding=query.encoding)
        for name, values in query.lists():
            noting.setlist(name, values)
        noting._mutable = False
        return noting

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    # Going through every parameter (to keep them in a link) is not asking for one.
    def items(self):
        for name, values in self.lists():
            yield name, values[-1] if values else []

    def values(self):
        for _name, value in self.items():
            yield value

    def dict(self):
        return dict(self.items())


def _only_read_parameters(request) -> bool:
    query = request.GET
    if not query:
        return True
    if not isinstance(query, _ReadNoting) or not query.keys() <= query.read:
        return False
    return all(_PAGE_NUMBER.fullmatch(value) for name in _PAGE_NUMBERS for value in dict.get(query, name, ()))


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PORTAL_PAGE_CACHE:
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
            request.scheme,
            request.get_host(),
            request.path,
            _canonical_query(request.META.get("QUERY_STRING", "")),
            language,
            local_today().isoformat(),
        ]
    )
    return f"page:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


@kept_for_short_queries
def _canonical_query(query: str) -> str:
    """One spelling for one set of parameters whatever their order (their values' order is kept), as
    Django parses them."""
    return urlencode(sorted(QueryDict(query).lists()), doseq=True)


@kept_for_short_queries
def _query_holds_control(query: str) -> bool:
    return holds_control(QueryDict(query))


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
        and _only_read_parameters(request)
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
                metrics.PAGE_CACHE.labels("hit").inc()
                request.metrics_view = "page_cache"
                if request.method == "GET":
                    counters.count_again(hit.get("counts", ()))
                return self._serve(request, hit)
            metrics.PAGE_CACHE.labels("miss").inc()
            request._page_cache = lookup
            read_primary_from_now()  # the page may be stored: never render it from a lagging replica
            request.GET = _ReadNoting.of(request.GET)
        with counters.noting() as counted:
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if lookup is not None and _storable(request, response, lookup):
            response = self._store(request, lookup, response, counted)
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

    def _store(self, request, lookup: _Lookup, response, counted: list):
        """Stores the page (compressed too, once) and returns the response as this visitor gets it."""
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
        compressed = _compressed(response)
        if compressed is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        payload = {
            "generation_keys": lookup.generation_keys,
            "generations": lookup.generations,
            "content": response.content,
            "gzip": compressed,
            "headers": list(response.items()),
            "counts": counted,
        }
        if getattr(request, "_page_cache_outer", False):
            # The hit middleware stores it on the way out, with the headers the outer layers add.
            request._page_cache_pending = (lookup.key, payload, response)
        else:
            _put(lookup.key, payload)
        if compressed is not None and _accepts_gzip(request):
            response.content = compressed
            _mark_compressed(response)
        return response

    @staticmethod
    def _serve(request, payload, outer: bool = False) -> HttpResponse:
        """The stored page as this visitor gets it; with the outer layers' headers where `outer`."""
        compressed = payload.get("gzip") if _accepts_gzip(request) else None
        response = HttpResponse(compressed or payload["content"])
        response.headers._store.update(_prepared_headers(payload, compressed, outer))
        if request.method != "GET" or not _CONDITIONAL & request.META.keys():
            return response
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
        if conditional is not response and outer:  # a 304 (or 412) keeps a few headers: add the outer layers'
            _add_outer_headers(conditional, payload)
        return conditional


_CONDITIONAL = {"HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE"}


def _prepared_headers(payload: dict, compressed: bytes | None, outer: bool) -> dict:
    """The headers a hit on `payload` sends, checked and encoded by HttpResponse once per copy of the
    page (portal.nearcache keeps copies), not on every hit: ResponseHeaders' own store, to be copied."""
    prepared = payload.setdefault("prepared_headers", {})
    variant = (compressed is not None, outer)
    if variant not in prepared:
        response = HttpResponse(compressed or payload["content"])
        for name, value in payload["headers"]:
            response[name] = value
        if compressed:
            _mark_compressed(response)
        response["X-Page-Cache"] = "hit"
        if outer:
            _add_outer_headers(response, payload)
        prepared[variant] = dict(response.headers._store)
    return prepared[variant]


def _add_outer_headers(response, payload: dict) -> None:
    """The headers the outer layers added when the page was stored, where the response lacks them."""
    for name, value in payload.get("outer_headers", ()):
        if name not in response:
            response[name] = value


def _put(key: str, payload: dict) -> None:
    try:
        cache.set(key, payload, settings.PORTAL_PAGE_CACHE_SECONDS)
    except Exception:
        log.warning("cache unavailable: page not stored", exc_info=True)
        return
    if "outer_headers" in payload:  # servable by the hit layers: this worker's next hit needs no read
        near_cache.keep_page(key, payload)


def _accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _compressed(response) -> bytes | None:
    """The body gzipped, when that makes it smaller. Only stored pages are compressed, and a page holding
    anything secret to one visitor (a CSRF token, a session) is never stored, so BREACH finds nothing to
    guess. `mtime=0`: the same page gives the same bytes."""
    if response.has_header("Content-Encoding") or not _COMPRESSIBLE.match(response.get("Content-Type", "")):
        return None
    content = response.content
    if len(content) < _MIN_COMPRESSED_LENGTH:
        return None
    compressed = gzip.compress(content, mtime=0)
    return compressed if len(compressed) < len(content) else None


def _mark_compressed(response) -> None:
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    # The gzipped bytes are another representation: a strong ETag must not name both (RFC 9110 8.8.3).
    etag = response.get("ETag", "")
    if etag.startswith('"'):
        response["ETag"] = "W/" + etag


# Headers of the representation: never taken for one the outer layers added.
_REPRESENTATION_HEADERS = {"content-encoding", "content-length", "etag"}


class PageCacheHitMiddleware:
    """Answers hits before every layer a hit does not need: only the probes, the request's log line and
    metrics and the proxy's scheme come before it. It does what those layers would have done for a hit:
    names the unit (from this process's copy of the unit index, checked in the same round trip as the
    page), reads the language from the path, counts the view (reports' counter, the same exclusions), and
    gives the headers the outer layers (security, CSP, permissions policy) added to the page when it was
    stored. Anything it cannot decide this way takes the whole way, to `PageCacheMiddleware`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if HIT_UNITS and _cacheable_request(request):
            if _TRIED in request.META:  # HitsFirst looked it up already: what it read is not read again
                request._page_cache_early_reads = request.META.pop(_TRIED)
            else:
                response = _hit_before_the_layers(request)
                if response is not None:
                    return response
            request._page_cache_outer = True
        response = self.get_response(request)
        key, payload, stored = request.__dict__.pop("_page_cache_pending", (None, None, None))
        # Not when a layer between answered otherwise (an error page): only the page that was stored.
        if stored is response:
            inner = {name.lower() for name, _value in payload["headers"]} | _REPRESENTATION_HEADERS
            payload["outer_headers"] = [(n, v) for n, v in response.items() if n.lower() not in inner]
            _put(key, payload)
        return response


def early_reads(request) -> tuple[list[str], dict] | None:
    """What `PageCacheHitMiddleware` read for a request it could not answer: the keys and what was there."""
    return getattr(request, "_page_cache_early_reads", None)


def _hit_before_the_layers(request) -> HttpResponse | None:
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # SecurityMiddleware redirects it
    if control_in_path(request.path_info) or _query_holds_control(request.META.get("QUERY_STRING", "")):
        return None  # InputCleaningMiddleware answers or cleans it
    try:
        guess = HIT_UNITS[0](request)
    except DisallowedHost:
        return None  # answered 400 further in, as any request naming a host not allowed
    if guess is None:
        return None
    drop_tracking_parameters(request)
    original = request.path_info, request.path
    request.path_info, request.path = guess.path_info, guess.path  # as the layers further in see them
    response = _served_hit(request, guess) if _cacheable_request(request) else None
    if response is None:
        request.path_info, request.path = original
    return response


def _served_hit(request, guess) -> HttpResponse | None:
    language = request_language(request)
    keys = [*guess.checks, *_lookup_keys(request, guess.unit, language)]
    page_key = keys[len(guess.checks)]
    try:
        # This process's copies when they hold a current page (no round trip), else one read of Redis.
        found = near_cache.get_many(keys, usable=lambda copies: _current_hit(copies, guess, page_key, False))
    except Exception:
        return None
    request._page_cache_early_reads = (keys, found)
    hit = _current_hit(found, guess, page_key)
    if hit is None:
        return None
    request.unit = guess.unit
    metrics.PAGE_CACHE.labels("hit").inc()
    request.metrics_view = "page_cache"
    if request.method == "GET":
        counters.count_again(hit.get("counts", ()))
    response = PageCacheMiddleware._serve(request, hit, outer=True)
    for count in HIT_COUNTERS:
        count(request, response)
    return response


def _current_hit(found: dict, guess, page_key: str, read_missing: bool = True) -> dict | None:
    """The page read into `found`, if the hit layers may serve it: the unit index as this process copied
    it, the outer layers' headers kept with it (a page stored by the inner layer alone lacks them), and
    every generation it was stored under still the current one. A generation not in `found` (a scope
    first named after this process's first look-up) is read, or started, where `read_missing`."""
    if any(found.get(key) != value for key, value in guess.checks.items()):
        return None  # the unit index changed since this process copied it
    hit = found.get(page_key)
    if hit is None or "outer_headers" not in hit:
        return None
    if not read_missing and not all(key in found for key in hit["generation_keys"]):
        return None
    return hit if hit["generations"] == stamp(found, hit["generation_keys"]) else None


# The environ's note that HitsFirst looked the request up and missed, holding what it read.
_TRIED = "portal.page_cache_tried"


class HitsFirst:
    """The WSGI application in front of Django's (config/wsgi.py): a page-cache hit is answered without
    Django's handler, its signals and its middleware chain, which cost a hit more than the page cache
    itself. It does what PageCacheHitMiddleware does, and what the layers outside that one do for a
    hit: the request's id and access line, its metrics, the proxy's scheme. A request it does not
    answer goes to Django unchanged (it looks at a copy of the environ), with what it read from the
    cache, so a miss reads the cache once."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if HIT_UNITS and method in ("GET", "HEAD") and path not in PROBES:
            try:
                response = _hit_from_environ(environ)
            except DisallowedHost:  # Django answers it 400, as it answers any other
                response = None
            except Exception:  # a fault of the hit layer: Django still answers, and it is seen
                log.exception("page-cache hit layer failed: the request goes to Django")
                response = None
            if response is not None:
                start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
                return [] if method == "HEAD" else [response.content]
        return self.application(environ, start_response)


def _hit_from_environ(environ) -> HttpResponse | None:
    started = time.perf_counter()
    request = WSGIRequest(dict(environ))
    believe_forwarded_scheme(request)
    if not _cacheable_request(request):
        return None
    with request_logged(request):
        response = _hit_before_the_layers(request)
        if response is None:
            environ[_TRIED], environ[ID_GIVEN] = early_reads(request), request.request_id
            return None
        response[HEADER] = request.request_id
        log_response(request, response.status_code, started)
        metrics.count_response(request, response.status_code, started)
    return response
