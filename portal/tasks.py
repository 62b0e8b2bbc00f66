"""Periodic and queued work of the kernel: delivering the outbox (portal.mail)."""

from celery import shared_task

from . import mail


@shared_task(bind=True, name="portal.tasks.deliver_mail", max_retries=mail.MAX_ATTEMPTS)
def deliver_mail(self, pk: int) -> None:
    delay = mail.deliver(pk)
    # Inline (no broker) a retry would run at once, in the request: the sweep retries those instead.
    if delay and not self.request.is_eager:
        raise self.retry(countdown=delay)


@shared_task(name="portal.tasks.send_pending_mail")
def send_pending_mail() -> int:
    return mail.sweep()


BEAT_SCHEDULE = {
    "portal-send-pending-mail": {"task": "portal.tasks.send_pending_mail", "schedule": 60.0},
}
