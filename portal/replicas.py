"""Read replicas: anonymous public reads go to a healthy streaming replica, everything else to the primary.

DATABASE_REPLICA_URL adds the aliases `replica_1`, `replica_2`… (config/settings.py). A request may
read a replica only when ReplicaRoutingMiddleware says so: a GET or HEAD from a browser with no
session (staff and every signed-in person have one) and no read-your-writes cookie (set for
PORTAL_READ_YOUR_WRITES_SECONDS by any POST/PUT/PATCH/DELETE and by any request that wrote). Within
a request, the first write or transaction sends every later read to the primary too, and so does
anything built for the shared cache (portal.cache, portal.pagecache): a copy stored under the current
generations must not come from a replica still behind them. Celery tasks,
management commands and the shell never pass through the middleware: they use the primary.

A replica is used only while it is healthy: it answers, it is a standby streaming from its primary,
and it is at most PORTAL_REPLICA_MAX_LAG_SECONDS behind (paused replay counts as lag once there is
something to replay). The verdict is kept per process for HEALTH_SECONDS (UNHEALTHY_SECONDS
once it failed), so a request costs no health query. A replica that fails during a request is marked
unhealthy and the (safe) request is answered again from the primary.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections

PRIMARY = "default"
REPLICA_PREFIX = "replica_"
RECENT_WRITE_COOKIE = "portal_recent_write"
# How long a verdict holds: a healthy replica is checked often (lag can grow fast); a failed one less
# often, since a hung one costs its checking request the connect timeout.
HEALTH_SECONDS = 2.0
UNHEALTHY_SECONDS = 10.0
SAFE_METHODS = ("GET", "HEAD")

# Lag: 0 when everything received is replayed (an idle primary sends nothing, so the last replayed
# commit may be old without the replica being behind); otherwise the age of the last replayed commit.
# NULL when the server is not a standby or is not streaming from its primary (no WAL receiver: it
# would look caught up while it falls behind). Its pid is visible without pg_read_all_stats.
_LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() OR NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN NULL
    WHEN pg_last_wal_receive_lsn() IS NULL THEN NULL
    WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
END
"""


@dataclass
class _RequestState:
    replica_allowed: bool
    wrote: bool = False
    replica: str | None = None  # the replica this request reads, chosen at its first read
    replica_failed: bool = False


_state: ContextVar[_RequestState | None] = ContextVar("portal_replica_state", default=None)
_health: dict[str, tuple[bool, float]] = {}  # alias → (healthy, valid until: time.monotonic())
_health_lock = threading.Lock()


def replica_aliases() -> list[str]:
    return [alias for alias in connections if alias.startswith(REPLICA_PREFIX)]


def replica_lag(alias: str) -> float | None:
    """Seconds `alias` is behind its primary, or None when it is no streaming standby or does not answer."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(_LAG_SQL)
            lag = cursor.fetchone()[0]
    except DatabaseError:
        connections[alias].close()  # a broken connection is not reused by the next request
        return None
    return None if lag is None else float(lag)


def is_healthy(alias: str) -> bool:
    now = time.monotonic()
    with _health_lock:
        cached = _health.get(alias)
    if cached and cached[1] > now:
        return cached[0]
    lag = replica_lag(alias)
    healthy = lag is not None and lag <= settings.PORTAL_REPLICA_MAX_LAG_SECONDS
    note_health(alias, healthy)
    return healthy


def note_health(alias: str, healthy: bool) -> None:
    """Record a verdict on `alias` for the next HEALTH_SECONDS (UNHEALTHY_SECONDS when it is down)."""
    with _health_lock:
        _health[alias] = (healthy, time.monotonic() + (HEALTH_SECONDS if healthy else UNHEALTHY_SECONDS))


def forget_health() -> None:
    """Check every replica again at its next use (tests; after an operator fixed one)."""
    with _health_lock:
        _health.clear()


def _choose_replica() -> str | None:
    healthy = [alias for alias in replica_aliases() if is_healthy(alias)]
    return random.choice(healthy) if healthy else None  # noqa: S311 - spreading load, not security


class ReplicaRouter:
    """Reads on a replica only when the current request allows it; writes and migrations on the primary."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is None or not state.replica_allowed or state.wrote or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if state.replica is None:
            state.replica = _choose_replica() or PRIMARY
        return state.replica

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same rows: an object read on a replica may be linked to one from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db == PRIMARY else False


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside go to the primary. For what is kept in the shared cache under the current
    generations: built from a replica that has not replayed the change behind a generation yet, a
    stale copy would be current until the next change."""
    state = _state.get()
    if state is None:
        yield
        return
    allowed, state.replica_allowed = state.replica_allowed, False
    try:
        yield
    finally:
        state.replica_allowed = allowed


def read_primary_from_now() -> None:
    """The rest of this request reads the primary (a page that may be stored in the page cache)."""
    state = _state.get()
    if state is not None:
        state.replica_allowed = False


def _replica_allowed(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and RECENT_WRITE_COOKIE not in request.COOKIES
    )


class ReplicaRoutingMiddleware:
    """Lets anonymous GET/HEAD requests read a replica, and remembers a browser's writes for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = bool(replica_aliases()) and _replica_allowed(request)
        state, response = self._respond(request, allowed)
        if state.replica_failed:
            # The replica broke during a read-only request: answer it again from the primary.
            state, response = self._respond(request, False)
        if request.method not in SAFE_METHODS or state.wrote:
            response.set_cookie(
                RECENT_WRITE_COOKIE,
                "1",
                max_age=settings.PORTAL_READ_YOUR_WRITES_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    def _respond(self, request, allowed: bool):
        state = _RequestState(replica_allowed=allowed)
        token = _state.set(state)
        try:
            return state, self.get_response(request)
        finally:
            _state.reset(token)


def _note_replica_failure(sender, request=None, **kwargs):
    """Called while Django turns an exception into a 500: a replica's connection error marks it down."""
    state = _state.get()
    error = sys.exc_info()[1]
    if (
        state
        and state.replica not in (None, PRIMARY)
        and isinstance(error, OperationalError | InterfaceError)
    ):
        note_health(state.replica, False)
        connections[state.replica].close()
        state.replica_failed = True


got_request_exception.connect(_note_replica_failure, dispatch_uid="portal.replicas")
