"""With Redis unreachable, public pages still answer 200 (cache misses), and forms keep working; through
Django's test client and through the WSGI application, whose hit layer reads Redis first."""

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "portal.cache_backend.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers Redis there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def client(both_clients):
    return both_clients


def test_pages_answer_without_redis(client, unit_a):
    with override_settings(CACHES=DEAD_REDIS, REDIS_URL="redis://127.0.0.1:9/0"):
        assert cache.get("anything") is None
        for path in ("/vi/", "/km/", "/don-vi/sotp/vi/", "/vi/tim-kiem/?q=tra+vinh", "/sitemap.xml"):
            assert client.get(path).status_code == 200, path


def test_pages_recover_when_the_cache_returns(client, unit_a, page_cache):
    with override_settings(CACHES=DEAD_REDIS, REDIS_URL="redis://127.0.0.1:9/0"):
        client.get("/don-vi/sotp/vi/")
    client.get("/don-vi/sotp/vi/")
    assert client.get("/don-vi/sotp/vi/")["X-Page-Cache"] == "hit"
