"""The one way the portal sends e-mail: `send` writes an outbox row, a Celery task delivers it.

A mail server that refuses, or accepts and never answers, must cost the person on the page nothing:
the row is written in the caller's transaction (a rolled-back change sends nothing, a committed one
cannot lose its mail), the task is queued once the transaction commits, and every SMTP step waits
at most EMAIL_TIMEOUT. A failed attempt is retried with exponential backoff, by the task itself on a
worker and by the periodic sweep (which also catches mails whose task never reached the broker, and
those of a local site whose tasks run inline). Nothing here raises into the request.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutgoingMail

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600
# 1, 2, 4 … 32 minutes, then hourly: about two days of a mail server being down.
MAX_ATTEMPTS = 48
# A sender holds a row this long; far more than the SMTP steps can take at EMAIL_TIMEOUT each.
CLAIM_SECONDS = 300
KEEP_SENT_DAYS = 30
SWEEP_BATCH = 100


def send(
    *,
    subject: str,
    body: str,
    to: list[str],
    topic: str = "",
    from_email: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail | None:
    """Promise an e-mail; it leaves once the current transaction (if any) commits. `headers` are extra
    header lines (List-Unsubscribe…); a value with a line break is refused, never sent."""
    headers = {str(k): str(v) for k, v in (headers or {}).items()}
    if any(ch in "\r\n" for item in headers.items() for text in item for ch in text):
        raise ValueError("a mail header may not contain a line break")
    recipients = [address for address in to if address]
    if not recipients:
        return None
    mail = OutgoingMail.objects.create(
        subject=" ".join(str(subject).split())[:300],
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        recipients=recipients,
        topic=topic,
        headers=headers,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def _enqueue(pk: int) -> None:
    from .tasks import deliver_mail  # the task module imports this one to deliver

    try:
        deliver_mail.delay(pk)
    except Exception:  # the broker is down: the row stays due and the sweep sends it
        log.exception("outgoing mail %s could not be queued; the periodic sweep will send it", pk)


def retry_delay(attempts: int) -> int:
    return min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS)


def deliver(pk: int, *, now: datetime | None = None) -> int | None:
    """One attempt. Returns None when sent or not ours to send, else the seconds until the next try
    (0 when the attempts are spent)."""
    now = now or timezone.now()
    # Claimed by one UPDATE: a task's own retry and the sweep never send the same mail twice.
    claimed = OutgoingMail.objects.filter(pk=pk, sent_at__isnull=True, next_attempt_at__lte=now).update(
        next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS)
    )
    if not claimed:
        return None
    mail = OutgoingMail.objects.get(pk=pk)
    try:
        EmailMessage(
            mail.subject, mail.body, mail.from_email, mail.recipients, headers=mail.headers or None
        ).send()
    except Exception as error:  # refused, timed out, bad address…: all wait for the next attempt
        return _failed(mail, error, now)
    OutgoingMail.objects.filter(pk=pk).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    return None


def _failed(mail: OutgoingMail, error: Exception, now: datetime) -> int:
    attempts = mail.attempts + 1
    delay = retry_delay(attempts) if attempts < MAX_ATTEMPTS else 0
    OutgoingMail.objects.filter(pk=mail.pk).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=now + timedelta(seconds=delay) if delay else None,
    )
    if delay:
        # The row's id, not the address: logs are kept longer and read by more people than the row.
        log.warning("outgoing mail %s: attempt %s failed (%s); next in %s s", mail.pk, attempts, error, delay)
    else:
        # Kept unsent with no next attempt: an operator re-queues it by setting next_attempt_at.
        log.error("outgoing mail %s: gave up after %s attempts (%s)", mail.pk, attempts, error)
    return delay


def sweep(*, now: datetime | None = None) -> int:
    """Send what is due; stop at the first failure (the server is down: the rest would wait too)."""
    now = now or timezone.now()
    due = OutgoingMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now).order_by(
        "next_attempt_at"
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)[:SWEEP_BATCH]):
        if deliver(pk, now=now) is not None:
            break
        sent += OutgoingMail.objects.filter(pk=pk, sent_at__isnull=False).exists()
    OutgoingMail.objects.filter(sent_at__lt=now - timedelta(days=KEEP_SENT_DAYS)).delete()
    return sent


def unsent(topics) -> set[str]:
    """Those of `topics` with a mail still waiting to leave (not sent yet, or given up on)."""
    waiting = OutgoingMail.objects.filter(topic__in=list(topics), sent_at__isnull=True)
    return set(waiting.values_list("topic", flat=True))
