"""Periodic work of the news: writing buffered view counts; announcing scheduled publications."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from portal.cache import bump
from portal.registry import published
from subsites.selectors import main_portal

from . import conf, services, viewcounts
from .enums import Status
from .models import Article

_LAST_RUN = "news:scheduled:last-run"
# When the last run is unknown (first run, cache lost), look back this far: a spare bump is harmless.
_LOOKBACK = timedelta(minutes=15)


@shared_task
def flush_view_counts() -> int:
    counts = viewcounts.take_counts()
    services.article_add_views(counts=counts)
    return sum(counts.values())


@shared_task
def announce_scheduled_articles() -> int:
    """Articles whose scheduled moment has passed are already public (visible() uses now); their
    units' cached pages and blocks are not, until their generations move on."""
    now = timezone.now()
    since = cache.get(_LAST_RUN) or now - _LOOKBACK
    became_public = Article.objects.filter(
        status=Status.PUBLISHED, published_at__gt=since, published_at__lte=now
    )
    units = set(became_public.values_list("unit_id", flat=True))
    # Alerts of a scheduled article leave now; one announced twice is still sent once to each person.
    for pk in became_public.values_list("pk", flat=True):
        published.send(sender="news", pk=pk)
    if became_public.filter(promoted_to_main=True).exists() and (main := main_portal()) is not None:
        units.add(main.pk)
    for unit_id in units:
        bump("unit", unit_id)
        bump("news", unit_id)
    cache.set(_LAST_RUN, now, None)
    return len(units)


BEAT_SCHEDULE = {
    "news-flush-view-counts": {"task": "news.tasks.flush_view_counts", "schedule": conf.view_flush_seconds()},
    "news-announce-scheduled": {"task": "news.tasks.announce_scheduled_articles", "schedule": 60.0},
}
