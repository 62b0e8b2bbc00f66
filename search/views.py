"""Site-wide search: one box on every page, results from every registered content type."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import get_language

from portal.pagecache import cache_scopes
from subsites.selectors import active_units, unit_by_key

from . import engine

MAX_QUERY_LENGTH = engine.MAX_QUERY_LENGTH


def _scope(form, request):
    """The unit searched: the one chosen; by default a component site's own, the whole portal elsewhere."""
    key = form.cleaned_data.get("unit") or ""
    if key == engine.ALL_UNITS:
        return None
    if key:
        unit = unit_by_key(key)
        return unit if unit is not None and unit.active else None
    current = getattr(request, "unit", None)
    return current if current is not None and not current.is_main_portal else None


@cache_scopes("content")
def search(request):
    language = get_language()
    units = active_units()
    form = engine.SearchForm(request.GET or None, units=units)
    context = {"form": form, "query": "", "groups": [], "results": None, "active_type": ""}
    if not form.is_bound or not form.is_valid():
        context["query"] = engine.clean_query(request.GET.get("q"))
        return render(request, "search/search.html", context)
    data = form.cleaned_data
    query = data["q"]
    context["query"] = query
    if not query:
        return render(request, "search/search.html", context)
    unit = _scope(form, request)
    groups = engine.search_groups(
        query, language, unit=unit, start=data["date_from"], end=data["date_to"], paged=data["type"]
    )
    params = {
        "q": query,
        "unit": unit.key if unit is not None else engine.ALL_UNITS,
        "date_from": data["date_from"].isoformat() if data["date_from"] else "",
        "date_to": data["date_to"].isoformat() if data["date_to"] else "",
    }
    params = {k: v for k, v in params.items() if v}
    active = data["type"]
    for group in groups:
        group.url = "?" + urlencode({**params, "type": group.provider.key})
    chosen = next((g for g in groups if g.provider.key == active), None)
    if chosen is not None:
        page = engine.paginate(chosen.queryset, request.GET.get("page"), count=chosen.count)
        if chosen.count:
            page.object_list = engine.newest(chosen, page.start_index() - 1, page.end_index())
        context["results"] = page
        context["items"] = [engine.present(item, query, language) for item in page.object_list]
        context["chosen"] = chosen
        context["page_params"] = urlencode({**params, "type": active})
    else:
        found = [g for g in groups if g.count]
        for group, items in zip(found, engine.newest_of(found, 0, engine.PER_GROUP_PREVIEW), strict=True):
            group.preview = [engine.present(item, query, language) for item in items]
    context.update(
        {
            "groups": groups,
            "active_type": active,
            "total": sum(g.count for g in groups),
            "total_label": engine.total_label(groups),
            "scope_unit": unit,
            "all_url": "?" + urlencode(params),
        }
    )
    return render(request, "search/search.html", context)
