"""The home page's search box for procedures, beside the online public services entry."""

from __future__ import annotations

from subsites.routing import unit_reverse


def procedures_block(request, unit):
    return "procedures/blocks/search.html", {"id": "procedures", "url": unit_reverse(unit, "procedures:list")}
