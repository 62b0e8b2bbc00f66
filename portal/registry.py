"""Where content apps plug into the shared pages without the portal reaching into their tables.

Each app registers in one place: its `hooks.register()`, called by its AppConfig.ready():
- home blocks: `home_block(order)(fn)`; fn(request, unit) -> (template_name, context) or None;
- section handlers: `section_handler(kind)(fn)`; fn(request, section) -> HttpResponse, for sections
  of that kind (a list of articles, of documents, the schedule, Q&A, consultations);
- search providers: `search_provider(key, label, order)(fn)`; fn(query, language, unit) -> a query set
  of visible items with `get_absolute_url()` and `search_title()`;
- sitemaps: `sitemap(key)(SitemapClass)`;
- page reads: `page_reads(fn)`; fn(request, unit, language) -> the cache keys of what every page
  shows (the cached page, a menu, a footer's figure), read along with the unit index's version, the
  request's first cache read (see subsites.middleware and portal.cache.request_reads);
- hits answered before the layers (portal.pagecache.PageCacheHitMiddleware): `hit_unit(fn)`;
  fn(request) -> a HitUnit, or None where only the full stack can tell; `hit_counter(fn)`;
  fn(request, response) counts what the layers a hit skips would have counted.
- alert sources: `alert_source(key, label, normalise=…, describe=…, search_type=…)(item)`, what e-mail
  alerts may follow (docs/alerts.md): `normalise(params)` -> the canonical filter (dict of str, raising
  ValueError with a message naming what is wrong), `describe(params)` -> the filter in words in the
  active language, `item(ref)` -> the public item as an `AlertItem`, or None; `ref` is what follows
  "<key>:" in the item's key: its pk (an int), or "<pk>:<moment>" for an item announced at several
  moments (a consultation opening, closing, its outcome); `search_type`, the key of the source's
  search provider when it is not `key`;
- `published`, the signal a content app sends once an item became public (after the commit, and when a
  scheduled one goes live): `published.send(sender=key, pk=ref)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.dispatch import Signal


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


@dataclass(frozen=True)
class AlertItem:
    """A public item as alerts match it: its filterable attributes (each a string, or a set of strings
    for several values), its folded text for a filter's words, its title and address per language;
    `units`, the other units whose lists show it (the main portal's, the unit that answered it)."""

    key: str
    pk: int
    unit_id: int
    published_at: datetime
    attributes: dict
    text: str = ""
    titles: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)
    units: frozenset = frozenset()


@dataclass(frozen=True)
class AlertSource:
    key: str
    label: str
    normalise: Callable
    describe: Callable
    item: Callable
    search_type: str = ""


HOME_BLOCKS: list[HomeBlock] = []
SECTION_HANDLERS: dict[str, Callable] = {}
SEARCH_PROVIDERS: dict[str, SearchProvider] = {}
SITEMAPS: dict[str, type] = {}
PAGE_READS: list[Callable] = []
HIT_UNITS: list[Callable] = []
HIT_COUNTERS: list[Callable] = []


@dataclass(frozen=True)
class HitUnit:
    """The unit a request names, guessed without the layers: `path_info` and `path` as the layers further
    in see them, and `checks`, cache keys with the values that must still be there for the guess to hold."""

    unit: object
    path_info: str
    path: str
    checks: dict


ALERT_SOURCES: dict[str, AlertSource] = {}

published = Signal()


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


def hit_unit(fn):
    if fn not in HIT_UNITS:
        HIT_UNITS.append(fn)
    return fn


def hit_counter(fn):
    if fn not in HIT_COUNTERS:
        HIT_COUNTERS.append(fn)
    return fn


def alert_source(key: str, label, *, normalise: Callable, describe: Callable, search_type: str = ""):
    def decorator(fn):
        ALERT_SOURCES[key] = AlertSource(key, label, normalise, describe, fn, search_type or key)
        return fn

    return decorator
