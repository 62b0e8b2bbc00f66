"""Views counted in a gunicorn worker's memory survive the server being stopped (SIGTERM).

Each worker keeps its page and article views in memory and hands them on in batches; a stop used to
drop whatever had not been handed on yet. Started with the project's gunicorn config, the workers
hand their counts on as they exit: straight to the database without Redis, to Redis (and from there
to the database by the flush tasks) with it. Counted: every view, none twice.
"""

from __future__ import annotations

import http.client
import subprocess
import uuid

import pytest
from django.db.models import Sum

from reports.models import DailyVisits
from tests.factories.news import ArticleFactory

from .harness import BIN, ROOT, free_port, require_postgres, server_env, spawn, start_redis, stop, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.servers, pytest.mark.django_db(transaction=True)]

VIEWS = 60


def _get(port: int, path: str) -> int:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path, headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0


def _gunicorn(env: dict, tmp_path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = spawn(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi", "-w", "2", "--threads", "2",
         "-b", f"127.0.0.1:{port}", "-t", "60"],
        env=env,
        log=tmp_path / "gunicorn.log",
    )  # fmt: skip
    wait_until(lambda: _get(port, "/robots.txt") == 200, timeout=30, what="gunicorn", process=process)
    return process, port


def _serve_views_then_stop(env: dict, tmp_path, path: str, before_stop=lambda: None) -> None:
    # Pushes to Redis only after an hour, flushes without Redis only after an hour: nothing leaves the
    # workers' memory before the stop.
    env |= {"PORTAL_VIEWS_PUSH_SECONDS": "3600", "PORTAL_VISITS_PUSH_SECONDS": "3600",
            "PORTAL_VISITS_LOCAL_FLUSH_SECONDS": "3600"}  # fmt: skip
    process, port = _gunicorn(env, tmp_path)
    try:
        statuses = [_get(port, path) for _ in range(VIEWS)]
        before_stop()
    finally:
        stop(process)  # SIGTERM: the workers finish and exit
    assert statuses == [200] * VIEWS
    assert process.returncode == 0, process.log.read_text()[-3000:]


@pytest.fixture
def article(unit_a):
    return ArticleFactory(unit=unit_a, published=True)


def test_without_redis_a_stopped_server_has_written_every_view(article, tmp_path):
    require_postgres()
    env = server_env(REDIS_URL="", CACHE_REDIS_URL="", CACHE_KEY_PREFIX=f"views-{uuid.uuid4().hex[:8]}")
    _serve_views_then_stop(env, tmp_path, article.get_absolute_url())

    article.refresh_from_db()
    assert article.view_count == VIEWS
    assert DailyVisits.objects.filter(unit=article.unit).aggregate(n=Sum("count"))["n"] == VIEWS


def test_with_redis_a_stopped_servers_views_reach_the_database_at_the_next_flush(article, tmp_path):
    require_postgres()
    redis_port = free_port()
    redis = start_redis(redis_port)
    try:
        url = f"redis://127.0.0.1:{redis_port}/0"
        env = server_env(REDIS_URL=url, CACHE_REDIS_URL="", CACHE_KEY_PREFIX=f"views-{uuid.uuid4().hex[:8]}")
        wait_until(lambda: _ping(redis_port), timeout=10, what="redis-server", process=redis)
        _serve_views_then_stop(env, tmp_path, article.get_absolute_url())

        # What the beat would run next, in a process of its own configured like the servers.
        flush = "from news.tasks import flush_view_counts as f; from reports.tasks import flush_visits as v; f(); v()"  # noqa: E501
        subprocess.run(
            [str(BIN / "python"), "manage.py", "shell", "-c", flush], env=env, check=True, cwd=ROOT
        )  # fmt: skip
    finally:
        stop(redis)

    article.refresh_from_db()
    assert article.view_count == VIEWS
    assert DailyVisits.objects.filter(unit=article.unit).aggregate(n=Sum("count"))["n"] == VIEWS


def _ping(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_with_redis_gone_at_the_stop_the_views_go_to_the_database(article, tmp_path):
    require_postgres()
    redis_port = free_port()
    redis = start_redis(redis_port)
    try:
        url = f"redis://127.0.0.1:{redis_port}/0"
        env = server_env(REDIS_URL=url, CACHE_REDIS_URL="", CACHE_KEY_PREFIX=f"views-{uuid.uuid4().hex[:8]}")
        wait_until(lambda: _ping(redis_port), timeout=10, what="redis-server", process=redis)
        _serve_views_then_stop(env, tmp_path, article.get_absolute_url(), before_stop=lambda: stop(redis))
    finally:
        stop(redis)

    article.refresh_from_db()
    assert article.view_count == VIEWS
    assert DailyVisits.objects.filter(unit=article.unit).aggregate(n=Sum("count"))["n"] == VIEWS


def test_a_server_that_leaves_sigterm_alone_still_writes_its_views(article, tmp_path):
    """A WSGI server that installs no SIGTERM handler of its own: config.wsgi makes the signal a normal
    exit, so the views counted in memory are written as the process ends."""
    require_postgres()
    env = server_env(REDIS_URL="", CACHE_REDIS_URL="", PORTAL_VIEWS_PUSH_SECONDS="3600")
    serve = (
        "import sys, time; import config.wsgi; from news import viewcounts; "
        f"[viewcounts.add_view({article.pk}) for _ in range({VIEWS})]; print('counted', flush=True); "
        "time.sleep(120)"
    )
    process = spawn([str(BIN / "python"), "-c", serve], env=env, log=tmp_path / "server.log")
    try:
        wait_until(
            lambda: "counted" in process.log.read_text(), timeout=60, what="the server", process=process
        )
    finally:
        stop(process)  # SIGTERM

    article.refresh_from_db()
    assert article.view_count == VIEWS
