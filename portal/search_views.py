"""Site-wide search: one box on every page, results from every registered content type."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language

from .pagecache import cache_scopes
from .registry import SEARCH_PROVIDERS

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
# Counts stop here ("1000+"): counting every match of a common word over ten years of content would
# read thousands of rows for a number nobody pages through; the results themselves stay complete.
COUNT_LIMIT = 1000


def _capped_count(queryset) -> int:
    return queryset.order_by()[: COUNT_LIMIT + 1].count()


@cache_scopes("content")
def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    query = "".join(ch for ch in query if ch.isprintable())
    wanted = request.GET.get("type") or ""
    language = get_language()
    providers = sorted(SEARCH_PROVIDERS.values(), key=lambda p: p.order)
    groups = []
    results_page = None
    if query:
        for provider in providers:
            qs = provider.search(query, language, None)
            count = _capped_count(qs)
            shown = f"{COUNT_LIMIT}+" if count > COUNT_LIMIT else count
            groups.append(
                {"provider": provider, "queryset": qs, "count": shown, "n": min(count, COUNT_LIMIT)}
            )
        chosen = next((g for g in groups if g["provider"].key == wanted), None)
        chosen = chosen or next((g for g in groups if g["count"]), None)
        if chosen is not None:
            paginator = Paginator(chosen["queryset"], PER_PAGE)
            paginator.count = chosen["n"]  # counted above: not again
            results_page = paginator.get_page(request.GET.get("page"))
            wanted = chosen["provider"].key
    context = {"query": query, "groups": groups, "results": results_page, "active_type": wanted}
    return render(request, "portal/search.html", context)
