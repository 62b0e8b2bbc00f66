"""This process's copies of what a page-cache hit reads, so that a hit costs no round trip to Redis
(docs/caching.md, "Near cache").

Two kinds of keys are copied:
- **Announced keys** (generations, `gen:…`, and the unit index's version, `announced:…`). Each
  write of one through the cache (portal.cache_backend) is announced on a Redis channel, and every
  process forgets its copy when the announcement reaches it. The process that wrote forgets at once.
  A copy is also trusted for at most PORTAL_NEAR_CACHE_SECONDS, so a subscription that dies without
  telling (a half-open connection) leaves stale copies no longer than that.
- **Pages**, kept in a bounded LRU. A page is served only while the generations it was stored under are
  the current ones, as a page read from Redis is, so a page copied here never needs an announcement.

The channel is read, without blocking, at the start of every look-up: no thread. Announcements that have
reached the process's socket are applied before anything copied is used; the one window left is the
time an announcement takes to travel from Redis to the process (microseconds on one network). While the
subscription is not confirmed (not yet made, Redis restarted or unreachable) nothing is copied and every
look-up reads Redis, as before.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

from .cache import redis_client

log = logging.getLogger(__name__)
# Generations (portal.cache), and any other key whose writes must reach every process's copy at once.
ANNOUNCED_PREFIXES = ("gen:", "announced:")
EVERYTHING = "*"  # announced by cache.clear(): every copy goes
_SEPARATOR = "\n"
_ABSENT = object()
# After a failed subscription, the next attempt waits this long: a Redis that is down is not asked on
# every request (its breaker, portal.cache_backend, keeps the other reads away).
_RETRY_SECONDS = 1.0


def is_announced(key: str) -> bool:
    return key.startswith(ANNOUNCED_PREFIXES)


def channel() -> str:
    return cache.make_key("near-cache:announced")


def announcement(keys) -> bytes:
    return _SEPARATOR.join(keys).encode()


class _Subscription:
    """One connection subscribed to the channel, read only when asked and never blocking."""

    def __init__(self, pool):
        self.pool = pool
        self.connection = pool.get_connection()  # raises while the breaker skips the server
        try:
            self.connection.send_command("SUBSCRIBE", channel())
            reply = self.connection.read_response(push_request=True)  # RESP3 delivers it as a push
            if not (isinstance(reply, list) and reply[:1] == [b"subscribe"]):
                raise ConnectionError(f"unexpected answer to SUBSCRIBE: {reply!r}")
        except BaseException:
            self.close()
            raise

    def pending(self) -> list[bytes]:
        """The announcements that have arrived, without waiting for any."""
        if getattr(self.connection, "_sock", None) is None:
            # Closed under it (the pool disconnected): reading would reconnect it, unsubscribed.
            raise ConnectionError("the subscription's connection was closed")
        messages = []
        while self.connection.can_read(timeout=0):
            reply = self.connection.read_response(push_request=True)  # RESP3 delivers it as a push
            if isinstance(reply, list) and len(reply) == 3 and reply[0] == b"message":
                messages.append(reply[2])
        return messages

    def close(self) -> None:
        self.connection.disconnect()
        self.pool.release(self.connection)


class NearCache:
    def __init__(self):
        self._lock = threading.RLock()
        self._values: dict[str, tuple[object, float]] = {}  # key: (value, trusted until)
        self._pages: OrderedDict[str, object] = OrderedDict()
        self._page_sizes: dict[str, int] = {}
        self._page_bytes = 0
        self._subscription: _Subscription | None = None
        self._pid = os.getpid()
        self._next_try = 0.0
        # Moves on at every announcement and every change of subscription: a value read from Redis
        # before it moved may be older than an announcement already applied, and is not kept.
        self.epoch = 0

    # Reading

    def get_many(self, keys: list[str], usable=None) -> dict:
        """The values of `keys`, as `cache.get_many` gives them: from this process's copies when all of
        them are here and `usable(found)` accepts them, else from Redis in one round trip (and copied)."""
        with self._lock:
            if self._listening():
                found = self._copies(keys)
                if found is not None and (usable is None or usable(found)):
                    return found
            epoch = self.epoch
        found = cache.get_many(keys)
        self.keep(keys, found, epoch)
        return found

    def _copies(self, keys: list[str]) -> dict | None:
        now, found = time.monotonic(), {}
        for key in keys:
            if is_announced(key):
                copy = self._values.get(key)
                if copy is None or copy[1] < now:
                    return None
                if copy[0] is not _ABSENT:
                    found[key] = copy[0]
            else:
                page = self._pages.get(key)
                if page is None:
                    return None
                self._pages.move_to_end(key)
                found[key] = page
        return found

    def keep(self, keys: list[str], found: dict, epoch: int) -> None:
        """Copy what was read from Redis, unless an announcement has been applied since (`epoch`). An
        announced key Redis does not hold is copied as absent: it can only appear by a write, announced."""
        with self._lock:
            if epoch != self.epoch or self._subscription is None:
                return
            trusted_until = time.monotonic() + settings.PORTAL_NEAR_CACHE_SECONDS
            for key in keys:
                value = found.get(key, _ABSENT)
                if is_announced(key):
                    self._values[key] = (value, trusted_until)
                elif isinstance(value, dict) and "outer_headers" in value:
                    self.keep_page(key, value)

    def keep_page(self, key: str, payload: dict) -> None:
        """A page as stored in the cache, served from here while its generations are current."""
        size = len(payload.get("content") or b"") + len(payload.get("gzip") or b"")
        budget = settings.PORTAL_NEAR_CACHE_PAGE_MB * 1024 * 1024
        with self._lock:
            if self._subscription is None or size > budget // 4:
                return
            self._drop_page(key)
            self._pages[key], self._page_sizes[key] = payload, size
            self._page_bytes += size
            while self._page_bytes > budget:
                self._drop_page(next(iter(self._pages)))

    @property
    def page_bytes(self) -> int:
        return self._page_bytes

    def _drop_page(self, key: str) -> None:
        if self._pages.pop(key, None) is not None:
            self._page_bytes -= self._page_sizes.pop(key)

    # Announcements

    def forget(self, keys) -> None:
        """This process changed `keys` (or everything, `*`): its copies go at once."""
        with self._lock:
            self._apply([*keys])

    def _apply(self, keys: list[str]) -> None:
        self.epoch += 1
        if EVERYTHING in keys:
            self._forget_all()
            return
        for key in keys:
            self._values.pop(key, None)

    def _forget_all(self) -> None:
        self._values.clear()
        self._pages.clear()
        self._page_sizes.clear()
        self._page_bytes = 0

    def forget_all(self) -> None:
        with self._lock:
            self.epoch += 1
            self._forget_all()

    def _listening(self) -> bool:
        """Subscribed, with every announcement that has arrived applied. On any failure the copies go
        and look-ups read Redis until a subscription is confirmed again."""
        if self._pid != os.getpid():  # a forked worker: the parent's socket and copies are not its own
            self._pid, self._subscription = os.getpid(), None
            self._forget_all()
        if self._subscription is None and not self._subscribe(_cache_pool()):
            return False
        try:
            messages = self._subscription.pending()
        except Exception:
            log.warning("near cache: announcements lost; reading Redis until subscribed again", exc_info=True)
            self._unsubscribe()
            return False
        for message in messages:
            self._apply(message.decode().split(_SEPARATOR))
        return True

    def _subscribe(self, pool) -> bool:
        if pool is None or time.monotonic() < self._next_try:
            return False
        try:
            self._subscription = _Subscription(pool)
        except Exception as error:
            self._next_try = time.monotonic() + _RETRY_SECONDS
            log.debug("near cache: not subscribed (%s); reading Redis", error)  # the outage is logged once
            return False
        self.epoch += 1
        self._forget_all()
        return True

    def _unsubscribe(self, retry_at_once: bool = False) -> None:
        subscription, self._subscription = self._subscription, None
        self.epoch += 1
        self._forget_all()
        self._next_try = 0.0 if retry_at_once else time.monotonic() + _RETRY_SECONDS
        if subscription is not None:
            try:
                subscription.close()
            except Exception:  # the connection is broken already: nothing is left to close
                log.debug("near cache: closing a broken subscription", exc_info=True)

    def close(self) -> None:
        with self._lock:
            self._unsubscribe(retry_at_once=True)


def _cache_pool():
    """The connection pool of the cache's Redis, None without Redis or with the near cache off."""
    client = redis_client() if settings.PORTAL_NEAR_CACHE else None
    return client.connection_pool if client is not None else None


near_cache = NearCache()


@receiver(setting_changed)
def _cache_replaced(setting, **kwargs):
    """Another Redis, or the near cache turned on or off (tests, override_settings): subscribed afresh."""
    if setting in ("CACHES", "REDIS_URL", "PORTAL_NEAR_CACHE"):
        near_cache.close()
