"""Log lines as JSON with the request's id: read as an operator's log collector reads them.

The request id comes from nginx's X-Request-ID when well formed (a hostile one is replaced), is echoed
in the response, and reaches the log lines of the Celery tasks the request publishes: inline (eager),
in the message's headers, and in a real worker's output.
"""

from __future__ import annotations

import io
import json
import logging
import subprocess
import uuid

import pytest
from django.conf import settings
from django.test import override_settings

from config.celery import app
from portal.logs import ContextFilter, JsonLineFormatter, log_context
from tests.load.harness import BIN, ROOT, free_port, spawn, start_redis, stop, wait_until

from .ops_tasks import note

pytestmark = pytest.mark.django_db
NGINX_ID = "3f2a9c0d4b5e6f708192a3b4c5d6e7f8"


@pytest.fixture
def log_lines():
    """What the console handler of settings.LOGGING writes with PORTAL_LOG_FORMAT=json, as parsed lines."""
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["context"]
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def _access_line(lines: list[dict]) -> dict:
    (line,) = [line for line in lines if line["logger"] == "portal.access"]
    return line


def test_a_request_is_logged_as_one_json_line_with_its_id(client, main_portal, log_lines):
    response = client.get("/robots.txt?email=nguyen.van.a@example.com&q=secret", HTTP_X_REQUEST_ID=NGINX_ID)
    assert response["X-Request-ID"] == NGINX_ID
    line = _access_line(log_lines())
    assert line["request_id"] == NGINX_ID
    assert (line["method"], line["path"], line["status"]) == ("GET", "/robots.txt", 200)
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)
    assert line["time"][-6:] in ("+07:00", "+00:00")  # ISO 8601 with its offset
    assert line["unit"] == main_portal.key
    text = json.dumps(log_lines())
    assert "example.com" not in text and "secret" not in text and "127.0.0.1" not in text


def test_without_a_header_each_request_gets_a_fresh_id(client, main_portal, log_lines):
    first, second = client.get("/robots.txt"), client.get("/robots.txt")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert len(first["X-Request-ID"]) == 32
    assert [line["request_id"] for line in log_lines()] == [first["X-Request-ID"], second["X-Request-ID"]]


@pytest.mark.parametrize(
    "hostile",
    [
        'abc\r\n{"level": "CRITICAL"}',  # a forged log line
        "x" * 5000,  # a huge one
        "short",
        "../../etc/passwd",
        "id with spaces in it",
    ],
)
def test_a_hostile_request_id_is_replaced(client, main_portal, log_lines, hostile):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=hostile)
    replaced = response["X-Request-ID"]
    assert replaced != hostile and len(replaced) == 32
    lines = log_lines()
    assert _access_line(lines)["request_id"] == replaced
    assert "CRITICAL" not in json.dumps(lines)


def test_django_error_lines_name_the_request_without_its_query(client, main_portal, log_lines):
    response = client.get("/vi/khong-co-trang-nay/?email=a@example.com", HTTP_X_REQUEST_ID=NGINX_ID)
    assert response.status_code == 404
    lines = log_lines()
    django_lines = [line for line in lines if line["logger"] == "django.request"]
    assert django_lines and all(line["request_id"] == NGINX_ID for line in django_lines)
    assert "example.com" not in json.dumps(lines)


@override_settings(ROOT_URLCONF="tests.portal.ops_urls")
def test_a_task_run_inline_logs_under_its_requests_id(client, main_portal, log_lines):
    response = client.get("/ops-test/publish/", HTTP_X_REQUEST_ID=NGINX_ID)
    assert response.status_code == 200
    task_lines = [line for line in log_lines() if line["logger"].startswith("tests.ops")]
    assert [line["message"] for line in task_lines] == [
        "task noted from-a-request",
        "task logger noted from-a-request",
    ]
    for line in task_lines:
        assert line["request_id"] == NGINX_ID
        assert line["task"] == "tests.portal.ops_tasks.note"


