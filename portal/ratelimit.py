"""Fixed-window rate limits: checked and counted in one atomic step, in Redis or else in the database.

`take()` is the one way to spend from a limit: several limits at once (an address and an e-mail, a
form's single-use token), all or none. In Redis it is one Lua script (check, INCR, EXPIRE);
without Redis, or while Redis does not answer, it is a conditional UPDATE of portal.RateCounter, so
limits hold across processes either way. Checking first and counting after the save let four
simultaneous submissions through a limit of three.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from redis.exceptions import RedisError

from .models import RateCounter

log = logging.getLogger(__name__)

# Checks every limit first, then counts every one: nothing is counted when one is reached.
# Returns 0, or the 1-based position of the first limit already reached.
_TAKE = """
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[2 * i - 1]) then return i end
end
for i, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ARGV[2 * i]) end
end
return 0
"""
_GIVE_BACK = """
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 0
"""


@dataclass(frozen=True)
class Limit:
    """At most `limit` events per `window` seconds for one identity (an address, an e-mail) in a scope."""

    scope: str
    identity: str
    window: int
    limit: int

    @property
    def key(self) -> str:
        digest = hashlib.sha256(self.identity.strip().lower().encode()).hexdigest()[:24]
        return f"rl:{self.scope}:{self.window}:{digest}"


class _Reached(Exception):
    def __init__(self, limit: Limit):
        self.limit = limit


# --- Redis, when the cache is Redis and answers ---
_redis_down = False


def _redis():
    client_of = getattr(getattr(cache, "_cache", None), "get_client", None)
    return client_of(write=True) if client_of else None


def _on_redis(call):
    """Run `call(client)` on Redis; None when there is no Redis or it fails (logged once per outage)."""
    global _redis_down
    try:
        client = _redis()
        if client is None:
            return None
        result = call(client)
    except RedisError:
        if not _redis_down:
            _redis_down = True
            log.error("Redis not answering: rate limits and captcha thresholds are kept in the database")
        return None
    if _redis_down:
        _redis_down = False
        log.warning("Redis answers again: rate limits are kept in Redis")
    return result


def _redis_run(script: str, limits: tuple[Limit, ...], with_limits: bool = True):
    keys = [cache.make_key(limit.key) for limit in limits]
    args = [value for limit in limits for value in (limit.limit, limit.window)] if with_limits else []
    return _on_redis(lambda client: int(client.eval(script, len(keys), *keys, *args)))


# --- the database, without Redis ---
_last_purge = 0.0


def _db_take_one(limit: Limit, now) -> None:
    counters = _counters()
    for _attempt in range(3):
        live = counters.filter(key=limit.key, expires_at__gt=now)
        if live.filter(count__lt=limit.limit).update(count=F("count") + 1):
            return
        if live.exists():
            raise _Reached(limit)
        expires_at = now + timedelta(seconds=limit.window)
        if counters.filter(key=limit.key, expires_at__lte=now).update(count=1, expires_at=expires_at):
            return
        try:
            with transaction.atomic():
                counters.create(key=limit.key, count=1, expires_at=expires_at)
            return
        except IntegrityError:
            continue  # another process created it meanwhile: count against theirs
    raise _Reached(limit)


def _db_take(limits: tuple[Limit, ...]) -> Limit | None:
    _purge_expired()
    now = timezone.now()
    try:
        with transaction.atomic():
            for limit in limits:
                _db_take_one(limit, now)
    except _Reached as reached:
        return reached.limit
    return None


def _purge_expired() -> None:
    global _last_purge
    if time.monotonic() - _last_purge > 60:
        _last_purge = time.monotonic()
        _counters().filter(expires_at__lt=timezone.now() - timedelta(hours=1)).delete()


def _counters():

    return RateCounter.objects


# --- the interface ---
def take(*limits: Limit) -> Limit | None:
    """Count one event against every limit, or against none when one is already reached.

    Returns the first limit reached (nothing counted), or None when the event was counted everywhere.
    """
    position = _redis_run(_TAKE, limits)
    if position is None:
        return _db_take(limits)
    return limits[position - 1] if position else None


def give_back(*limits: Limit) -> None:
    """Undo one `take()` of these limits: the event it counted did not happen after all."""
    if _redis_run(_GIVE_BACK, limits, with_limits=False) is None:
        keys = [limit.key for limit in limits]
        _counters().filter(key__in=keys, count__gt=0).update(count=F("count") - 1)


def count(scope: str, identity: str, window: int) -> int:
    """Events counted in the current window."""
    key = Limit(scope, identity, window, 0).key
    value = _on_redis(lambda client: client.get(cache.make_key(key)))
    if value is not None or _redis_answers():
        return int(value or 0)
    row = _counters().filter(key=key, expires_at__gt=timezone.now()).values_list("count", flat=True).first()
    return row or 0


def _redis_answers() -> bool:
    return _redis() is not None and not _redis_down


def hit(scope: str, identity: str, window: int) -> int:
    """Count one event without a limit; return the count in the current window."""
    take(Limit(scope, identity, window, 2**31))
    return count(scope, identity, window)
