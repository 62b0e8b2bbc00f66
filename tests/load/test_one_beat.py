"""Exactly one Celery beat schedules at a time, however many are started (one per server).

Two real beats share a private redis-server. The second waits on the first's lock, so a task due
every second is sent about once a second, not twice; once the first is killed (SIGKILL: it cannot
release its lock) the second takes over when the lock expires.
"""

from __future__ import annotations

import os
import signal
import time
import uuid

import pytest
import redis
from django.conf import settings

from .harness import BIN, ROOT, free_port, spawn, start_redis, stop, wait_until

pytestmark = [pytest.mark.servers]

INTERVAL = 1.0  # seconds between two runs of the test's task
LOCK_SECONDS = 3  # PORTAL_BEAT_LOCK_SECONDS: how long a killed beat's lock outlives it


@pytest.fixture
def private_redis():
    port = free_port()
    process = start_redis(port)
    client = redis.Redis(port=port, socket_timeout=2)
    try:
        wait_until(lambda: _answers(client), timeout=10, what="redis-server", process=process)
        yield port, client
    finally:
        stop(process)


def _answers(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def start_beat(private_redis, tmp_path):
    port, _client = private_redis
    queue = f"beat-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": settings.SECRET_KEY,
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "CACHE_REDIS_URL": "",
        "CACHE_KEY_PREFIX": f"beat-{uuid.uuid4().hex[:8]}",
        "PORTAL_BEAT_LOCK_SECONDS": str(LOCK_SECONDS),
        "PORTAL_TEST_BEAT_QUEUE": queue,
        "PORTAL_TEST_BEAT_SECONDS": str(INTERVAL),
    }
    started = []

    def start(name: str):
        args = [str(BIN / "celery"), "-A", "tests.load.beat_app", "beat", "--loglevel", "INFO",
                "-s", str(tmp_path / f"{name}-schedule")]  # fmt: skip
        process = spawn(args, env=env, log=tmp_path / f"{name}.log")
        started.append(process)
        return process

    start.queue = queue
    try:
        yield start
    finally:
        for process in started:
            stop(process)


def _sent(client, queue: str) -> int:
    return client.llen(queue)


def test_a_second_beat_schedules_nothing_while_the_first_runs_and_takes_over_when_it_dies(
    private_redis, start_beat
):
    _port, client = private_redis
    first = start_beat("first")
    wait_until(lambda: _sent(client, start_beat.queue) >= 1, timeout=30, what="the first beat", process=first)
    second = start_beat("second")
    # Started, and waiting for the lock (redbeat logs "beat: Starting..." just before it asks).
    wait_until(
        lambda: "beat: Starting" in second.log.read_text(), timeout=30, what="the second beat", process=second
    )

    began, at_start = time.monotonic(), _sent(client, start_beat.queue)
    wait_until(
        lambda: _sent(client, start_beat.queue) >= at_start + 8, timeout=60, what="8 runs", process=first
    )
    sent, elapsed = _sent(client, start_beat.queue) - at_start, time.monotonic() - began
    # One beat sends at most one per interval (+1 for the one due as the count began); two would send
    # about twice as many.
    assert sent <= elapsed / INTERVAL + 1, f"{sent} sent in {elapsed:.1f} s: scheduled twice"
    assert "Acquired lock" in first.log.read_text()
    assert "Acquired lock" not in second.log.read_text()

    first.send_signal(signal.SIGKILL)
    first.wait()
    after_kill = _sent(client, start_beat.queue)
    wait_until(
        lambda: "Acquired lock" in second.log.read_text(), timeout=30, what="the take-over", process=second
    )
    wait_until(
        lambda: _sent(client, start_beat.queue) >= after_kill + 3, timeout=30, what="runs", process=second
    )
