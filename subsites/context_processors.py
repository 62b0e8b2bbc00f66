from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.i18n import language_links

from .menus import unit_menu, unit_menu_html
from .permissions import current_unit as current_unit_doing_the_work
from .selectors import main_portal


def current_unit(request) -> dict:
    unit = getattr(request, "unit", None)
    return {
        "unit": unit,
        "main_portal": main_portal(),
        # Lazy and worked out once: the head's alternates and the switcher both read it.
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        "unit_menu": lambda: unit_menu(unit) if unit is not None else [],
        "unit_menu_html": lambda: unit_menu_html(unit),
        "LANGUAGE_NAMES": settings.PORTAL_LANGUAGE_NAMES,
        # A ceased unit's pages say so and name the unit that took over (None while it is active).
        "unit_successor": _successor(unit),
    }


def _successor(unit):
    if unit is None or not unit.is_ceased:
        return None
    return current_unit_doing_the_work(unit) or False
