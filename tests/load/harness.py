"""Starting real servers for the load tests: gunicorn, a Celery worker, a private redis-server.

These tests run when the production stack is configured (DATABASE_URL on PostgreSQL; a Celery
worker also needs PORTAL_CELERY_INTEGRATION and REDIS_URL), as CI does; they fail loudly when it is
configured but does not answer. They share the test database with the servers they start, so they
use committed (transactional) test data.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("load tests need PostgreSQL shared by several processes (set DATABASE_URL; CI does)")
    try:
        connection.ensure_connection()
    except Exception as error:  # noqa: BLE001 - configured but unreachable must fail, not skip
        pytest.fail(f"DATABASE_URL is set but PostgreSQL does not answer: {error}")


def require_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.fail("PORTAL_CELERY_INTEGRATION is set but REDIS_URL is not")
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            assert sock.recv(16).startswith(b"+PONG")
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"REDIS_URL {url} is set but Redis does not answer: {error}")
    return url


def require_celery_integration() -> str:
    if not os.environ.get("PORTAL_CELERY_INTEGRATION"):
        pytest.skip("set PORTAL_CELERY_INTEGRATION=1 (with REDIS_URL and DATABASE_URL) to run a real worker")
    require_postgres()
    return require_redis()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int, *options: str) -> subprocess.Popen:
    """A private redis-server on loopback that keeps nothing on disk (stop it with `stop`)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run `make system-packages` (Debian's redis-server)")
    return subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def redis_cache_settings(port: int, *, timeout: float = 0.5) -> dict:
    """CACHES and REDIS_URL pointing at a Redis on `port`, each operation giving up after `timeout`."""
    location = f"redis://127.0.0.1:{port}/0"
    caches = {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }
    return {"CACHES": caches, "REDIS_URL": location}


def server_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: the test database, the test's secret, local everything."""
    db = settings.DATABASES["default"]
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "true",
        "PORTAL_PAGE_CACHE": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "ERROR",
    }
    env.update(extra)
    return env


def spawn(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """A server in a child process, its output in a file: a pipe nobody reads blocks the child once full."""
    with open(log, "wb") as output:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    process.log = log
    return process


def _output(process: subprocess.Popen | None) -> str:
    log = getattr(process, "log", None)
    return log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""


def wait_until(check, *, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process exited ({process.returncode}):\n{_output(process)}")
        result = check()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {timeout} s; the process printed:\n{_output(process)}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
