"""What must be sent at the consultation's moments. The state itself is decided by the clock, never here:
if beat stops, consultations still open and close on time; only the notices wait."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from portal.cache import bump
from portal.services import SYSTEM
from subsites.selectors import main_portal

from . import conf, services
from .enums import DraftState
from .models import Comment, Draft

BEAT_SCHEDULE = {
    "consultations-announce-phase-changes": {
        "task": "consultations.tasks.announce_phase_changes",
        "schedule": 60.0,
    },
    "consultations-notify-opened": {"task": "consultations.tasks.notify_opened", "schedule": 300.0},
    "consultations-notify-closed": {"task": "consultations.tasks.notify_closed", "schedule": 300.0},
    "consultations-remind-overdue": {
        "task": "consultations.tasks.remind_overdue",
        "schedule": crontab(hour=8, minute=0),
    },
    "consultations-erase-personal-data": {
        "task": "consultations.tasks.erase_personal_data",
        "schedule": crontab(hour=2, minute=30),
    },
}


_PHASES_LAST_RUN = "consultations:phases:last-run"
# When the last run is unknown (first run, cache lost), look back this far: a spare bump is harmless.
_LOOKBACK = timedelta(minutes=15)


@shared_task
def announce_phase_changes() -> int:
    """Drafts open and close by the clock (no write happens then): the cached pages and blocks of their
    units, and of the main portal that lists every unit's drafts, turn over once the moment has passed."""
    now = timezone.now()
    since = cache.get(_PHASES_LAST_RUN) or now - _LOOKBACK
    moved = Draft.objects.filter(state=DraftState.SCHEDULED).filter(
        Q(opens_at__gt=since, opens_at__lte=now) | Q(closes_at__gt=since, closes_at__lte=now)
    )
    units = set(moved.values_list("unit_id", flat=True))
    if units and (main := main_portal()) is not None:
        units.add(main.pk)
    for unit_id in units:
        bump("unit", unit_id)
        bump("consultations", unit_id)
    cache.set(_PHASES_LAST_RUN, now, None)
    return len(units)


@shared_task
def notify_opened() -> int:
    drafts = Draft.objects.open().filter(opening_notified_at__isnull=True).select_related("unit")
    return sum(services.draft_notify_opened(draft=d, acting_user=SYSTEM) for d in drafts)


@shared_task
def notify_closed() -> int:
    drafts = Draft.objects.closed().filter(closing_notified_at__isnull=True).select_related("unit")
    return sum(services.draft_notify_closed(draft=d, acting_user=SYSTEM) for d in drafts)


@shared_task
def remind_overdue() -> int:
    return sum(
        services.draft_remind_overdue(draft=d, acting_user=SYSTEM)
        for d in Draft.objects.overdue().select_related("unit")
    )


@shared_task
def erase_personal_data() -> int:
    """Erase commenters' e-mail and phone once the retention period after the outcome has passed."""
    limit = timezone.now() - timedelta(days=conf.personal_data_retention_days())
    ended = Q(draft__state=DraftState.CONCLUDED, draft__outcome__published_at__lt=limit) | Q(
        draft__state=DraftState.WITHDRAWN, draft__withdrawn_at__lt=limit
    )
    comments = Comment.objects.filter(ended, personal_data_erased_at__isnull=True).select_related(
        "draft__unit"
    )
    return sum(1 for c in comments if services.comment_erase_personal_data(comment=c, acting_user=SYSTEM))
