"""The home blocks the subsites app contributes: the unit's running campaign banners."""

from portal.registry import home_block

from .models import Banner


@home_block(5)
def banners_block(request, unit):
    banners = list(Banner.objects.running().filter(unit=unit)[:6])
    return ("subsites/blocks/banners.html", {"banners": banners}) if banners else None
