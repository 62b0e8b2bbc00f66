"""A unit's home page: the registered blocks arranged as Vietnamese provincial portals arrange them.

Content apps register blocks (portal.registry.home_block); this module contributes the campaign
banners, and places every block in a region of the page: banners on
top, news and channels in the main column, documents and drafts as tabs, the leaders' schedule and
Q&A in the side column. A block this module does not know goes to the main column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.cache import remember_many
from portal.registry import HOME_BLOCKS

from .models import Banner
from .routing import reached_as

BLOCKS_TTL = 3600
_EMPTY = ""  # a block with nothing to show, cached as such

# The online public services entry is the first thing a citizen looks for (Decree 42/2022 Điều 4).
TOP_TEMPLATES = {"subsites/blocks/banners.html", "directory/blocks/services.html"}
# Tabs, in the order they are shown: (template, the block's own id if the template serves several).
TABS = [
    ("documents/blocks/documents.html", "new-documents"),
    ("documents/blocks/documents.html", "direction-documents"),
    ("consultations/home_block.html", None),
]
SIDE_TEMPLATES = {"documents/blocks/schedule.html"}
SIDE_PREFIXES = ("citizen_qa/",)


def banners_block(request, unit):
    language = get_language()
    banners = [
        (banner, banner.link_in(language)) for banner in Banner.objects.running().filter(unit=unit)[:6]
    ]
    return ("subsites/blocks/banners.html", {"banners": banners}) if banners else None


@dataclass
class HomeLayout:
    top: list = field(default_factory=list)
    main: list = field(default_factory=list)
    tabs: list = field(default_factory=list)
    side: list = field(default_factory=list)


def _tab_rank(template_name: str, ident: str | None) -> int | None:
    for rank, (name, tab_ident) in enumerate(TABS):
        if name == template_name and (tab_ident is None or ident == tab_ident):
            return rank
    return None


def _block_key(block, request, unit) -> str:
    day = timezone.localdate().isoformat()
    name = f"{block.render.__module__}.{block.render.__qualname__}"
    return f"home:{name}:{unit.pk}:{reached_as(request)}:{get_language()}:{day}"


def _render(block, request, unit) -> tuple[str, str | None, str] | str:
    rendered = block.render(request, unit)
    if not rendered:
        return _EMPTY
    template_name, context = rendered
    # Without the request: markup shared by every visitor can hold nothing of one (user, token, nonce).
    html = render_to_string(template_name, {"block": context, "LANGUAGE_CODE": get_language()})
    return template_name, context.get("id"), html


def _rendered_blocks(request, unit) -> list[tuple[str, str | None, str]]:
    """Each block's (template, id, markup), kept while nothing the unit's pages show has changed.

    Kept under what the page cache's key names (the unit's and the site's generations, the local date,
    the language, the address), so a block is exactly as fresh as a cached page; one round trip reads
    them all with their generations.
    """
    builders = {
        _block_key(block, request, unit): lambda _found, block=block: _render(block, request, unit)
        for block in HOME_BLOCKS
    }
    found = remember_many((("unit", unit.pk), "site"), builders, BLOCKS_TTL)
    return [found[key] for key in builders if found[key] != _EMPTY]


def compose(request, unit) -> HomeLayout:
    """Every registered block rendered for `unit`, placed in its region (blocks with nothing are left out)."""
    layout = HomeLayout()
    tabs = []
    for template_name, ident, html in _rendered_blocks(request, unit):
        html = mark_safe(html)  # our own templates' output, escaped when rendered
        rank = _tab_rank(template_name, ident)
        if rank is not None:
            tabs.append((rank, html))
        elif template_name in TOP_TEMPLATES:
            layout.top.append(html)
        elif template_name in SIDE_TEMPLATES or template_name.startswith(SIDE_PREFIXES):
            layout.side.append(html)
        else:
            layout.main.append(html)
    layout.tabs = [html for _rank, html in sorted(tabs, key=lambda t: t[0])]
    return layout
