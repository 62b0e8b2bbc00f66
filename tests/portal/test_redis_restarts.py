"""A private redis-server on a free loopback port, stopped and started again: the views counted
meanwhile wait in the process and arrive when it is back; the generations outlive the cache's eviction.
"""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from news import tasks
from reports import visits
from reports.models import DailyVisits
from tests.factories.news import ArticleFactory
from tests.load.harness import free_port, redis_cache_settings, start_redis, stop, wait_until

pytestmark = pytest.mark.django_db


def _answers() -> bool:
    cache.set("probe", 1, 5)
    return cache.get("probe") == 1


def _redis_at(port: int, **more) -> dict:
    return {**redis_cache_settings(port), **more}


def test_views_while_redis_is_down_arrive_when_it_is_back(client, unit_a, settings, caplog):
    settings.PORTAL_VISITS_PUSH_SECONDS = 0
    settings.PORTAL_VIEWS_PUSH_SECONDS = 0
    caplog.set_level(logging.WARNING, logger="portal.cache_backend")
    article = ArticleFactory(unit=unit_a, published=True)
    port = free_port()
    server = start_redis(port)
    try:
        # A pause of 0: the first operation after Redis is back tries it (no waiting in a test).
        with override_settings(**_redis_at(port, PORTAL_CACHE_BREAKER_SECONDS=0)):
            wait_until(_answers, timeout=10, what="private redis-server")
            for _ in range(2):
                assert client.get(article.get_absolute_url()).status_code == 200
            assert tasks.flush_view_counts() == 2
            visits.flush()

            stop(server)
            for _ in range(3):
                assert client.get(article.get_absolute_url()).status_code == 200

            server = start_redis(port)
            wait_until(_answers, timeout=10, what="redis-server back")
            assert client.get(article.get_absolute_url()).status_code == 200  # its push takes all four
            assert tasks.flush_view_counts() == 4
            visits.flush()
    finally:
        stop(server)
    article.refresh_from_db()
    assert article.view_count == 6
    assert DailyVisits.objects.get(unit=unit_a).count == 6
    assert len([r for r in caplog.records if "answers again" in r.getMessage()]) == 1


def test_generations_outlive_the_eviction_of_pages(client, unit_a, page_cache):
    """With the memory limit and policy the README gives operators, pages are evicted and the
    generation counters (kept without a time to live) are not."""
    port = free_port()
    server = start_redis(port, "--maxmemory", "2mb", "--maxmemory-policy", "volatile-lru")
    try:
        with override_settings(**_redis_at(port)):
            wait_until(_answers, timeout=10, what="private redis-server")
            client.get("/don-vi/sotp/vi/")
            redis = cache._cache.get_client(write=True)
            generations = sorted(k for k in redis.scan_iter(match="*gen:*"))
            assert generations and all(redis.ttl(k) == -1 for k in generations)
            for n in range(400):  # about 8 MB of pages with a time to live, in 2 MB
                cache.set(f"page:filler:{n}", "x" * 20_000, 3600)
            assert redis.dbsize() < 400
            assert sorted(k for k in redis.scan_iter(match="*gen:*")) == generations
            assert client.get("/don-vi/sotp/vi/").status_code == 200
            assert client.get("/don-vi/sotp/vi/")["X-Page-Cache"] == "hit"
    finally:
        stop(server)
