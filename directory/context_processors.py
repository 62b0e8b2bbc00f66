from portal.cache import remember
from subsites.routing import reached_as

from .footer import footer_html
from .selectors import leaders_of


def site_footer(request) -> dict:
    unit = getattr(request, "unit", None)
    # Called by the template only when it shows them: pages without a footer or a schedule skip both.
    return {
        "site_footer": lambda: footer_html(unit),
        "leader_pages": lambda: _leader_pages(request, unit),
    }


def _leader_pages(request, unit) -> list[tuple[str, str]]:
    """(name, address on the leaders' page) of the unit's leaders, for the leaders' schedule to link."""
    if unit is None:
        return []
    return remember(
        f"leader-pages:{unit.pk}:{reached_as(request)}",
        (("directory", unit.pk),),
        lambda: [
            (leader.name, leader.get_absolute_url()) for leader in leaders_of(unit).select_related("unit")
        ],
    )
