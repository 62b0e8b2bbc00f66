import re

from django.conf import settings
from django.http import Http404
from django.urls import get_script_prefix, set_script_prefix

from portal.cache import read_ahead, request_reads
from portal.pagecache import request_language
from portal.registry import PAGE_READS

from .selectors import last_known_units, main_portal, one_check_per_request, unit_by_host, unit_by_key

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
            with one_check_per_request(), request_reads():
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
