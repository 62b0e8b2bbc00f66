"""Which database each read and write goes to (portal.replicas), decided without a replica server.

The real streaming replica behind gunicorn is tests/cluster/test_replica.py; here the decisions are
read straight from Django's router inside requests passed through ReplicaRoutingMiddleware.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections, router
from django.http import HttpResponse
from django.test import RequestFactory

from news.models import Article
from portal import replicas
from portal.replicas import RECENT_WRITE_COOKIE, ReplicaRoutingMiddleware, primary_reads


@pytest.fixture
def one_replica(settings):
    """A replica alias the router knows of, judged healthy (its server is not asked). It connects to
    the test database itself, which is no standby: asked, it would be found unhealthy."""
    alias = "replica_1"
    connections.settings[alias] = connections.settings["default"]
    settings.PORTAL_READ_YOUR_WRITES_SECONDS = 15
    replicas.forget_health()
    replicas.note_health(alias, True)
    yield alias
    replicas.forget_health()
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def _through_middleware(request, view=None):
    """(where the view's reads went, the response) for `request`."""
    seen = []

    def default_view(request):
        seen.append(router.db_for_read(Article))
        return HttpResponse("ok")

    response = ReplicaRoutingMiddleware(view or default_view)(request)
    return seen, response


def test_anonymous_get_and_head_read_the_replica(one_replica):
    factory = RequestFactory()
    for request in (factory.get("/vi/tim-kiem/?q=bao"), factory.head("/vi/")):
        reads, response = _through_middleware(request)
        assert reads == [one_replica]
        assert RECENT_WRITE_COOKIE not in response.cookies


def test_signed_in_people_read_the_primary(one_replica, settings):
    request = RequestFactory().get("/vi/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert _through_middleware(request)[0] == ["default"]


def test_a_post_reads_the_primary_and_pins_the_browser_to_it(one_replica):
    reads, response = _through_middleware(RequestFactory().post("/vi/hoi-dap/dat-cau-hoi/", {"title": "x"}))
    assert reads == ["default"]
    cookie = response.cookies[RECENT_WRITE_COOKIE]
    assert cookie["max-age"] == 15
    assert cookie["httponly"]

    later = RequestFactory().get("/vi/", HTTP_COOKIE=f"{RECENT_WRITE_COOKIE}=1")
    assert _through_middleware(later)[0] == ["default"]


@pytest.mark.parametrize("value", ["", "0", "<script>alert(1)</script>", "x" * 4000])
def test_any_recent_write_cookie_means_the_primary(one_replica, value):
    request = RequestFactory().get("/vi/")
    request.COOKIES[RECENT_WRITE_COOKIE] = value
    assert _through_middleware(request)[0] == ["default"]


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(one_replica):
    def view(request):
        before = router.db_for_read(Article)
        assert router.db_for_write(Article) == "default"
        return HttpResponse(f"{before} {router.db_for_read(Article)}")

    _reads, response = _through_middleware(RequestFactory().get("/vi/"), view)
    assert response.content == b"replica_1 default"
    assert RECENT_WRITE_COOKIE in response.cookies  # and the next few seconds of this browser's reads


def test_what_is_built_for_the_shared_cache_reads_the_primary(one_replica):
    def view(request):
        with primary_reads():
            inside = router.db_for_read(Article)
        return HttpResponse(f"{inside} {router.db_for_read(Article)}")

    _reads, response = _through_middleware(RequestFactory().get("/vi/"), view)
    assert response.content == b"default replica_1"


def test_an_unhealthy_replica_is_skipped(one_replica):
    replicas.note_health(one_replica, False)
    assert _through_middleware(RequestFactory().get("/vi/"))[0] == ["default"]


def test_a_server_that_is_no_standby_is_never_a_replica(one_replica, django_db_setup, django_db_blocker):
    replicas.forget_health()
    with django_db_blocker.unblock():  # its own connection, outside the test's transaction
        assert replicas.replica_lag(one_replica) is None
        assert not replicas.is_healthy(one_replica)
        assert _through_middleware(RequestFactory().get("/vi/"))[0] == ["default"]


def test_outside_requests_everything_uses_the_primary(one_replica):
    """Celery tasks and management commands never pass through the middleware."""
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"


def test_migrations_run_on_the_primary_only(one_replica):
    assert router.allow_migrate("default", "news", model_name="article") is True
    assert router.allow_migrate(one_replica, "news", model_name="article") is False


def _settings_with(replicas_value: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://portal@db1:5432/portal",
        "DATABASE_REPLICA_URL": replicas_value,
    }
    program = (
        "import json, config.settings as s; "
        "print(json.dumps({a: [d['HOST'], d.get('TEST'), d.get('OPTIONS')] for a, d in s.DATABASES.items()}))"
    )
    return subprocess.run(
        [sys.executable, "-c", program], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_each_replica_address_is_an_alias_that_never_gets_a_test_database():
    result = _settings_with("postgres://ro:secret@db2:5432/portal, postgres://ro:secret@db3:5432/portal")
    assert result.returncode == 0, result.stderr[-2000:]
    databases = json.loads(result.stdout)
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert databases["replica_1"] == ["db2", {"MIRROR": "default"}, {"connect_timeout": 2}]
    assert databases["replica_2"][0] == "db3"


def test_a_replica_that_is_not_postgresql_stops_start_up_without_showing_its_password():
    result = _settings_with("postgres://ro:secret@db2:5432/portal,mysql://ro:hunter2@db3/portal")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL: address 2 is not postgres://" in result.stderr
    assert "hunter2" not in result.stderr
