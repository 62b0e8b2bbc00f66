"""The reminder task executed by a REAL Celery worker against Redis, in a subprocess.

Skipped unless PORTAL_CELERY_INTEGRATION is set (CI sets it); when it is set, an unreachable Redis is
a failure, not a skip. The worker uses the test database: PostgreSQL when DATABASE_URL is set (data
committed by a transactional test), otherwise a file copy of the SQLite test database.
"""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from citizen_qa.enums import QuestionState as S
from citizen_qa.models import QuestionReminder
from tests.factories.citizen_qa import QuestionFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("PORTAL_CELERY_TEST_REDIS", "redis://127.0.0.1:6379/11")
TASK = "citizen_qa.tasks.send_deadline_reminders"


@pytest.fixture
def redis_url():
    if not os.environ.get("PORTAL_CELERY_INTEGRATION"):
        pytest.skip("set PORTAL_CELERY_INTEGRATION=1 to run a real Celery worker (CI does)")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # any failure to reach it is the same failure here
        pytest.fail(f"PORTAL_CELERY_INTEGRATION is set but Redis at {REDIS_URL} is not reachable: {error}")
    return REDIS_URL


class WorkerDatabase:
    """The database URL the worker connects to, and how the test counts what the worker wrote."""

    def __init__(self, tmp_path: Path):
        db = connection.settings_dict
        self.sqlite_file = None
        if connection.vendor == "postgresql":
            credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
            self.url = (
                f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            )
        else:
            self.sqlite_file = tmp_path / "worker.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(self.sqlite_file)])
            self.url = f"sqlite:///{self.sqlite_file}"

    def reminders(self) -> set[tuple[int, str]]:
        if self.sqlite_file is None:
            return set(QuestionReminder.objects.values_list("question_id", "kind"))
        with sqlite3.connect(self.sqlite_file) as db:
            return set(db.execute("SELECT question_id, kind FROM citizen_qa_questionreminder").fetchall())


@pytest.fixture
def late_question(main_portal, unit_a, unit_b, editor_a):
    return QuestionFactory(
        unit=unit_b,
        forwarded_to=unit_a,
        state=S.IN_PROGRESS,
        submitted_at=timezone.now() - timedelta(days=40),
    )


@pytest.fixture
def worker(redis_url, late_question, tmp_path):
    database = WorkerDatabase(tmp_path)
    queue = f"citizen-qa-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database.url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "-Q", queue, "-P", "solo", "-c", "1", "-n", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO",
    ]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield {"queue": queue, "process": process, "log": log, "database": database}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        import redis

        redis.Redis.from_url(redis_url).delete(queue, f"_kombu.binding.{queue}")


def test_real_worker_sends_the_reminders(worker, late_question):
    from celery import Celery

    # Not the current app: tasks sent later in this process (by other tests) must keep the portal's broker.
    client = Celery("citizen-qa-test", broker=REDIS_URL, set_as_current=False)
    client.send_task(TASK, queue=worker["queue"])
    expected = {(late_question.pk, "overdue"), (late_question.pk, "escalation")}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker["database"].reminders() == expected:
            break
        if worker["process"].poll() is not None:
            pytest.fail("the worker stopped:\n" + worker["log"].read_text())
        time.sleep(0.5)
    else:
        pytest.fail("the worker did not run the reminder task within 60 s:\n" + worker["log"].read_text())
    assert TASK in worker["log"].read_text()  # executed by the worker, not inline
