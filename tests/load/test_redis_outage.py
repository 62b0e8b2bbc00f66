"""Redis stopped: public pages still answer 200 (cache misses, counters degrade) and use it again on return.

A private redis-server on its own port is started and killed here; the machine's Redis is untouched.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories.news import ArticleFactory

from .harness import (
    free_port,
    redis_cache_settings,
    require_celery_integration,
    start_redis,
    stop,
    wait_until,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db]


def _answers(port: int) -> bool:
    try:
        return cache.set("probe", 1, 5) is None and cache.get("probe") == 1
    except Exception:  # noqa: BLE001 - not up yet
        return False


def test_pages_survive_redis_going_away_and_use_it_again(client, unit_a, page_cache):
    require_celery_integration()
    port = free_port()
    caches = redis_cache_settings(port)["CACHES"]
    article = ArticleFactory(unit=unit_a, published=True)
    with translation.override("vi"):
        pages = ["/vi/", reverse("news:list"), article.get_absolute_url(), reverse("documents:finder")]
    server = start_redis(port)
    try:
        # A pause of 0: the breaker (portal.cache_backend) tries Redis again at once once it is back.
        with override_settings(CACHES=caches, PORTAL_CACHE_BREAKER_SECONDS=0):
            wait_until(lambda: _answers(port), timeout=10, what="private redis-server")
            assert all(client.get(p).status_code == 200 for p in pages)
            assert cache.get("probe") == 1

            stop(server)
            server.kill()
            for path in pages:
                response = client.get(path)
                assert response.status_code == 200, f"{path} with Redis down: {response.status_code}"
            assert cache.get("probe") is None  # a miss, not an error

            server = start_redis(port)
            wait_until(lambda: _answers(port), timeout=10, what="redis-server back")
            assert all(client.get(p).status_code == 200 for p in pages)
            cache.set("back", "yes", 30)
            assert cache.get("back") == "yes"
    finally:
        stop(server)
