"""A unit's menu as a nested list and as markup, cached per unit and language until the unit or its
menu changes."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.cache import generation_keys, remember

from .models import Section


def unit_menu(unit) -> list[dict]:
    return remember(f"menu:{unit.pk}:{get_language()}", (("unit", unit.pk),), lambda: _build(unit))


def unit_menu_html(unit) -> SafeString:
    """The menu's markup: every page shows it, so it is rendered once per unit, language and change."""
    if unit is None:
        return render_to_string("subsites/menu.html", {"items": []})
    html = remember(
        _html_key(unit),
        (("unit", unit.pk),),
        lambda: render_to_string("subsites/menu.html", {"items": unit_menu(unit)}),
    )
    return mark_safe(html)  # rendered by our own template, escaped there


def _html_key(unit, language: str | None = None) -> str:
    return f"menu-html:{unit.pk}:{language or get_language()}"


def menu_reads(request, unit, language: str) -> list[str]:
    """The keys the unit's menu markup is kept under, to be read along with the request's first read."""
    return [*generation_keys(("unit", unit.pk)), _html_key(unit, language)]


def _build(unit) -> list[dict]:
    sections = list(Section.objects.visible().filter(unit=unit, in_menu=True).select_related("unit"))
    by_parent: dict[int | None, list[Section]] = {}
    for section in sections:
        by_parent.setdefault(section.parent_id, []).append(section)

    def entries(parent_id):
        return [
            {
                "title": s.title,
                "url": s.get_absolute_url(),
                "children": entries(s.pk),
                "external": s.kind == "link",
            }
            for s in sorted(by_parent.get(parent_id, []), key=lambda s: (s.order, s.lft))
        ]

    return entries(None)
