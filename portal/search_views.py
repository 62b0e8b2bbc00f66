"""Site-wide search: one box on every page, results from every registered content type."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language

from .pagecache import cache_scopes
from .registry import SEARCH_PROVIDERS

MAX_QUERY_LENGTH = 200
PER_PAGE = 20


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
            groups.append({"provider": provider, "queryset": qs, "count": qs.count()})
        chosen = next((g for g in groups if g["provider"].key == wanted), None)
        chosen = chosen or next((g for g in groups if g["count"]), None)
        if chosen is not None:
            results_page = Paginator(chosen["queryset"], PER_PAGE).get_page(request.GET.get("page"))
            wanted = chosen["provider"].key
    context = {"query": query, "groups": groups, "results": results_page, "active_type": wanted}
    return render(request, "portal/search.html", context)
