"""The near cache (portal.nearcache): each worker's copies of hot pages and of the generations they were
stored under. A hit served again reads nothing from Redis; a change, announced by this process or by
another one, is never answered from a copy; a Redis restarted or gone, or a copy trusted longer than
PORTAL_NEAR_CACHE_SECONDS, sends the look-ups back to Redis.

Each test has a private redis-server on a free loopback port, so the commands Redis counts are its own,
and every test runs through Django's test client and through the WSGI application gunicorn calls.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from portal.cache import bump
from portal.nearcache import NearCache, near_cache
from tests.load.harness import free_port, server_env, start_redis, stop, wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.servers, pytest.mark.usefixtures("page_cache")]
PREFIX = "near-test"
PAGE = "/don-vi/sotp/vi/"


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.location = f"redis://127.0.0.1:{self.port}/0"
        self.server = start_redis(self.port)
        self.stats: redis.Redis | None = None

    def settings(self) -> dict:
        caches = {
            "default": {
                "BACKEND": "portal.cache_backend.ResilientRedisCache",
                "LOCATION": self.location,
                "KEY_PREFIX": PREFIX,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        return {"CACHES": caches, "REDIS_URL": self.location, "PORTAL_CACHE_BREAKER_SECONDS": 0}

    def wait(self) -> None:
        def answers() -> bool:
            cache.set("probe", 1, 5)
            return cache.get("probe") == 1

        wait_until(answers, timeout=10, what="private redis-server", process=self.server)
        self.stats = redis.Redis(port=self.port)  # one connection: its own handshake is counted once

    def restart(self) -> None:
        stop(self.server)
        self.server = start_redis(self.port)
        self.wait()

    def commands(self) -> dict:
        """Commands Redis has run by name, other than the INFO asking."""
        stats = self.stats.info("commandstats")
        return {name: entry["calls"] for name, entry in stats.items() if name != "cmdstat_info"}


def _mgets(after: dict, before: dict) -> int:
    return after.get("cmdstat_mget", 0) - before.get("cmdstat_mget", 0)


@pytest.fixture
def private_redis(monkeypatch):
    monkeypatch.setattr("portal.nearcache._RETRY_SECONDS", 0)  # a test does not wait for the retry
    server = PrivateRedis()
    try:
        with override_settings(**server.settings()):
            server.wait()
            yield server
    finally:
        stop(server.server)
        near_cache.close()


@pytest.fixture
def client(both_clients):
    return both_clients


def _copied(client) -> bytes:
    """The page rendered, stored and served once from Redis (which copies it here)."""
    client.get(PAGE)
    hit = client.get(PAGE)
    assert hit["X-Page-Cache"] == "hit"
    return hit.content


def test_a_hit_served_again_reads_nothing_from_redis(client, unit_a, private_redis):
    page = _copied(client)
    before = private_redis.commands()
    for _ in range(3):
        again = client.get(PAGE)
        assert again["X-Page-Cache"] == "hit" and again.content == page
    assert private_redis.commands() == before


def test_a_conditional_request_answered_from_the_copy_is_a_304(client, unit_a, private_redis):
    _copied(client)
    etag = client.get(PAGE)["ETag"]
    before = private_redis.commands()
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert private_redis.commands() == before


def _bump_in_another_process(unit_pk: int, port: int, folder) -> None:
    """A change made by another worker (a server of its own): a process with the same cache."""
    env = server_env(
        DATABASE_URL=f"sqlite:///{folder / 'unused.sqlite3'}",  # a bump touches only the cache
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        CACHE_REDIS_URL=f"redis://127.0.0.1:{port}/0",
        CACHE_KEY_PREFIX=PREFIX,
    )
    code = f"import django; django.setup(); from portal.cache import bump; bump('unit', {unit_pk})"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)


@pytest.mark.parametrize("where", ["this process", "another process"])
def test_a_change_is_never_answered_from_the_copy(client, unit_a, private_redis, where, tmp_path):
    _copied(client)
    if where == "this process":
        bump("unit", unit_a.pk)
    else:
        _bump_in_another_process(unit_a.pk, private_redis.port, tmp_path)
    assert client.get(PAGE).get("X-Page-Cache") != "hit"  # rendered again, under the new generation
    assert client.get(PAGE)["X-Page-Cache"] == "hit"


def test_another_units_change_costs_one_read_and_no_render(client, unit_a, unit_b, private_redis, tmp_path):
    """A unit's change is also the site-wide content's (search, lists across units): the copy of that
    generation goes, the page's own generations have not moved, so it is read once and served."""
    page = _copied(client)
    _bump_in_another_process(unit_b.pk, private_redis.port, tmp_path)
    before = private_redis.commands()
    again = client.get(PAGE)
    assert again["X-Page-Cache"] == "hit" and again.content == page
    assert _mgets(private_redis.commands(), before) == 1
    before = private_redis.commands()
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    assert private_redis.commands() == before


