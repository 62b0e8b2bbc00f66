"""Periodic work of the registry: turning cached pages over when scheduled documents go public."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from portal.cache import bump
from portal.enums import Status
from portal.registry import published

from .models import Document, LeaderSchedule

_LAST_RUN = "documents:scheduled:last-run"
# When the last run is unknown (first run, cache lost), look back this far: a spare bump is harmless.
_LOOKBACK = timedelta(minutes=15)


@shared_task
def announce_scheduled_documents() -> int:
    """Documents and weekly schedules whose publication moment has passed are already public
    (visible() uses now); their units' cached pages, blocks and finder counts turn over here."""
    now = timezone.now()
    since = cache.get(_LAST_RUN) or now - _LOOKBACK
    units = set()
    for model in (Document, LeaderSchedule):
        became_public = model.objects.filter(
            status=Status.PUBLISHED, published_at__gt=since, published_at__lte=now
        )
        units |= set(became_public.values_list("unit_id", flat=True))
        if model is Document:
            # Alerts of a scheduled document leave now, not when it was saved; a document announced
            # twice (overlapping runs) is still sent once to each subscriber (alerts' deliveries).
            for pk in became_public.values_list("pk", flat=True):
                published.send(sender="documents", pk=pk)
    for unit_id in units:
        bump("unit", unit_id)
        bump("documents", unit_id)
    cache.set(_LAST_RUN, now, None)
    return len(units)


BEAT_SCHEDULE = {
    "documents-announce-scheduled": {
        "task": "documents.tasks.announce_scheduled_documents",
        "schedule": 60.0,
    },
}
