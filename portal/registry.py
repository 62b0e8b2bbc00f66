"""Where content apps plug into the shared pages without the portal reaching into their tables.

Each app registers, in its AppConfig.ready():
- home blocks: `home_block(order)(fn)`; fn(request, unit) -> (template_name, context) or None;
- section handlers: `section_handler(kind)(fn)`; fn(request, section) -> HttpResponse, for sections
  of that kind (a list of articles, of documents, the schedule, Q&A, consultations);
- search providers: `search_provider(key, label, order)(fn)`; fn(query, language, unit) -> a query set
  of visible items with `get_absolute_url()` and `search_title()`;
- sitemaps: `sitemap(key)(SitemapClass)`;
- page reads: `page_reads(fn)`; fn(request, unit, language) -> the cache keys of what every page
  shows (the cached page, a menu, a footer's figure), read along with the unit index's version, the
  request's first cache read (see subsites.middleware and portal.cache.request_reads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeBlock:
    order: int
    render: Callable


@dataclass(frozen=True)
class SearchProvider:
    """`search(query, language, unit)` returns the public matches, newest first; the engine adds each
    result's unit from the unit index, so the query need not join it."""

    key: str
    label: str
    order: int
    search: Callable


HOME_BLOCKS: list[HomeBlock] = []
SECTION_HANDLERS: dict[str, Callable] = {}
SEARCH_PROVIDERS: dict[str, SearchProvider] = {}
SITEMAPS: dict[str, type] = {}
PAGE_READS: list[Callable] = []


def home_block(order: int):
    def decorator(fn):
        if all(b.render is not fn for b in HOME_BLOCKS):
            HOME_BLOCKS.append(HomeBlock(order, fn))
            HOME_BLOCKS.sort(key=lambda b: b.order)
        return fn

    return decorator


def section_handler(kind: str):
    def decorator(fn):
        SECTION_HANDLERS[kind] = fn
        return fn

    return decorator


def search_provider(key: str, label, order: int = 100):
    def decorator(fn):
        SEARCH_PROVIDERS[key] = SearchProvider(key, label, order, fn)
        return fn

    return decorator


def sitemap(key: str):
    def decorator(cls):
        SITEMAPS[key] = cls
        return cls

    return decorator


def page_reads(fn):
    if fn not in PAGE_READS:
        PAGE_READS.append(fn)
    return fn
