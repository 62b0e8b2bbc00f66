import re

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, set_script_prefix

from portal.cache import read_ahead, request_reads
from portal.pagecache import early_reads, request_language
from portal.registry import PAGE_READS, HitUnit

from .permissions import current_unit
from .routing import unit_path_prefix
from .selectors import (
    index_checks,
    last_known_units,
    main_portal,
    one_check_per_request,
    unit_by_former_host,
    unit_by_host,
    unit_by_key,
)

_LANGS = "|".join(code for code, _name in settings.LANGUAGES)
_PATH_PREFIX = f"/{settings.PORTAL_UNIT_PATH_PREFIX}/"
_UNIT_PATH = re.compile(
    rf"^/{settings.PORTAL_UNIT_PATH_PREFIX}/(?P<key>[-\w]+)(?P<rest>/(?:(?:{_LANGS})(?:/.*)?)?)?$"
)


class CurrentUnitMiddleware:
    """Sets `request.unit`: from the path prefix `/don-vi/<key>/`, else from the host, else the main portal.

    An unknown or inactive unit answers 404. The path prefix becomes the script prefix so that the
    rest of the site (URL resolving, reversing, language redirects) works as on the main portal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The script prefix is per thread: set it for this request and restore it afterwards, so that
        # one unit's prefix never leaks into the next request served by the same thread.
        previous = get_script_prefix()
        set_script_prefix(request.META.get("SCRIPT_NAME", "").rstrip("/") + "/")
        try:
            with one_check_per_request(), request_reads(early_reads(request)):
                self._read_ahead(request)
                return self._serve(request)
        finally:
            set_script_prefix(previous)

    @staticmethod
    def _read_ahead(request) -> None:
        """Name the keys the request's page will want (the cached page, the menu, the footer's count)
        so that they are read with the unit index's version: a cached page in one round trip. The unit
        is guessed from this process's copy of the index; the version read then checks that copy, and
        a wrong guess only costs the keys' own read later."""
        index = last_known_units()
        if index is None:
            return
        unit, match = _named_unit(request, index["by_key"].get, index["by_host"].get, lambda: index["root"])
        if unit is None:
            return
        path_info = request.path_info
        request.path_info = (match["rest"] or "/") if match else path_info  # as the layers further in see it
        try:
            language = request_language(request)
            read_ahead(key for wanted in PAGE_READS for key in wanted(request, unit, language))
        finally:
            request.path_info = path_info

    def _serve(self, request):
        request.unit = None
        by_path = request.path_info.startswith(_PATH_PREFIX)
        unit, match = _named_unit(request, unit_by_key, unit_by_host, main_portal)
        if not by_path and (moved := _host_moved(request)) is not None:
            return moved
        if by_path:
            if unit is None or unit.parent_id is None:
                raise Http404("unknown unit")
            self._enter_unit_path(request, unit, match)
        if unit is not None and not unit.active:
            raise Http404("inactive unit")
        request.unit = unit
        return self.get_response(request)

    @staticmethod
    def _enter_unit_path(request, unit, match) -> None:
        """The rest of the site sees the path without the unit's prefix, which becomes the script prefix."""
        prefix = get_script_prefix().rstrip("/") + f"/{settings.PORTAL_UNIT_PATH_PREFIX}/{unit.key}"
        request.path_info = match["rest"] or "/"
        request.path = prefix + request.path_info
        set_script_prefix(prefix + "/")


def _named_unit(request, by_key, by_host, main):
    """The unit a request names (by its path's prefix, else its host, else the main portal) through the
    given look-ups, and the match of the prefix (None when the path names no unit)."""
    if request.path_info.startswith(_PATH_PREFIX):
        match = _UNIT_PATH.match(request.path_info)
        return (by_key(match["key"]) if match else None), match
    return _host_unit(request, by_host) or main(), None


def _host_unit(request, by_host):
    host = request.get_host().rsplit(":", 1)[0].lower()
    return by_host(host) if host not in settings.PORTAL_MAIN_HOSTS else None


def unit_for_hit(request) -> HitUnit | None:
    """The unit a request names, from this process's copy of the index, for a hit answered before this
    middleware (portal.pagecache.PageCacheHitMiddleware). None wherever this middleware would do more
    than name it (no copy yet, a moved or former host, an unknown, inactive or ceased unit): the
    request then takes the whole way."""
    index = last_known_units()
    if index is None:
        return None
    path_info = request.path_info
    if path_info.startswith(_PATH_PREFIX):
        match = _UNIT_PATH.match(path_info)
        unit = index["by_key"].get(match["key"]) if match else None
        if unit is None or unit.parent_id is None:
            return None
        path_info = match["rest"] or "/"
        script_name = request.META.get("SCRIPT_NAME", "").rstrip("/")
        path = f"{script_name}/{settings.PORTAL_UNIT_PATH_PREFIX}/{unit.key}{path_info}"
    else:
        host = request.get_host().rsplit(":", 1)[0].lower()
        main_host = host in settings.PORTAL_MAIN_HOSTS
        unit = None if main_host else index["by_host"].get(host)
        if not main_host and (host in index["by_former_host"] or (unit is not None and unit.is_ceased)):
            return None
        unit, path = unit or index["root"], request.path
    if unit is None or not unit.active:
        return None
    return HitUnit(unit, path_info, path, index_checks(index))


_HOME_PATHS = {"/", *(f"/{code}/" for code, _name in settings.LANGUAGES)}


def _host_moved(request) -> HttpResponsePermanentRedirect | None:
    """A host name that no longer serves its unit (a former host, or the host of a ceased unit) sends
    each address to the same path at the unit's current address; a ceased unit's home goes straight
    to the unit that took over its work, its content stays at the unit's own (prefixed) addresses."""
    host = request.get_host().rsplit(":", 1)[0].lower()
    if host in settings.PORTAL_MAIN_HOSTS:
        return None
    unit = unit_by_host(host)
    if unit is None or not unit.is_ceased:
        unit = unit_by_former_host(host)
    if unit is None:
        return None
    path = request.get_full_path()
    if unit.is_ceased:
        heir = current_unit(unit)
        if heir is not None and request.path_info in _HOME_PATHS:
            return HttpResponsePermanentRedirect(_address(request, heir, request.path_info))
        return HttpResponsePermanentRedirect(_main_origin(request) + unit_path_prefix(unit) + path)
    return HttpResponsePermanentRedirect(_address(request, unit, path))


def _address(request, unit, path: str) -> str:
    if unit.host and not unit.is_ceased:
        return f"{request.scheme}://{unit.host}{path}"
    return _main_origin(request) + unit_path_prefix(unit) + path


def _main_origin(request) -> str:
    """Where the main portal answers: its configured public address, else its first main host."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL.rstrip("/")
    if settings.PORTAL_MAIN_HOSTS:
        return f"{request.scheme}://{settings.PORTAL_MAIN_HOSTS[0]}"
    return ""
