from urllib.parse import parse_qsl, urlencode

from django.conf import settings

from .audit import current_ip
from .inputs import kept_for_short_queries
from .proxy import client_ip  # the one client-address function; imported from here by the apps

# What Facebook, Zalo, Google and newsletters append to a shared link, one value per click. No page reads
# them; left in, every visitor arriving from a shared link would have a page-cache key of their own
# (a storm warning shared on Facebook: every reader a miss) and the page they get would carry their
# click's id in its links.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "igshid",
        "zarsrc",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
    }
)


def _tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def drop_tracking_parameters(request) -> None:
    """Take the tracking parameters out of the request's query string, for every layer further in."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    kept = without_tracking(query)
    if kept is query:
        return
    request.META["QUERY_STRING"] = kept
    request.__dict__.pop("GET", None)  # parsed again from what is left


@kept_for_short_queries
def without_tracking(query: str) -> str:
    """`query` without its tracking parameters; `query` itself when it has none."""
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(_tracking(name) for name, _value in pairs):
        return query
    return urlencode([(n, v) for n, v in pairs if not _tracking(n)])


class RequestContextMiddleware:
    """Drops tracking parameters, makes the client address available to the audit trail and adds
    headers Django does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_tracking_parameters(request)
        token = current_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            current_ip.reset(token)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
