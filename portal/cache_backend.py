"""Django's Redis cache, made to degrade instead of fail: with Redis down, reads miss and writes are dropped.

Public pages then render from the database (slower, still 200) and recover by themselves when Redis
returns. A Redis that accepts connections and never answers would cost a timeout per operation (a page
makes a dozen): after a few timeouts or refusals in a row a circuit breaker skips that server for
PORTAL_CACHE_BREAKER_SECONDS, then lets one operation try it again. The breaker sits in the connection
pool, so the counters' pipelines (portal.counters) and rate limits are skipped the same way. Opening
and recovering are logged once each; other errors (out of memory) at most once a minute per process.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from . import metrics
from .nearcache import EVERYTHING as _EVERYTHING
from .nearcache import announcement, channel, is_announced, near_cache

log = logging.getLogger(__name__)
_last_warning = 0.0
UNANSWERED = (RedisConnectionError, RedisTimeoutError)


class RedisSkipped(RedisConnectionError):
    """Raised instead of trying a server the breaker has given up on for now."""


def _warn(operation: str, error: RedisError) -> None:
    global _last_warning
    metrics.REDIS_ERRORS.labels(_kind(error)).inc()
    now = time.monotonic()
    if isinstance(error, UNANSWERED):  # the breaker logs an outage once, when it opens
        return
    if now - _last_warning > 60:
        _last_warning = now
        log.warning("Redis cache unavailable (%s): serving without cache", operation)


def _kind(error: RedisError) -> str:
    if isinstance(error, RedisSkipped):
        return "skipped"  # not tried: the breaker is open
    return "unanswered" if isinstance(error, UNANSWERED) else "error"


class CircuitBreaker:
    """One per Redis server and process. Closed: every operation goes through. After
    PORTAL_CACHE_BREAKER_FAILURES failures in a row, open: none does for PORTAL_CACHE_BREAKER_SECONDS;
    then one goes through as a probe (its answer closes the breaker, its failure starts another pause)."""

    def __init__(self, server: str):
        self.server = server
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def allow(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return True
            if time.monotonic() - self._opened_at < settings.PORTAL_CACHE_BREAKER_SECONDS:
                return False
            self._opened_at = time.monotonic()  # this caller probes; the others wait for another pause
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            self._failures += 1
            if self._opened_at is not None:
                self._opened_at = time.monotonic()
                return
            if self._failures < settings.PORTAL_CACHE_BREAKER_FAILURES:
                return
            self._opened_at = time.monotonic()
        log.warning(
            "Redis at %s did not answer %d times in a row (%s): skipped, tried again every %s s",
            self.server,
            self._failures,
            error,
            settings.PORTAL_CACHE_BREAKER_SECONDS,
        )

    def succeeded(self) -> None:
        if self._failures == 0 and self._opened_at is None:
            return
        with self._lock:
            was_open, self._opened_at, self._failures = self._opened_at is not None, None, 0
        if was_open:
            log.warning("Redis at %s answers again: used again", self.server)


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(server: str) -> CircuitBreaker:
    with _breakers_lock:
        return _breakers.setdefault(server, CircuitBreaker(server))


def _server(kwargs: dict) -> str:
    return kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"


class _Reporting:
    """A connection telling its server's breaker whether the server answered."""

    _connecting = False

    def connect(self, *args, **kwargs):
        self._connecting = True  # a handshake's reads are reported once, as the connect's
        try:
            return super().connect(*args, **kwargs)
        except UNANSWERED as error:
            self.breaker.failed(error)
            raise
        finally:
            self._connecting = False

    def send_packed_command(self, *args, **kwargs):
        try:
            return super().send_packed_command(*args, **kwargs)
        except UNANSWERED as error:
            if not self._connecting:
                self.breaker.failed(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            response = super().read_response(*args, **kwargs)
        except UNANSWERED as error:
            if not self._connecting:
                self.breaker.failed(error)
            raise
        except RedisError:  # an error reply (out of memory, a wrong type) is an answer
            self.breaker.succeeded()
            raise
        self.breaker.succeeded()
        return response


class GuardedConnectionPool(ConnectionPool):
    """Hands out no connection while its server's breaker is open."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaker = breaker_for(_server(self.connection_kwargs))
        base = self.connection_class
        self.connection_class = type(base.__name__, (_Reporting, base), {"breaker": self.breaker})

    def get_connection(self, *args, **kwargs):
        if not self.breaker.allow():
            raise RedisSkipped(f"Redis at {self.breaker.server} skipped after failures")
        return super().get_connection(*args, **kwargs)


class _ClientPerPool(RedisCacheClient):
    """One redis-py client per connection pool, kept: Django makes a new one for every operation, and
    setting one up costs about as much as a round trip to Redis (a page makes a dozen)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {"pool_class": GuardedConnectionPool, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = _ClientPerPool

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _warn("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _warn("get_many", error)
            return {}

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            _warn("set", error)
        finally:
            self._announce([key])

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _warn("set_many", error)
            return list(data)
        finally:
            self._announce(data)

    def add(self, key, value, timeout=None, version=None):
        try:
            added = super().add(key, value, timeout, version)
        except RedisError as error:
            _warn("add", error)
            return False
        if added:
            self._announce([key])
        return added

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _warn("delete", error)
            return False
        finally:
            self._announce([key])

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            _warn("delete_many", error)
        finally:
            self._announce(keys)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            _warn("clear", error)
        finally:
            self._announce([_EVERYTHING])

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _warn("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _warn("incr", error)
            return 0
        finally:
            self._announce([key])

    def _announce(self, keys) -> None:
        """After a write (tried, whether or not Redis took it): the near caches of this process and of
        every other one forget their copies of the announced keys among `keys` (portal.nearcache)."""
        announced = [key for key in keys if key == _EVERYTHING or is_announced(key)]
        if not announced:
            return
        near_cache.forget(announced)
        try:
            self._cache.get_client(write=True).publish(channel(), announcement(announced))
        except RedisError as error:  # the others' copies are trusted no longer than PORTAL_NEAR_CACHE_SECONDS
            _warn("publish", error)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _warn("touch", error)
            return False
