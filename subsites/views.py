from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from portal.registry import SECTION_HANDLERS

from .enums import SectionKind
from .home import compose
from .models import Page, Section
from .selectors import active_component_sites


def _current_unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no main portal yet")
    return request.unit


def home(request):
    """The home of the current unit: the main portal's or a component site's, from registered blocks."""
    unit = _current_unit(request)
    context = {"layout": compose(request, unit), "is_home": True}
    if unit.is_main_portal:
        context["component_sites"] = active_component_sites()
    return render(request, "subsites/home.html", context)


def directory(request):
    """Danh bạ các trang thành phần: every active component site, grouped by type."""
    _current_unit(request)
    return render(request, "subsites/directory.html", {"component_sites": active_component_sites()})


def page_detail(request, slug: str):
    unit = _current_unit(request)
    page = get_object_or_404(Page.objects.visible(), unit=unit, slug=slug)
    return render(request, "subsites/page.html", {"page": page})


def section_detail(request, slug: str):
    unit = _current_unit(request)
    section = get_object_or_404(Section.objects.visible().select_related("page"), unit=unit, slug=slug)
    if section.kind == SectionKind.LINK:
        return HttpResponseRedirect(section.url)
    if section.kind == SectionKind.PAGE and section.page is not None and section.page.published:
        return render(request, "subsites/page.html", {"page": section.page, "section": section})
    handler = SECTION_HANDLERS.get(section.kind)
    if handler is not None:
        return handler(request, section)
    children = list(section.get_children().filter(active=True))
    return render(request, "subsites/section.html", {"section": section, "children": children})


def html_sitemap(request):
    """Sơ đồ trang: the unit's menu and the component sites (Circular 32/2017 Điều 16)."""
    unit = _current_unit(request)
    pages = list(Page.objects.visible().filter(unit=unit).order_by("title"))
    return render(
        request, "subsites/sitemap.html", {"pages": pages, "component_sites": active_component_sites()}
    )
