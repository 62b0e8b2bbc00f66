"""What alerts plug into: the `published` signal every content app sends once an item is public."""

from __future__ import annotations

import logging

from django.db import transaction

from portal.registry import published

log = logging.getLogger(__name__)


def _published(sender, pk, **kwargs) -> None:
    # The reference is the item's pk, or "<pk>:<moment>" for an item announced at several moments.
    kind, ref = str(sender), str(pk)
    # After the commit (at once when none is open): the worker must see the item the way visitors do.
    transaction.on_commit(lambda: _queue(kind, ref))


def _queue(kind: str, ref: str) -> None:
    from . import tasks  # the task module imports the services, which need every app loaded

    try:
        tasks.match_publication.delay(kind, ref)
    except Exception:
        # The broker is down: match here. It costs a query or two and writes the mails to the outbox,
        # which sends them later; a publication must neither fail nor lose its alerts for it.
        log.exception("alerts for %s:%s could not be queued; matched in the request", kind, ref)
        tasks.match_publication(kind, ref)


def register() -> None:
    published.connect(_published, dispatch_uid="alerts-published")
