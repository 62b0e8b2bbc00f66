"""Fixed-window counters in the shared cache, for abuse limits on public forms."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def _key(scope: str, identity: str, window: int) -> str:
    digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:24]
    return f"rl:{scope}:{window}:{digest}"


def count(scope: str, identity: str, window: int) -> int:
    try:
        return int(cache.get(_key(scope, identity, window)) or 0)
    except Exception:
        log.warning("cache unavailable: rate limit not checked", exc_info=True)
        return 0


def hit(scope: str, identity: str, window: int) -> int:
    """Count one more event; return the count in the current window."""
    key = _key(scope, identity, window)
    try:
        if cache.add(key, 1, window):
            return 1
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        return 1
    except Exception:
        log.warning("cache unavailable: rate limit not counted", exc_info=True)
        return 0
