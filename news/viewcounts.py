"""View counts buffered: a page view costs no database write and no round trip of its own.

Each view is counted in this process's memory; with Redis, at most once a second the counts since are
added to a hash (article id → count) shared by every process, in one pipelined round trip. The task
that adds them to the articles renames that hash first (atomic: views arriving meanwhile start a new
one), then reads and deletes it. Without Redis (one process, tasks run inline) it takes the memory
counts directly. A process that stops hands its counts on (portal.counters.flush_all): to Redis, or
to the database when there is no Redis or it does not answer. Only a process killed outright (SIGKILL,
a crash) loses its last second of counts.
"""

from __future__ import annotations

import uuid

from django.conf import settings

from portal import counters
from portal.cache import redis_client
from portal.counters import CountBuffer

_HASH = f"{settings.CACHE_KEY_PREFIX}:news:views"


_buffer = CountBuffer()  # article id → views


def record_view(article_id: int) -> None:
    """Counted here, and again on every page-cache hit on the page that counted it."""
    counters.count("news.viewcounts.add_view", article_id)


def add_view(article_id: int) -> None:
    _buffer.add(article_id)
    if _buffer.seconds_since_taken() > settings.PORTAL_VIEWS_PUSH_SECONDS:
        push()


def push() -> bool:
    """This process's counts added to the shared hash in Redis (nothing to do without Redis); False
    when Redis did not take them."""
    return counters.push_to_redis(_buffer, lambda article_id: (_HASH, str(article_id)), "article views")


def take_counts() -> dict[int, int]:
    """The counts since the last call, removed from where they were kept."""
    client = redis_client()
    if client is None:
        return dict(_buffer.take())
    push()
    batch = f"{_HASH}:batch:{uuid.uuid4().hex}"
    try:
        client.rename(_HASH, batch)
    except Exception:  # no views since the last call: the hash does not exist
        return {}
    counts = {int(article_id): int(n) for article_id, n in client.hgetall(batch).items()}
    client.delete(batch)
    return counts


def _flush_at_exit() -> None:
    if redis_client() is not None and push():
        return
    counts = dict(_buffer.take())
    if counts:
        from .services import article_add_views  # services import this module

        article_add_views(counts=counts)


counters.at_exit(_flush_at_exit)
