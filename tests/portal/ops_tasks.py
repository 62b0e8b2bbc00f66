"""A task that only logs, for the request id's way into Celery (tests/portal/test_logs.py): through a
plain logger and through Celery's task logger, to which a worker gives a handler of its own."""

import logging

from celery import shared_task
from celery.utils.log import get_task_logger

log = logging.getLogger("tests.ops")
task_log = get_task_logger("tests.ops.task")


@shared_task(name="tests.portal.ops_tasks.note")
def note(word: str) -> None:
    log.warning("task noted %s", word)
    task_log.warning("task logger noted %s", word)
