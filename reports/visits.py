"""Counting public page views without a database write per request.

Each counted view increments a counter in this process's memory; with Redis, the request path adds
them at most once a second to a hash per local day (unit id → count) shared by every process. A Celery
beat task (and, without Redis, the request path at most once a minute and the process's exit) flushes
them into DailyVisits. A flush renames the day's hash to a
batch key first (atomic), then writes the batch and its name in one transaction; a batch whose name is
already recorded is only deleted, so a flush retried after a crash never counts twice. At worst the
last minutes of counts are lost if the server dies.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from portal import counters
from portal.cache import get_many, redis_client
from portal.counters import CountBuffer
from portal.timeutil import local_today
from subsites.models import Unit

from .models import DailyVisits, VisitFlush

log = logging.getLogger(__name__)

BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|zalo|preview|headless|python-requests|wget|monitor",
    re.IGNORECASE,
)
_EXCLUDED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/captcha/", "/sitemap", "/robots.txt")
_HASH_PREFIX = f"{settings.CACHE_KEY_PREFIX}:visits:day:"
_BATCH_PREFIX = f"{settings.CACHE_KEY_PREFIX}:visits:batch:"
_TOTAL_KEY = "visits:total"


def should_count(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if request.path_info.startswith(_EXCLUDED_PREFIXES) or getattr(request, "unit", None) is None:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    meta = request.META  # read directly: request.headers copies every header on first use
    purpose = (meta.get("HTTP_SEC_PURPOSE", "") + meta.get("HTTP_PURPOSE", "")).lower()
    if "prefetch" in purpose or "prerender" in purpose or meta.get("HTTP_X_MOZ", "") == "prefetch":
        return False
    return not BOT_AGENTS.search(meta.get("HTTP_USER_AGENT", ""))


def count_if_visit(request, response) -> None:
    """The view counted when it is one (also for hits the page cache answers before the layers)."""
    if should_count(request, response):
        count_view(request.unit.pk)


_local = CountBuffer()  # (unit id, local day) → views


def count_view(unit_id: int) -> None:
    """Counted in this process's memory; moved to Redis at most once a second (one pipelined round
    trip for all the views since), or without Redis into the database once a minute."""
    _local.add((unit_id, local_today()))
    elapsed = _local.seconds_since_taken()
    if elapsed <= min(settings.PORTAL_VISITS_PUSH_SECONDS, settings.PORTAL_VISITS_LOCAL_FLUSH_SECONDS):
        return  # the usual case, decided without asking which cache there is
    if redis_client() is None:
        if elapsed > settings.PORTAL_VISITS_LOCAL_FLUSH_SECONDS:
            flush_local()
    elif elapsed > settings.PORTAL_VISITS_PUSH_SECONDS:
        push_to_redis()


def push_to_redis() -> bool:
    """This process's counts added to the day's hashes in Redis, where every process's meet (False:
    Redis did not take them, they are still here)."""
    return counters.push_to_redis(
        _local, lambda key: (f"{_HASH_PREFIX}{key[1].isoformat()}", str(key[0])), "page views"
    )


def _write(batch: str, counts: dict[tuple[int, date], int]) -> None:
    with transaction.atomic():
        _, created = VisitFlush.objects.get_or_create(batch=batch)
        if not created:
            return
        for (unit_id, day), n in counts.items():
            _add(unit_id, day, n)
    cache.delete(_TOTAL_KEY)


def _add(unit_id: int, day: date, n: int) -> None:
    """Two processes may create the day's row at once (workers stopping together): the second one's
    insert fails on the unique constraint once the first commits, and it adds to that row instead."""
    rows = DailyVisits.objects.filter(unit_id=unit_id, date=day)
    if rows.update(count=F("count") + n):
        return
    try:
        with transaction.atomic():
            DailyVisits.objects.create(unit_id=unit_id, date=day, count=n)
    except IntegrityError:
        rows.update(count=F("count") + n)


def flush_local() -> int:
    counts = _local.take()
    if counts:
        existing = set(Unit.objects.filter(pk__in={u for u, _d in counts}).values_list("pk", flat=True))
        _write(f"local-{uuid.uuid4().hex}", {k: v for k, v in counts.items() if k[0] in existing})
    return sum(counts.values())


def flush_redis() -> int:
    client = redis_client()
    if client is None:
        return flush_local()
    push_to_redis()
    total = 0
    for key in client.scan_iter(match=f"{_HASH_PREFIX}*"):
        key = key.decode() if isinstance(key, bytes) else key
        batch_key = f"{_BATCH_PREFIX}{key.removeprefix(_HASH_PREFIX)}:{uuid.uuid4().hex}"
        try:
            client.rename(key, batch_key)
        except Exception:
            log.info("visit counters %s already taken by another flush", key)
    for batch_key in client.scan_iter(match=f"{_BATCH_PREFIX}*"):
        batch_key = batch_key.decode() if isinstance(batch_key, bytes) else batch_key
        day = date.fromisoformat(batch_key.removeprefix(_BATCH_PREFIX).split(":")[0])
        raw = client.hgetall(batch_key)
        counts = {(int(unit), day): int(n) for unit, n in raw.items()}

        existing = set(Unit.objects.filter(pk__in={u for u, _d in counts}).values_list("pk", flat=True))
        _write(batch_key.removeprefix(_BATCH_PREFIX), {k: v for k, v in counts.items() if k[0] in existing})
        client.delete(batch_key)
        total += sum(counts.values())
    return total


def flush() -> int:
    return flush_redis() if settings.REDIS_URL else flush_local()


def total_visits() -> int:
    """The portal's running visit count for the footer (all units), refreshed at each flush."""
    total = get_many([_TOTAL_KEY]).get(_TOTAL_KEY)
    if total is None:
        total = DailyVisits.objects.aggregate(total=Sum("count"))["total"] or 0
        cache.set(_TOTAL_KEY, total, 300)
    return total


def _flush_at_exit() -> None:
    try:
        # Redis not answering: into the database directly rather than lost with the process.
        if redis_client() is None or not push_to_redis():
            flush_local()
    except Exception:
        log.warning("could not flush page views at exit", exc_info=True)


counters.at_exit(_flush_at_exit)


def total_visits_reads(request, unit, language: str) -> list[str]:
    """Every page's footer shows the total: its key is read along with the request's first read."""
    return [_TOTAL_KEY]
