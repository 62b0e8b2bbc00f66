"""A Redis that accepts connections and never answers: after a few timeouts the cache and the counters
skip it for a while (a circuit breaker), so pages cost no timeout each; it is logged once.

The hanging server is a socket thread on a free loopback port; what is counted is the connections it
accepted (one per timed-out operation: redis-py drops a connection that timed out), never seconds.
"""

from __future__ import annotations

import logging
import socket
import threading

import pytest
from django.core.cache import cache
from django.test import override_settings

from news import viewcounts
from reports import visits
from tests.factories.news import ArticleFactory
from tests.load.harness import redis_cache_settings

# A hanging socket server per test: part of the servers tier, not `make test-fast`.
pytestmark = [pytest.mark.django_db, pytest.mark.servers]


class HangingServer:
    """Accepts every connection, reads nothing, answers nothing."""

    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self._listener.accept()
            except OSError:  # closed by stop()
                return
            self.accepted += 1
            self._held.append(connection)

    def __enter__(self) -> HangingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._listener.close()
        for connection in self._held:
            connection.close()
        self._thread.join(timeout=5)

    def settings(self) -> dict:
        return redis_cache_settings(self.port, timeout=0.1)


def test_pages_stop_waiting_for_a_hanging_redis_after_a_few_timeouts(client, unit_a, page_cache, caplog):
    article = ArticleFactory(unit=unit_a, published=True)
    pages = ["/don-vi/sotp/vi/", article.get_absolute_url(), "/vi/"]
    caplog.set_level(logging.WARNING)
    with HangingServer() as server, override_settings(**server.settings(), PORTAL_CACHE_BREAKER_FAILURES=3):
        for _ in range(5):
            for path in pages:
                assert client.get(path).status_code == 200, path
        assert server.accepted == 3  # the three timeouts that opened the breaker, then no connection at all
        logged = [r.getMessage() for r in caplog.records if r.name.startswith("portal.c")]
        assert len(logged) == 1 and f"Redis at 127.0.0.1:{server.port} did not answer" in logged[0]


def test_counters_skip_a_hanging_redis_and_keep_the_views(client, unit_a, settings):
    settings.PORTAL_VISITS_PUSH_SECONDS = 0
    settings.PORTAL_VIEWS_PUSH_SECONDS = 0
    article = ArticleFactory(unit=unit_a, published=True)
    with HangingServer() as server, override_settings(**server.settings(), PORTAL_CACHE_BREAKER_FAILURES=2):
        for _ in range(10):
            assert client.get(article.get_absolute_url()).status_code == 200
        assert server.accepted == 2
    # Nothing was lost: the views wait in this process for Redis to answer again.
    assert sum(viewcounts._buffer.take().values()) == 10
    assert sum(visits._local.take().values()) == 10


def test_after_the_pause_one_request_tries_again(client, unit_a, caplog):
    caplog.set_level(logging.WARNING, logger="portal.cache_backend")
    with HangingServer() as server, override_settings(**server.settings(), PORTAL_CACHE_BREAKER_FAILURES=1):
        client.get("/don-vi/sotp/vi/")
        assert server.accepted == 1
        with override_settings(PORTAL_CACHE_BREAKER_SECONDS=0):  # the pause is over at once
            assert cache.get("anything") is None
        assert server.accepted == 2  # the probe, which timed out: skipped again for a whole pause
        client.get("/don-vi/sotp/vi/")
        assert server.accepted == 2
    assert len([r for r in caplog.records if "did not answer" in r.getMessage()]) == 1


def test_page_views_left_at_exit_go_to_the_database_when_redis_hangs(unit_a):
    from reports.models import DailyVisits

    with HangingServer() as server, override_settings(**server.settings()):
        visits.count_view(unit_a.pk)
        visits.count_view(unit_a.pk)
        visits._flush_at_exit()
    assert DailyVisits.objects.get(unit=unit_a).count == 2
