"""Generation counters for exact cache invalidation.

A cached page or fragment's key includes the generations of what it shows (a unit, a content type in
a unit, the whole site's shared parts). A change bumps exactly those generations, so the old entries
are never read again and simply expire; nothing is flushed wholesale. Bumps happen at once and
again when the transaction commits, so a reader racing an uncommitted write cannot keep stale data
under the new generation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .replicas import primary_reads

log = logging.getLogger(__name__)
# Generations never expire: a few per unit, and with the cache's eviction policy (volatile-lru, README
# "Operations") only keys with a time to live are evicted, so pages go and their generations stay.
_TTL = None


def _key(scope: str, ident: object = None) -> str:
    return f"gen:{scope}" if ident is None else f"gen:{scope}:{ident}"


def _fresh() -> int:
    """A generation's first value: the clock in microseconds, so that a key started again after it
    expired or Redis evicted it can never match a value an old entry was stored under (that would take
    more bumps than microseconds have passed) — a stale page must not come back to life."""
    return time.time_ns() // 1000


def _incr(key: str) -> None:
    try:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _fresh(), _TTL)
    except Exception:  # the cache being down must not break a save
        log.warning("cache unavailable: could not bump %s", key, exc_info=True)


# Keys bumped inside `deferred_bumps()`: bumped once each when it ends, not at every change.
_deferred: ContextVar[set[str] | None] = ContextVar("portal_cache_deferred", default=None)


def bump(scope: str, ident: object = None) -> None:
    """Mark what `scope` (and `ident`) covers as changed. A unit's change is also a change of the
    site-wide "content" (search results, aggregations across units)."""
    keys = [_key(scope, ident)] + ([_key("content")] if scope == "unit" else [])
    _forget_reads()
    pending = _deferred.get()
    if pending is not None:
        pending.update(keys)
        return
    _bump_now_and_at_commit(keys)


def _bump_now_and_at_commit(keys) -> None:
    for key in keys:
        _incr(key)
    transaction.on_commit(lambda: [_incr(key) for key in keys])


@contextmanager
def deferred_bumps() -> Iterator[None]:
    """Inside one long transaction (an import), bump each key once at the end and at commit; one
    on-commit callback per change would hold memory for every object imported."""
    keys: set[str] = set()
    token = _deferred.set(keys)
    try:
        yield
    finally:
        _deferred.reset(token)
    _bump_now_and_at_commit(keys)


class _Reads:
    """What one request has read from the cache (`_ABSENT` where a key was not there), and the keys
    it will want (its page, its menu, its footer's count) to be read along with the next ones asked for."""

    def __init__(self):
        self.found: dict[str, Any] = {}
        self.wanted: set[str] = set()


_ABSENT = object()
_reads: ContextVar[_Reads | None] = ContextVar("portal_cache_reads", default=None)


@contextmanager
def request_reads(already: tuple[list[str], dict] | None = None) -> Iterator[None]:
    """Within a request: each key read from the cache once, and those named by `read_ahead` along with
    the first read, so that what every page shows costs no round trip of its own. `already`: the keys
    an outer layer of the same request read and what it found (a page-cache miss), taken as read, so
    that a stale page's payload is not fetched a second time."""
    reads = _Reads()
    if already is not None:
        keys, found = already
        reads.found.update({key: found.get(key, _ABSENT) for key in keys})
    token = _reads.set(reads)
    try:
        yield
    finally:
        _reads.reset(token)


def read_ahead(keys: Iterable[str]) -> None:
    """Keys the request will want, to be read along with the next ones it asks for."""
    reads = _reads.get()
    if reads is not None:
        reads.wanted.update(keys)


def _forget_reads() -> None:
    """After a change the request's reads may be stale: the next ones go to the cache again."""
    reads = _reads.get()
    if reads is not None:
        reads.found.clear()


def get_many(keys: list[str]) -> dict:
    """`cache.get_many`, answered from what the request has already read where it can."""
    reads = _reads.get()
    if reads is None:
        return cache.get_many(keys)
    missing = [k for k in keys if k not in reads.found]
    if missing:
        fetch = [*missing, *(reads.wanted - set(missing) - reads.found.keys())]
        got = cache.get_many(fetch)
        reads.found.update({k: got.get(k, _ABSENT) for k in fetch})
        reads.wanted.clear()
    return {k: value for k in keys if (value := reads.found[k]) is not _ABSENT}


def _remember_reads(values: dict) -> None:
    reads = _reads.get()
    if reads is not None:
        reads.found.update(values)


def generation_keys(*scopes: tuple[str, object] | str) -> list[str]:
    """The cache keys holding the generations of `scopes`, to be read along with other keys."""
    return [_key(*s) if isinstance(s, tuple) else _key(s) for s in scopes]


def stamp(found: dict, keys: list[str]) -> str:
    """The generations named by `keys`, as read into `found`, as a short string. A key not there (not
    read yet, never bumped, expired or evicted) is read or, where missing, started with a fresh value;
    either way it is added to `found`."""
    missing = [k for k in keys if k not in found]
    if missing:
        started = _start(missing)
        found.update(started)
        _remember_reads(started)
    return ".".join(str(found.get(k, 0)) for k in keys)  # 0: the cache failed, nothing is kept


def _start(keys: list[str]) -> dict:
    """Fresh values for missing generation keys; where another process got there first, its value."""
    try:
        started = {key: value for key in keys if cache.add(key, value := _fresh(), _TTL)}
        return started | cache.get_many([k for k in keys if k not in started])
    except Exception:  # without a cache nothing is kept, so any value will do
        log.warning("cache unavailable: generations not started", exc_info=True)
        return dict.fromkeys(keys, 0)


def generations(*scopes: tuple[str, object] | str) -> str:
    """A short string naming the current generation of each scope, for use inside a cache key."""
    keys = generation_keys(*scopes)
    try:
        found = get_many(keys)
    except Exception:
        log.warning("cache unavailable: generations unknown", exc_info=True)
        return "nocache"
    return stamp(found, keys)


def remember(name: str, scopes: tuple, build: Callable[[], Any], ttl: int = 3600) -> Any:
    """`build()`'s value, kept until anything in `scopes` changes."""
    return remember_many(scopes, {name: lambda _values: build()}, ttl)[name]


def remember_many(scopes: tuple, builders: dict[str, Callable[[dict], Any]], ttl: int = 3600) -> dict:
    """Values kept until anything in `scopes` changes, read together with those generations in one
    round trip: each is stored with the generations it was built under and served only while they are
    current. A builder receives the values before it (an article, then its related articles).

    A None from a builder is not kept: what is missing now (an article scheduled for later) may
    appear before anyone bumps a generation.
    """
    keys = generation_keys(*scopes)
    try:
        found = get_many([*keys, *builders])
    except Exception:
        log.warning("cache unavailable: %s built afresh", ", ".join(builders), exc_info=True)
        found = None
    current = stamp(found, keys) if found is not None else "nocache"
    values, built = {}, {}
    for name, build in builders.items():
        kept = found.get(name) if found is not None else None
        if kept is not None and kept[0] == current:
            values[name] = kept[1]
            continue
        with primary_reads():  # kept under the current generations: never from a lagging replica
            values[name] = build(values)
        if values[name] is not None and found is not None:
            built[name] = (current, values[name])  # the generations read before building: never newer
    if built:
        _remember_reads(built)
        try:
            cache.set_many(built, ttl)
        except Exception:
            log.warning("cache unavailable: %s not stored", ", ".join(built), exc_info=True)
    return values


def redis_client():
    """The redis-py client behind the cache when it is Redis (counters that need HINCRBY and RENAME),
    else None: without Redis there is one process and counters stay in its memory."""

    if not settings.REDIS_URL or not hasattr(getattr(cache, "_cache", None), "get_client"):
        return None
    return cache._cache.get_client(write=True)
