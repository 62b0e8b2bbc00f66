"""The one boundary every text a visitor or an editor sends passes: control characters never get in.

Public forms, admin forms and search parameters all read `request.POST` and `request.GET`; cleaning
them here covers every form, the admin's model forms included, without a field class of their own.
The exchange import, which reads files rather than requests, cleans its records with the same
function (`portal.text.clean_text`). Passwords are cleaned too: the same cleaning applies when one is
set and when it is checked, and no keyboard types a control character.
"""

from __future__ import annotations

from functools import lru_cache, wraps

from django.http import Http404, QueryDict

from .text import clean_text, has_control


def holds_control(query: QueryDict) -> bool:
    return any(has_control(key) or any(has_control(v) for v in values) for key, values in query.lists())


def control_in_path(path: str) -> bool:
    return has_control(path) or "\n" in path or "\t" in path


def _cleaned(query: QueryDict) -> QueryDict:
    if not holds_control(query):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlistdefault(clean_text(key), []).extend(clean_text(v) for v in values)
    cleaned._mutable = False
    return cleaned


class InputCleaningMiddleware:
    """Cleans the query string's and the form body's values; a path with a control character is 404.

    No address of the site holds a control character; looking one up would reach the database (which
    refuses NUL on PostgreSQL) or the file system (which refuses it everywhere).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if control_in_path(request.path_info):
            raise Http404("control character in the address")
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


def kept_for_short_queries(function):
    """`function` of a query string, kept per process for the 1,024 latest short ones: a cached page's
    hits bring the same few queries again and again. A long query (rare, or hostile) is worked out each
    time, so what is kept stays under about a megabyte."""
    kept = lru_cache(maxsize=1024)(function)

    @wraps(function)
    def wrapper(query: str):
        return kept(query) if len(query) <= 200 else function(query)

    return wrapper
