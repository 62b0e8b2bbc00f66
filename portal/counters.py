"""Counters kept in this process's memory and moved to Redis in batches: a page view or an article view
costs no database write and no round trip of its own (reports.visits, news.viewcounts). While Redis does
not answer, the counts stay here and go with the first push after it is back. A process that stops
hands its counts on first (`flush_all`: gunicorn's worker_exit hook in config/gunicorn.py, the
interpreter's exit, SIGTERM under a server that does not catch it), so a restart loses none."""

from __future__ import annotations

import atexit
import logging
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from .cache import redis_client
from .cache_backend import UNANSWERED

log = logging.getLogger(__name__)


# What the request being rendered has counted, for the page cache to count again on each hit.
_counted: ContextVar[list | None] = ContextVar("portal_counted", default=None)


def count(counter: str, key: Hashable) -> None:
    """One view counted by `counter` (the dotted path of a function taking `key`). A page stored by
    the page cache keeps what it counted, and every hit on it counts the same again: a hit never
    reaches the view that counted."""
    counted = _counted.get()
    if counted is not None:
        counted.append((counter, key))
    import_string(counter)(key)


@contextmanager
def noting() -> Iterator[list]:
    """What is counted within, as (counter, key) pairs."""
    counted: list = []
    token = _counted.set(counted)
    try:
        yield counted
    finally:
        _counted.reset(token)


def count_again(counted: Iterable[tuple[str, Hashable]]) -> None:
    for counter, key in counted:
        import_string(counter)(key)


class CountBuffer:
    """Counts by key, safe across threads, taken all at once."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._taken_at = time.monotonic()

    def add(self, key: Hashable) -> None:
        with self._lock:
            self._counts[key] += 1

    def give_back(self, counts: Counter) -> None:
        """Counts taken but not delivered, kept for the next push."""
        with self._lock:
            self._counts.update(counts)

    def take(self) -> Counter:
        with self._lock:
            taken, self._counts = self._counts, Counter()
            self._taken_at = time.monotonic()
        return taken

    def seconds_since_taken(self) -> float:
        return time.monotonic() - self._taken_at


def push_to_redis(buffer: CountBuffer, place: Callable[[Hashable], tuple[str, str]], what: str) -> bool:
    """Add the buffer's counts to Redis hashes in one pipelined round trip; `place` names the hash and
    the field of a key. False when Redis did not take them: they stay in the buffer. Nothing to do
    without Redis."""
    client = redis_client()
    if client is None:
        return True
    counts = buffer.take()
    if not counts:
        return True
    try:
        pipe = client.pipeline(transaction=False)
        for key, n in counts.items():
            pipe.hincrby(*place(key), n)
        pipe.execute()
    except RedisError as error:  # a cache outage must not break the page, nor lose the views
        buffer.give_back(counts)
        if not isinstance(error, UNANSWERED):  # an outage: the breaker logs it once
            log.warning("Redis unavailable: %d %s kept in this process", sum(counts.values()), what)
        return False
    return True


# What each buffer does with its counts when the process stops (see `at_exit`).
_exit_flushes: list[Callable[[], object]] = []


def at_exit(flush: Callable[[], object]) -> Callable[[], object]:
    """Register `flush` to move a buffer's counts out of this process when it stops."""
    _exit_flushes.append(flush)
    return flush


def flush_all() -> None:
    """Every buffer's counts out of this process. Safe to call twice (the worker_exit hook, then the
    interpreter's exit): a buffer taken once is empty."""
    for flush in _exit_flushes:
        try:
            flush()
        except Exception:  # one buffer failing must not keep the others' counts here
            log.warning("could not hand on counts at exit (%s)", flush.__qualname__, exc_info=True)


atexit.register(flush_all)


def exit_cleanly_on_sigterm() -> None:
    """SIGTERM, left at its default, ends the process without running atexit: the counts would be
    lost. Made a normal exit, unless the server already handles it (gunicorn, uvicorn, celery)."""
    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _exit_on_signal)
    except ValueError:  # not the main thread (a server importing the application in a thread)
        pass


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)
