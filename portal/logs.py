"""Log lines as JSON, each naming the request (or the Celery task) it was written for.

Every line carries the request id: taken from nginx's `X-Request-ID` when it is well formed, made here
otherwise, echoed in the response and carried in the headers of every task published meanwhile, so a
worker's lines can be joined to the request that caused them. What a line never holds (docs/operations.md):
query strings, form data, e-mail addresses, cookies, client addresses (nginx's access log has those,
under its own retention).
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

from celery import signals
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

# The fields of the request or task being served, copied into every line written meanwhile.
_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("log_context", default=None)
# Letters, digits and a few separators, of a sensible length (nginx's $request_id is 32 hex digits):
# anything else (control characters that would forge log lines, a megabyte of header) gets a fresh id.
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
HEADER = "X-Request-ID"
TASK_HEADER = "portal_request_id"
access_log = logging.getLogger("portal.access")


def request_id_from(value: str | None) -> str:
    """The id a request is logged under: its proxy's when well formed, else a new one."""
    if value and _WELL_FORMED_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return (_context.get() or {}).get("request_id")


@contextmanager
def log_context(**fields):
    """Every line logged inside names these fields (nested contexts add to the outer one's)."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield
    finally:
        _context.reset(token)


class ContextFilter(logging.Filter):
    """Adds the current request's or task's fields to each record (what the record already has wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = _context.get() or _request_fields(getattr(record, "request", None))
        for name, value in fields.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        if not hasattr(record, "request_id"):
            record.request_id = None  # the text format names it on every line
        return True


def _request_fields(request) -> dict:
    """Django logs a response's error status (django.request) after the middleware is done: its record
    carries the request, which carries the id."""
    request_id = getattr(request, "request_id", None)
    return {"request_id": request_id, "method": request.method, "path": request.path} if request_id else {}


class JsonLineFormatter(JsonFormatter):
    """One JSON object per line: time (ISO 8601, with its offset), level, logger, message, then the
    request's fields. Django's `django.request` lines carry the request object itself: left out, since
    its text holds the query string."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "taskName"])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("{levelname}{name}{message}", *args, style="{", **kwargs)

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).astimezone().isoformat()
        super().add_fields(log_data, record, message_dict)


class RequestLogMiddleware:
    """Outermost: gives the request its id, echoes it, and writes one access line per request.

    The line names the method, the path without its query string, the status, the time taken and the
    unit when one was resolved; the load balancer's probes are not logged (one line every few seconds
    per server, saying nothing).
    """

    QUIET_PATHS = ("/healthz", "/readyz", "/metrics")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        with request_logged(request):
            try:
                response = self.get_response(request)
            except BaseException:
                # Even the error page failed (Django's handler500 raised): the server answers 500.
                log_response(request, 500, started)
                raise
            response[HEADER] = request.request_id
            log_response(request, response.status_code, started)
        return response


# The environ's note of the id a request was given before Django's handler (portal.pagecache.HitsFirst).
ID_GIVEN = "portal.request_id"


def request_logged(request):
    """Gives the request its id, or the one it was given before Django's handler (so a miss's lines
    and its access line name one id); every line logged within names it, its method and its path."""
    given = request.META.get(ID_GIVEN)
    request.request_id = given or request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
    return log_context(request_id=request.request_id, method=request.method, path=request.path)


def log_response(request, status: int, started: float) -> None:
    """The request's access line (RequestLogMiddleware, and the page-cache hits answered before it)."""
    if request.path in RequestLogMiddleware.QUIET_PATHS or not access_log.isEnabledFor(logging.INFO):
        return
    unit = getattr(request, "unit", None)
    access_log.info(
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "unit": getattr(unit, "key", None),
        },
    )


def _task_published(headers=None, **kwargs) -> None:
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def _task_started(task=None, **kwargs) -> None:
    """A worker's lines for a task name the request that published it (and the task). Run inline
    (eagerly), the task is already inside that request's context."""
    if task is None:
        return
    request_id = task.request.get(TASK_HEADER) or (task.request.headers or {}).get(TASK_HEADER)
    fields = {"task": task.name}
    if request_id:
        fields["request_id"] = request_id_from(request_id)
    task.request.portal_log_context = _context.set({**(_context.get() or {}), **fields})


def _task_ended(task=None, **kwargs) -> None:
    token = getattr(getattr(task, "request", None), "portal_log_context", None)
    if token is not None:
        _context.reset(token)
        task.request.portal_log_context = None


def _task_logger_set_up(logger=None, **kwargs) -> None:
    # A worker gives task loggers (get_task_logger) a text handler of its own: theirs go to the root's.
    logger.handlers.clear()
    logger.propagate = True


def connect_celery() -> None:

    signals.after_setup_task_logger.connect(_task_logger_set_up, weak=False, dispatch_uid="portal.logs.tasks")

    signals.before_task_publish.connect(_task_published, weak=False, dispatch_uid="portal.logs.publish")
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="portal.logs.prerun")
    signals.task_postrun.connect(_task_ended, weak=False, dispatch_uid="portal.logs.postrun")