def test_a_renamed_unit_is_never_served_under_its_old_name(client, unit_a, private_redis):
    from portal.services import SYSTEM
    from subsites import services

    _copied(client)
    unit_a.name_vi = "Sở Tư pháp tỉnh Vĩnh Long"
    services.unit_save(unit=unit_a, acting_user=SYSTEM)
    page = client.get(PAGE)
    assert "Sở Tư pháp tỉnh Vĩnh Long" in page.content.decode()


def test_a_copy_is_trusted_no_longer_than_the_setting(client, unit_a, private_redis, settings, monkeypatch):
    """An announcement that never arrives (a subscription dead without a sign) costs at most
    PORTAL_NEAR_CACHE_SECONDS of a stale page."""
    settings.PORTAL_NEAR_CACHE_SECONDS = 5
    _copied(client)
    raw = redis.Redis(port=private_redis.port)
    raw.incr(f"{PREFIX}:1:gen:unit:{unit_a.pk}")  # changed, and nobody told
    assert client.get(PAGE)["X-Page-Cache"] == "hit"  # the copy, within its few seconds
    import portal.nearcache

    later = portal.nearcache.time.monotonic() + 6
    monkeypatch.setattr("portal.nearcache.time.monotonic", lambda: later)
    assert client.get(PAGE).get("X-Page-Cache") != "hit"


def test_redis_restarted_between_two_requests_leaves_no_copy_in_use(client, unit_a, private_redis):
    """Redis comes back empty: whatever changed meanwhile (a bump it could not take) is unknown, so the
    copies go, as Redis's own pages and generations went."""
    _copied(client)
    private_redis.restart()
    assert client.get(PAGE).get("X-Page-Cache") != "hit"
    _copied(client)
    before = private_redis.commands()
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    assert private_redis.commands() == before  # subscribed again: copies in use again


def test_the_subscription_closed_under_it_leaves_no_copy_in_use(client, unit_a, private_redis):
    """The pool disconnecting every connection (its own and the subscription's) would otherwise have
    the subscription reconnect unsubscribed and hear nothing."""
    page = _copied(client)
    cache._cache.get_client(write=True).connection_pool.disconnect()
    before = private_redis.commands()
    again = client.get(PAGE)
    assert again["X-Page-Cache"] == "hit" and again.content == page
    assert _mgets(private_redis.commands(), before) == 1  # read from Redis, not from a copy
    client.get(PAGE)  # subscribed again, and copied
    before = private_redis.commands()
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    assert private_redis.commands() == before


def test_redis_down_serves_the_page_uncached_not_the_copy(client, unit_a, private_redis):
    _copied(client)
    stop(private_redis.server)
    for _ in range(2):
        response = client.get(PAGE)
        assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"


def test_the_copies_of_pages_stay_within_their_memory(private_redis, settings):
    settings.PORTAL_NEAR_CACHE_PAGE_MB = 1
    copies = NearCache()
    copies.get_many(["gen:site"])  # subscribes
    body = b"x" * 40_000
    for n in range(100):
        copies.keep_page(f"page:{n}", {"content": body, "gzip": body[:10_000], "outer_headers": []})
    assert copies.page_bytes <= 1024 * 1024
    kept = copies.get_many([f"page:{n}" for n in range(80, 100)])
    assert len(kept) == 20  # the latest are kept, the oldest gone
    assert copies.get_many(["page:0"]) == {}
    copies.close()


def test_a_page_larger_than_a_quarter_of_the_memory_is_not_copied(private_redis, settings):
    settings.PORTAL_NEAR_CACHE_PAGE_MB = 1
    copies = NearCache()
    copies.get_many(["gen:site"])
    copies.keep_page("page:big", {"content": b"x" * 300_000, "outer_headers": []})
    assert copies.page_bytes == 0
    copies.close()


def test_off_by_setting_every_hit_reads_redis(client, unit_a, private_redis, settings):
    settings.PORTAL_NEAR_CACHE = False
    _copied(client)
    before = private_redis.commands()
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    assert _mgets(private_redis.commands(), before) == 1


def test_a_value_read_while_a_change_was_announced_is_not_kept(private_redis, monkeypatch):
    """The read may have come just before the change: it serves its own request, and is not copied."""
    import portal.nearcache

    near_cache.get_many(["gen:unit:0"])  # subscribed
    real = portal.nearcache.cache

    class ChangedDuringTheRead:
        def get_many(self, keys):
            found = real.get_many(keys)
            bump("site")  # another request's change, announced while this read was on its way
            return found

    monkeypatch.setattr(portal.nearcache, "cache", ChangedDuringTheRead())
    near_cache.get_many(["gen:site"])
    monkeypatch.setattr(portal.nearcache, "cache", real)
    before = private_redis.commands()
    near_cache.get_many(["gen:site"])
    assert _mgets(private_redis.commands(), before) == 1  # read again: nothing was copied
    before = private_redis.commands()
    near_cache.get_many(["gen:site"])
    assert _mgets(private_redis.commands(), before) == 0  # that read was copied
