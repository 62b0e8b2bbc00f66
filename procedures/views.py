"""Public pages of the procedures: the searchable list and one procedure, of request.unit (the main
portal lists every unit's), and the menu section that shows the list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from subsites.selectors import active_units

from . import conf, selectors
from .enums import Level
from .filters import QUERY_LIMIT, ProcedureFilter


def _unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no unit")
    return request.unit


def _options(pairs, selected: str) -> list[dict]:
    return [{"value": str(v), "label": str(label), "selected": str(v) == selected} for v, label in pairs]


def _list_context(request) -> dict:
    unit = _unit(request)
    every_unit = unit.parent_id is None
    base = selectors.public_procedures(unit)
    finder = ProcedureFilter(request.GET, queryset=base)
    if not every_unit:
        del finder.filters["unit"]
    page = Paginator(selectors.listing(finder.qs), conf.per_page()).get_page(request.GET.get("page"))
    kept = {k: v[:QUERY_LIMIT] for k, v in request.GET.items() if k != "page" and v}
    chosen = {name: request.GET.get(name, "") for name in ("field", "level", "unit")}
    facets = [
        ("field", _("Field"), _options(((f.pk, f.name) for f in selectors.fields_in(base)), chosen["field"])),
        ("level", _("Level"), _options(Level.choices, chosen["level"])),
    ]
    if every_unit:
        facets.append(("unit", _("Unit"), _options(((u.pk, u.name) for u in active_units()), chosen["unit"])))
    return {
        "finder": finder,
        "errors": [e for errors in finder.errors.values() for e in errors],
        "facets": facets,
        "page_obj": page,
        "procedures": page.object_list,
        "query": request.GET.get("q", "")[:QUERY_LIMIT],
        "extra": urlencode(kept),
        "filtered": bool(kept),
        "every_unit": every_unit,
    }


@require_GET
def procedure_list(request):
    context = _list_context(request)
    context["title"] = _("Administrative procedures")
    return render(request, "procedures/list.html", context)


def section_procedures(request, section):
    """A menu section of kind "procedures": the list, under the section's title."""
    context = _list_context(request)
    context.update({"title": section.title, "section": section})
    return render(request, "procedures/list.html", context)


@require_GET
def detail(request, pk: int):
    procedure = selectors.procedure_get(_unit(request), pk)
    return render(request, "procedures/detail.html", {"procedure": procedure})
