"""View counts buffered in the cache: a page view costs no database write; a task adds them up.

Each article's counter is an atomic cache increment; a "dirty" list names the articles to flush. A
race on the list can only drop an id until that article's next view: the counter itself is kept.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

log = logging.getLogger(__name__)
_DIRTY = "news:views:dirty"
_TTL = 60 * 60 * 24 * 7


def _key(article_id: int) -> str:
    return f"news:views:{article_id}"


def record_view(article_id: int) -> None:
    try:
        if not cache.add(_key(article_id), 1, _TTL):
            cache.incr(_key(article_id))
        dirty = cache.get(_DIRTY) or set()
        if article_id not in dirty:
            cache.set(_DIRTY, dirty | {article_id}, _TTL)
    except Exception:  # a cache outage must not break the page
        log.warning("cache unavailable: a view was not counted", exc_info=True)


def take_counts() -> dict[int, int]:
    """The buffered counts, removed from the cache (decremented, so views arriving meanwhile are kept)."""
    dirty = cache.get(_DIRTY) or set()
    cache.delete(_DIRTY)
    counts = {}
    for article_id in dirty:
        count = cache.get(_key(article_id)) or 0
        if count:
            cache.decr(_key(article_id), count)
            counts[article_id] = count
    return counts
