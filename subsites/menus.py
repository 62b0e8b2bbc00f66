"""A unit's menu as a nested list, cached per unit and language until the unit or its menu changes."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import get_language

from portal.cache import generations

from .models import Section


def unit_menu(unit) -> list[dict]:
    language = get_language()
    key = f"menu:{unit.pk}:{language}:{generations(('unit', unit.pk))}"
    menu = cache.get(key)
    if menu is None:
        menu = _build(unit)
        cache.set(key, menu, 3600)
    return menu


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