@override_settings(ROOT_URLCONF="tests.portal.ops_urls")
def test_a_task_published_by_a_request_carries_its_id_in_the_message(client, main_portal):
    """Sent to the broker (the in-process one, or the Redis of REDIS_URL) instead of run inline."""
    queue = f"ops-{uuid.uuid4().hex}"
    app.conf.task_always_eager = False
    try:
        response = client.get(f"/ops-test/publish/?queue={queue}", HTTP_X_REQUEST_ID=NGINX_ID)
        with app.connection_for_read() as connection:
            message = connection.SimpleQueue(queue).get(timeout=5)
            message.ack()
    finally:
        app.conf.task_always_eager = True
    assert response.status_code == 200
    assert message.headers["task"] == "tests.portal.ops_tasks.note"
    assert message.headers["portal_request_id"] == NGINX_ID


@pytest.mark.servers
def test_a_real_workers_task_lines_carry_the_request_id(tmp_path):
    """A worker in a subprocess, on a private redis-server, logging JSON like production."""
    port = free_port()
    redis = start_redis(port)
    broker = f"redis://127.0.0.1:{port}/0"
    queue = f"ops-{uuid.uuid4().hex}"
    env = {
        "PATH": str(BIN),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": broker,
        "PORTAL_LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    worker = spawn(
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--include",
            "tests.portal.ops_tasks",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        log=tmp_path / "worker.log",
    )
    try:
        app.conf.task_always_eager = False
        try:
            with app.connection_for_write(broker) as connection, log_context(request_id=NGINX_ID):
                note.apply_async(["from-a-worker"], queue=queue, connection=connection)
        finally:
            app.conf.task_always_eager = True
        lines = wait_until(
            lambda: _task_lines(worker.log), timeout=60, what="the task's lines", process=worker
        )
    finally:
        stop(worker)
        stop(redis)
    for line in lines:
        assert line["request_id"] == NGINX_ID
        assert line["task"] == "tests.portal.ops_tasks.note"
        assert line["time"] and line["level"] == "WARNING"


def _task_lines(log) -> list[dict] | None:
    """Both task lines, as JSON objects; None until the second is written."""
    texts = log.read_text(errors="replace").splitlines()
    lines = [json.loads(text) for text in texts if text.startswith("{") and "from-a-worker" in text]
    plain = [text for text in texts if not text.startswith("{") and "from-a-worker" in text]
    assert not plain, f"a task line not in JSON: {plain}"
    return lines if len(lines) == 2 else None


def test_the_text_format_is_chosen_by_the_environment(tmp_path):
    """PORTAL_LOG_FORMAT=text gives plain lines; a wrong value stops start-up naming the variable."""
    script = "import django; django.setup(); import logging; logging.getLogger('x').warning('hello')"
    env = {"PATH": str(BIN), "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings"}
    text = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env={**env, "PORTAL_LOG_FORMAT": "text"},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "WARNING x [None] hello" in text.stderr
    as_json = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env={**env, "PORTAL_LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(as_json.stderr.strip().splitlines()[-1])["message"] == "hello"
    wrong = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env={**env, "PORTAL_LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert wrong.returncode != 0 and "PORTAL_LOG_FORMAT" in wrong.stderr


@pytest.mark.parametrize(("value", "lines"), [("true", 1), ("false", 0)])
def test_the_access_line_is_turned_off_by_the_environment(value, lines):
    """PORTAL_ACCESS_LOG=false: no access line, whatever LOG_LEVEL; other loggers' warnings still come."""
    script = (
        "import django; django.setup(); import logging; from django.http import HttpResponse;"
        "from django.test import RequestFactory; from portal.logs import RequestLogMiddleware;"
        "RequestLogMiddleware(lambda request: HttpResponse())(RequestFactory().get('/vi/'));"
        "logging.getLogger('x').warning('still here')"
    )
    env = {
        "PATH": str(BIN),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PORTAL_LOG_FORMAT": "json",
        "LOG_LEVEL": "ERROR",
        "PORTAL_ACCESS_LOG": value,
    }
    done = subprocess.run(
        [str(BIN / "python"), "-c", script], env=env, capture_output=True, text=True, cwd=ROOT, check=True
    )
    printed = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert len([line for line in printed if line["logger"] == "portal.access"]) == lines, done.stderr
    assert "still here" not in done.stderr  # LOG_LEVEL=ERROR holds for the rest
