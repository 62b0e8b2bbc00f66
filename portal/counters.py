"""Counters kept in this process's memory and moved to Redis in batches: a page view or an article view
costs no database write and no round trip of its own (reports.visits, news.viewcounts)."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable

from .cache import redis_client

log = logging.getLogger(__name__)


class CountBuffer:
    """Counts by key, safe across threads, taken all at once."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._taken_at = time.monotonic()

    def add(self, key: Hashable) -> None:
        with self._lock:
            self._counts[key] += 1

    def take(self) -> Counter:
        with self._lock:
            taken, self._counts = self._counts, Counter()
            self._taken_at = time.monotonic()
        return taken

    def seconds_since_taken(self) -> float:
        return time.monotonic() - self._taken_at


def push_to_redis(buffer: CountBuffer, place: Callable[[Hashable], tuple[str, str]], what: str) -> None:
    """Add the buffer's counts to Redis hashes in one pipelined round trip; `place` names the hash and
    the field of a key. Nothing to do without Redis."""
    client = redis_client()
    if client is None:
        return
    counts = buffer.take()
    if not counts:
        return
    try:
        pipe = client.pipeline(transaction=False)
        for key, n in counts.items():
            pipe.hincrby(*place(key), n)
        pipe.execute()
    except Exception:  # a cache outage must not break the page
        log.warning("Redis unavailable: %d %s not counted", sum(counts.values()), what, exc_info=True)
