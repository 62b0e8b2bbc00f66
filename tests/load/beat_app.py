"""The portal's Celery app with one more entry, every second, sent to a queue the test names
(PORTAL_TEST_BEAT_QUEUE) and no worker reads: the test counts what the beats scheduled there."""

import os

from config.celery import app

app.conf.beat_schedule = {
    "test-tick": {
        "task": "tests.load.beat_app.tick",
        "schedule": float(os.environ.get("PORTAL_TEST_BEAT_SECONDS", "1")),
        "options": {"queue": os.environ["PORTAL_TEST_BEAT_QUEUE"]},
    }
}
