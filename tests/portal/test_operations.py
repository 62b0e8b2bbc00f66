"""/healthz, /readyz and /metrics as the load balancer and Prometheus see them.

Dependencies fail for real: a database on a closed port (a gunicorn server started by the test), a
Redis that is stopped, a Redis that accepts connections and never answers.
"""

from __future__ import annotations

import http.client
import json
import subprocess
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.test import override_settings
from prometheus_client.parser import text_string_to_metric_families

from tests.load.harness import (
    BIN,
    ROOT,
    free_port,
    redis_cache_settings,
    spawn,
    start_redis,
    stop,
    wait_until,
)
from tests.portal.test_redis_hangs import HangingServer

UNKNOWN_HOST = "10.20.30.40"  # the balancer probes by address: not in ALLOWED_HOSTS, no unit's host


def _get(url: str, **headers) -> tuple[int, bytes, dict]:
    """Straight to the server (urllib would go through a proxy named in the environment)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path or "/", headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.headers)
    finally:
        connection.close()


def _gunicorn(tmp_path, *options: str, **extra_env: str):
    """gunicorn as in production (DEBUG off, HTTPS redirect on) with its database on a closed port."""
    port, closed = free_port(), free_port()
    env = {
        "DATABASE_URL": f"postgres://portal@127.0.0.1:{closed}/portal",
        "SECRET_KEY": "a-test-secret-key-for-the-probes-0123456789-abcdefghijklmnop",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "portal.example",
        "PORTAL_LOG_FORMAT": "json",
        "PORTAL_READYZ_TIMEOUT_SECONDS": "3",
        "PORTAL_TRUSTED_PROXIES": "1",
        "LOG_LEVEL": "INFO",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PATH": str(BIN),
        **extra_env,
    }
    process = spawn(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", *options],
        env=env,
        log=tmp_path / "gunicorn.log",
    )
    try:
        wait_until(lambda: _answers(port), timeout=30, what="gunicorn", process=process)
    except BaseException:
        stop(process)
        raise
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture
def server_without_database(tmp_path):
    process, url = _gunicorn(tmp_path, "--workers", "1")
    try:
        yield url
    finally:
        stop(process)


def _answers(port: int) -> bool:
    try:
        return _get(f"http://127.0.0.1:{port}/healthz")[0] == 200
    except OSError:
        return False


@pytest.mark.servers
def test_healthz_answers_with_the_database_down_and_readyz_names_it(server_without_database):
    status, body, headers = _get(f"{server_without_database}/healthz", Host=UNKNOWN_HOST)
    assert (status, body) == (200, b"ok\n")  # no redirect to https, no 400 for the host, no unit look-up
    assert "no-store" in headers["Cache-Control"]

    status, body, _headers = _get(f"{server_without_database}/readyz", Host=UNKNOWN_HOST)
    report = json.loads(body)
    assert status == 503
    assert report["status"] == "failed"
    assert report["checks"]["database"]["status"] == "failed"
    assert report["checks"]["cache"]["status"] == "ok"

    # Pages are redirected to https (the probes were not), and with https they need the database.
    assert _get(f"{server_without_database}/", Host="portal.example")[0] == 301
    status, _body, _headers = _get(
        f"{server_without_database}/?email=nguyen.van.a@example.com",
        Host="portal.example",
        **{"X-Forwarded-Proto": "https", "X-Request-ID": "b" * 32},
    )
    assert status == 500

    # Both the readiness check and the page met the database's refusal; counted for Prometheus.
    _status, scrape, _headers = _get(f"{server_without_database}/metrics")
    errors = [
        sample.value
        for family in text_string_to_metric_families(scrape.decode())
        for sample in family.samples
        if sample.name == "portal_database_errors_total"
    ]
    assert errors == [2.0]
    assert b'portal_requests_total{method="GET",status="500"' in scrape


def _json_lines(log) -> list[dict]:
    return [json.loads(text) for text in log.read_text().splitlines() if text.startswith("{")]


@pytest.mark.servers
def test_a_production_server_logs_json_lines_without_personal_data(server_without_database, tmp_path):
    _get(
        f"{server_without_database}/tin-tuc/?email=nguyen.van.a@example.com&q=b%C3%A3o",
        Host="portal.example",
        **{"X-Forwarded-Proto": "https", "X-Request-ID": "c" * 32, "Cookie": "sessionid=s3cr3t"},
    )
    lines = _json_lines(tmp_path / "gunicorn.log")
    access = [line for line in lines if line["logger"] == "portal.access"]
    assert [(line["path"], line["status"], line["request_id"]) for line in access] == [
        ("/tin-tuc/", 500, "c" * 32)
    ]
    written = (tmp_path / "gunicorn.log").read_text()
    assert "example.com" not in written and "s3cr3t" not in written and "b%C3%A3o" not in written


def _readyz(client):
    response = client.get("/readyz", HTTP_HOST=UNKNOWN_HOST)
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_readyz_is_ready_when_every_dependency_answers(client):
    status, report = _readyz(client)
    assert status == 200
    assert report["status"] == "ok"
    assert {"database", "cache", "storage:default"} <= report["checks"].keys()
    for check in report["checks"].values():
        assert check["status"] == "ok"
        assert isinstance(check["latency_ms"], float)


@pytest.fixture
def dead_replica():
    """A replica alias whose server cannot be reached: a closed port on PostgreSQL, a file in a missing
    folder on SQLite. Aliases added to `connections.settings` are added to settings.DATABASES too."""
    alias = "replica_dead"
    config = dict(connections.settings["default"])
    if config["ENGINE"].endswith("sqlite3"):
        config.update(NAME="/nonexistent/folder/replica.sqlite3", TEST={**config["TEST"], "NAME": None})
    else:
        config.update(HOST="127.0.0.1", PORT=str(free_port()))
    connections.settings[alias] = config
    yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


@pytest.mark.django_db
def test_a_dead_replica_degrades_readyz_but_keeps_the_server_in_the_balancer(client, dead_replica):
    # Reads fall back to the primary: taking every server out for a replica would stop the whole portal.
    status, report = _readyz(client)
    assert status == 200
    assert report["status"] == "degraded"
    assert report["checks"][f"database:{dead_replica}"]["status"] == "failed"
    assert report["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
@pytest.mark.servers
def test_readyz_is_503_while_redis_is_stopped_and_200_when_it_is_back(client):
    port = free_port()
    redis = start_redis(port)
    try:
        with override_settings(**redis_cache_settings(port, timeout=0.2)):
            wait_until(lambda: _readyz(client)[0] == 200, timeout=10, what="readyz with Redis up")
            stop(redis)
            status, report = _readyz(client)
            assert status == 503
            assert report["checks"]["cache"]["status"] == "failed"
            assert report["checks"]["database"]["status"] == "ok"
            redis = start_redis(port)
            # The cache's circuit breaker tries again after its pause: ready again by itself.
            with override_settings(PORTAL_CACHE_BREAKER_SECONDS=0):
                wait_until(lambda: _readyz(client)[0] == 200, timeout=10, what="readyz after Redis is back")
    finally:
        stop(redis)


@pytest.mark.django_db
@pytest.mark.servers
def test_readyz_gives_up_on_a_redis_that_never_answers(client):
    with HangingServer() as hanging, override_settings(**hanging.settings(), PORTAL_READYZ_TIMEOUT_SECONDS=1):
        status, report = _readyz(client)
        assert hanging.accepted >= 1  # it did try the hanging server
    assert status == 503
    assert report["checks"]["cache"]["status"] == "failed"


@pytest.mark.django_db
@pytest.mark.servers
def test_readyz_checks_a_redis_broker_and_reports_a_hanging_one(client):
    with (
        HangingServer() as hanging,
        override_settings(
            CELERY_BROKER_URL=f"redis://127.0.0.1:{hanging.port}/0", PORTAL_READYZ_TIMEOUT_SECONDS=1
        ),
    ):
        status, report = _readyz(client)
    assert status == 503
    assert report["checks"]["broker"]["status"] == "failed"
    assert report["checks"]["broker"]["error"] in ("timeout", "TimeoutError")
    assert report["checks"]["cache"]["status"] == "ok"


# --- /metrics ---


def _scrape(client, **meta) -> dict:
    response = client.get("/metrics", **meta)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _requests(samples: dict, view: str, status: str) -> float:
    key = ("portal_requests_total", (("method", "GET"), ("status", status), ("view", view)))
    return samples.get(key, 0.0)


@pytest.mark.django_db
def test_metrics_count_requests_by_view_and_status(client, main_portal):
    before = _scrape(client, REMOTE_ADDR="127.0.0.1")
    for _ in range(3):
        assert client.get("/robots.txt").status_code == 200
    assert client.get("/vi/tin-tuc/khong-co-bai-nay-99999/").status_code == 404
    assert client.get("/healthz").status_code == 200
    after = _scrape(client, REMOTE_ADDR="127.0.0.1")

    assert (
        _requests(after, "portal.views.robots_txt", "200")
        - _requests(before, "portal.views.robots_txt", "200")
        == 3
    )
    assert (
        sum(
            after.get(k, 0) - before.get(k, 0)
            for k in after
            if k[0] == "portal_requests_total" and ("status", "404") in k[1]
        )
        == 1
    )
    assert _requests(after, "healthz", "200") - _requests(before, "healthz", "200") == 1
    histogram = ("portal_request_duration_seconds_count", (("view", "portal.views.robots_txt"),))
    assert after[histogram] - before.get(histogram, 0) == 3


@pytest.mark.django_db
def test_metrics_count_page_cache_hits_and_misses(client, main_portal, page_cache):
    def count(samples, result):
        return samples.get(("portal_page_cache_total", (("result", result),)), 0.0)

    before = _scrape(client, REMOTE_ADDR="127.0.0.1")
    for _ in range(3):
        assert client.get("/vi/").status_code == 200
    after = _scrape(client, REMOTE_ADDR="127.0.0.1")
    assert count(after, "miss") - count(before, "miss") == 1
    assert count(after, "hit") - count(before, "hit") == 2
    assert _requests(after, "page_cache", "200") - _requests(before, "page_cache", "200") == 2


@pytest.mark.django_db
@pytest.mark.servers
def test_metrics_count_redis_errors_and_database_errors_seen_by_readyz(client):
    def total(samples, name):
        return sum(value for (sample, _labels), value in samples.items() if sample == name)

    before = _scrape(client, REMOTE_ADDR="127.0.0.1")
    with override_settings(**redis_cache_settings(free_port(), timeout=0.2)):
        assert _readyz(client)[0] == 503
    after = _scrape(client, REMOTE_ADDR="127.0.0.1")
    assert total(after, "portal_redis_errors_total") > total(before, "portal_redis_errors_total")


@pytest.mark.django_db
@pytest.mark.servers
def test_metrics_report_the_celery_queue_length_on_a_redis_broker(client):
    port = free_port()
    redis = start_redis(port)
    try:
        import redis as redis_py

        broker = f"redis://127.0.0.1:{port}/0"
        connection = redis_py.Redis.from_url(broker)
        wait_until(lambda: _pings(connection), timeout=10, what="redis-server")
        connection.rpush("celery", "a", "b", "c")
        with override_settings(CELERY_BROKER_URL=broker):
            samples = _scrape(client, REMOTE_ADDR="127.0.0.1")
    finally:
        stop(redis)
    assert samples[("portal_celery_queue_length", (("queue", "celery"),))] == 3


def _pings(connection) -> bool:
    try:
        return connection.ping()
    except Exception:  # noqa: BLE001 - not started yet
        return False


@pytest.mark.django_db
def test_metrics_answer_only_the_allowed_addresses(client, settings):
    settings.PORTAL_METRICS_ALLOWED_IPS = ["127.0.0.1", "10.0.5.0/24"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.5.17").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # No proxy configured: a forged X-Forwarded-For is not read at all.
    forged = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert forged.status_code == 404
    assert b"portal_requests_total" not in forged.content

    # Behind nginx: only the address nginx appended counts, not what the visitor put before it.
    settings.PORTAL_TRUSTED_PROXIES = 1
    forged = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9")
    assert forged.status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.5.3").status_code == 200


def test_probes_refuse_other_methods_and_are_never_cached(client):
    assert client.post("/healthz").status_code == 405
    assert "no-store" in client.get("/healthz", HTTP_HOST=UNKNOWN_HOST)["Cache-Control"]


@pytest.mark.servers
def test_metrics_add_up_every_gunicorn_workers_counts(tmp_path):
    """Several workers, each counting the requests it served: /metrics (whichever worker answers) gives
    their sum. Counts left by an earlier run are removed at start (config/gunicorn.py)."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_99999.db").write_bytes(b"left by an earlier run")
    process, url = _gunicorn(
        tmp_path, "-c", "config/gunicorn.py", "--workers", "3", PROMETHEUS_MULTIPROC_DIR=str(folder)
    )
    try:
        assert not (folder / "counter_99999.db").exists()
        for _ in range(30):
            assert _get(f"{url}/healthz")[0] == 200
        scrapes = [_get(f"{url}/metrics")[1].decode() for _ in range(3)]
    finally:
        stop(process)
    for scrape in scrapes:
        counts = {
            tuple(sorted(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(scrape)
            for sample in family.samples
            if sample.name == "portal_requests_total"
        }
        # The start-up wait's requests come first; the 30 above are all counted, in every scrape.
        assert counts[(("method", "GET"), ("status", "200"), ("view", "healthz"))] >= 30
    assert len({path.name for path in folder.glob("counter_*.db")}) >= 2  # more than one worker counted


def test_a_mistyped_metrics_address_stops_start_up():
    env = {"PATH": str(BIN), "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings"}
    started = subprocess.run(
        [str(BIN / "python"), "-c", "import django; django.setup()"],
        env={**env, "PORTAL_METRICS_ALLOWED_IPS": "127.0.0.1,10.0.5.0/33"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert started.returncode != 0
    assert "PORTAL_METRICS_ALLOWED_IPS" in started.stderr
