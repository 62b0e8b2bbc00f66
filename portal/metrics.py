"""What Prometheus reads at /metrics: requests by view and status, their latency, page-cache hits and
misses, database and Redis errors, and the Celery queue's length.

gunicorn runs several worker processes, each counting its own requests: with PROMETHEUS_MULTIPROC_DIR
set (an empty folder, emptied at every start: config/gunicorn.py), prometheus_client writes each
process's values there and /metrics adds them up, whichever worker answers.
"""

from __future__ import annotations

import logging
import os
import sys
import time

import redis
from celery import current_app, signals
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

log = logging.getLogger(__name__)
disable_created_metrics()  # the *_created series double what is sent and nobody reads them here

REQUESTS = Counter(
    "portal_requests_total", "HTTP responses by view, method and status.", ["view", "method", "status"]
)
LATENCY = Histogram(
    "portal_request_duration_seconds",
    "Time from the first middleware to the response, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PAGE_CACHE = Counter("portal_page_cache_total", "Page-cache lookups by result (hit, miss).", ["result"])
DATABASE_ERRORS = Counter("portal_database_errors_total", "Database errors (requests, tasks, readiness).")
REDIS_ERRORS = Counter("portal_redis_errors_total", "Redis operations that failed, by kind.", ["kind"])

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _view(request) -> str:
    """A bounded label: the URL pattern's name (or its view's dotted path), never the path itself."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    # The probes and page-cache hits are answered before URL resolving.
    return getattr(request, "metrics_view", "unresolved")


class RequestMetricsMiddleware:
    """Counts every response (also those the page cache or the probes answered) and its latency."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except BaseException:
            count_response(request, 500, started)  # even the error page failed: the server answers 500
            raise
        count_response(request, response.status_code, started)
        return response


def count_response(request, status: int, started: float) -> None:
    """The request's count and latency (RequestMetricsMiddleware, and the page-cache hits answered
    before it)."""
    view = _view(request)
    method = request.method if request.method in _METHODS else "other"
    REQUESTS.labels(view, method, str(status)).inc()
    LATENCY.labels(view).observe(time.perf_counter() - started)


def count_database_error(exception: BaseException | None) -> None:
    if isinstance(exception, DatabaseError):
        DATABASE_ERRORS.inc()


def _request_failed(sender=None, request=None, **kwargs) -> None:
    count_database_error(sys.exc_info()[1])


def _task_failed(sender=None, exception=None, **kwargs) -> None:
    count_database_error(exception)


def connect() -> None:

    got_request_exception.connect(_request_failed, dispatch_uid="portal.metrics.request")
    signals.task_failure.connect(_task_failed, weak=False, dispatch_uid="portal.metrics.task")


class CeleryQueueCollector:
    """The number of tasks waiting on the broker, read (LLEN) when Prometheus asks."""

    def collect(self):
        url, queue = settings.CELERY_BROKER_URL, _default_queue()
        if not url.startswith(("redis://", "rediss://", "unix://")):
            return
        gauge = GaugeMetricFamily(
            "portal_celery_queue_length", "Tasks waiting in the queue.", labels=["queue"]
        )
        try:
            gauge.add_metric([queue], redis_client(url).llen(queue))
        except Exception as error:  # noqa: BLE001 - a broker down must not break the other metrics
            REDIS_ERRORS.labels("broker").inc()
            log.warning("Celery broker unavailable for the queue length: %s", type(error).__name__)
            return
        yield gauge


def _default_queue() -> str:
    return current_app.conf.task_default_queue  # the project's app (config.celery), read when asked


def redis_client(url: str) -> redis.Redis:
    timeout = settings.PORTAL_READYZ_TIMEOUT_SECONDS
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def exposition() -> bytes:
    """The text format: every worker's counts in multiprocess mode, this process's otherwise."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Delegate(REGISTRY))
    registry.register(CeleryQueueCollector())
    return generate_latest(registry)


class _Delegate:
    """The process's default registry, within a registry of this scrape (which adds the queue length)."""

    def __init__(self, registry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()
