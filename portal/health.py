"""/healthz, /readyz and /metrics: what the load balancer and Prometheus ask each application server.

They are answered by a middleware near the top, before the host is checked against ALLOWED_HOSTS, before
the HTTPS redirect, the unit's look-up by host and the language prefix: a load balancer probes by the
server's address, over plain HTTP, and must get the same answer whatever the units' table holds.

- /healthz: the process answers; nothing else is touched (no database, no cache).
- /readyz: every dependency a request needs answers, each within PORTAL_READYZ_TIMEOUT_SECONDS: JSON
  naming each check, its result and its latency; 503 when one fails (the balancer stops sending traffic).
  A read replica is not such a dependency: reads go to the primary while it is down (portal.replicas),
  so a failed replica makes the answer "degraded", still 200. Else one replica's fall would take every
  server out of the balancer at once.
- /metrics: the Prometheus text format, only to PORTAL_METRICS_ALLOWED_IPS; a 404 for anyone else.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connections
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotFound
from django.utils.cache import add_never_cache_headers

from . import metrics
from .proxy import client_ip

log = logging.getLogger(__name__)
# Checks run here, so one that hangs is abandoned at the timeout. A few threads only: while they are all
# held by hanging dependencies, further checks wait and are reported as timed out, never piling up.
_checks = ThreadPoolExecutor(max_workers=6, thread_name_prefix="readyz")


def healthz(request) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def _database(alias: str) -> None:
    # Its own connection each time, closed at once: a pool thread keeps no idle connection to a server.
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        metrics.DATABASE_ERRORS.inc()
        raise
    finally:
        connection.close()


def _cache() -> None:
    # The portal's cache turns Redis errors into misses: a value that does not come back is the failure.
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    if cache.get(key) != value:
        metrics.REDIS_ERRORS.labels("cache").inc()
        raise ConnectionError("the cache did not keep a value")
    cache.delete(key)


def _broker() -> None:
    try:
        metrics.redis_client(settings.CELERY_BROKER_URL).ping()
    except Exception:
        metrics.REDIS_ERRORS.labels("broker").inc()
        raise


def _storage(alias: str) -> None:
    storages[alias].exists("readyz-probe")


_REPLICA = "database:"  # the checks of the read replicas: every alias but the primary's


def _named_checks() -> dict:
    """Every dependency of this configuration: the databases (primary and replicas), the cache, the
    Celery broker when it is Redis, and the file storages."""
    checks = {
        ("database" if alias == "default" else f"{_REPLICA}{alias}"): (_database, alias)
        for alias in settings.DATABASES
    }
    checks["cache"] = (_cache,)
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://", "unix://")):
        checks["broker"] = (_broker,)
    for alias in ("default", "private"):
        if alias in settings.STORAGES:
            checks[f"storage:{alias}"] = (_storage, alias)
    return checks


def _timed(check, *args) -> float:
    started = time.perf_counter()
    check(*args)
    return (time.perf_counter() - started) * 1000


def readyz(request) -> HttpResponse:
    timeout = settings.PORTAL_READYZ_TIMEOUT_SECONDS
    started = time.perf_counter()
    futures = {name: _checks.submit(_timed, *check) for name, check in _named_checks().items()}
    results = {}
    for name, future in futures.items():
        left = max(timeout - (time.perf_counter() - started), 0)
        try:
            results[name] = {"status": "ok", "latency_ms": round(future.result(timeout=left), 1)}
        except FutureTimeout:
            future.cancel()
            results[name] = {"status": "failed", "error": "timeout", "latency_ms": timeout * 1000}
        except Exception as error:  # noqa: BLE001 - a failed dependency is the answer, not an error
            # The error's type only: its text may hold a host name, a user or a bucket's address.
            results[name] = {"status": "failed", "error": type(error).__name__}
    failed = [name for name, result in results.items() if result["status"] != "ok"]
    ready = all(name.startswith(_REPLICA) for name in failed)
    if failed:
        log.warning("%s: %s", "degraded" if ready else "not ready", ", ".join(failed))
    status = "failed" if not ready else "degraded" if failed else "ok"
    body = {"status": status, "checks": results}
    return HttpResponse(json.dumps(body), status=200 if ready else 503, content_type="application/json")


def _metrics_allowed(request) -> bool:
    address = client_ip(request)
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(allowed, strict=False) for allowed in settings.PORTAL_METRICS_ALLOWED_IPS
    )


def metrics_view(request) -> HttpResponse:
    if not _metrics_allowed(request):
        return HttpResponseNotFound("Not Found\n", content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")


PROBES = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}


class ProbeMiddleware:
    """Answers the three probes before any layer that could refuse or redirect them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        request.metrics_view = request.path_info.strip("/")
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            response = probe(request)
        add_never_cache_headers(response)
        return response
