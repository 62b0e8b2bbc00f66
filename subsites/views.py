from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.registry import SECTION_HANDLERS

from .enums import SectionKind
from .home import compose
from .models import Page, Section
from .permissions import current_unit
from .selectors import active_component_sites, unit_directory, units_version
from .slugs import get_by_slug_in_unit


def _current_unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no main portal yet")
    return request.unit


def _to_successor(unit) -> HttpResponsePermanentRedirect | None:
    """A ceased unit's home and sections now live at the unit that took over its work."""
    heir = current_unit(unit) if unit.is_ceased else None
    return HttpResponsePermanentRedirect(heir.get_absolute_url()) if heir is not None else None


# Markup made only of the units: (template, units version, language, script prefix) → HTML.
_rendered: dict[tuple[str, str, str, str], SafeString] = {}


def _per_units_version(template: str, context: Callable[[], dict]) -> SafeString:
    """`template` rendered once per version of the unit index, language and script prefix in this
    process: a merged province's 250 addresses reversed and rendered on every main home cost it more
    than the rest of the page. Only the current version's copies are kept."""
    version = units_version()
    key = (template, version, get_language(), get_script_prefix())
    html = _rendered.get(key)
    if html is None:
        for stale in [k for k in list(_rendered) if k[1] != version]:
            _rendered.pop(stale, None)
        _rendered[key] = html = mark_safe(render_to_string(template, context()).strip())  # noqa: S308
    return html


def component_sites_html() -> SafeString:
    """Every active component site's link, for the main home and the site map ("" when none)."""
    return _per_units_version("subsites/component_sites.html", lambda: {"sites": active_component_sites()})


def home(request):
    """The home of the current unit: the main portal's or a component site's, from registered blocks."""
    unit = _current_unit(request)
    if (moved := _to_successor(unit)) is not None:
        return moved
    context = {"layout": compose(request, unit), "is_home": True}
    if unit.is_main_portal:
        context["component_sites"] = component_sites_html()
    return render(request, "subsites/home.html", context)


def directory(request):
    """Danh bạ các trang thành phần: every shown component site, by former province and kind."""
    _current_unit(request)
    directory = _per_units_version("subsites/directory_list.html", lambda: {"provinces": unit_directory()})
    return render(request, "subsites/directory.html", {"directory": directory})


def _by_slug(request, queryset, slug: str):
    found = get_by_slug_in_unit(queryset, _current_unit(request), slug, get_language())
    if found is None:
        raise Http404("no such address")
    # The language switcher and the hreflang alternates give this object's address in each language.
    request.page_object = found
    return found


def _moved(request, obj) -> HttpResponsePermanentRedirect:
    """An old (Vietnamese) address in a language where the object has its own: keep links working."""
    url, query = obj.get_absolute_url(), request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def page_detail(request, slug: str):
    page = _by_slug(request, Page.objects.visible(), slug)
    if page.slug != slug:
        return _moved(request, page)
    return render(request, "subsites/page.html", {"page": page})


def section_detail(request, slug: str):
    if (moved := _to_successor(_current_unit(request))) is not None:
        return moved
    section = _by_slug(request, Section.objects.visible().select_related("page"), slug)
    if section.slug != slug:
        return _moved(request, section)
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
        request, "subsites/sitemap.html", {"pages": pages, "component_sites": component_sites_html()}
    )
